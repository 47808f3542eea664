/**
 * A corpus file's front matter read leniently, as `key: value` pairs: for files an import wrote
 * or is about to replace, whose fields may still be empty (the strict reader, `parseFrontMatter`,
 * refuses those).
 */

/** The front matter block at the start of a corpus file, delimiters included. */
const BLOCK = /^\uFEFF?---\r?\n([\s\S]*?)\r?\n---\r?\n/;

/** The file's text split into its front matter's `key: value` pairs and the body after it. */
export function frontMatterValues(text: string): { values: Map<string, string>; body: string } {
  const block = BLOCK.exec(text);
  const values = new Map<string, string>();
  for (const line of (block?.[1] ?? '').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) values.set(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
  }
  return { values, body: text.slice(block?.[0].length ?? 0) };
}
