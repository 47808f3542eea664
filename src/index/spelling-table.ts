/**
 * The corpus's spellings table (see `src/search/spellings.ts`): for each pair of characters, the
 * runs of transparent characters the corpus writes between them, and the compatibility
 * characters it uses for each multi-character form. Read in one pass over every normalised
 * paragraph and heading — about 1.5 s at 100× — so it is read when an index is built and saved
 * with it, and a start reads it back instead of the corpus.
 *
 * What the table holds depends on rules outside the index's fingerprint (`isTransparent` and
 * `expansionOf` in `src/text/fold.ts`, and this file's own reading): a saved table carries
 * {@link spellingRulesVersion}, and one read by other rules is not used (the corpus is read
 * again on first use instead).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expansionOf, isTransparent } from '../text/index.js';
import type { ParagraphTable } from './paragraphs.js';

/** Most distinct transparent runs kept for one pair of characters. */
export const MAX_RUNS = 4;

/** Longest transparent run kept (longer ones are layout, not a word's inside). */
export const MAX_RUN_LENGTH = 4;

/** What the corpus writes between characters and which compatibility characters it uses. */
export interface SpellingTable {
  /** `a␀b` → runs of transparent characters seen between `a` and `b`, in the order first seen. */
  readonly runs: ReadonlyMap<string, readonly string[]>;
  /** Compatibility form (`iii`) → the characters seen for it (`ⅲ`), in the order first seen. */
  readonly compat: ReadonlyMap<string, readonly string[]>;
}

/** The key of a pair of characters in {@link SpellingTable.runs}. */
export const pairKey = (a: string, b: string): string => `${a}\u0000${b}`;

/** Reads the table from `texts` (normalised, each one unit: a paragraph or one heading). */
export function readSpellingTable(texts: Iterable<string>): SpellingTable {
  const runs = new Map<string, string[]>();
  const compat = new Map<string, string[]>();
  for (const text of texts) {
    let previous: string | undefined;
    let run = '';
    for (const c of text) {
      if (isTransparent(c)) {
        if (previous !== undefined) run += c;
        continue;
      }
      if (previous !== undefined && run !== '' && run.length <= MAX_RUN_LENGTH) {
        const key = pairKey(previous, c);
        const list = runs.get(key) ?? [];
        if (list.length < MAX_RUNS && !list.includes(run)) list.push(run);
        runs.set(key, list);
      }
      const form = expansionOf(c);
      if (form !== null) {
        const seen = compat.get(form) ?? [];
        if (!seen.includes(c)) seen.push(c);
        compat.set(form, seen);
      }
      previous = c;
      run = '';
    }
  }
  return { runs, compat };
}

/** The table of a corpus: its paragraphs, then its headings, in corpus order (the order decides which runs are kept). */
export function spellingTableOf(table: Pick<ParagraphTable, 'norms' | 'headingNorms'>): SpellingTable {
  return readSpellingTable([...table.norms, ...table.headingNorms.flat()]);
}

let rulesVersion: string | undefined;

/**
 * A short hash of what decides a table's contents: the source of `src/text/fold.ts` and of this
 * file (TypeScript, or the compiled JavaScript when running from a build) and the Unicode
 * version (NFKC forms). Read once per process.
 */
export function spellingRulesVersion(): string {
  if (rulesVersion !== undefined) return rulesVersion;
  const here = fileURLToPath(import.meta.url);
  const hash = createHash('sha256');
  hash.update(`unicode ${process.versions.unicode ?? 'unknown'}\n`);
  for (const url of [new URL(`../text/fold${extname(here)}`, import.meta.url), new URL(import.meta.url)]) hash.update(readFileSync(url)).update('\0');
  rulesVersion = hash.digest('hex').slice(0, 12);
  return rulesVersion;
}

/** The table as it is saved: one JSON text naming the rules it was read by. */
export function encodeSpellingTable(table: SpellingTable): string {
  return JSON.stringify({ rules: spellingRulesVersion(), runs: [...table.runs], compat: [...table.compat] });
}

function isEntryList(value: unknown): value is [string, string[]][] {
  return Array.isArray(value) && value.every((entry) => Array.isArray(entry) && entry.length === 2 && typeof entry[0] === 'string' && Array.isArray(entry[1]) && (entry[1] as unknown[]).every((item) => typeof item === 'string'));
}

/**
 * The table saved as `json`; `undefined` when it was read by other rules than this code's (the
 * corpus must then be read again). Throws when it is malformed.
 */
export function decodeSpellingTable(json: string): SpellingTable | undefined {
  const saved = JSON.parse(json) as { rules?: unknown; runs?: unknown; compat?: unknown } | null;
  if (typeof saved !== 'object' || saved === null || typeof saved.rules !== 'string' || !isEntryList(saved.runs) || !isEntryList(saved.compat)) throw new Error('saved spellings are malformed');
  if (saved.rules !== spellingRulesVersion()) return undefined;
  return { runs: new Map(saved.runs), compat: new Map(saved.compat) };
}
