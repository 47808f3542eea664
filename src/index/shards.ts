/**
 * The ranked index built in shards, to bound the build's memory and to share it between
 * threads: each shard of consecutive paragraphs is MiniSearch's flattened index over them
 * (`countRanked`, the tables `exportRanked` gives of a MiniSearch with the same options), its
 * working arrays dropped before the next one is built; the shards' tables are
 * then merged. Nothing of BM25 is lost: a term's document frequency is the sum over the shards (its
 * lists are concatenated), and the global document count and average field lengths are
 * computed over all paragraphs, in MiniSearch's own way, so the scores are those of one
 * MiniSearch over the whole corpus.
 */
import type { RankedTables } from './bm25.js';
import type { ParagraphTable } from './paragraphs.js';
import { RANKED_FIELDS } from './ranked.js';
import { countRanked, fieldTerms, type FieldTerms } from './ranked-direct.js';
import { analyzeNormalized } from '../text/index.js';

/** Paragraphs per shard: large enough to merge few, small enough to stay in memory. */
export const RANKED_SHARD_SIZE = 16384;

/** Index terms of a normalised text. */
function termsOf(norm: string): string[] {
  return analyzeNormalized(norm, { mode: 'index' }).map((token) => token.term);
}

/**
 * Builds the ranked tables over every paragraph of `table`, `shardSize` paragraphs per shard.
 * `textTerms(id)` gives paragraph `id`'s index terms (by default analysed from its normalised
 * text), called once per paragraph in order (a build passes one that also feeds the
 * vocabulary); `onProgress` is told the paragraphs done every 64 paragraphs.
 */
export function buildRankedTables(
  table: ParagraphTable,
  textTerms: (id: number) => string[] = (id) => termsOf(table.norms[id] ?? ''),
  onProgress?: (done: number) => void,
  shardSize: number = RANKED_SHARD_SIZE,
): RankedTables {
  if (!Number.isInteger(shardSize) || shardSize < 1) throw new Error(`index: shard size must be a positive integer, got ${String(shardSize)}`);
  const count = table.blocks.length;
  // Heading paths repeat for every paragraph of a section: each distinct path analysed once.
  const pathTerms: (FieldTerms | undefined)[] = [];
  const headingTerms = (id: number): FieldTerms => {
    const p = table.pathOf[id] ?? 0;
    let terms = pathTerms[p];
    if (terms === undefined) {
      terms = fieldTerms(termsOf(table.paths[p] ?? ''));
      pathTerms[p] = terms;
    }
    return terms;
  };
  const shards: RankedTables[] = [];
  for (let from = 0; from < count || shards.length === 0; from += shardSize) {
    const to = Math.min(count, from + shardSize);
    const shard = countRanked(to - from, (local) => {
      const id = from + local;
      if (onProgress !== undefined && id % 64 === 63) onProgress(id + 1);
      return [fieldTerms(textTerms(id)), headingTerms(id)];
    });
    for (let i = 0; i < shard.ids.length; i++) shard.ids[i] = (shard.ids[i] ?? 0) + from;
    onProgress?.(to);
    shards.push(shard);
  }
  return mergeRanked(shards, count);
}

/**
 * Merges the tables of shards over consecutive paragraph ranges (in order, covering
 * 0…documentCount − 1) into the tables of one index over them all.
 */
export function mergeRanked(shards: readonly RankedTables[], documentCount: number): RankedTables {
  const fieldCount = RANKED_FIELDS.length;
  const terms = [...new Set(shards.flatMap((shard) => shard.terms))].sort();
  const offsets = new Uint32Array(terms.length * fieldCount + 1);
  // Each shard's terms are sorted as the merged ones are: walk them side by side.
  const cursors = new Int32Array(shards.length);
  const at = (shard: RankedTables, s: number, term: string): number => {
    const t = cursors[s] ?? 0;
    return shard.terms[t] === term ? t : -1;
  };
  let total = 0;
  for (const shard of shards) total += shard.ids.length;
  const ids = new Int32Array(total);
  const tfs = new Uint16Array(total);
  let n = 0;
  terms.forEach((term, t) => {
    for (let f = 0; f < fieldCount; f++) {
      offsets[t * fieldCount + f] = n;
      shards.forEach((shard, s) => {
        const local = at(shard, s, term);
        if (local < 0) return;
        const from = shard.offsets[local * fieldCount + f] ?? 0;
        const to = shard.offsets[local * fieldCount + f + 1] ?? 0;
        ids.set(shard.ids.subarray(from, to), n);
        tfs.set(shard.tfs.subarray(from, to), n);
        n += to - from;
      });
    }
    shards.forEach((shard, s) => {
      if (at(shard, s, term) >= 0) cursors[s] = (cursors[s] ?? 0) + 1;
    });
  });
  offsets[terms.length * fieldCount] = n;
  const lengths = RANKED_FIELDS.map(() => new Uint16Array(documentCount));
  let base = 0;
  for (const shard of shards) {
    lengths.forEach((array, f) => {
      const part = shard.lengths[f];
      if (part !== undefined) array.set(part.subarray(0, Math.max(0, Math.min(part.length, documentCount - base))), base);
    });
    base += shard.documentCount;
  }
  // MiniSearch's running average (`addFieldLength`), in the same order, for the same value.
  const averages = lengths.map((array) => {
    let average = 0;
    for (let id = 0; id < documentCount; id++) average = (average * id + (array[id] ?? 0)) / (id + 1);
    return average;
  });
  return { terms, offsets, ids, tfs, lengths, averages, documentCount };
}
