/**
 * Word segmentation of Han runs with jieba: the only place nodejieba is imported.
 *
 * - jieba is loaded once, on first use, with its stock dictionary plus the policy dictionary
 *   (`dict/curated.txt` and `dict/quoted.txt`), and reloaded only when `addWords` brings new
 *   terms (an index build over reports added after `npm run dict`).
 * - Policy terms get frequency `POLICY_TERM_FREQUENCY` in jieba's user dictionary, not jieba's
 *   default (the median word weight). With the default, 79 of the 1,744 terms were still cut
 *   apart (标准地 → 标准/地, 一件事 → 一件/事, 夜经济 → 夜/经济).
 * - HMM is off. With it, jieba invents words for unknown character sequences (一老, 八链) and
 *   what it invents depends on the neighbouring characters, so a query could be cut differently
 *   from the same words inside a paragraph. Without it, an unknown sequence falls into single
 *   characters, the same way everywhere; the policy dictionary covers the terms that matter.
 * - Sub-words for search mode come from jieba's full mode on one word (see `innerWords`). This
 *   is wider than jieba's own search mode (which only looks at 2- and 3-character pieces), so
 *   人民共和国 finds 中华人民共和国 too.
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compareCodeUnits, CURATED_PATH, QUOTED_PATH, readDictionaryFile, type DictionaryFile } from './dictionary.js';

type Jieba = typeof import('nodejieba') & { DEFAULT_DICT: string };

const require = createRequire(import.meta.url);

/**
 * jieba frequency of every policy term. jieba scores a cut by the product of its words'
 * frequencies over the dictionary total (60,101,983); the largest product of two stock words is
 * 了·了 = 883,634² / 60,101,983 ≈ 12,991, so at 20,000 no cut of a policy term into two or more
 * pieces outscores the whole term: alone, every policy term is one word. In a sentence it still
 * competes with the words around it, like any frequent word. Part of `analyzerVersion()`.
 */
export const POLICY_TERM_FREQUENCY = 20000;

/** jieba's part-of-speech tag for the policy terms (`nz`, other proper noun). */
const POLICY_TERM_TAG = 'nz';

/** A `[start, end)` span in UTF-16 code units. */
export interface Span {
  start: number;
  end: number;
}

interface Loaded {
  jieba: Jieba;
  files: DictionaryFile[];
  /** Terms added at run time with `addWords`, in insertion order. */
  added: string[];
  /** Every policy term jieba was loaded with (files and run-time additions). */
  known: Set<string>;
  /** Sub-word spans per word, cleared whenever the dictionary changes. */
  inner: Map<string, readonly Span[]>;
}

let loaded: Loaded | undefined;

/**
 * Writes the policy terms as a jieba user dictionary (`term frequency tag` per line) into the
 * system's temporary directory, named by a hash of its contents so concurrent processes share
 * it, and returns its path.
 */
function writeUserDictionary(terms: Iterable<string>): string {
  const contents = [...terms].map((t) => `${t} ${String(POLICY_TERM_FREQUENCY)} ${POLICY_TERM_TAG}\n`).join('');
  const hash = createHash('sha256').update(contents).digest('hex').slice(0, 16);
  const path = join(tmpdir(), `policy-search-jieba-user-${hash}.txt`);
  if (!existsSync(path)) {
    const partial = `${path}.${String(process.pid)}.tmp`;
    writeFileSync(partial, contents);
    renameSync(partial, path);
  }
  return path;
}

function load(): Loaded {
  if (loaded) return loaded;
  const files = [readDictionaryFile(CURATED_PATH), readDictionaryFile(QUOTED_PATH)];
  const known = new Set(files.flatMap((f) => f.terms));
  const jieba = require('nodejieba') as Jieba;
  jieba.load({ userDict: writeUserDictionary(known) });
  loaded = { jieba, files, added: [], known, inner: new Map() };
  return loaded;
}

/** Segments a run of Han characters into words (jieba's accurate mode, no HMM). */
export function cutWords(run: string): string[] {
  return load().jieba.cut(run, false);
}

/**
 * Sub-words of `word` for search mode, as spans in `word`, ordered by start then longest first:
 * every dictionary word of two characters or more strictly inside it that jieba keeps whole when
 * it stands alone, plus every character no such inner word covers.
 *
 * "Keeps whole when alone": full mode also lists rare dictionary words that jieba's accurate
 * mode never chooses (会主 in 社会主义; alone it is cut 会/主). Such a piece, typed as a query,
 * would come back as other terms, so it is not indexed; a word jieba chose in context is always
 * kept whole alone (a better cut of it alone would have been a better cut in context too), which
 * is what makes index and query agree. The lone characters matter for long policy terms: without them,
 * 人人都是招商员 (one dictionary word) would hold 招商 but not 员, and the query 招商员 (cut
 * 招商/员) would miss it. Empty for words shorter than three characters.
 */
export function innerWords(word: string): readonly Span[] {
  const state = load();
  const cached = state.inner.get(word);
  if (cached) return cached;
  const spans: Span[] = [];
  const chars = Array.from(word);
  if (chars.length >= 3) {
    const covered = new Array<boolean>(word.length).fill(false);
    // Full mode lists dictionary words by start position; a word found again at the same
    // start is a repeat further on, so search on from the last start not yet used by it.
    const seen = new Set<string>();
    let from = 0;
    for (const piece of state.jieba.cutAll(word)) {
      if (Array.from(piece).length < 2 || piece === word || state.jieba.cut(piece, false).length !== 1) continue;
      let at = word.indexOf(piece, from);
      while (at >= 0 && seen.has(`${String(at)}:${piece}`)) at = word.indexOf(piece, at + 1);
      if (at < 0) throw new Error(`text: jieba full mode returned "${piece}", not found in "${word}"`);
      seen.add(`${String(at)}:${piece}`);
      from = at;
      spans.push({ start: at, end: at + piece.length });
      covered.fill(true, at, at + piece.length);
    }
    let at = 0;
    for (const ch of chars) {
      if (!covered[at]) spans.push({ start: at, end: at + ch.length });
      at += ch.length;
    }
    spans.sort((a, b) => a.start - b.start || b.end - a.end);
  }
  state.inner.set(word, spans);
  return spans;
}

/**
 * Adds policy terms at run time (e.g. the quoted terms of a report added to the corpus after the
 * dictionary file was generated) and reloads jieba with them, at the same frequency as the file
 * terms. Terms jieba already keeps whole (stock words) are skipped: re-adding one would change
 * its frequency. Returns the terms that were new.
 */
export function addWords(terms: Iterable<string>): string[] {
  const state = load();
  const fresh = [...new Set(terms)].filter((t) => !state.known.has(t) && cutWords(t).length > 1);
  if (fresh.length === 0) return [];
  for (const term of fresh) {
    state.known.add(term);
    state.added.push(term);
  }
  state.jieba.load({ userDict: writeUserDictionary(state.known) });
  state.inner.clear();
  return fresh;
}

/** What the segmenter's output depends on, for `analyzerVersion()`. */
export function segmenterFingerprint(): string {
  const state = load();
  const pkg = JSON.parse(readFileSync(require.resolve('nodejieba/package.json'), 'utf8')) as { version: string };
  const added = [...state.added].sort(compareCodeUnits);
  return [
    `nodejieba ${pkg.version}`,
    `policy term frequency ${String(POLICY_TERM_FREQUENCY)} ${POLICY_TERM_TAG}`,
    ...state.files.map((f) => `${f.path.slice(f.path.lastIndexOf('/') + 1)}\n${f.contents}`),
    `added\n${added.join('\n')}`,
  ].join('\n\u0000');
}

/**
 * Words of the stock jieba dictionary (read from its file, not from the loaded segmenter), for
 * `npm run dict`, which keeps only quoted terms the stock dictionary lacks.
 */
export function stockWords(): Set<string> {
  const jieba = require('nodejieba') as Jieba;
  const words = new Set<string>();
  for (const line of readFileSync(jieba.DEFAULT_DICT, 'utf8').split('\n')) {
    const word = line.slice(0, line.indexOf(' '));
    if (word !== '') words.add(word);
  }
  return words;
}

/**
 * Reloads jieba with its stock dictionary alone (`policy: false`) or with the policy dictionary
 * too (`policy: true`, the normal state). For measuring what the policy dictionary changes;
 * run-time additions are lost.
 */
export function reloadSegmenter(options: { policy: boolean }): void {
  const state = load();
  state.known = new Set(options.policy ? state.files.flatMap((f) => f.terms) : []);
  state.jieba.load({ userDict: writeUserDictionary(state.known) });
  state.added = [];
  state.inner.clear();
}

/** Number of policy terms known to the segmenter (files and run-time additions, deduplicated). */
export function policyTermCount(): number {
  return load().known.size;
}
