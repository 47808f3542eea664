/**
 * Distinctive terms by keyness: the words a report uses far more often than the rest of the
 * corpus, scored by log-likelihood (G², Dunning 1993; Rayson & Garside 2000), from the index's
 * own analysed terms and their frequencies. Counting happens once per index (one pass over the
 * text field's postings); each report's list is computed on first request and kept.
 *
 * Junk is left out: terms of one character, terms with digits (years, amounts, percentages),
 * terms without a Chinese character, and words of style (`STYLE_WORDS`). They stay in the
 * token totals, so rates are per all words.
 */

import { indexTerms } from '../index/analyzer.js';
import type { SearchIndex } from '../index/index.js';
import type { RankedTables } from '../index/bm25.js';
import type { ParagraphTable } from '../index/paragraphs.js';
import { RANKED_FIELDS } from '../index/ranked.js';
import { SearchOptionError } from './errors.js';

/** Terms listed by default. */
export const KEY_TERMS_LIMIT = 30;
/** Largest number of terms one list holds. */
export const KEY_TERMS_MAX = 200;

/** One term's keyness for a report. */
export interface KeyTerm {
  term: string;
  /** Occurrences in the report (or the set of reports being described). */
  count: number;
  /** Occurrences in the reports compared against. */
  rest: number;
  /** Occurrences per 10,000 words (analysed terms) in the report. */
  per10k: number;
  /** Occurrences per 10,000 words in the reports compared against. */
  restPer10k: number;
  /** Log-likelihood G²: 3.84 is significant at p < 0.05, 10.83 at p < 0.001, 15.13 at p < 0.0001. */
  ll: number;
}

/** G² below which a term is not reported (p < 0.001): reports are short, a stricter cut leaves a handful. */
export const MIN_KEYNESS = 10.83;
/** Fewest occurrences in the report for a term to be reported. */
export const MIN_COUNT = 3;

const HAN = /\p{Script=Han}/u;
const DIGIT = /[0-9]/u;

/**
 * Words of style rather than content: pronouns, degree and connective words. How often a
 * report says 我们 or 进一步 tells of its drafting, not of its subject.
 */
export const STYLE_WORDS: ReadonlySet<string> = new Set([
  '我们', '他们', '你们', '大家', '自己', '这些', '那些', '这个', '这样', '一些', '一批', '一个', '各类', '各项',
  '进一步', '更加', '更好', '更大', '更多', '不断', '持续', '全面', '切实', '着力', '努力', '积极', '坚决', '敢于', '善于',
  '以及', '并且', '同时', '通过', '针对', '围绕', '对于', '关于', '按照', '根据', '为了', '其中', '已经', '正在',
  '达到', '超过', '实现', '帮助', '进行', '开展', '加强', '推进', '推动', '提升', '做好', '抓好',
]);

/** Whether a term is worth showing as a distinctive word. */
export function isContentTerm(term: string): boolean {
  return Array.from(term).length >= 2 && HAN.test(term) && !DIGIT.test(term) && !STYLE_WORDS.has(term);
}

/** Log-likelihood of `a` of `c` words in one text against `b` of `d` in the other. */
export function logLikelihood(a: number, b: number, c: number, d: number): number {
  const total = c + d;
  if (total === 0 || a + b === 0) return 0;
  const e1 = (c * (a + b)) / total;
  const e2 = (d * (a + b)) / total;
  const part = (o: number, e: number): number => (o > 0 && e > 0 ? o * Math.log(o / e) : 0);
  return 2 * (part(a, e1) + part(b, e2));
}

/** What keyness is computed from: per report, how often each content term occurs, and its word total. */
export interface TermCounts {
  /** Content terms. */
  terms: readonly string[];
  /** Per report: term index → occurrences. */
  perReport: ReadonlyArray<ReadonlyMap<number, number>>;
  /** Per report: all analysed words (content or not). */
  totals: Float64Array;
}

/** Text-field postings of a ranked index: for term `t`, `ids/tfs[offsets[t * fields] … offsets[t * fields + 1])`. */
export interface TermPostings {
  terms: readonly string[];
  offsets: Uint32Array;
  ids: Int32Array;
  tfs: Uint16Array;
  /** Fields per term in `offsets`; the text field is the first. */
  fields: number;
}

/** Counts from the ranked index's text-field postings; `reportOf[id]` is paragraph `id`'s report. */
export function countsFromPostings(postings: TermPostings, reportOf: Int32Array, reportCount: number): TermCounts {
  const terms: string[] = [];
  const perReport = Array.from({ length: reportCount }, () => new Map<number, number>());
  const totals = new Float64Array(reportCount);
  postings.terms.forEach((term, t) => {
    const from = postings.offsets[t * postings.fields] ?? 0;
    const to = postings.offsets[t * postings.fields + 1] ?? 0;
    const keep = isContentTerm(term);
    const k = terms.length;
    if (keep) terms.push(term);
    for (let i = from; i < to; i++) {
      const r = reportOf[postings.ids[i] ?? 0] ?? 0;
      const tf = postings.tfs[i] ?? 0;
      totals[r] = (totals[r] ?? 0) + tf;
      if (!keep) continue;
      const map = perReport[r];
      if (map !== undefined) map.set(k, (map.get(k) ?? 0) + tf);
    }
  });
  return { terms, perReport, totals };
}

/** Counts from texts analysed now (for services without the ranked index at hand). */
export function countsFromTexts(termsOf: (id: number) => readonly string[], paragraphCount: number, reportOf: Int32Array, reportCount: number): TermCounts {
  const index = new Map<string, number>();
  const terms: string[] = [];
  const perReport = Array.from({ length: reportCount }, () => new Map<number, number>());
  const totals = new Float64Array(reportCount);
  for (let id = 0; id < paragraphCount; id++) {
    const r = reportOf[id] ?? 0;
    for (const term of termsOf(id)) {
      totals[r] = (totals[r] ?? 0) + 1;
      if (!isContentTerm(term)) continue;
      let k = index.get(term);
      if (k === undefined) {
        k = terms.length;
        index.set(term, k);
        terms.push(term);
      }
      const map = perReport[r];
      if (map !== undefined) map.set(k, (map.get(k) ?? 0) + 1);
    }
  }
  return { terms, perReport, totals };
}

/** Keyness over term counts; lists are computed on first request and kept. */
export class Keyness {
  readonly #counts: TermCounts;
  readonly #corpus: Float64Array;
  readonly #corpusTotal: number;
  readonly #cache = new Map<number, KeyTerm[]>();

  constructor(counts: TermCounts) {
    this.#counts = counts;
    this.#corpus = new Float64Array(counts.terms.length);
    for (const map of counts.perReport) for (const [k, n] of map) this.#corpus[k] = (this.#corpus[k] ?? 0) + n;
    this.#corpusTotal = counts.totals.reduce((sum, n) => sum + n, 0);
  }

  /** Report `r`'s distinctive terms against the rest of the corpus, strongest first. */
  distinctive(r: number, limit: number): KeyTerm[] {
    checkLimit(limit);
    let list = this.#cache.get(r);
    if (list === undefined) {
      const c = this.#counts.totals[r] ?? 0;
      const d = this.#corpusTotal - c;
      list = this.#rank(this.#counts.perReport[r] ?? new Map<number, number>(), c, (k, a) => (this.#corpus[k] ?? 0) - a, d);
      this.#cache.set(r, list);
    }
    return list.slice(0, limit);
  }

  /**
   * For each of `reports` (two or three), what it says that the others do not: keyness against
   * the other reports of the set together, strongest first.
   */
  contrast(reports: readonly number[], limit: number): KeyTerm[][] {
    return reports.map((r) => {
      const others = reports.filter((o) => o !== r);
      const c = this.#counts.totals[r] ?? 0;
      const d = others.reduce((sum, o) => sum + (this.#counts.totals[o] ?? 0), 0);
      const restOf = (k: number): number => others.reduce((sum, o) => sum + (this.#counts.perReport[o]?.get(k) ?? 0), 0);
      return this.#rank(this.#counts.perReport[r] ?? new Map<number, number>(), c, restOf, d).slice(0, limit);
    });
  }

  /** Terms of `own` used more often than in the reference, significant, strongest first. */
  #rank(own: ReadonlyMap<number, number>, c: number, restOf: (k: number, a: number) => number, d: number): KeyTerm[] {
    const out: KeyTerm[] = [];
    for (const [k, a] of own) {
      if (a < MIN_COUNT) continue;
      const b = restOf(k, a);
      // Only overuse: a term rarer here than elsewhere says nothing about this report.
      if (d > 0 && a / c <= b / d) continue;
      const ll = logLikelihood(a, b, c, d);
      if (ll < MIN_KEYNESS) continue;
      out.push({ term: this.#counts.terms[k] ?? '', count: a, rest: b, per10k: round((a / c) * 10_000), restPer10k: d > 0 ? round((b / d) * 10_000) : 0, ll: round(ll) });
    }
    return out.sort((x, y) => y.ll - x.ll || y.count - x.count || (x.term < y.term ? -1 : 1));
  }
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

/** Keyness from an index's ranked text field (its analysed terms with their frequencies). */
export function keynessFromIndex(index: SearchIndex): Keyness {
  return keynessFromTables(index.ranked.tables, index.table);
}

/** Keyness from ranked tables over `table`'s paragraphs. */
export function keynessFromTables(ranked: RankedTables, table: Pick<ParagraphTable, 'reportOf' | 'reports'>): Keyness {
  const { terms, offsets, ids, tfs } = ranked;
  return new Keyness(countsFromPostings({ terms, offsets, ids, tfs, fields: RANKED_FIELDS.length }, table.reportOf, table.reports.length));
}

/** Keyness from the paragraphs analysed now, as the index analyses them. */
export function keynessFromTable(table: ParagraphTable): Keyness {
  return new Keyness(countsFromTexts((id) => indexTerms(table.blocks[id]?.text ?? ''), table.blocks.length, table.reportOf, table.reports.length));
}

/** `contrast` for document ids: two or three distinct known ones, else a `SearchOptionError`. */
export function contrastReports(keyness: Keyness, reportById: ReadonlyMap<string, number>, docIds: readonly string[], limit: number): KeyTerm[][] {
  checkLimit(limit);
  if (docIds.length < 2 || docIds.length > 3 || new Set(docIds).size !== docIds.length) throw new SearchOptionError('docs', [...docIds], 'two or three distinct document ids');
  const reports = docIds.map((id) => {
    const r = reportById.get(id);
    if (r === undefined) throw new SearchOptionError('docs', id, 'a known document id');
    return r;
  });
  return keyness.contrast(reports, limit);
}

/** Throws unless `limit` is an integer from 1 to `KEY_TERMS_MAX`. */
export function checkLimit(limit: number): void {
  if (!Number.isInteger(limit) || limit < 1 || limit > KEY_TERMS_MAX) throw new SearchOptionError('limit', limit, `an integer from 1 to ${String(KEY_TERMS_MAX)}`);
}
