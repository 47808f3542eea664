/**
 * The search service over any `SearchEngine`: the engine says which paragraphs match (and how
 * relevant they are); the query, filters, facets, ranking tiers, hits, comparisons and the
 * reader are built here from the paragraph table, as `IndexSearchService` builds them, so both
 * answer identically. Asynchronous: the engine may sit across the network.
 */
import type { Level } from '../ingest/types.js';
import type { ParagraphTable } from '../index/paragraphs.js';
import type { Vocabulary } from '../index/vocabulary.js';
import { parseQuery, QueryError } from '../query/index.js';
import { indexOfWord } from './bounds.js';
import { compileQuery, CorpusView, encodeQuery, rangeOf, type CompiledQuery } from './corpus-view.js';
import type { MatchAnswer, SearchEngine } from './engine.js';
import { resolveOptions } from './options.js';
import { TIER_SCORE, topOrder } from './rank.js';
import { suggestFrom } from './service.js';
import type { CompareResult, DocSummary, ReaderDocument, SearchOptions, SearchResult, SearchService } from './types.js';

/** A compiled query with the engine's answer. */
interface Answered extends CompiledQuery {
  match: MatchAnswer;
}

export class EngineSearchService implements SearchService {
  readonly engine: SearchEngine;
  readonly #view: CorpusView;
  readonly #vocabulary: Vocabulary;

  constructor(table: ParagraphTable, vocabulary: Vocabulary, engine: SearchEngine) {
    this.#view = new CorpusView(table);
    this.#vocabulary = vocabulary;
    this.engine = engine;
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

  async #answer(query: string, level: readonly Level[], doc: readonly string[], reportsOverride: readonly number[] | undefined, scored: boolean): Promise<Answered & { reports: number[] | undefined }> {
    const parsed = parseQuery(query);
    const allowed = this.#view.allowedReports(parsed, level, doc);
    const compiled = compileQuery(parsed, allowed.notes);
    const reports = reportsOverride === undefined ? allowed.reports : (allowed.reports ?? reportsOverride).filter((r) => reportsOverride.includes(r));
    if (compiled.plan === null) {
      // Filters alone list their paragraphs in document order; an empty query finds nothing.
      const ids = parsed.root === null ? this.#paragraphsOf(allowed.reports) : new Int32Array(0);
      return { ...compiled, reports: allowed.reports, match: { ids, scores: undefined } };
    }
    const scoreTerms = scored ? [...new Set(compiled.leaves.flatMap((leaf) => leaf.scoreTerms))] : [];
    const match = await this.engine.match({ plan: compiled.plan, reports, scoreTerms });
    return { ...compiled, reports: allowed.reports, match };
  }

  /** Engine scores plus the whole-word tiers of `rank.ts`, aligned with `ids`. */
  #scores(answered: Answered): Float64Array {
    const { ids, scores } = answered.match;
    const out = scores === undefined ? new Float64Array(ids.length) : Float64Array.from(scores);
    const { norms } = this.#view.table;
    for (const leaf of answered.leaves) {
      const { run } = leaf;
      if (run === undefined || leaf.field !== 'any') continue;
      for (let i = 0; i < ids.length; i++) if (indexOfWord(norms[ids[i] ?? 0] ?? '', run) >= 0) out[i] = (out[i] ?? 0) + TIER_SCORE;
    }
    return out;
  }

  async search(query: string, options?: SearchOptions): Promise<SearchResult> {
    const started = performance.now();
    const { page, size, sort, level, doc } = resolveOptions(options, (id) => this.#view.reportById.has(id));
    const ranked = sort !== 'order';
    const answered = await this.#answer(query, level, doc, undefined, ranked);
    const { ids } = answered.match;
    const from = (page - 1) * size;
    let pageIds: number[];
    let pageScores: number[];
    if (!ranked || answered.leaves.length === 0) {
      pageIds = Array.from(ids.subarray(from, from + size));
      pageScores = pageIds.map(() => 0);
    } else {
      const scores = this.#scores(answered);
      const slice = topOrder(scores, from + size).slice(from, from + size);
      pageIds = slice.map((i) => ids[i] ?? 0);
      pageScores = slice.map((i) => scores[i] ?? 0);
    }
    const encoded = encodeQuery(query);
    const result: SearchResult = {
      query,
      total: ids.length,
      page,
      size,
      tookMs: 0,
      hits: pageIds.map((id, i) => this.#view.hit(id, pageScores[i] ?? 0, encoded, answered)),
      facets: this.#view.facets(ids),
      notes: answered.notes,
    };
    if (answered.match.partial !== undefined) result.partial = answered.match.partial;
    result.tookMs = Math.round((performance.now() - started) * 1000) / 1000;
    return result;
  }

  async compare(query: string): Promise<CompareResult> {
    const answered = await this.#answer(query, [], [], undefined, false);
    const inFilter = answered.plan === null || answered.reports === undefined ? undefined : new Set(answered.reports);
    const result = this.#view.compare(query, answered, answered.match.ids, inFilter);
    if (answered.match.partial !== undefined) result.partial = answered.match.partial;
    return result;
  }

  suggest(prefix: string, limit?: number): Promise<string[]> {
    try {
      return Promise.resolve(suggestFrom(this.#vocabulary, prefix, limit));
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  async read(docId: string, query?: string): Promise<ReaderDocument | undefined> {
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
    const result = this.#view.read(r, answered, matching);
    if (result !== undefined && answered?.match.partial !== undefined) result.partial = answered.match.partial;
    return result;
  }
}
