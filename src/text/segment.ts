/**
 * Word segmentation of Han runs with jieba: the only place nodejieba is imported.
 *
 * - jieba is loaded once, on first use, with its stock dictionary plus the policy dictionary
 *   (`dict/curated.txt` and `dict/quoted.txt`), and reloaded only when `addWords` brings new
 *   terms (an index build over reports added after `npm run dict`).
 * - Each policy term gets a frequency just high enough to be kept whole when it stands alone
 *   (see `frequency.ts`), so it competes fairly with the words around it in a sentence.
 * - HMM is off. With it, jieba invents words for unknown character sequences (一老, 八链) and
 *   what it invents depends on the neighbouring characters, so a query could be cut differently
 *   from the same words inside a paragraph. Without it, an unknown sequence falls into single
 *   characters, the same way everywhere; the policy dictionary covers the terms that matter.
 * - Sub-words for search mode come from jieba's full mode on one word (see `innerWords`). This
 *   is wider than jieba's own search mode (which only looks at 2- and 3-character pieces), so
 *   人民共和国 finds 中华人民共和国 too.
 */
import { createRequire } from 'node:module';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CURATED_PATH, QUOTED_PATH, readDictionaryFile, type DictionaryFile } from './dictionary.js';
import { timeJieba } from './stats.js';
import { policyFrequencies, readStockFrequencies, substringsOf, type StockFrequencies } from './frequency.js';

type Jieba = typeof import('nodejieba') & { DEFAULT_DICT: string };

const require = createRequire(import.meta.url);

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
  /** Stock frequencies of the substrings of the policy terms. */
  stock: StockFrequencies;
  /** jieba frequency of each policy term, in the order they were added. */
  frequencies: Map<string, number>;
  /** Contents of the user dictionary jieba was last loaded with. */
  userDictionary: string;
  /** nodejieba's version, part of the fingerprint. */
  version: string;
  /** Sub-word spans per word, cleared whenever the dictionary changes. */
  inner: Map<string, readonly Span[]>;
  /** The terms each `addWords` call added, in order (replayed by a build worker to agree with this thread). */
  added: string[][];
}

let loaded: Loaded | undefined;

/**
 * (Re)loads jieba with the stock dictionary and the given policy term frequencies. jieba reads
 * user dictionaries from files only, so they are written (`term frequency tag` per line) to a
 * private temporary directory, read during the synchronous load, and removed.
 */
/** Bumped whenever jieba is (re)loaded with a dictionary: what was segmented before may segment differently now. */
let generation = 0;

/**
 * A number that changes whenever the segmenter's dictionary does (first load, `addWords`,
 * `reloadSegmenter`): a cache of analysed text is valid while it stays the same. Cheap, unlike
 * `analyzerVersion()`, so it can be read at every query.
 */
export function segmenterGeneration(): number {
  return generation;
}

function loadJieba(jieba: Jieba, frequencies: ReadonlyMap<string, number>): string {
  generation++;
  const contents = [...frequencies].map(([t, f]) => `${t} ${String(f)} ${POLICY_TERM_TAG}\n`).join('');
  const dir = mkdtempSync(join(tmpdir(), 'policy-search-jieba-'));
  try {
    const path = join(dir, 'user.dict.utf8');
    writeFileSync(path, contents);
    jieba.load({ userDict: path });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return contents;
}

function load(): Loaded {
  if (loaded) return loaded;
  const files = [readDictionaryFile(CURATED_PATH), readDictionaryFile(QUOTED_PATH)];
  const terms = files.flatMap((f) => f.terms);
  const jieba = require('nodejieba') as Jieba;
  const stock = readStockFrequencies(jieba.DEFAULT_DICT, substringsOf(terms));
  const frequencies = policyFrequencies(terms, stock);
  const userDictionary = loadJieba(jieba, frequencies);
  const { version } = JSON.parse(readFileSync(require.resolve('nodejieba/package.json'), 'utf8')) as { version: string };
  loaded = { jieba, files, stock, frequencies, userDictionary, version, inner: new Map(), added: [] };
  return loaded;
}

/** Segments a run of Han characters into words (jieba's accurate mode, no HMM). */
export function cutWords(run: string): string[] {
  const { jieba } = load();
  return timeJieba(() => jieba.cut(run, false));
}

/** The sub-words of a word too short to have any. */
const NO_SPANS: readonly Span[] = Object.freeze([]);

/**
 * What jieba's pre-filter always cuts at and emits alone: runs joined with it are cut in one
 * call, each as if alone (cppjieba splits a sentence at its separators — space, tab, newline,
 * `，` and `。` — and segments each piece on its own).
 */
const RUN_SEPARATOR = '\n';

/**
 * `runs.flatMap(cutWords)` in one call into nodejieba (each call has a fixed cost: the text
 * converted to UTF-8 and back, the pre-filter set up). The runs must be Han characters only, as
 * `cutWords` expects.
 */
export function cutRuns(runs: readonly string[]): string[] {
  if (runs.length === 1) return cutWords(runs[0] ?? '');
  const { jieba } = load();
  const words = timeJieba(() => jieba.cut(runs.join(RUN_SEPARATOR), false));
  let kept = 0;
  for (const word of words) if (word !== RUN_SEPARATOR) words[kept++] = word;
  words.length = kept;
  return words;
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
 * is what makes index and query agree.
 *
 * The lone characters matter for long policy terms: without them, 人人都是招商员 (one
 * dictionary word) would hold 招商 but not 员, and the query 招商员 (cut 招商/员) would miss it.
 * Empty for words shorter than three characters.
 */
export function innerWords(word: string): readonly Span[] {
  // Fewer than three code units are fewer than three characters: most words, no lookup.
  if (word.length < 3) return NO_SPANS;
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
    for (const piece of timeJieba(() => state.jieba.cutAll(word))) {
      if (Array.from(piece).length < 2 || piece === word || cutWords(piece).length !== 1) continue;
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
 * dictionary file was generated) and reloads jieba with them, weighted like the file terms.
 * Terms jieba already keeps whole (stock words) are skipped: re-adding one would change its
 * frequency. Returns the terms that were new.
 */
export function addWords(terms: Iterable<string>): string[] {
  const state = load();
  const fresh = [...new Set(terms)].filter((t) => !state.frequencies.has(t) && cutWords(t).length > 1);
  if (fresh.length === 0) return [];
  const more = readStockFrequencies(state.jieba.DEFAULT_DICT, substringsOf(fresh));
  for (const [word, frequency] of more.words) state.stock.words.set(word, frequency);
  state.frequencies = policyFrequencies(fresh, state.stock, state.frequencies);
  state.userDictionary = loadJieba(state.jieba, state.frequencies);
  state.inner.clear();
  state.added.push(fresh);
  return fresh;
}

/**
 * The terms added at run time, one list per `addWords` call that added any, in order. Another
 * thread that calls `addWords` with each list in turn segments exactly as this one does.
 */
export function addedWords(): string[][] {
  return load().added.map((batch) => [...batch]);
}

/** What the segmenter's output depends on, for `analyzerVersion()`. */
export function segmenterFingerprint(): string {
  const state = load();
  return `nodejieba ${state.version}\nuser dictionary\n${state.userDictionary}`;
}

/**
 * Reloads jieba with its stock dictionary alone (`policy: false`) or with the policy dictionary
 * files too (`policy: true`, the normal state). For measuring what the policy dictionary
 * changes; run-time additions are dropped.
 */
export function reloadSegmenter(options: { policy: boolean }): void {
  const state = load();
  const terms = options.policy ? state.files.flatMap((f) => f.terms) : [];
  state.frequencies = policyFrequencies(terms, state.stock);
  state.userDictionary = loadJieba(state.jieba, state.frequencies);
  state.inner.clear();
  state.added = [];
}

/** Number of policy terms the segmenter holds (files and run-time additions, deduplicated). */
export function policyTermCount(): number {
  return load().frequencies.size;
}

/**
 * Words of the stock jieba dictionary, for `npm run dict`, which keeps only the quoted terms
 * the stock dictionary lacks.
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
