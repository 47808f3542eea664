import type { CompareOptions, CompareResult, ConcordanceOptions, ConcordanceResult, DocSummary, HitList, HitListOptions, KeyTerm, ReaderAt, ReaderDocument, SearchCore, SearchOptions, SearchResult, SearchService } from './types.js';

/**
 * A `SearchService` answering from an in-process `SearchCore`. Each answer is computed when the
 * call is made, so an error surfaces as a rejected promise, never as a throw from the call.
 */
export class CoreSearchService implements SearchService {
  readonly core: SearchCore;

  constructor(core: SearchCore) {
    this.core = core;
  }

  documents(): DocSummary[] {
    return this.core.documents();
  }

  search(query: string, options?: SearchOptions): Promise<SearchResult> {
    return settle(() => this.core.search(query, options));
  }

  compare(query: string, options?: CompareOptions): Promise<CompareResult> {
    return settle(() => this.core.compare(query, options));
  }

  suggest(prefix: string, limit?: number): Promise<string[]> {
    return settle(() => this.core.suggest(prefix, limit));
  }

  read(docId: string, query?: string, at?: ReaderAt): Promise<ReaderDocument | undefined> {
    return settle(() => this.core.read(docId, query, at));
  }

  hitList(query: string, options?: HitListOptions): Promise<HitList> {
    return settle(() => this.core.hitList(query, options));
  }

  concordance(query: string, options?: ConcordanceOptions): Promise<ConcordanceResult> {
    return settle(() => this.core.concordance(query, options));
  }

  distinctiveTerms(docId: string, limit?: number): Promise<KeyTerm[] | undefined> {
    return settle(() => this.core.distinctiveTerms(docId, limit));
  }

  contrastTerms(docIds: readonly string[], limit?: number): Promise<KeyTerm[][]> {
    return settle(() => this.core.contrastTerms(docIds, limit));
  }
}

/** `run()`'s value as a promise, or its error as a rejection. */
function settle<T>(run: () => T): Promise<T> {
  try {
    return Promise.resolve(run());
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}
