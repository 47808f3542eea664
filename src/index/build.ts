/** Builds every index structure from the ingested reports. */
import type { Report } from '../ingest/types.js';
import { analyzeNormalized } from '../text/index.js';
import { normalize } from './analyzer.js';
import type { RankedTables } from './bm25.js';
import { buildNgramTables, NgramIndex, pathIndex, type NgramTables } from './ngram.js';
import { buildParagraphTable, type ParagraphTable } from './paragraphs.js';
import { RankedScorer } from './bm25.js';
import { buildShardsInWorkers, PARALLEL_FROM_PARAGRAPHS, parallelPlan, type ParallelOptions } from './ranked-workers.js';
import { buildRankedTables, mergeRanked } from './shards.js';
import type { BuildProgress, SearchIndex } from './search-index.js';
import { VocabularyBuilder, type Vocabulary } from './vocabulary.js';

/** Options of `buildSearchIndex`. */
export interface BuildOptions {
  /** Follows the phases. */
  onProgress?: (progress: BuildProgress) => void;
  /**
   * Build MiniSearch's shards in worker threads (one per core) while this thread builds the
   * n-gram postings: `auto` (the default) from `PARALLEL_FROM_PARAGRAPHS` paragraphs on.
   */
  threads?: 'auto' | 'never' | 'always';
  /** Told why the build ran in one thread after all (a worker could not start or failed). */
  onFallback?: (reason: string) => void;
  /** Overrides of the worker count and shard size `parallelPlan` picks. */
  parallel?: Partial<ParallelOptions>;
}

/** Builds the index over `reports`; `onProgress` follows the phases (or give `BuildOptions`). */
export function buildSearchIndex(reports: readonly Report[], options: BuildOptions | ((progress: BuildProgress) => void) = {}): SearchIndex {
  const { onProgress, threads = 'auto', onFallback, parallel } = typeof options === 'function' ? { onProgress: options } : options;
  const count = reports.reduce((sum, report) => sum + report.paragraphs.length, 0);
  const total = count * 3;
  const report = (phase: BuildProgress['phase'], base: number) => (done: number) => {
    onProgress?.({ phase, done: base + done, total });
  };
  const norms: string[] = [];
  const normaliseProgress = report('normalise', 0);
  for (const r of reports) {
    for (const paragraph of r.paragraphs) {
      norms.push(normalize(paragraph.text));
      if (norms.length % 256 === 0) normaliseProgress(norms.length);
    }
  }
  normaliseProgress(count);
  const table = buildParagraphTable(reports, norms);
  let ngramTables: NgramTables | undefined;
  const buildNgrams = (): void => {
    ngramTables ??= buildNgramTables(norms, report('ngrams', count));
  };
  const { rankedTables, vocabulary } = buildRankedAndVocabulary(table, { threads, parallel, meanwhile: buildNgrams, onProgress: report('ranked', count * 2), ...(onFallback === undefined ? {} : { onFallback }) });
  buildNgrams();
  if (ngramTables === undefined) throw new Error('index: the n-gram postings were not built');
  return {
    table,
    ngrams: new NgramIndex(norms, ngramTables),
    ngramTables,
    pathNgrams: pathIndex(table.paths),
    ranked: new RankedScorer(rankedTables),
    vocabulary,
  };
}

/** Options of {@link buildRankedAndVocabulary}. */
export interface RankedBuildOptions extends Pick<BuildOptions, 'threads' | 'onFallback' | 'parallel'> {
  /** Runs in this thread while workers build (once, when workers are used). */
  meanwhile?: () => void;
  /** Paragraphs analysed so far. */
  onProgress?: (done: number) => void;
}

/**
 * The ranked tables and the completion vocabulary of `table`, each text analysed once, as
 * MiniSearch indexes it (in worker threads for a large corpus, as `threads` says). No token
 * lists are kept, and each MiniSearch shard is dropped once exported (peak memory at scale).
 * The embedded build and a cluster's indexing both use it, so both rank with the same tables.
 */
export function buildRankedAndVocabulary(table: ParagraphTable, options: RankedBuildOptions = {}): { rankedTables: RankedTables; vocabulary: Vocabulary } {
  const { threads = 'auto', onFallback, parallel, meanwhile, onProgress } = options;
  const count = table.blocks.length;
  const vocabularyBuilder = new VocabularyBuilder();
  for (const headings of table.headingNorms) for (const heading of headings) vocabularyBuilder.addHeading(heading);
  let rankedTables: RankedTables | undefined;
  if (threads === 'always' || (threads === 'auto' && count >= PARALLEL_FROM_PARAGRAPHS)) {
    const outcome = buildShardsInWorkers(table, { ...parallelPlan(count), ...parallel }, meanwhile ?? (() => undefined), onProgress);
    if ('shards' in outcome) {
      rankedTables = mergeRanked(outcome.shards, count);
      for (const counts of outcome.vocabulary) vocabularyBuilder.merge(counts);
    } else {
      onFallback?.(outcome.reason);
    }
  }
  // Built in shards of paragraphs, each flattened and its working arrays dropped before the next.
  rankedTables ??= buildRankedTables(
    table,
    (id) => {
      const tokens = analyzeNormalized(table.norms[id] ?? '', { mode: 'index' });
      vocabularyBuilder.add(tokens);
      return tokens.map((token) => token.term);
    },
    onProgress,
  );
  return { rankedTables, vocabulary: vocabularyBuilder.build() };
}
