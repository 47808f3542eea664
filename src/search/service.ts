/**
 * The search service over one index: queries, comparison across documents, completions and the
 * reader view. Knows nothing of HTTP; the web layer and the CLIs call it.
 */
import type { Level, Report } from '../ingest/types.js';
import { normalizeQuery } from '../index/analyzer.js';
import type { SearchIndex } from '../index/index.js';
import { EMPTY, intersect, subtract, union } from '../index/postings.js';
import { complete } from '../index/vocabulary.js';
import { parseQuery, QueryError, type ParsedQuery } from '../query/index.js';
import { compileQuery, CorpusView, encodeQuery, rangeOf, reachesHeadings, needleForms, typedNeedles, type CompiledQuery, type ReadMode } from './corpus-view.js';
import { SearchOptionError } from './errors.js';
import { evaluate, type FindMemo, type TextProofs } from './evaluate.js';
import { budget, timeCoverage, UNLIMITED, windowed, windowOf, type Budget } from './budget.js';
import { concordance, resolveConcordanceOptions, type ConcordanceOptions, type ConcordanceResult } from './concordance.js';
import { contrastReports, Keyness, keynessFromIndex, type KeyTerm, KEY_TERMS_LIMIT } from './keyness.js';
import { hitListAsSearch, HIT_LIST_LIMIT, MAX_PAGE_SIZE, resolveOptions, resolveTimeLimit } from './options.js';
import { score, TIER_SCORE, topOrder } from './rank.js';
import { QueryCache } from './query-cache.js';
import { relax, relaxNote } from './relax.js';
import { bestCandidate, correctable, correctedQuery, countCandidates, probesOf } from './typo.js';
import type { CompareOptions, CompareResult, DocSummary, Hit, PartialAnswer, HitList, HitListOptions, Range, ReaderAt, ReaderDocument, SearchCore, SearchOptions, SearchResult } from './types.js';

/** Default and largest number of completions. */
export const SUGGEST_LIMIT = { default: 10, max: 50 } as const;

/** A compiled query with its matches. */
interface Prepared extends CompiledQuery {
  /** Paragraphs whose own text matches (or, relaxed, that hold the most words), ascending: what is counted. */
  ids: Int32Array;
  /**
   * Paragraphs that match only when their heading path is read with their text, ascending:
   * offered after `ids`, labelled, never counted.
   */
  sectionIds: Int32Array;
  /** What the evaluation proved about whole words (for ranking). */
  proofs: TextProofs;
  /** Added to the scores of `ids` (aligned with it): the rarity of a relaxed answer. */
  boost?: Float64Array;
  /** Present when the time limit stopped the evaluation before the end of the corpus. */
  partial?: PartialAnswer;
}

/** `SearchCore` over an index held in memory. */
export class IndexSearchService implements SearchCore {
  readonly #index: SearchIndex;
  readonly #view: CorpusView;
  #keynessCache: Keyness | undefined;
  readonly #queries = new QueryCache();
  /** The paragraphs each level and each year allows, ascending (filters cost no pass per query). */
  readonly #filterLists: { level: Map<Level, Int32Array>; year: Map<number, Int32Array> };

  constructor(index: SearchIndex) {
    this.#index = index;
    this.#view = new CorpusView(index.table, index.spellings);
    const { reports, reportStart } = index.table;
    this.#filterLists = {
      level: paragraphsBy(reports, reportStart, (report) => report.meta.level),
      year: paragraphsBy(reports, reportStart, (report) => report.meta.year),
    };
  }

  /** Reads now what a first search would otherwise read ({@link CorpusView.prepare}); returns the service. */
  prepare(): this {
    this.#view.prepare();
    return this;
  }

  /** What answers are built from (shared with the engine-backed service). */
  get view(): CorpusView {
    return this.#view;
  }

  documents(): DocSummary[] {
    return this.#view.summaries.map((summary) => ({ ...summary }));
  }

  /** Paragraphs allowed by the filters (query and options combined), or `undefined` for all. */
  #allowed(parsed: ParsedQuery, level: readonly Level[], doc: readonly string[]): { ids: Int32Array | undefined } {
    const { filters } = parsed;
    // Each filter allows the paragraphs of any of its values; all filters must hold.
    const lists: Int32Array[] = [];
    const add = <T>(values: readonly T[], listOf: (value: T) => Int32Array): void => {
      if (values.length > 0) lists.push(values.map(listOf).reduce(union));
    };
    add(filters.level, (value) => this.#filterLists.level.get(value) ?? EMPTY);
    add(level, (value) => this.#filterLists.level.get(value) ?? EMPTY);
    add(filters.doc, (value) => this.#documentParagraphs(value));
    add(doc, (value) => this.#documentParagraphs(value));
    add(filters.year, (value) => this.#filterLists.year.get(value) ?? EMPTY);
    if (lists.length === 0) return { ids: undefined };
    lists.sort((a, b) => a.length - b.length);
    return { ids: lists.reduce(intersect) };
  }

  /** The paragraphs of document `id` (none for an unknown id). */
  #documentParagraphs(id: string): Int32Array {
    const r = this.#view.reportById.get(id);
    if (r === undefined) return EMPTY;
    const { reportStart } = this.#index.table;
    return rangeOf(reportStart[r] ?? 0, reportStart[r + 1] ?? 0);
  }

  #prepare(query: string, level: readonly Level[] = [], doc: readonly string[] = [], mode: ReadMode = {}, limit: Budget = UNLIMITED): Prepared {
    // The parsed and compiled query depend on its text and the mode alone (filter notes on the corpus too, fixed for a service).
    const compiled = this.#queries.get(query, mode, () => {
      const parsed = parseQuery(query);
      return compileQuery(parsed, this.#view.unknownDocNotes(parsed), { ...mode, spellings: this.#view.spellings });
    });
    const { parsed } = compiled;
    const allowed = this.#allowed(parsed, level, doc);
    const proofs: TextProofs = new Map();
    if (compiled.plan === null) {
      // Filters alone list their paragraphs in document order; an empty query finds nothing.
      const ids = parsed.root === null ? (allowed.ids ?? new Int32Array(0)) : new Int32Array(0);
      return { ...compiled, ids, sectionIds: EMPTY, proofs };
    }
    const { plan } = compiled;
    const paragraphs = this.#index.table.blocks.length;
    // The heading pass mostly seeks what the text pass sought, in the same set: found once.
    const memo: FindMemo = new Map();
    // Within the time limit: exact for the paragraphs it reached, a prefix of the corpus.
    const found = windowed(paragraphs, allowed.ids, limit, proofs, (within, into) => evaluate(this.#index, plan, within, into, 'text', memo));
    const { ids } = found;
    const covered = found.searched < paragraphs ? windowOf(allowed.ids, 0, found.searched) : allowed.ids;
    const sectionIds = reachesHeadings(compiled) ? subtract(evaluate(this.#index, plan, covered, undefined, 'section', memo), ids) : EMPTY;
    if (found.searched < paragraphs) return { ...compiled, ids, sectionIds, proofs, partial: timeCoverage(found.searched, paragraphs) };
    // Out of time, no relaxation: an empty answer says so rather than making the request wait.
    if (ids.length > 0 || sectionIds.length > 0 || compiled.strict || limit.expired()) return { ...compiled, ids, sectionIds, proofs };
    // Nothing holds every word, even with its headings: the paragraphs holding the most.
    const relaxed = relax(this.#index, compiled.plan, allowed.ids);
    if (relaxed === null) return { ...compiled, ids, sectionIds, proofs };
    const reading = { ...compiled.reading, relaxation: { required: relaxed.required, matched: relaxed.matched, words: relaxed.words } };
    return {
      ...compiled,
      notes: [...compiled.notes, relaxNote(relaxed)],
      reading,
      ids: relaxed.ids,
      sectionIds,
      proofs,
      boost: relaxed.rarity.map((rarity) => rarity * TIER_SCORE),
    };
  }

  search(query: string, options?: SearchOptions): SearchResult {
    return this.#search(query, options, MAX_PAGE_SIZE);
  }

  hitList(query: string, options?: HitListOptions): HitList {
    const result = this.#search(query, hitListAsSearch(options), HIT_LIST_LIMIT);
    return { query, total: result.total, headingMatches: result.headingMatches, headings: result.headings, hits: result.hits, notes: result.notes, ...(result.partial !== undefined ? { partial: result.partial } : {}) };
  }

  concordance(query: string, options?: ConcordanceOptions): ConcordanceResult {
    const resolved = resolveConcordanceOptions(options, (id) => this.#view.reportById.has(id));
    const limit = budget(resolveTimeLimit(options?.timeLimitMs));
    // Counted as the comparison counts: each word as typed.
    const prepared = this.#prepare(query, resolved.level, resolved.doc, { asTyped: true }, limit);
    const result = concordance(query, prepared, prepared.ids, this.#reportsAllowed(prepared, resolved.level, resolved.doc), resolved, this.#view, limit);
    return { ...result, ...narrowest(prepared.partial, result.partial) };
  }

  distinctiveTerms(docId: string, limit: number = KEY_TERMS_LIMIT): KeyTerm[] | undefined {
    const r = this.#view.reportById.get(docId);
    return r === undefined ? undefined : this.#keyness().distinctive(r, limit);
  }

  contrastTerms(docIds: readonly string[], limit: number = KEY_TERMS_LIMIT): KeyTerm[][] {
    return contrastReports(this.#keyness(), this.#view.reportById, docIds, limit);
  }

  /** Keyness over the ranked index's terms, counted on first use. */
  #keyness(): Keyness {
    this.#keynessCache ??= keynessFromIndex(this.#index);
    return this.#keynessCache;
  }

  /** Reports whose headings count: those the filters allow, `undefined` for all (nothing to filter without a tree). */
  #reportsAllowed(prepared: Prepared, level: readonly Level[], doc: readonly string[]): Set<number> | undefined {
    if (prepared.plan === null) return undefined;
    // From the reports' metadata, as the engine-backed service reads them: no pass over paragraphs.
    const { reports } = this.#view.allowedReports(prepared.parsed, level, doc);
    return reports === undefined ? undefined : new Set(reports);
  }

  #search(query: string, options: SearchOptions | undefined, maxSize: number): SearchResult {
    const started = performance.now();
    const { page, size, sort, level, doc, strict, asTyped, timeLimitMs } = resolveOptions(options, (id) => this.#view.reportById.has(id), maxSize);
    const prepared = this.#prepare(query, level, doc, { strict, asTyped }, budget(timeLimitMs));
    const { ids, sectionIds } = prepared;
    const facets = this.#view.facets(ids);
    // Copies of one paragraph show as one hit; the list ranked is the one shown.
    const folded = this.#view.fold(ids);
    const shownIds = folded.shown.length === ids.length ? ids : Int32Array.from(folded.shown, (i) => ids[i] ?? 0);
    const boost = prepared.boost === undefined || shownIds === ids ? prepared.boost : Float64Array.from(folded.shown, (i) => prepared.boost?.[i] ?? 0);
    const shown: Prepared = { ...prepared, ids: shownIds };
    if (boost !== undefined) shown.boost = boost;
    const from = (page - 1) * size;
    // Text matches first, then the heading-only ones: each list ranked (or ordered) on its own.
    const first = this.#pageOf(shownIds, from, size, sort, shown);
    const second = first.length < size ? this.#pageOf(sectionIds, Math.max(0, from - shownIds.length), size - first.length, sort, shown) : [];
    const encoded = encodeQuery(query);
    const headingMarks = new Map<number, Range[][]>();
    const hit = (match: Hit['match']) => ([id, hitScore]: [number, number]) => this.#view.hit(id, hitScore, match, encoded, prepared, match === 'text' ? folded.under.get(id) : undefined, headingMarks);
    // Headings are units of their own, in the reports searched whole.
    const searched = prepared.partial?.searched;
    const headings = this.#view.headingAnswer(prepared, this.#reportsAllowed(prepared, level, doc), sort, encoded, searched === undefined ? Infinity : this.#view.reportsBefore(searched));
    return {
      query,
      total: ids.length,
      headingMatches: sectionIds.length,
      ...headings,
      folded: ids.length - shownIds.length,
      page,
      size,
      tookMs: Math.round((performance.now() - started) * 1000) / 1000,
      hits: [...first.map(hit('text')), ...second.map(hit('heading'))],
      facets,
      // Copies: the compiled query is shared by every search typed the same way.
      notes: [...prepared.notes],
      dropped: [...prepared.reading.dropped],
      expansions: prepared.reading.expansions.map(({ form, variants }) => ({ form, variants: [...variants] })),
      relaxation: prepared.reading.relaxation === null ? null : { ...prepared.reading.relaxation },
      didYouMean: prepared.strict ? null : this.#didYouMean(query, prepared),
      ...(prepared.partial !== undefined ? { partial: prepared.partial } : {}),
    };
  }

  /** 你要找的是不是 for the words of `query` that occur nowhere (see `typo.ts`). */
  #didYouMean(query: string, prepared: Prepared): string | null {
    const { ngrams, table } = this.#index;
    const find = (needle: string): Int32Array => (needle === '' ? EMPTY : ngrams.find(needle));
    const corrections: Array<[string, string]> = [];
    for (const needle of correctable(typedNeedles(prepared), (n) => needleForms(prepared, n).some((form) => ngrams.occurs(form)))) {
      const counts = new Map<string, number>();
      for (const probe of probesOf(needle)) {
        const ids = probe.left === '' ? find(probe.right) : probe.right === '' ? find(probe.left) : intersect(find(probe.left), find(probe.right));
        countCandidates(table.norms, ids, probe, counts);
      }
      const best = bestCandidate(needle, counts);
      if (best !== null) corrections.push([needle, best]);
    }
    return correctedQuery(query, corrections);
  }

  /** `[paragraph, score]` of positions `from` to `from + count` of `ids` in the requested order. */
  #pageOf(ids: Int32Array, from: number, count: number, sort: 'relevance' | 'order', prepared: Prepared): Array<[number, number]> {
    if (from >= ids.length || count <= 0) return [];
    if (sort === 'order' || prepared.leaves.length === 0) return Array.from(ids.subarray(from, from + count), (id) => [id, 0]);
    const own = ids === prepared.ids;
    const scores = score(this.#index, ids, prepared.leaves, own ? prepared.proofs : undefined);
    const { boost } = prepared;
    if (own && boost !== undefined) for (let i = 0; i < scores.length; i++) scores[i] = (scores[i] ?? 0) + (boost[i] ?? 0);
    return topOrder(scores, from + count)
      .slice(from, from + count)
      .map((i) => [ids[i] ?? 0, scores[i] ?? 0]);
  }

  compare(query: string, options?: CompareOptions): CompareResult {
    const limit = budget(resolveTimeLimit(options?.timeLimitMs));
    const prepared = this.#prepare(query, [], [], { asTyped: true }, limit);
    // The counting goes on within the same budget: the answer is exact for the shorter prefix.
    const result = this.#view.compare(query, prepared, prepared.ids, this.#reportsAllowed(prepared, [], []), limit);
    return { ...result, ...narrowest(prepared.partial, result.partial) };
  }

  suggest(prefix: string, limit: number = SUGGEST_LIMIT.default): string[] {
    const typed = splitPrefix(prefix, limit);
    if (typed === null) return [];
    let within: Int32Array | undefined;
    if (typed.head.trim() !== '') {
      try {
        // Only what finds something with the words before it: those words as they stand.
        within = this.#prepare(typed.head, [], [], { strict: true }).ids;
      } catch (error) {
        if (!(error instanceof QueryError)) throw error;
      }
      if (within?.length === 0) return [];
    }
    const holding = this.#index.ngrams.find(typed.last, within);
    const vocabulary = complete(this.#index.vocabulary, typed.last, VOCABULARY_CANDIDATES);
    return this.#view.suggestions(typed.last, holding, within === undefined, vocabulary, limit).map((completion) => typed.head + completion);
  }

  read(docId: string, query?: string, at: ReaderAt = {}): ReaderDocument | undefined {
    const r = this.#view.reportById.get(docId);
    if (r === undefined) return undefined;
    let prepared: Prepared | undefined;
    if (query !== undefined && query.trim() !== '') {
      try {
        prepared = this.#prepare(query);
      } catch (error) {
        // A reader link with a broken query still shows the document, unmarked.
        if (!(error instanceof QueryError)) throw error;
      }
    }
    const { reportStart } = this.#index.table;
    const first = reportStart[r] ?? 0;
    const matching = prepared === undefined ? new Int32Array(0) : intersect(prepared.ids, rangeOf(first, reportStart[r + 1] ?? first));
    return this.#view.read(r, prepared, matching, at);
  }
}

/** `{ partial }` with the shorter of two coverages (the answer is exact only for it), or nothing. */
function narrowest(a: PartialAnswer | undefined, b: PartialAnswer | undefined): { partial?: PartialAnswer } {
  if (a === undefined) return b === undefined ? {} : { partial: b };
  if (b === undefined) return { partial: a };
  return { partial: (a.searched ?? Infinity) <= (b.searched ?? Infinity) ? a : b };
}

/** Vocabulary entries looked at to rank completions. */
export const VOCABULARY_CANDIDATES = 50;

/**
 * A search-box prefix split into what comes before its last word (kept as typed) and its last
 * word (normalised); `null` when there is nothing to complete. Checks `limit`.
 */
export function splitPrefix(prefix: string, limit: number): { head: string; last: string } | null {
  if (!Number.isInteger(limit) || limit < 1 || limit > SUGGEST_LIMIT.max) {
    throw new SearchOptionError('limit', limit, `an integer from 1 to ${String(SUGGEST_LIMIT.max)}`);
  }
  const match = /^(.*\s)?(\S+)$/su.exec(prefix.trimStart());
  if (match === null) return null;
  const last = normalizeQuery(match[2] ?? '');
  return last === '' ? null : { head: match[1] ?? '', last };
}

/** For each key, the paragraphs of the reports having it, ascending (reports are contiguous ranges). */
export function paragraphsBy<K>(reports: readonly Report[], reportStart: Int32Array, keyOf: (report: Report) => K): Map<K, Int32Array> {
  const ranges = new Map<K, number[]>();
  reports.forEach((report, r) => {
    const key = keyOf(report);
    let list = ranges.get(key);
    if (list === undefined) ranges.set(key, (list = []));
    list.push(r);
  });
  const out = new Map<K, Int32Array>();
  for (const [key, list] of ranges) {
    const size = list.reduce((sum, r) => sum + (reportStart[r + 1] ?? 0) - (reportStart[r] ?? 0), 0);
    const ids = new Int32Array(size);
    let n = 0;
    for (const r of list) for (let p = reportStart[r] ?? 0; p < (reportStart[r + 1] ?? 0); p++) ids[n++] = p;
    out.set(key, ids);
  }
  return out;
}
