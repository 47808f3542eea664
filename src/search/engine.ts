/**
 * The seam between the search and an engine. The search compiles the query, applies the
 * filters as a set of reports, and builds every answer a user reads (facets, hits, highlights,
 * snippets, comparisons, the reader) from the paragraph table; an engine only says which
 * paragraphs match a compiled tree, exactly, and how relevant each is. The embedded index
 * answers in process (`EmbeddedEngine`); a SphinxQL cluster (Manticore or Sphinx) across the
 * network (`SphinxEngine` in `src/cluster`).
 */
import type { Budget } from './budget.js';
import type { Scope } from './evaluate.js';
import type { Plan } from './plan.js';
import type { PartialAnswer } from './types.js';

/** One question to an engine. */
export interface MatchRequest {
  /** The compiled query tree (never `null`: filters alone need no engine). */
  plan: Plan;
  /** Reports (positions in corpus order) the answer is limited to; `undefined`: all. */
  reports: readonly number[] | undefined;
  /** Terms to score the matches by (`analyze()` output); empty: no scores are wanted. */
  scoreTerms: readonly string[];
  /**
   * Where a word of the `any` field may match (`evaluate.ts`): `text` (default), the
   * paragraph's own text; `section`, its text or its heading path.
   */
  scope?: Scope;
  /**
   * The request's time budget (none when absent). Past it the engine stops and answers what it
   * has, marked `partial`: the embedded index a prefix of the corpus (`searched`), a cluster
   * without the shards that had not answered in time (`timeLimited`) or, when the front ran out
   * of time checking candidates, a prefix as well.
   */
  limit?: Budget;
}

/** An engine's answer. */
export interface MatchAnswer {
  /** Every matching paragraph (numbers in corpus order), ascending, no duplicates. */
  ids: Int32Array;
  /** Engine relevance of each of `ids` (higher is better), when score terms were given. */
  scores: Float64Array | undefined;
  /** Set when part of the corpus did not answer; `ids` then cover the rest only. */
  partial?: PartialAnswer;
}

/** What the search needs from an engine. */
export interface SearchEngine {
  /** `embedded` or `sphinxql`, for logs and `/healthz`. */
  readonly kind: string;
  /** The paragraphs matching `request.plan` within `request.reports`, exactly as `evaluate()` decides. */
  match(request: MatchRequest): Promise<MatchAnswer>;
  /** Releases connections; the engine answers no more. */
  close(): Promise<void>;
}
