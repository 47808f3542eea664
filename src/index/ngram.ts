/**
 * Character n-gram postings over the paragraphs' normalised text, for exact substring search
 * (the approach of pg_bigm and n-gram analysers). Every character (UTF-16 code unit) and every
 * pair of adjacent characters maps to the sorted list of paragraphs holding it. A substring's
 * candidates are the intersection of its bigrams' lists, rarest first; one `includes` per
 * candidate then confirms it, so the result is exact whatever the word segmenter did.
 */
import { buildNgramTables } from './ngram-tables.js';
import { EMPTY, intersect } from './postings.js';

export { buildNgramTables };

/** Keys with their posting lists, flattened into three typed arrays. */
export interface PostingTable {
  /** Sorted keys: a code unit, or two code units as `first * 65536 + second`. */
  keys: Uint32Array;
  /** `ids.subarray(offsets[i], offsets[i + 1])` is the list of `keys[i]`. */
  offsets: Uint32Array;
  /** Every posting list, one after another. */
  ids: Int32Array;
}

function lookup(table: PostingTable, key: number): Int32Array {
  const { keys, offsets, ids } = table;
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((keys[mid] ?? 0) < key) lo = mid + 1;
    else hi = mid;
  }
  if (lo >= keys.length || keys[lo] !== key) return EMPTY;
  return ids.subarray(offsets[lo] ?? 0, offsets[lo + 1] ?? 0);
}

/** The unigram and bigram tables of a set of texts. */
export interface NgramTables {
  unigrams: PostingTable;
  bigrams: PostingTable;
}

/** Candidates are intersected with a further bigram list only up to this many times their number. */
const INTERSECT_RATIO = 4;

/** Exact substring search over normalised paragraph texts. */
export class NgramIndex {
  readonly #texts: readonly string[];
  readonly #tables: NgramTables;

  constructor(texts: readonly string[], tables: NgramTables) {
    this.#texts = texts;
    this.#tables = tables;
  }

  /** The posting lists that a paragraph containing `needle` must appear in, shortest first. */
  #lists(needle: string): Int32Array[] {
    if (needle.length === 1) return [lookup(this.#tables.unigrams, needle.charCodeAt(0))];
    const seen = new Set<number>();
    const lists: Int32Array[] = [];
    for (let i = 0; i + 1 < needle.length; i++) {
      const key = needle.charCodeAt(i) * 65536 + needle.charCodeAt(i + 1);
      if (seen.has(key)) continue;
      seen.add(key);
      lists.push(lookup(this.#tables.bigrams, key));
    }
    return lists.sort((a, b) => a.length - b.length);
  }

  /** An upper bound on the number of paragraphs containing `needle` (its rarest n-gram's count). */
  estimate(needle: string): number {
    if (needle.length === 0) return this.#texts.length;
    return this.#lists(needle)[0]?.length ?? 0;
  }

  /**
   * Paragraphs whose text contains `needle`, in ascending order; restricted to `within`
   * (sorted) when given. An empty needle matches every paragraph (of `within`). The result may
   * share memory with the index: treat it as read-only.
   */
  find(needle: string, within?: Int32Array): Int32Array {
    if (needle.length === 0) return within ?? Int32Array.from(this.#texts.keys());
    const lists = this.#lists(needle);
    if (needle.length <= 2) {
      // A unigram or bigram list is exact: nothing to check.
      const exact = lists[0] ?? EMPTY;
      return within === undefined ? exact : intersect(within, exact);
    }
    let candidates = lists[0] ?? EMPTY;
    if (within !== undefined) candidates = intersect(within, candidates);
    // Once a list is several times longer than the candidates, checking them directly beats
    // walking it (at 100×, a list of 100,000 to narrow 18,000 candidates that nearly all match).
    for (let i = 1; i < lists.length && candidates.length > 0; i++) {
      const list = lists[i] ?? EMPTY;
      if (candidates.length * INTERSECT_RATIO < list.length) break;
      candidates = intersect(candidates, list);
    }
    const out = new Int32Array(candidates.length);
    let n = 0;
    for (let i = 0; i < candidates.length; i++) {
      const id = candidates[i] ?? 0;
      if ((this.#texts[id] ?? '').includes(needle)) out[n++] = id;
    }
    return out.subarray(0, n);
  }

  /**
   * Whether some paragraph contains `needle`: the candidates are read only until the first that
   * holds it (`find(needle).length > 0` reads them all: tens of milliseconds at 100× for a
   * common word, asked only to know that it occurs).
   */
  occurs(needle: string): boolean {
    if (needle.length === 0) return true;
    const lists = this.#lists(needle);
    let candidates = lists[0] ?? EMPTY;
    if (needle.length <= 2) return candidates.length > 0;
    for (let i = 1; i < lists.length && candidates.length > 0; i++) {
      const list = lists[i] ?? EMPTY;
      if (candidates.length * INTERSECT_RATIO < list.length) break;
      candidates = intersect(candidates, list);
    }
    for (let i = 0; i < candidates.length; i++) if ((this.#texts[candidates[i] ?? 0] ?? '').includes(needle)) return true;
    return false;
  }

  /** Non-overlapping occurrences of `needle` in paragraph `id`. */
  count(id: number, needle: string): number {
    return countOccurrences(this.#texts[id] ?? '', needle);
  }
}

/** Non-overlapping occurrences of `needle` in `text`, scanning left to right. */
export function countOccurrences(text: string, needle: string): number {
  if (needle.length === 0) return 0;
  let n = 0;
  for (let i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + needle.length)) n++;
  return n;
}

/** The n-gram index of a small set of texts (the distinct heading paths), built on the spot. */
export function pathIndex(texts: readonly string[]): NgramIndex {
  return new NgramIndex(texts, buildNgramTables(texts));
}
