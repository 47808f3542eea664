/**
 * The query's boolean tree over sorted id lists, for engines that can only answer a leaf (a set
 * of terms, or a substring): each leaf's paragraphs come from the engine, `AND`, `OR` and `-` are
 * set operations here, filters a pass over report metadata, facets counted as the API does.
 */
import type { Leaf, Plan } from '../../src/search/plan.js';
import { facetCounts, type CorpusView, type EngineResult } from './corpus-view.js';
import { baselineQuery, nearMatches } from './scan.js';

/** Paragraph numbers of one leaf, ascending. */
export type LeafFetcher = (leaf: Leaf) => number[];

export function intersectSorted(a: readonly number[], b: readonly number[]): number[] {
  const out: number[] = [];
  for (let i = 0, j = 0; i < a.length && j < b.length; ) {
    const x = a[i] ?? 0;
    const y = b[j] ?? 0;
    if (x === y) {
      out.push(x);
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return out;
}

function everyId(count: number): number[] {
  return Array.from({ length: count }, (_, id) => id);
}

function evaluate(view: CorpusView, plan: Plan, fetch: LeafFetcher, count: number): number[] {
  switch (plan.kind) {
    case 'leaf':
      return fetch(plan);
    case 'and': {
      let current: number[] | undefined;
      for (const child of plan.positive) {
        const found = evaluate(view, child, fetch, count);
        current = current === undefined ? found : intersectSorted(current, found);
        if (current.length === 0) return current;
      }
      current ??= everyId(count);
      for (const child of plan.negative) {
        const excluded = new Set(evaluate(view, child, fetch, count));
        current = current.filter((id) => !excluded.has(id));
      }
      return current;
    }
    case 'or': {
      const all = new Set<number>();
      for (const child of plan.children) for (const id of evaluate(view, child, fetch, count)) all.add(id);
      return [...all].sort((a, b) => a - b);
    }
    case 'not': {
      const excluded = new Set(evaluate(view, plan.child, fetch, count));
      return everyId(count).filter((id) => !excluded.has(id));
    }
    case 'near':
      // No peer answers the core's sentence and distance rules: checked paragraph by paragraph.
      return everyId(count).filter((id) => nearMatches(view, plan, id));
  }
}

/** Answers `query` with leaves from `fetch`: total and facets. */
export function answerByLeaves(view: CorpusView, query: string, fetch: LeafFetcher): EngineResult {
  const { plan, filtersOnly, allowed } = baselineQuery(view, query);
  const count = view.norms.length;
  let ids = plan === null ? (filtersOnly ? everyId(count) : []) : evaluate(view, plan, fetch, count);
  if (allowed !== undefined) ids = ids.filter((id) => allowed(view.reportOf[id] ?? 0));
  return facetCounts(view, ids);
}

/**
 * A leaf answered by a token engine (`fetch(terms)`: paragraphs holding every term as a token):
 * a word by its terms in the paragraph's text (the engine's own semantics: a term inside a
 * longer token is not found), a phrase by its terms' paragraphs confirmed by `includes` (the
 * usual way to add phrases to a bag-of-words engine), a `heading:` word by the paths.
 */
export function tokenLeaf(view: CorpusView, leaf: Leaf, fetch: (terms: readonly string[]) => number[]): number[] {
  const { norms, paths } = view;
  // The engines index paragraph text only: a `heading:` word or phrase is found in the paths.
  if (leaf.field === 'heading') return everyId(norms.length).filter((id) => leaf.needles.every((needle) => (paths[id] ?? '').includes(needle)));
  if (leaf.source === 'phrase') return fetch(leaf.scoreTerms).filter((id) => leaf.needles.every((needle) => (norms[id] ?? '').includes(needle)));
  return fetch(leaf.needles);
}
