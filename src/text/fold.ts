/**
 * What a reader does not see as a difference, for matching:
 *
 * - **Compatibility forms** (Unicode NFKC). A character whose compatibility form is one other
 *   character is folded in place by `normalize()` (a Kangxi radical `⾼` → `高`, `²` → `2`, a
 *   CJK compatibility ideograph → its unified character), so offsets stay those of the text.
 *   A character whose form is several characters (`Ⅲ` → `III`, `㎡` → `m2`) cannot be folded in
 *   place without moving every offset after it: `expansionOf()` gives its form, and the search
 *   tries the character itself wherever a word holds its form (see `src/search/spellings.ts`).
 * - **Transparent characters**: whitespace, zero-width and soft-hyphen marks, the quote marks
 *   `"'“”‘’「」『』` and the table-cell separator `|` (`｜` once folded) that the importer puts
 *   between the cells of a row. A word or phrase matches across any run of them, so
 *   `专精特新小巨人` finds `专精特新“小巨人”` and `PM 2.5` finds `PM2.5`; the match covers the
 *   original characters from its first to its last, the skipped ones inside included.
 */

/** Characters skipped inside a match (after `normalize()`, which folds `｜` to `|` and U+3000 to a space), as code points. */
const TRANSPARENT = new Set([0x20, 0x09, 0x0a, 0x0d, 0x0c, 0x0b, 0xa0, 0xad, 0x180e, 0x200b, 0x200c, 0x200d, 0x2060, 0xfeff, 0x22, 0x27, 0x201c, 0x201d, 0x2018, 0x2019, 0x300c, 0x300d, 0x300e, 0x300f, 0x7c]);

/** 1 for each transparent code unit of the BMP (a regular expression per character made reading a corpus's spellings slow). */
let transparentTable: Uint8Array | undefined;

function transparentCodes(): Uint8Array {
  if (transparentTable !== undefined) return transparentTable;
  const table = new Uint8Array(0x10000);
  for (let code = 0; code < 0x10000; code++) if (TRANSPARENT.has(code) || /\s/u.test(String.fromCharCode(code))) table[code] = 1;
  transparentTable = table;
  return table;
}

/** Whether the (normalised) code unit `c` is transparent for matching. */
export function isTransparent(c: string): boolean {
  return c.length === 1 && transparentCodes()[c.charCodeAt(0)] === 1;
}

/** Zero-width space, non-joiner, joiner, word joiner, zero-width no-break space (BOM), soft hyphen. */
const ZERO_WIDTH = /[\u200b-\u200d\u2060\ufeff\u00ad]/gu;

/** `text` without the characters that take no room at all (a word typed or pasted with them is the word). */
export function dropZeroWidth(text: string): string {
  return text.replace(ZERO_WIDTH, '');
}

/** `text` without its transparent characters. */
export function squeeze(text: string): string {
  let out = '';
  for (const c of text) if (!isTransparent(c)) out += c;
  return out;
}

/**
 * The one code unit `code` folds to under NFKC (then lower case), or `code` itself when its
 * form is several characters, a surrogate, or itself. Computed once for the whole BMP.
 */
let singles: Uint16Array | undefined;

function singleTable(): Uint16Array {
  if (singles !== undefined) return singles;
  const table = new Uint16Array(0x10000);
  for (let code = 0; code < 0x10000; code++) {
    table[code] = code;
    if (code >= 0xd800 && code <= 0xdfff) continue;
    const ch = String.fromCharCode(code);
    const folded = ch.normalize('NFKC').toLowerCase();
    if (folded.length === 1 && folded !== ch) table[code] = folded.charCodeAt(0);
  }
  singles = table;
  return table;
}

/** `code` folded to its one-character compatibility form (lower case), or itself. */
export function foldCompatibility(code: number): number {
  return singleTable()[code] ?? code;
}

/**
 * The compatibility form (lower case) of the code unit `c` when it is several characters
 * (`ⅲ` → `iii`, `㎡` → `m2`, `…` → `...`); `null` otherwise. Transparent characters are
 * dropped from the form.
 */
export function expansionOf(c: string): string | null {
  if (c.length !== 1) return null;
  const code = c.charCodeAt(0);
  if (code < 0x80 || (code >= 0xd800 && code <= 0xdfff)) return null;
  let form = expansions[code];
  if (form === undefined) {
    const squeezed = squeeze(c.normalize('NFKC').toLowerCase());
    form = squeezed.length > 1 ? squeezed : null;
    expansions[code] = form;
  }
  return form;
}

/** `expansionOf` per code unit once computed: it is asked for every character of the corpus. */
const expansions: (string | null | undefined)[] = [];
