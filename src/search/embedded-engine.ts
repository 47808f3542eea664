/** The embedded index (n-gram postings and MiniSearch's BM25, in process) as a `SearchEngine`. */
import type { SearchIndex } from '../index/index.js';
import { EMPTY, union } from '../index/postings.js';
import { rangeOf } from './corpus-view.js';
import { timeCoverage, UNLIMITED, windowed } from './budget.js';
import type { MatchAnswer, MatchRequest, SearchEngine } from './engine.js';
import { evaluate } from './evaluate.js';
import { partialField } from './partial.js';

export class EmbeddedEngine implements SearchEngine {
  readonly kind = 'embedded';
  readonly #index: SearchIndex;

  constructor(index: SearchIndex) {
    this.#index = index;
  }

  /** `match` without the promise (the answer is computed at once). */
  matchNow(request: MatchRequest): MatchAnswer {
    const { reportStart } = this.#index.table;
    const within = request.reports?.reduce((all, r) => union(all, rangeOf(reportStart[r] ?? 0, reportStart[r + 1] ?? 0)), EMPTY);
    const paragraphs = this.#index.table.blocks.length;
    // Within the time limit: exact for the paragraphs it reached, a prefix of the corpus.
    const found = windowed(paragraphs, within, request.limit ?? UNLIMITED, new Map(), (window) => evaluate(this.#index, request.plan, window, undefined, request.scope ?? 'text'));
    const { ids } = found;
    const scores = request.scoreTerms.length === 0 ? undefined : this.#index.ranked.score([...request.scoreTerms], ids);
    return { ids, scores, ...partialField(found.searched < paragraphs ? timeCoverage(found.searched, paragraphs) : undefined) };
  }

  match(request: MatchRequest): Promise<MatchAnswer> {
    try {
      return Promise.resolve(this.matchNow(request));
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
