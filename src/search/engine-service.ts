/**
 * The search service over any `SearchEngine`: the engine says which paragraphs match (and how
 * relevant they are); the query, filters, facets, ranking tiers, hits, comparisons and the
 * reader are built here from the paragraph table, as `IndexSearchService` builds them, so both
 * answer identically. Asynchronous: the engine may sit across the network.
 */
import type { Level } from '../ingest/types.js';
import type { RankedTables } from '../index/bm25.js';
import type { ParagraphTable } from '../index/paragraphs.js';
import type { Vocabulary } from '../index/vocabulary.js';
import { parseQuery, QueryError } from '../query/index.js';
import { indexOfWord } from './bounds.js';
import { formsOf } from './evaluate.js';
import { EMPTY, intersect, subtract } from '../index/postings.js';
import { compileQuery, CorpusView, encodeQuery, rangeOf, reachesHeadings, needleForms, typedNeedles, type CompiledQuery, type ReadMode } from './corpus-view.js';
import type { MatchAnswer, SearchEngine } from './engine.js';
import { budget, UNLIMITED, type Budget } from './budget.js';
import { matchesParagraph } from './evaluate.js';
import { combinePartial, partialField } from './partial.js';
import { concordance, resolveConcordanceOptions, type ConcordanceOptions, type ConcordanceResult } from './concordance.js';
import { contrastReports, Keyness, keynessFromTable, keynessFromTables, type KeyTerm, KEY_TERMS_LIMIT } from './keyness.js';
import { hitListAsSearch, HIT_LIST_LIMIT, MAX_PAGE_SIZE, resolveOptions, resolveTimeLimit } from './options.js';
import type { Plan } from './plan.js';
import { MAX_STRADDLE_CHECKS, TIER_SCORE, topOrder, wordsAsMeant } from './rank.js';
import { relaxLists, relaxNote, relaxUnits } from './relax.js';
import { bestCandidate, correctable, correctedQuery, countCandidates, probesOf } from './typo.js';
import { splitPrefix, SUGGEST_LIMIT, VOCABULARY_CANDIDATES } from './service.js';
import { complete } from '../index/vocabulary.js';
import type { CompareOptions, CompareResult, DocSummary, Hit, HitList, HitListOptions, Range, ReaderAt, ReaderDocument, SearchOptions, SearchResult, SearchService } from './types.js';

/** A compiled query with the engine's answer. */
interface Answered extends CompiledQuery {
  /** Paragraphs whose own text matches (or, relaxed, that hold the most words): what is counted. */
  match: MatchAnswer;
  /** Paragraphs matching only with their headings, with their engine scores: offered after, never counted. */
  section: MatchAnswer;
  /** Added to the scores of `match.ids` (aligned): the rarity of a relaxed answer. */
  boost?: Float64Array;
}

/** The answer's scores at the positions of `ids` (a subset of `answer.ids`, both ascending). */
function scoresOf(answer: MatchAnswer, ids: Int32Array): Float64Array | undefined {
  const { scores } = answer;
  if (scores === undefined) return undefined;
  const out = new Float64Array(ids.length);
  for (let i = 0, j = 0; i < ids.length; i++) {
    while (j < answer.ids.length && (answer.ids[j] ?? 0) < (ids[i] ?? 0)) j++;
    out[i] = scores[j] ?? 0;
  }
  return out;
}

export class EngineSearchService implements SearchService {
  readonly engine: SearchEngine;
  readonly #view: CorpusView;
  readonly #vocabulary: Vocabulary;
  readonly #ranked: RankedTables | undefined;
  #keynessCache: Keyness | undefined;

  /**
   * `ranked`: the corpus's ranked tables when the engine's side has them, for distinctive terms
   * counted as the embedded index counts them (without, the paragraphs are analysed on first use).
   */
  constructor(table: ParagraphTable, vocabulary: Vocabulary, engine: SearchEngine, ranked?: RankedTables) {
    this.#view = new CorpusView(table);
    this.#vocabulary = vocabulary;
    this.engine = engine;
    this.#ranked = ranked;
  }

  /** Reads now what a first search would otherwise read ({@link CorpusView.prepare}); returns the service. */
  prepare(): this {
    this.#view.prepare();
    return this;
  }

  documents(): DocSummary[] {
    return this.#view.summaries.map((summary) => ({ ...summary }));
  }

  /** All paragraphs of `reports` (ascending; none for `undefined`). */
  #paragraphsOf(reports: readonly number[] | undefined): Int32Array {
    if (reports === undefined) return new Int32Array(0);
    const { reportStart } = this.#view.table;
    const parts = reports.map((r) => rangeOf(reportStart[r] ?? 0, reportStart[r + 1] ?? 0));
    const out = new Int32Array(parts.reduce((sum, part) => sum + part.length, 0));
    let at = 0;
    for (const part of parts) {
      out.set(part, at);
      at += part.length;
    }
    return out;
  }

  /**
   * The matches of `query`: every question to the engine within `limit` (the engine stops at
   * it and says the answer is partial); no relaxation is tried once it has passed.
   */
  async #answer(query: string, level: readonly Level[], doc: readonly string[], reportsOverride: readonly number[] | undefined, scored: boolean, mode: ReadMode = {}, limit: Budget = UNLIMITED): Promise<Answered & { reports: number[] | undefined }> {
    const parsed = parseQuery(query);
    const allowed = this.#view.allowedReports(parsed, level, doc);
    const compiled = compileQuery(parsed, allowed.notes, { ...mode, spellings: this.#view.spellings });
    const reports = reportsOverride === undefined ? allowed.reports : (allowed.reports ?? reportsOverride).filter((r) => reportsOverride.includes(r));
    const none: MatchAnswer = { ids: EMPTY, scores: undefined };
    if (compiled.plan === null) {
      // Filters alone list their paragraphs in document order; an empty query finds nothing.
      const ids = parsed.root === null ? this.#paragraphsOf(allowed.reports) : new Int32Array(0);
      return { ...compiled, reports: allowed.reports, match: { ids, scores: undefined }, section: none };
    }
    const { plan } = compiled;
    const scoreTerms = scored ? [...new Set(compiled.leaves.flatMap((leaf) => leaf.scoreTerms))] : [];
    const ask = (asked: Plan, scope: 'text' | 'section', terms: readonly string[]): Promise<MatchAnswer> => this.engine.match({ plan: asked, reports, scoreTerms: terms, scope, limit });
    const [match, loose] = await Promise.all([ask(plan, 'text', scoreTerms), reachesHeadings(compiled) ? ask(plan, 'section', scoreTerms) : Promise.resolve(none)]);
    const sectionIds = subtract(loose.ids, match.ids);
    const section: MatchAnswer = { ids: sectionIds, scores: scoresOf(loose, sectionIds), ...partialField(loose.partial) };
    const answered = { ...compiled, reports: allowed.reports, match, section };
    // An empty answer that is partial, or out of time, is not relaxed: it says so instead.
    const split = match.ids.length === 0 && sectionIds.length === 0 && !compiled.strict && match.partial === undefined && loose.partial === undefined && !limit.expired() ? relaxUnits(plan) : null;
    if (split === null) return answered;
    // Nothing holds every word, even with its headings: the paragraphs holding the most.
    const lists = await Promise.all(split.units.map((unit) => ask(unit, 'text', [])));
    const relaxed = relaxLists(this.#view.table.blocks.length, lists.map((list) => list.ids), split.labels);
    if (relaxed === null) return answered;
    const any: Plan = { kind: 'or', children: split.units };
    const scoredAny = scored ? await ask(any, 'text', scoreTerms) : none;
    const partial = combinePartial(...lists.map((list) => list.partial), scoredAny.partial);
    const relaxedMatch: MatchAnswer = { ids: relaxed.ids, scores: scoresOf(scoredAny, relaxed.ids), ...partialField(partial) };
    return {
      ...answered,
      notes: [...compiled.notes, relaxNote(relaxed)],
      reading: { ...compiled.reading, relaxation: { required: relaxed.required, matched: relaxed.matched, words: relaxed.words } },
      match: relaxedMatch,
      boost: relaxed.rarity.map((rarity) => rarity * TIER_SCORE),
    };
  }

  /** 你要找的是不是 for the words of `query` that occur nowhere (see `typo.ts`), asking the engine. */
  async #didYouMean(query: string, answered: Answered): Promise<string | null> {
    const find = async (needle: string): Promise<Int32Array> => {
      if (needle === '') return EMPTY;
      const plan: Plan = { kind: 'leaf', source: 'phrase', field: 'any', label: needle, needles: [needle], scoreTerms: [] };
      return (await this.engine.match({ plan, reports: undefined, scoreTerms: [] })).ids;
    };
    const needles = typedNeedles(answered);
    const present = await Promise.all(needles.map(async (needle) => (await Promise.all(needleForms(answered, needle).map(find))).some((ids) => ids.length > 0)));
    const corrections: Array<[string, string]> = [];
    for (const needle of correctable(needles, (n) => present[needles.indexOf(n)] === true)) {
      const counts = new Map<string, number>();
      for (const probe of probesOf(needle)) {
        const [left, right] = await Promise.all([find(probe.left), find(probe.right)]);
        const ids = probe.left === '' ? right : probe.right === '' ? left : intersect(left, right);
        countCandidates(this.#view.table.norms, ids, probe, counts);
      }
      const best = bestCandidate(needle, counts);
      if (best !== null) corrections.push([needle, best]);
    }
    return correctedQuery(query, corrections);
  }

  /** Engine scores plus the whole-word tiers of `rank.ts` (and a relaxed answer's rarity), aligned with `answer.ids`. */
  #scores(answered: Answered, answer: MatchAnswer): Float64Array {
    const { ids, scores } = answer;
    const out = scores === undefined ? new Float64Array(ids.length) : Float64Array.from(scores);
    const { norms } = this.#view.table;
    const budget = { left: MAX_STRADDLE_CHECKS };
    for (const leaf of answered.leaves) {
      const { run } = leaf;
      if (run === undefined || leaf.field !== 'any') continue;
      const forms = leaf.needles.includes(run) || leaf.spellings?.has(run) === true ? formsOf(leaf, run) : [run];
      const held: number[] = [];
      for (let i = 0; i < ids.length; i++) if (forms.some((form) => indexOfWord(norms[ids[i] ?? 0] ?? '', form) >= 0)) held.push(i);
      for (const i of wordsAsMeant(held, ids, norms, forms, budget)) out[i] = (out[i] ?? 0) + TIER_SCORE;
    }
    const { boost } = answered;
    if (answer === answered.match && boost !== undefined) for (let i = 0; i < out.length; i++) out[i] = (out[i] ?? 0) + (boost[i] ?? 0);
    return out;
  }

  /** `[paragraph, score]` of positions `from` to `from + count` of `answer.ids` in the requested order. */
  #pageOf(answered: Answered, answer: MatchAnswer, from: number, count: number, ranked: boolean): Array<[number, number]> {
    const { ids } = answer;
    if (from >= ids.length || count <= 0) return [];
    if (!ranked || answered.leaves.length === 0) return Array.from(ids.subarray(from, from + count), (id) => [id, 0]);
    const scores = this.#scores(answered, answer);
    return topOrder(scores, from + count)
      .slice(from, from + count)
      .map((i) => [ids[i] ?? 0, scores[i] ?? 0]);
  }

  search(query: string, options?: SearchOptions): Promise<SearchResult> {
    return this.#search(query, options, MAX_PAGE_SIZE);
  }

  async hitList(query: string, options?: HitListOptions): Promise<HitList> {
    const result = await this.#search(query, hitListAsSearch(options), HIT_LIST_LIMIT);
    return { query, total: result.total, headingMatches: result.headingMatches, headings: result.headings, hits: result.hits, notes: result.notes, ...partialField(result.partial) };
  }

  async concordance(query: string, options?: ConcordanceOptions): Promise<ConcordanceResult> {
    const resolved = resolveConcordanceOptions(options, (id) => this.#view.reportById.has(id));
    const limit = budget(resolved.timeLimitMs);
    // Counted as the comparison counts: each word as typed.
    const answered = await this.#answer(query, resolved.level, resolved.doc, undefined, false, { asTyped: true }, limit);
    const inFilter = answered.plan === null || answered.reports === undefined ? undefined : new Set(answered.reports);
    const result = concordance(query, answered, answered.match.ids, inFilter, resolved, this.#view, limit);
    return { ...result, ...partialField(combinePartial(answered.match.partial, answered.section.partial, result.partial)) };
  }

  distinctiveTerms(docId: string, limit: number = KEY_TERMS_LIMIT): Promise<KeyTerm[] | undefined> {
    const r = this.#view.reportById.get(docId);
    return Promise.resolve(r === undefined ? undefined : this.#keyness().distinctive(r, limit));
  }

  contrastTerms(docIds: readonly string[], limit: number = KEY_TERMS_LIMIT): Promise<KeyTerm[][]> {
    try {
      return Promise.resolve(contrastReports(this.#keyness(), this.#view.reportById, docIds, limit));
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  /** Keyness over the paragraphs' analysed terms, counted on first use. */
  #keyness(): Keyness {
    this.#keynessCache ??= this.#ranked === undefined ? keynessFromTable(this.#view.table) : keynessFromTables(this.#ranked, this.#view.table);
    return this.#keynessCache;
  }

  async #search(query: string, options: SearchOptions | undefined, maxSize: number): Promise<SearchResult> {
    const started = performance.now();
    const { page, size, sort, level, doc, strict, asTyped, timeLimitMs } = resolveOptions(options, (id) => this.#view.reportById.has(id), maxSize);
    const ranked = sort !== 'order';
    const limit = budget(timeLimitMs);
    const answered = await this.#answer(query, level, doc, undefined, ranked, { strict, asTyped }, limit);
    const { ids } = answered.match;
    // Copies of one paragraph show as one hit; the list ranked is the one shown.
    const folded = this.#view.fold(ids);
    const shownIds = Int32Array.from(folded.shown, (i) => ids[i] ?? 0);
    const { scores } = answered.match;
    const shownMatch: MatchAnswer = { ids: shownIds, scores: scores === undefined ? undefined : Float64Array.from(folded.shown, (i) => scores[i] ?? 0) };
    const shown: Answered = { ...answered, match: shownMatch };
    const { boost } = answered;
    if (boost !== undefined) shown.boost = Float64Array.from(folded.shown, (i) => boost[i] ?? 0);
    const from = (page - 1) * size;
    // Text matches first, then the heading-only ones: each list ranked (or ordered) on its own.
    const first = this.#pageOf(shown, shownMatch, from, size, ranked);
    const second = first.length < size ? this.#pageOf(shown, answered.section, Math.max(0, from - shownIds.length), size - first.length, ranked) : [];
    const encoded = encodeQuery(query);
    const headingMarks = new Map<number, Range[][]>();
    const hit = (match: Hit['match']) => ([id, hitScore]: [number, number]) => this.#view.hit(id, hitScore, match, encoded, answered, match === 'text' ? folded.under.get(id) : undefined, headingMarks);
    const inFilter = answered.plan === null || answered.reports === undefined ? undefined : new Set(answered.reports);
    const result: SearchResult = {
      query,
      total: ids.length,
      headingMatches: answered.section.ids.length,
      // Headings are units of their own, read from the table as the embedded service reads them.
      ...this.#view.headingAnswer(answered, inFilter, sort, encoded),
      folded: ids.length - shownIds.length,
      page,
      size,
      tookMs: 0,
      hits: [...first.map(hit('text')), ...second.map(hit('heading'))],
      facets: this.#view.facets(ids),
      notes: answered.notes,
      ...answered.reading,
    };
    // Out of time, or from part of the corpus, a word found nowhere may yet occur: no correction.
    const partial = combinePartial(answered.match.partial, answered.section.partial);
    result.didYouMean = answered.strict || partial !== undefined || limit.expired() ? null : await this.#didYouMean(query, answered);
    if (partial !== undefined) result.partial = partial;
    result.tookMs = Math.round((performance.now() - started) * 1000) / 1000;
    return result;
  }

  async compare(query: string, options?: CompareOptions): Promise<CompareResult> {
    const limit = budget(resolveTimeLimit(options?.timeLimitMs));
    const answered = await this.#answer(query, [], [], undefined, false, { asTyped: true }, limit);
    const inFilter = answered.plan === null || answered.reports === undefined ? undefined : new Set(answered.reports);
    // The counting goes on within the same budget: the answer is exact for the shorter prefix.
    const result = this.#view.compare(query, answered, answered.match.ids, inFilter, limit);
    return { ...result, ...partialField(combinePartial(answered.match.partial, answered.section.partial, result.partial)) };
  }

  async suggest(prefix: string, limit: number = SUGGEST_LIMIT.default): Promise<string[]> {
    const typed = splitPrefix(prefix, limit);
    if (typed === null) return [];
    let within: Int32Array | undefined;
    if (typed.head.trim() !== '') {
      try {
        const head = await this.#answer(typed.head, [], [], undefined, false, { strict: true });
        // Completions are never partial: with shards missing, the front finds them in its own text.
        within = head.match.partial === undefined || head.plan === null ? head.match.ids : this.#scan(head.plan, head.reports, undefined);
      } catch (error) {
        if (!(error instanceof QueryError)) throw error;
      }
      if (within?.length === 0) return [];
    }
    const phrase: Plan = { kind: 'leaf', source: 'phrase', field: 'any', label: typed.last, needles: [typed.last], scoreTerms: [] };
    const found = await this.engine.match({ plan: phrase, reports: undefined, scoreTerms: [] });
    const holding = found.partial !== undefined ? this.#scan(phrase, undefined, within) : within === undefined ? found.ids : intersect(within, found.ids);
    const vocabulary = complete(this.#vocabulary, typed.last, VOCABULARY_CANDIDATES);
    return this.#view.suggestions(typed.last, holding, within === undefined, vocabulary, limit).map((completion) => typed.head + completion);
  }

  /**
   * The paragraphs of `reports` (all when `undefined`) and of `within` matching `plan`, by reading
   * every one of them in the front: what the engine would answer, without it (slow; for the
   * rare answer that must not be partial while shards are missing).
   */
  #scan(plan: Plan, reports: readonly number[] | undefined, within: Int32Array | undefined): Int32Array {
    const { norms, paths, pathOf } = this.#view.table;
    const from = within ?? (reports === undefined ? rangeOf(0, norms.length) : this.#paragraphsOf(reports));
    return from.filter((id) => matchesParagraph(plan, norms[id] ?? '', paths[pathOf[id] ?? 0] ?? ''));
  }

  async read(docId: string, query?: string, at: ReaderAt = {}): Promise<ReaderDocument | undefined> {
    const r = this.#view.reportById.get(docId);
    if (r === undefined) return undefined;
    let answered: Answered | undefined;
    if (query !== undefined && query.trim() !== '') {
      try {
        answered = await this.#answer(query, [], [], [r], false);
      } catch (error) {
        // A reader link with a broken query still shows the document, unmarked.
        if (!(error instanceof QueryError)) throw error;
      }
    }
    const { reportStart } = this.#view.table;
    const first = reportStart[r] ?? 0;
    const last = reportStart[r + 1] ?? first;
    const matching = answered === undefined ? new Int32Array(0) : answered.match.ids.filter((id) => id >= first && id < last);
    const result = this.#view.read(r, answered, matching, at);
    if (result !== undefined && answered?.match.partial !== undefined) result.partial = answered.match.partial;
    return result;
  }
}
