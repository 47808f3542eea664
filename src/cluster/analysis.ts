/**
 * A cluster's analysis of the corpus: the ranking tables the front scores with and the
 * completion vocabulary, exactly those of the embedded build (`buildRankedAndVocabulary`), made
 * for a corpus of any size:
 *
 * - **Streamed in batches.** Paragraphs go to the analysis in batches of consecutive paragraphs
 *   taken from the reports as they come; a batch's texts are copied only while it is being
 *   analysed, no table of the whole corpus is built (no second copy of its text, normalised), and
 *   the only thing that grows with the corpus is the result (the tables and the vocabulary
 *   counts, which are what is saved).
 * - **Counted, not put into a MiniSearch.** A batch's tables are counted from its terms
 *   (`ranked-direct.ts`): the same tables, without MiniSearch's maps per term, field and
 *   paragraph; each heading path is analysed and counted once per batch, not per paragraph.
 * - **On every core.** Batches are analysed in the build threads of the embedded build
 *   (`ranked-workers.ts`), each with its own segmenter with this thread's run-time words; in
 *   this thread when the corpus is small or the threads fail.
 */
import { normalize } from '../index/analyzer.js';
import type { RankedTables } from '../index/bm25.js';
import { runShardJobs, PARALLEL_FROM_PARAGRAPHS, parallelPlan, type ParallelOptions } from '../index/ranked-workers.js';
import { buildShard, type ShardJob, type ShardResult } from '../index/ranked-shard.js';
import { mergeRanked } from '../index/shards.js';
import { VocabularyBuilder, type Vocabulary } from '../index/vocabulary.js';
import type { Report } from '../ingest/types.js';

/** Options of {@link analyseCorpus}. */
export interface AnalyseOptions {
  /** Build threads: `auto` (the default) from `PARALLEL_FROM_PARAGRAPHS` paragraphs on. */
  threads?: 'auto' | 'never' | 'always';
  /** Overrides of the thread count and batch size `parallelPlan` picks. */
  parallel?: Partial<ParallelOptions>;
  /** Told why the analysis ran in this thread after all. */
  onFallback?: (reason: string) => void;
  /** Paragraphs analysed so far, as batches come back. */
  onProgress?: (done: number) => void;
  /** Runs in this thread once, while the threads analyse (when they are used). */
  meanwhile?: () => void;
}

/** The ranking tables and the completion vocabulary of `reports`. */
export interface CorpusAnalysis {
  rankedTables: RankedTables;
  vocabulary: Vocabulary;
}

/** The paragraphs of `reports` in batches of `size`, numbered in corpus order, made as they are asked for. */
export function* batches(reports: readonly Report[], size: number): Generator<ShardJob> {
  let job: ShardJob = { base: 0, texts: [], paths: [], direct: true };
  for (const report of reports) {
    for (const paragraph of report.paragraphs) {
      job.texts.push(paragraph.text);
      job.paths.push(paragraph.sectionPath);
      if (job.texts.length === size) {
        yield job;
        job = { base: job.base + size, texts: [], paths: [], direct: true };
      }
    }
  }
  if (job.texts.length > 0) yield job;
}

/** Analyses every paragraph of `reports` once; see the module comment. */
export function analyseCorpus(reports: readonly Report[], options: AnalyseOptions = {}): CorpusAnalysis {
  const { threads = 'auto', onFallback, onProgress, meanwhile } = options;
  const count = reports.reduce((sum, report) => sum + report.paragraphs.length, 0);
  const plan = { ...parallelPlan(count), ...options.parallel };
  const vocabulary = new VocabularyBuilder();
  for (const report of reports) for (const block of report.blocks) if (block.type === 'heading') vocabulary.addHeading(normalize(block.text));
  let results: readonly ShardResult[] | undefined;
  if (threads === 'always' || (threads === 'auto' && count >= PARALLEL_FROM_PARAGRAPHS)) {
    const outcome = runShardJobs(batches(reports, plan.shardSize), Math.ceil(count / plan.shardSize), plan, meanwhile ?? (() => undefined), onProgress);
    if ('results' in outcome) results = outcome.results;
    else onFallback?.(outcome.reason);
  } else {
    meanwhile?.();
  }
  if (results === undefined) {
    const own: ShardResult[] = [];
    for (const job of batches(reports, plan.shardSize)) {
      own.push(buildShard(job));
      onProgress?.(job.base + job.texts.length);
    }
    results = own;
  }
  for (const result of results) vocabulary.merge(result.vocabulary);
  return {
    rankedTables: mergeRanked(
      results.map((result) => result.tables),
      count,
    ),
    vocabulary: vocabulary.build(),
  };
}
