/**
 * The search core: open a `SearchService` over a corpus directory, loading the saved index when
 * it is current and rebuilding it otherwise.
 */
import { loadCorpus, type CorpusProblem, type CorpusWarning } from '../ingest/index.js';
import { openIndex, openSavedIndex, type BuildProgress, type OpenedIndex, type SaveFileSystem } from '../index/index.js';
import { quotedCorpusTerms, restoreCorpusTerms } from '../text/index.js';
import { CoreSearchService } from './core-service.js';
import { IndexSearchService } from './service.js';
import type { SearchService } from './types.js';

export type * from './types.js';
export { EngineUnavailableError, formatQueryError, SearchOptionError } from './errors.js';
export { DEFAULT_SEARCH_OPTIONS, MAX_PAGE_SIZE } from './options.js';
export { IndexSearchService, SUGGEST_LIMIT } from './service.js';
export { CoreSearchService } from './core-service.js';
export { EngineSearchService } from './engine-service.js';
export { EmbeddedEngine } from './embedded-engine.js';
export { combinePartial } from './partial.js';
export type { MatchAnswer, MatchRequest, SearchEngine } from './engine.js';
export { QueryError } from '../query/index.js';

/** Options of `openSearchService()`. */
export interface OpenSearchOptions {
  /** Directory of the corpus files. */
  corpusDir: string;
  /** Directory of the saved index (`var/index` in the project). */
  indexDir: string;
  /** Rebuild the index even when the saved one is current. */
  rebuild?: boolean;
  /** Called during a build (not when the saved index is loaded). */
  onProgress?: (progress: BuildProgress) => void;
  /** The file-system calls of saving the index (tests simulate a full or read-only disk). */
  fileSystem?: SaveFileSystem;
}

/** A service with how it was opened. */
export interface OpenedSearch {
  service: IndexSearchService;
  index: OpenedIndex;
  /** Files ingest skipped, with why. */
  problems: CorpusProblem[];
  /** Files ingest read but wants a user to look at (e.g. decoded from GB18030). */
  warnings: CorpusWarning[];
  /** Milliseconds spent reading and parsing the corpus. */
  ingestMs: number;
}

/** Opens the search core over `corpusDir`, with details for CLIs and benchmarks. */
export async function openSearch(options: OpenSearchOptions): Promise<OpenedSearch> {
  if (options.rebuild !== true) {
    // A current saved index holds the parsed reports: no corpus file is parsed again.
    const saved = await openSavedIndex(options);
    if (!('reason' in saved)) {
      return { service: new IndexSearchService(saved.index), index: saved.opened, problems: saved.notes.problems, warnings: saved.notes.warnings, ingestMs: 0 };
    }
  }
  const started = performance.now();
  const { reports, problems, warnings } = await loadCorpus(options.corpusDir);
  // Slogans in quotes join the segmenter's dictionary before anything is analysed; the
  // analyser version (part of the index fingerprint) includes them.
  const terms = quotedCorpusTerms(reports);
  restoreCorpusTerms(terms);
  const ingestMs = performance.now() - started;
  const index = openIndex({ reports, ...options, notes: { terms, problems, warnings } });
  return { service: new IndexSearchService(index.index), index, problems, warnings, ingestMs };
}

/** Opens a `SearchService` over `corpusDir` (what the server calls at start-up). */
export async function openSearchService(options: OpenSearchOptions): Promise<SearchService> {
  return new CoreSearchService((await openSearch(options)).service);
}
