/**
 * Relevance. MiniSearch scores the matching paragraphs with BM25 over text and heading path
 * (heading matches weigh double); only the paragraphs the boolean evaluation kept are scored
 * (`boostDocument` returns 0 for the rest, which MiniSearch skips before computing anything).
 * On top, each word of the query puts the paragraphs whose own text holds it whole in a tier
 * above the rest: `营商环境优化` as written ranks above its terms scattered, and a paragraph
 * that says `高质量发展` above one that is only filed under a heading saying it.
 */
import type { SearchIndex } from '../index/index.js';
import { TERMS_SEARCH } from '../index/ranked.js';
import type { Leaf } from './plan.js';

/** Score added per whole-word tier: above any BM25 sum a query of ordinary length reaches. */
export const TIER_SCORE = 1000;

/** Per-paragraph buffers reused across queries (all zero between calls). */
export interface ScoreScratch {
  mask: Uint8Array;
  byId: Float64Array;
}

/** Buffers for an index of `count` paragraphs. */
export function scoreScratch(count: number): ScoreScratch {
  return { mask: new Uint8Array(count), byId: new Float64Array(count) };
}

/** Scores of `ids` (aligned with it) for the given positive leaves. */
export function score(index: SearchIndex, ids: Int32Array, leaves: readonly Leaf[], scratch: ScoreScratch): Float64Array {
  const { mask, byId } = scratch;
  const scores = new Float64Array(ids.length);
  if (ids.length === 0) return scores;
  const terms = [...new Set(leaves.flatMap((leaf) => leaf.scoreTerms))];
  if (terms.length > 0) {
    for (const id of ids) mask[id] = 1;
    try {
      const results = index.ranked.search(
        { combineWith: 'OR', queries: terms },
        { ...TERMS_SEARCH, boostDocument: (id: number) => mask[id] ?? 0 },
      );
      for (const result of results) byId[result.id as number] = result.score;
      ids.forEach((id, i) => {
        scores[i] = byId[id] ?? 0;
      });
    } finally {
      for (const id of ids) {
        mask[id] = 0;
        byId[id] = 0;
      }
    }
  }
  const runs = leaves.flatMap((leaf) => (leaf.run !== undefined && leaf.field === 'any' ? [leaf.run] : []));
  if (runs.length > 0) {
    const { norms } = index.table;
    ids.forEach((id, i) => {
      const norm = norms[id] ?? '';
      for (const run of runs) if (norm.includes(run)) scores[i] = (scores[i] ?? 0) + TIER_SCORE;
    });
  }
  return scores;
}
