/**
 * Variants and abbreviations (`dict/variants.txt`): other ways of writing what a reader means
 * by a word, `GDP` ↔ `地区生产总值`, `规上` ↔ `规模以上`, `两新` → `设备更新`, `以旧换新`. The
 * search adds them to unquoted words and says so; the file format is described in the file.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { normalizeQuery } from './normalize.js';

/** Path of the data file. */
export const VARIANTS_PATH = fileURLToPath(new URL('./dict/variants.txt', import.meta.url));

/** Each form (normalised) → the other forms it also searches, in file order. */
export type VariantTable = ReadonlyMap<string, readonly string[]>;

/**
 * Parses the file's text. Throws, naming the line, on a line that is neither a comment nor a
 * group of at least two forms joined by `=` or by one `>`.
 */
export function parseVariants(text: string, name = 'variants.txt'): VariantTable {
  const table = new Map<string, string[]>();
  const add = (from: string, to: readonly string[]): void => {
    const list = table.get(from) ?? [];
    for (const form of to) if (form !== from && !list.includes(form)) list.push(form);
    table.set(from, list);
  };
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const fail = (why: string): never => {
      throw new Error(`text: ${name} line ${String(i + 1)} "${line}": ${why}`);
    };
    const oneWay = line.split('>');
    if (oneWay.length > 2) fail('more than one ">"');
    if (oneWay.length === 2) {
      const from = normalizeQuery(oneWay[0] ?? '');
      const to = (oneWay[1] ?? '').split(/\s+/u).map(normalizeQuery).filter((form) => form !== '');
      if (from === '' || /\s/u.test(from) || to.length === 0) fail('expected "form > form form …"');
      add(from, to);
      return;
    }
    const forms = line.split('=').map(normalizeQuery);
    if (forms.length < 2 || forms.some((form) => form === '' || /\s/u.test(form))) fail('expected "form = form …" or "form > form …"');
    for (const form of forms) add(form, forms);
  });
  return table;
}

let loaded: VariantTable | undefined;

/** The table of `dict/variants.txt`, read once. */
export function variantTable(): VariantTable {
  loaded ??= parseVariants(readFileSync(VARIANTS_PATH, 'utf8'));
  return loaded;
}

/** The other forms `form` (normalised) also searches; empty when it has none. */
export function variantsOf(form: string): readonly string[] {
  return variantTable().get(form) ?? [];
}
