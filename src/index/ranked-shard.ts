/**
 * One shard of the ranked index, as a build thread makes it: consecutive paragraphs (their
 * texts and heading paths) analysed, put into a real MiniSearch, flattened into typed arrays
 * (`exportRanked`) with their paragraph numbers, and the vocabulary counts of their texts.
 * The same function runs in the main thread and in worker threads (`ranked-workers.ts`).
 */
import { analyze } from '../text/index.js';
import { indexTerms } from './analyzer.js';
import { exportRanked, type RankedTables } from './bm25.js';
import { buildRanked } from './ranked.js';
import { countRanked, fieldTerms, type FieldTerms } from './ranked-direct.js';
import { VocabularyBuilder, type VocabularyCounts } from './vocabulary.js';

/** Paragraphs `base`… `base + texts.length − 1`. */
export interface ShardJob {
  base: number;
  texts: string[];
  /** Each paragraph's heading path, outermost first. */
  paths: string[][];
  /** Count the tables directly (`ranked-direct.ts`) rather than through a MiniSearch: the same tables, faster. */
  direct?: boolean;
}

export interface ShardResult {
  base: number;
  tables: RankedTables;
  vocabulary: VocabularyCounts;
}

/**
 * Builds one shard. `beforeParagraph` runs before each paragraph is analysed (a build thread
 * reports progress and stops there when asked: never inside the segmenter's native call).
 */
export function buildShard(job: ShardJob, beforeParagraph?: (index: number) => void): ShardResult {
  const vocabulary = new VocabularyBuilder();
  if (job.direct === true) {
    // A heading path is shared by the paragraphs of its section: analysed and counted once.
    const headings = new Map<string, FieldTerms>();
    const tables = countRanked(job.texts.length, (id) => {
      beforeParagraph?.(id);
      const tokens = analyze(job.texts[id] ?? '', { mode: 'index' });
      vocabulary.add(tokens);
      const path = (job.paths[id] ?? []).join('\n');
      let heading = headings.get(path);
      if (heading === undefined) {
        heading = fieldTerms(indexTerms(path));
        headings.set(path, heading);
      }
      return [fieldTerms(tokens.map((token) => token.term)), heading];
    });
    for (let i = 0; i < tables.ids.length; i++) tables.ids[i] = (tables.ids[i] ?? 0) + job.base;
    return { base: job.base, tables, vocabulary: vocabulary.counts() };
  }
  const blocks = job.texts.map((text, i) => ({ text, sectionPath: job.paths[i] ?? [] }));
  const ranked = buildRanked({ blocks }, (id) => {
    beforeParagraph?.(id);
    const tokens = analyze(blocks[id]?.text ?? '', { mode: 'index' });
    vocabulary.add(tokens);
    return tokens.map((token) => token.term);
  });
  const tables = exportRanked(ranked, 0);
  const { ids } = tables;
  for (let i = 0; i < ids.length; i++) ids[i] = (ids[i] ?? 0) + job.base;
  return { base: job.base, tables, vocabulary: vocabulary.counts() };
}

/** The buffers of a result, to move it between threads without copying. */
export function transferables(result: ShardResult): ArrayBuffer[] {
  const { tables } = result;
  return [tables.offsets.buffer, tables.ids.buffer, tables.tfs.buffer, ...tables.lengths.map((array) => array.buffer)].filter((buffer): buffer is ArrayBuffer => buffer instanceof ArrayBuffer);
}
