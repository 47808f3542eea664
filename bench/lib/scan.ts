/**
 * The brute-force baseline: every query answered by reading every paragraph's normalised text
 * and heading path, with the search core's own semantics — the query is compiled by the core's
 * planner (`src/search/plan.ts`: the same analysis into needles, the same pruning), a word's
 * needle matches standing on its own in the text (`indexOfWord`, digit and Latin edges bounded)
 * or anywhere in the heading path, a phrase is a plain substring of the text, `-` excludes, `OR`
 * unites, `/SEN` and `/NEAR` are decided by the core's own `nearHolds`, filters restrict by report
 * metadata — so its result sets equal the index's, and its time is the floor an index must beat.
 */
import { parseQuery } from '../../src/query/index.js';
import { PATH_SEPARATOR } from '../../src/index/paragraphs.js';
import { indexOfWord } from '../../src/search/bounds.js';
import { compile, type Leaf, type Plan } from '../../src/search/plan.js';
import { nearHolds, type NearPlan } from '../../src/search/proximity.js';
import { facetCounts, reportFilter, type CorpusView, type EngineResult } from './corpus-view.js';

/** Tests one paragraph (by number). */
type Predicate = (id: number) => boolean;

/** Whether paragraph `id` holds `needle` as the leaf's kind asks (text and heading path). */
export function leafHolds(view: CorpusView, leaf: Leaf, needle: string, id: number): boolean {
  const path = view.paths[id] ?? '';
  if (leaf.field === 'heading') return path.includes(needle);
  const norm = view.norms[id] ?? '';
  if (leaf.source === 'phrase') return norm.includes(needle);
  return indexOfWord(norm, needle) >= 0 || path.includes(needle);
}

/** Whether paragraph `id` satisfies a `/SEN` or `/NEAR` plan (in its text, or in one of its headings). */
export function nearMatches(view: CorpusView, plan: NearPlan, id: number): boolean {
  if (plan.field === 'heading') return (view.paths[id] ?? '').split(PATH_SEPARATOR).some((heading) => nearHolds(plan, heading));
  return nearHolds(plan, view.norms[id] ?? '');
}

/** Whether paragraph `id` matches `leaf` (every needle). */
export function leafMatches(view: CorpusView, leaf: Leaf, id: number): boolean {
  return leaf.needles.every((needle) => leafHolds(view, leaf, needle, id));
}

function predicate(view: CorpusView, plan: Plan): Predicate {
  switch (plan.kind) {
    case 'leaf':
      return (id) => leafMatches(view, plan, id);
    case 'and': {
      const positive = plan.positive.map((child) => predicate(view, child));
      const negative = plan.negative.map((child) => predicate(view, child));
      return (id) => positive.every((child) => child(id)) && !negative.some((child) => child(id));
    }
    case 'or': {
      const children = plan.children.map((child) => predicate(view, child));
      return (id) => children.some((child) => child(id));
    }
    case 'not': {
      const child = predicate(view, plan.child);
      return (id) => !child(id);
    }
    case 'near':
      return (id) => nearMatches(view, plan, id);
  }
}

/**
 * A query as every baseline engine sees it: the compiled plan (`null`: nothing to search for)
 * and the report filter. Filters alone list their paragraphs, as the service does; a query
 * whose words hold nothing to search for finds nothing.
 */
export interface BaselineQuery {
  plan: Plan | null;
  /** Whether a `null` plan matches every paragraph the filters allow. */
  filtersOnly: boolean;
  allowed: ((r: number) => boolean) | undefined;
}

export function baselineQuery(view: CorpusView, query: string): BaselineQuery {
  const parsed = parseQuery(query);
  const plan = parsed.root === null ? null : compile(parsed.root);
  const allowed = reportFilter(view, parsed.filters);
  return { plan, filtersOnly: parsed.root === null && allowed !== undefined, allowed };
}

/** Paragraph numbers matching `query`, ascending, by scanning every paragraph. */
export function scanIds(view: CorpusView, query: string): number[] {
  const { plan, filtersOnly, allowed } = baselineQuery(view, query);
  if (plan === null && !filtersOnly) return [];
  const matches = plan === null ? () => true : predicate(view, plan);
  const ids: number[] = [];
  const count = view.norms.length;
  for (let id = 0; id < count; id++) {
    if (allowed !== undefined && !allowed(view.reportOf[id] ?? 0)) continue;
    if (matches(id)) ids.push(id);
  }
  return ids;
}

/** Answers `query` by a scan: total and facets. */
export function scanSearch(view: CorpusView, query: string): EngineResult {
  return facetCounts(view, scanIds(view, query));
}
