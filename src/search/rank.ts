/**
 * Relevance. BM25 over paragraph text and heading path (heading matches weigh double), from
 * MiniSearch's ranked index, computed for the paragraphs the boolean evaluation kept and no
 * others (see `index/bm25.ts`). On top, each word of the query puts the paragraphs whose own
 * text holds it whole in a tier above the rest: `营商环境优化` as written ranks above its terms
 * scattered, and a paragraph that says `高质量发展` above one only filed under a heading saying it;
 * a paragraph holding the word only across two of its own words (`民生` in `便民生活圈`) is left
 * out of the tier.
 */
import { holdsAsWord, indexOfWord, MAX_STRADDLE_CHECKS, needsBounds } from './bounds.js';
import type { SearchIndex } from '../index/index.js';
import { formsOf, type TextProofs } from './evaluate.js';
import { EMPTY, filter, union } from '../index/postings.js';
import type { Leaf } from './plan.js';

/** Score added per whole-word tier: above any BM25 sum a query of ordinary length reaches. */
export const TIER_SCORE = 1000;

export { MAX_STRADDLE_CHECKS };

/** Scores of `ids` (aligned with it) for the given positive leaves; `proofs` from their evaluation. */
export function score(index: SearchIndex, ids: Int32Array, leaves: readonly Leaf[], proofs?: TextProofs): Float64Array {
  const terms = [...new Set(leaves.flatMap((leaf) => leaf.scoreTerms))];
  const scores = index.ranked.score(terms, ids);
  const budget = { left: MAX_STRADDLE_CHECKS };
  for (const leaf of leaves) {
    const { run } = leaf;
    if (run === undefined || leaf.field !== 'any') continue;
    const { norms } = index.table;
    // A word held whole in one of its forms (`新基建` or `新型基础设施`) is held whole.
    const forms = leaf.needles.includes(run) || leaf.spellings?.has(run) === true ? formsOf(leaf, run) : [run];
    // Without a proof, the forms' rarest bigrams narrow the paragraphs before any text is read;
    // a form with a Latin or digit edge must then stand on its own (`20` is not in `2023`).
    const foundForm = (form: string): Int32Array => {
      const inText = index.ngrams.find(form, ids);
      return needsBounds(form) ? filter(inText, (id) => indexOfWord(norms[id] ?? '', form) >= 0) : inText;
    };
    const found = (): Int32Array => forms.reduce((all, form) => union(all, foundForm(form)), EMPTY);
    const proof = (forms.length === 1 ? proofs?.get(leaf) : undefined) ?? { domain: ids, inText: found() };
    const { inText, domain } = proof;
    wordsAsMeant(markWhole(ids, inText, domain, (id) => forms.some((form) => indexOfWord(norms[id] ?? '', form) >= 0)), ids, norms, forms, budget).forEach((i) => {
      scores[i] = (scores[i] ?? 0) + TIER_SCORE;
    });
  }
  return scores;
}

/**
 * Of the positions `held` in `ids`, those whose paragraph holds one of `forms` as the text means
 * it, not only across two of its words (`民生` in `一刻钟便民生活圈`, see `holdsAsWord`): such
 * a paragraph still matches, but ranks after the genuine ones. `budget.left` paragraphs at most
 * are read (shared by the words of one query, `MAX_STRADDLE_CHECKS` in all); the rest keep their place.
 */
export function wordsAsMeant(held: number[], ids: Int32Array, norms: readonly string[], forms: readonly string[], budget: { left: number }): number[] {
  return held.filter((i) => budget.left-- <= 0 || forms.some((form) => holdsAsWord(norms[ids[i] ?? 0] ?? '', form)));
}

/**
 * Positions in `ids` (sorted) of the paragraphs holding a whole word: those in `inText`, and,
 * outside `domain` (what `inText` was decided over; `undefined` for every paragraph), those
 * `holds` accepts. One merge over the three sorted lists.
 */
export function markWhole(ids: Int32Array, inText: Int32Array, domain: Int32Array | undefined, holds: (id: number) => boolean): number[] {
  const out: number[] = [];
  let t = 0;
  let d = 0;
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i] ?? 0;
    while (t < inText.length && (inText[t] ?? 0) < id) t++;
    if (t < inText.length && inText[t] === id) {
      out.push(i);
      continue;
    }
    if (domain === undefined) continue;
    while (d < domain.length && (domain[d] ?? 0) < id) d++;
    if (d < domain.length && domain[d] === id) continue;
    if (holds(id)) out.push(i);
  }
  return out;
}

/** Whether position `a` ranks above `b`: higher score, then lower position (document order). */
function better(scores: Float64Array, a: number, b: number): boolean {
  const x = scores[a] ?? 0;
  const y = scores[b] ?? 0;
  return x > y || (x === y && a < b);
}

/** Restores the min-heap (worst on top) below position `i`. */
function siftDown(heap: number[], scores: Float64Array, i: number): void {
  for (;;) {
    const l = 2 * i + 1;
    const r = l + 1;
    let worst = i;
    if (l < heap.length && better(scores, heap[worst] ?? 0, heap[l] ?? 0)) worst = l;
    if (r < heap.length && better(scores, heap[worst] ?? 0, heap[r] ?? 0)) worst = r;
    if (worst === i) return;
    const t = heap[i] ?? 0;
    heap[i] = heap[worst] ?? 0;
    heap[worst] = t;
    i = worst;
  }
}

/**
 * Positions of the `count` best scores, best first (ties in ascending position, i.e. document
 * order). Sorts only what a page needs when the result set is large. Module-level helpers, no
 * closures: this runs for every ranked answer.
 */
export function topOrder(scores: Float64Array, count: number): number[] {
  const n = scores.length;
  if (count >= n / 4) {
    const all: number[] = [];
    for (let i = 0; i < n; i++) all.push(i);
    // Scores are finite: higher first, then lower position, as `better` orders them.
    all.sort((a, b) => (scores[b] ?? 0) - (scores[a] ?? 0) || a - b);
    if (all.length > count) all.length = count;
    return all;
  }
  // A min-heap of the best `count` positions seen so far.
  const heap: number[] = [];
  for (let i = 0; i < n; i++) {
    if (heap.length < count) {
      heap.push(i);
      for (let c = heap.length - 1; c > 0; ) {
        const p = (c - 1) >> 1;
        if (!better(scores, heap[p] ?? 0, heap[c] ?? 0)) break;
        const t = heap[p] ?? 0;
        heap[p] = heap[c] ?? 0;
        heap[c] = t;
        c = p;
      }
    } else if (count > 0 && better(scores, i, heap[0] ?? 0)) {
      heap[0] = i;
      siftDown(heap, scores, 0);
    }
  }
  return heap.sort((a, b) => (scores[b] ?? 0) - (scores[a] ?? 0) || a - b);
}
