/**
 * Completion candidates for the search box: the corpus's words, two-word phrases (adjacent
 * words, `高质量` + `发展`) and the key phrases of headings (`优化营商环境` from
 * `（三）优化营商环境，激发市场活力。`), each with the number of paragraphs (or headings) using
 * it, sorted by text so a prefix is one binary search away.
 */
import type { Token } from '../text/index.js';

/** Sorted entries with their paragraph counts. */
export interface Vocabulary {
  terms: string[];
  counts: number[];
}

/** Two-word phrases rarer than this are noise, not completions. */
const MIN_PHRASE_COUNT = 3;
/** Completions longer than this stop being words. */
const MAX_LENGTH = 16;
/** A completion must hold a letter or an ideograph. */
const WORDLIKE = /[\p{L}]/u;
/** Numbering in front of a heading: `一、` `（一）` `(一)` `1.` `——` `--`. */
const HEADING_MARKER = /^\s*(?:[（(][一二三四五六七八九十百]+[）)]|[一二三四五六七八九十百]+、|\d+[.、．]|——|--)\s*/u;
/** Where a heading's first clause ends. */
const CLAUSE_END = /[，。；：！？,;:!?、“”"]/u;
/** Heading key phrases shorter than this are words (already listed). */
const MIN_HEADING_PHRASE = 4;

/** 1 for each BMP code unit that is a letter (`\p{L}`), computed once. */
let letterTable: Uint8Array | undefined;

/** Whether `term` holds a letter or an ideograph (`WORDLIKE`), without a regular expression when its first unit is one. */
function isWordlike(term: string): boolean {
  if (letterTable === undefined) {
    const table = new Uint8Array(0x10000);
    for (let unit = 0; unit < 0x10000; unit++) if (unit < 0xd800 || unit > 0xdfff) table[unit] = WORDLIKE.test(String.fromCharCode(unit)) ? 1 : 0;
    letterTable = table;
  }
  return letterTable[term.charCodeAt(0)] === 1 || WORDLIKE.test(term);
}

/** Paragraph counts of words and of adjacent word pairs, as plain data (sent between threads). */
export interface VocabularyCounts {
  words: [string, number][];
  pairs: [string, number][];
}

/** Counts words and adjacent word pairs per paragraph over normalised analyser output. */
export class VocabularyBuilder {
  readonly #words = new Map<string, number>();
  readonly #pairs = new Map<string, number>();
  readonly #headings = new Map<string, number>();

  /** Adds a heading (normalised text): its first clause, numbering removed, is a key phrase. */
  addHeading(norm: string): void {
    const body = norm.replace(HEADING_MARKER, '');
    const end = body.search(CLAUSE_END);
    const phrase = (end < 0 ? body : body.slice(0, end)).replace(/\s+/gu, '');
    if (phrase.length < MIN_HEADING_PHRASE || phrase.length > MAX_LENGTH || !WORDLIKE.test(phrase)) return;
    this.#headings.set(phrase, (this.#headings.get(phrase) ?? 0) + 1);
  }

  /** Adds one paragraph's tokens (index mode). */
  add(tokens: readonly Token[]): void {
    const words = new Set<string>();
    const pairs = new Set<string>();
    let previousTerm = '';
    let previousEnd = -1;
    for (const { term, start, end } of tokens) {
      const wordlike = isWordlike(term);
      if (term.length >= 2 && wordlike) words.add(term);
      if (previousEnd === start && wordlike && previousTerm.length + term.length <= MAX_LENGTH) pairs.add(previousTerm + term);
      // cutForSearch-style output repeats sub-words inside a long word; pair only consecutive ones.
      if (start >= previousEnd) {
        previousTerm = term;
        previousEnd = end;
      }
    }
    for (const word of words) this.#words.set(word, (this.#words.get(word) ?? 0) + 1);
    for (const pair of pairs) this.#pairs.set(pair, (this.#pairs.get(pair) ?? 0) + 1);
  }

  /** The paragraph counts of words and pairs so far (to merge into another builder). */
  counts(): VocabularyCounts {
    return { words: [...this.#words], pairs: [...this.#pairs] };
  }

  /** Adds counts taken from another builder (paragraphs it saw, this one did not). */
  merge(counts: VocabularyCounts): void {
    for (const [word, n] of counts.words) this.#words.set(word, (this.#words.get(word) ?? 0) + n);
    for (const [pair, n] of counts.pairs) this.#pairs.set(pair, (this.#pairs.get(pair) ?? 0) + n);
  }

  /** The finished vocabulary. */
  build(): Vocabulary {
    const all = new Map(this.#words);
    for (const [pair, count] of this.#pairs) {
      if (count >= MIN_PHRASE_COUNT && !all.has(pair)) all.set(pair, count);
    }
    for (const [phrase, count] of this.#headings) all.set(phrase, Math.max(count, all.get(phrase) ?? 0));
    const terms = [...all.keys()].filter((term) => term.length <= MAX_LENGTH).sort();
    return { terms, counts: terms.map((term) => all.get(term) ?? 0) };
  }
}

/** Up to `limit` entries starting with `prefix` (normalised), most used first, then shorter. */
export function complete(vocabulary: Vocabulary, prefix: string, limit: number): string[] {
  if (prefix === '' || limit <= 0) return [];
  const { terms, counts } = vocabulary;
  let lo = 0;
  let hi = terms.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((terms[mid] ?? '') < prefix) lo = mid + 1;
    else hi = mid;
  }
  const found: number[] = [];
  for (let i = lo; i < terms.length && (terms[i] ?? '').startsWith(prefix); i++) found.push(i);
  found.sort((a, b) => (counts[b] ?? 0) - (counts[a] ?? 0) || (terms[a] ?? '').length - (terms[b] ?? '').length || a - b);
  return found.slice(0, limit).map((i) => terms[i] ?? '');
}
