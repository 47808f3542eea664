/**
 * Relevance. BM25 over paragraph text and heading path (heading matches weigh double), from
 * MiniSearch's ranked index, computed for the paragraphs the boolean evaluation kept and no
 * others (see `index/bm25.ts`). On top, each word of the query puts the paragraphs whose own
 * text holds it whole in a tier above the rest: `营商环境优化` as written ranks above its terms
 * scattered, and a paragraph that says `高质量发展` above one only filed under a heading saying it.
 */
import type { SearchIndex } from '../index/index.js';
import type { Leaf } from './plan.js';

/** Score added per whole-word tier: above any BM25 sum a query of ordinary length reaches. */
export const TIER_SCORE = 1000;

/** Scores of `ids` (aligned with it) for the given positive leaves. */
export function score(index: SearchIndex, ids: Int32Array, leaves: readonly Leaf[]): Float64Array {
  const terms = [...new Set(leaves.flatMap((leaf) => leaf.scoreTerms))];
  const scores = index.ranked.score(terms, ids);
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
