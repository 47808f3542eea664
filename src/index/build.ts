/** Builds every index structure from the ingested reports. */
import type { Report } from '../ingest/types.js';
import { analyze } from '../text/index.js';
import { normalize } from './analyzer.js';
import type { RankedTables } from './bm25.js';
import { buildNgramTables, NgramIndex, pathIndex, type NgramTables } from './ngram.js';
import { buildParagraphTable } from './paragraphs.js';
import { RankedScorer } from './bm25.js';
import { buildShardsInWorkers, PARALLEL_FROM_PARAGRAPHS, parallelPlan, type ParallelOptions } from './ranked-workers.js';
import { buildRankedTables, mergeRanked } from './shards.js';
import type { BuildProgress, SearchIndex } from './search-index.js';
import { VocabularyBuilder } from './vocabulary.js';

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
  // Each text is analysed once, as MiniSearch indexes it, for the vocabulary too; no token
  // lists are kept, and each MiniSearch shard is dropped once exported (peak memory at scale).
  const vocabularyBuilder = new VocabularyBuilder();
  for (const headings of table.headingNorms) for (const heading of headings) vocabularyBuilder.addHeading(heading);
  let rankedTables: RankedTables | undefined;
  if (threads === 'always' || (threads === 'auto' && count >= PARALLEL_FROM_PARAGRAPHS)) {
    const outcome = buildShardsInWorkers(table, { ...parallelPlan(count), ...parallel }, buildNgrams, report('ranked', count * 2));
    if ('shards' in outcome) {
      rankedTables = mergeRanked(outcome.shards, count);
      for (const counts of outcome.vocabulary) vocabularyBuilder.merge(counts);
    } else {
      onFallback?.(outcome.reason);
    }
  }
  buildNgrams();
  // MiniSearch is built in shards of paragraphs, each flattened and dropped before the next.
  rankedTables ??= buildRankedTables(
    table,
    (id) => {
      const tokens = analyze(table.blocks[id]?.text ?? '', { mode: 'index' });
      vocabularyBuilder.add(tokens);
      return tokens.map((token) => token.term);
    },
    report('ranked', count * 2),
  );
  if (ngramTables === undefined) throw new Error('index: the n-gram postings were not built');
  return {
    table,
    ngrams: new NgramIndex(norms, ngramTables),
    ngramTables,
    pathNgrams: pathIndex(table.paths),
    ranked: new RankedScorer(rankedTables),
    vocabulary: vocabularyBuilder.build(),
  };
}
