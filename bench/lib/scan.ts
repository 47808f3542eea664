/**
 * The brute-force baseline: every query answered by `String.prototype.includes` over the
 * normalised text (and heading path) of every paragraph, with the search core's semantics — a
 * word is read into needles (`src/search/plan.ts`) that must each occur, in one of their forms,
 * in the paragraph's own text (`src/search/bounds.ts` for Latin and digit edges), a phrase must
 * occur in the text exactly, `heading:` looks at the heading path, `-` excludes, `OR` unites,
 * filters restrict by report metadata — so its result sets equal the index's, and its time is
 * the floor an index must beat.
 */
import { parseQuery } from '../../src/query/index.js';
import { indexOfWord } from '../../src/search/bounds.js';
import { compile, type Leaf, type Plan } from '../../src/search/plan.js';
import { relaxUnits } from '../../src/search/relax.js';
import { PATH_SEPARATOR } from '../../src/index/paragraphs.js';
import { nearHolds, type NearPlan } from '../../src/search/proximity.js';
import { Spellings } from '../../src/search/spellings.js';
import { facetCounts, reportFilter, type CorpusView, type EngineResult } from './corpus-view.js';

/** Tests one paragraph (by number). */
type Predicate = (id: number) => boolean;

/** A needle and its other forms (`dict/variants.txt`): the needle matches where any occurs. */
export function formsOf(leaf: Leaf, needle: string): string[] {
  return [needle, ...(leaf.variants?.get(needle) ?? [])];
}

/** What each corpus writes inside words (`src/search/spellings.ts`), read once per view. */
const spellingsByView = new WeakMap<CorpusView, Spellings>();

function spellingsOf(view: CorpusView): Spellings {
  let spellings = spellingsByView.get(view);
  if (spellings === undefined) {
    spellings = new Spellings([...view.norms, ...new Set(view.paths.flatMap((path) => path.split(PATH_SEPARATOR)))]);
    spellingsByView.set(view, spellings);
  }
  return spellings;
}

/**
 * Whether paragraph `id` holds one form of `needle` as the leaf asks (its text, or its heading
 * path for `heading:`). In the text, each form is tried as the corpus spells it, as the search
 * does (transparent characters inside, compatibility characters).
 */
export function leafHolds(view: CorpusView, leaf: Leaf, needle: string, id: number): boolean {
  const text = (leaf.field === 'heading' ? view.paths[id] : view.norms[id]) ?? '';
  const forms = leaf.field === 'heading' ? formsOf(leaf, needle) : formsOf(leaf, needle).flatMap((form) => spellingsOf(view).of(form));
  return forms.some((form) => (leaf.source === 'term' ? indexOfWord(text, form) >= 0 : text.includes(form)));
}

/** Whether paragraph `id` satisfies a `/SEN` or `/NEAR` plan (in its text, or in one of its headings). */
export function nearMatches(view: CorpusView, plan: NearPlan, id: number): boolean {
  if (plan.field === 'heading') return (view.paths[id] ?? '').split(PATH_SEPARATOR).some((heading) => nearHolds(plan, heading));
  return nearHolds(plan, view.norms[id] ?? '');
}

/**
 * A query as the peer engines see it: the compiled plan (`null`: nothing to search for) and
 * the report filter. Filters alone list their paragraphs, as the service does; a query whose
 * words hold nothing to search for finds nothing. (No peer relaxes a query that finds nothing.)
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

/** Paragraph numbers matching every word of `query` (no relaxation), ascending. */
export function strictScanIds(view: CorpusView, query: string): number[] {
  const { plan, filtersOnly, allowed } = baselineQuery(view, query);
  if (plan === null && !filtersOnly) return [];
  const matches = plan === null ? () => true : predicate(view, plan);
  const ids: number[] = [];
  for (let id = 0; id < view.norms.length; id++) if ((allowed === undefined || allowed(view.reportOf[id] ?? 0)) && matches(id)) ids.push(id);
  return ids;
}

function predicate(view: CorpusView, plan: Plan): Predicate {
  const { norms, paths } = view;
  switch (plan.kind) {
    case 'leaf': {
      const leaf = plan;
      return (id) => leaf.needles.every((needle) => leafHolds(view, leaf, needle, id));
    }
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
    case 'near': {
      const near = plan;
      if (near.field === 'heading') return (id) => (paths[id] ?? '').split(PATH_SEPARATOR).some((heading) => nearHolds(near, heading));
      return (id) => nearHolds(near, norms[id] ?? '');
    }
  }
}

/**
 * Paragraph numbers matching `query`, ascending, by scanning every paragraph. When none holds
 * every word, those holding the most of the query's units (`src/search/relax.ts`), as the
 * search does.
 */
export function scanIds(view: CorpusView, query: string): number[] {
  const parsed = parseQuery(query);
  const allowed = reportFilter(view, parsed.filters);
  const plan = parsed.root === null ? null : compile(parsed.root);
  const matches = parsed.root === null ? () => allowed !== undefined : plan === null ? () => false : predicate(view, plan);
  const count = view.norms.length;
  const inScope = (id: number): boolean => allowed === undefined || allowed(view.reportOf[id] ?? 0);
  const ids: number[] = [];
  for (let id = 0; id < count; id++) if (inScope(id) && matches(id)) ids.push(id);
  const split = ids.length === 0 && plan !== null ? relaxUnits(plan) : null;
  if (split === null || plan === null || withHeadings(view, plan, inScope)) return ids;
  const units = split.units.map((unit) => predicate(view, unit));
  const held = Array.from({ length: count }, (_, id) => (inScope(id) ? units.filter((unit) => unit(id)).length : 0));
  const best = Math.max(0, ...held);
  if (best === 0) return [];
  return held.flatMap((n, id) => (n === best ? [id] : []));
}

/** Whether some paragraph matches `plan` with its heading path read as part of its text (then nothing is relaxed). */
function withHeadings(view: CorpusView, plan: Plan, inScope: (id: number) => boolean): boolean {
  const joined: CorpusView = { ...view, norms: view.norms.map((norm, id) => `${norm}\n${view.paths[id] ?? ''}`) };
  const matches = predicate(joined, plan);
  return view.norms.some((_, id) => inScope(id) && matches(id));
}

/** Answers `query` by a scan: total and facets. */
export function scanSearch(view: CorpusView, query: string): EngineResult {
  return facetCounts(view, scanIds(view, query));
}
