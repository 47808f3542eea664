/**
 * The index module: build the index over a corpus, save it, and at start-up load the saved one
 * when it was built from the same corpus and analyser, else rebuild it.
 */
import { join, resolve } from 'node:path';
import { ingestVersion, PROJECT_ROOT } from '../ingest/index.js';
import type { Report } from '../ingest/types.js';
import { analyzerVersion } from './analyzer.js';
import { buildSearchIndex, type BuildOptions } from './build.js';
import { hashCorpusFiles, hashParagraphs } from './fingerprint.js';
import { spellingTableOf } from './spelling-table.js';
import type { BuildProgress, SearchIndex } from './search-index.js';
import { IndexSaveError, type IndexFingerprint, loadIndex, loadSavedIndex, saveIndex, type SavedIndex, type SaveFileSystem } from './store.js';
import type { CorpusNotes } from './saved-corpus.js';

export type { BuildPhase, BuildProgress, SearchIndex } from './search-index.js';
export { buildSearchIndex, type BuildOptions } from './build.js';
export { progressBar } from './progress.js';
export {
  INDEX_FORMAT,
  IndexSaveError,
  loadIndex,
  loadSavedIndex,
  NODE_FILE_SYSTEM,
  saveIndex,
  type IndexFingerprint,
  type LoadOutcome,
  type SavedIndex,
  type SaveFileSystem,
} from './store.js';
export type { CorpusNotes } from './saved-corpus.js';
export { Container, withHeader, type ContainerHeader } from './container.js';
export { hashCorpusFiles, hashParagraphs } from './fingerprint.js';

/** Where the saved index lives by default (git-ignored). */
export const DEFAULT_INDEX_DIR = resolve(PROJECT_ROOT, 'var', 'index');

/** Name of the saved index inside the index directory. */
export const INDEX_FILE = 'search-index.bin';

/** Options of `openIndex()`. */
export interface OpenIndexOptions {
  /** The ingested reports of `corpusDir`. */
  reports: readonly Report[];
  /** Directory of the corpus files (hashed to recognise a stale index). */
  corpusDir: string;
  /** Directory of the saved index (created when missing). */
  indexDir: string;
  /** Rebuild even when a valid saved index exists. */
  rebuild?: boolean;
  /** Called during a build. */
  onProgress?: (progress: BuildProgress) => void;
  /** The file-system calls of the save (tests simulate a full or read-only disk). */
  fileSystem?: SaveFileSystem;
  /** What ingest said about the corpus, saved with the index for starts that skip ingest. */
  notes?: CorpusNotes;
  /** Worker threads for the build (`BuildOptions.threads`). */
  threads?: BuildOptions['threads'];
  /** Told why a build meant for worker threads ran in one thread. */
  onFallback?: (reason: string) => void;
}

/** How an index was obtained, with timings in milliseconds. */
export interface OpenedIndex {
  index: SearchIndex;
  /** `loaded` from the saved file, or `built` (then saved). */
  source: 'loaded' | 'built';
  /** Why the saved file was not used (when built). */
  reason?: string;
  /** Path of the saved index. */
  file: string;
  /** Time to read and check the saved file (also when it was rejected). */
  loadMs: number;
  /** Time to build (0 when loaded). */
  buildMs: number;
  /** Size of the saved file in bytes, when this call wrote it. */
  savedBytes?: number;
  /**
   * Why the index just built could not be saved (full disk, read-only folder): it is served
   * from memory, and the next start builds it again.
   */
  saveError?: string;
}

/** The fingerprint of a corpus as ingested now. */
export function fingerprintOf(corpusDir: string, reports: readonly Report[]): IndexFingerprint {
  return { corpus: hashCorpusFiles(corpusDir), analyzer: analyzerVersion(), ingest: ingestVersion(), paragraphs: hashParagraphs(reports) };
}

/** Loads the saved index when it matches the corpus and analyser, else builds and saves one. */
export function openIndex(options: OpenIndexOptions): OpenedIndex {
  const file = join(options.indexDir, INDEX_FILE);
  const started = performance.now();
  const fingerprint = fingerprintOf(options.corpusDir, options.reports);
  let reason = 'rebuild requested';
  if (options.rebuild !== true) {
    const outcome = loadIndex(file, options.reports, fingerprint);
    if ('index' in outcome) {
      return { index: outcome.index, source: 'loaded', file, loadMs: performance.now() - started, buildMs: 0 };
    }
    reason = outcome.reason;
  }
  const loadMs = performance.now() - started;
  const buildStarted = performance.now();
  const index = buildSearchIndex(options.reports, {
    ...(options.onProgress !== undefined ? { onProgress: options.onProgress } : {}),
    ...(options.threads !== undefined ? { threads: options.threads } : {}),
    ...(options.onFallback !== undefined ? { onFallback: options.onFallback } : {}),
  });
  const buildMs = performance.now() - buildStarted;
  // Read once for the save, and kept for the searches of this process.
  index.spellings ??= spellingTableOf(index.table);
  try {
    const savedBytes = saveIndex(file, index, fingerprint, options.notes, options.fileSystem);
    return { index, source: 'built', reason, file, loadMs, buildMs, savedBytes };
  } catch (error) {
    if (!(error instanceof IndexSaveError)) throw error;
    return { index, source: 'built', reason, file, loadMs, buildMs, saveError: error.message };
  }
}

/** A saved index opened without ingest, with the reports and notes saved in it. */
export interface OpenedSavedIndex extends SavedIndex {
  opened: OpenedIndex;
}

/**
 * At start-up: the index saved in `indexDir` with the reports saved in it, when it was built
 * from the corpus files now in `corpusDir` (their checksum), by this ingest and analyser —
 * without reading the corpus files but to checksum them, and without parsing them. The index
 * file is read on the thread pool while this thread checksums the corpus and loads the
 * segmenter. Returns why not otherwise (then ingest the corpus and call `openIndex`).
 */
export async function openSavedIndex(options: { corpusDir: string; indexDir: string }): Promise<OpenedSavedIndex | { reason: string }> {
  const file = join(options.indexDir, INDEX_FILE);
  const started = performance.now();
  const outcome = await loadSavedIndex(file, () => ({ corpus: hashCorpusFiles(options.corpusDir), ingest: ingestVersion() }));
  if ('reason' in outcome) return outcome;
  return { ...outcome.saved, opened: { index: outcome.saved.index, source: 'loaded', file, loadMs: performance.now() - started, buildMs: 0 } };
}
