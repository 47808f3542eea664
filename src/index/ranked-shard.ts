/**
 * One shard of the ranked index, as a build thread makes it: consecutive paragraphs (their
 * normalised texts and heading paths) analysed once each, their terms put into MiniSearch's
 * flattened index (`RankedTablesBuilder`) with their paragraph numbers, and the vocabulary
 * counts of their texts. The same function runs in the main thread and in worker threads
 * (`ranked-workers.ts`).
 */
import { analyzeNormalized } from '../text/index.js';
import type { RankedTables } from './bm25.js';
import { RankedTablesBuilder } from './ranked-builder.js';
import { VocabularyBuilder, type VocabularyCounts } from './vocabulary.js';

/** Paragraphs `base`… `base + norms.length − 1`. */
export interface ShardJob {
  base: number;
  /** Each paragraph's normalised text (`ParagraphTable.norms`). */
  norms: string[];
  /** Each paragraph's heading path, joined and normalised (`ParagraphTable.paths`). */
  paths: string[];
}

/** What a build thread sends back for a `ShardJob`. */
export interface ShardResult {
  base: number;
  tables: RankedTables;
  vocabulary: VocabularyCounts;
}

/** Builds the ranked tables and vocabulary counts of one shard. */
export function buildShard(job: ShardJob): ShardResult {
  const vocabulary = new VocabularyBuilder();
  const builder = new RankedTablesBuilder(job.base);
  // Heading paths repeat for every paragraph of a section: analyse each once.
  const pathTerms = new Map<string, string[]>();
  job.norms.forEach((norm, i) => {
    const tokens = analyzeNormalized(norm, { mode: 'index' });
    vocabulary.add(tokens);
    const path = job.paths[i] ?? '';
    let heading = pathTerms.get(path);
    if (heading === undefined) {
      heading = analyzeNormalized(path, { mode: 'index' }).map((token) => token.term);
      pathTerms.set(path, heading);
    }
    builder.add([tokens.map((token) => token.term), heading]);
  });
  return { base: job.base, tables: builder.finish(), vocabulary: vocabulary.counts() };
}

/** The buffers of a result, to move it between threads without copying. */
export function transferables(result: ShardResult): ArrayBuffer[] {
  const { tables } = result;
  return [tables.offsets.buffer, tables.ids.buffer, tables.tfs.buffer, ...tables.lengths.map((array) => array.buffer)].filter((buffer): buffer is ArrayBuffer => buffer instanceof ArrayBuffer);
}
