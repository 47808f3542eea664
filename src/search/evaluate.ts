/**
 * The boolean tree evaluated over posting lists. Each step works inside the set the previous
 * steps left (`within`), and an AND starts from its rarest child, so a common word only ever
 * checks the few paragraphs the rare ones allowed.
 */
import type { SearchIndex } from '../index/index.js';
import { PATH_SEPARATOR } from '../index/paragraphs.js';
import { EMPTY, filter, intersect, range, subtract, union } from '../index/postings.js';
import { indexOfWord, needsBounds } from './bounds.js';
import type { Leaf, Plan } from './plan.js';
import { estimateNear, evaluateNear, nearHolds } from './proximity.js';

/** Paragraph numbers under any heading path that contains every needle, each in one of its forms (`formsOf`). */
function headingMatches(index: SearchIndex, needles: readonly string[], formsOfNeedle: (needle: string) => readonly string[] = (needle) => [needle]): Int32Array {
  let paths: Int32Array | undefined;
  for (const needle of needles) {
    const within = paths;
    paths = formsOfNeedle(needle).reduce((all, form) => union(all, index.pathNgrams.find(form, within)), EMPTY);
    if (paths.length === 0) return EMPTY;
  }
  const { pathMembers } = index.table;
  if (paths === undefined) return range(index.table.blocks.length);
  if (paths.length === 1) return pathMembers[paths[0] ?? 0] ?? EMPTY;
  const found: number[] = [];
  for (const p of paths) for (const id of pathMembers[p] ?? EMPTY) found.push(id);
  return Int32Array.from(found).sort();
}

/** The paragraphs of `within` whose heading path contains `needle`. */
function underHeading(index: SearchIndex, needle: string, within: Int32Array): Int32Array {
  const { paths, pathOf } = index.table;
  // Few candidates: look at their paths. Many: mark the matching paths once, then keep the
  // candidates under a marked path (no list of every paragraph under them to merge and sort).
  if (within.length <= 64) return filter(within, (id) => (paths[pathOf[id] ?? 0] ?? '').includes(needle));
  const matching = index.pathNgrams.find(needle);
  if (matching.length === 0) return EMPTY;
  const marked = new Uint8Array(paths.length);
  for (const p of matching) marked[p] = 1;
  return filter(within, (id) => marked[pathOf[id] ?? 0] === 1);
}

/**
 * What the evaluation proved about a word's text: of the paragraphs in `domain` (all when
 * `undefined`), exactly those in `inText` hold the word whole in their text. Ranking reuses it
 * instead of reading the texts again.
 */
export interface TextProof {
  domain: Int32Array | undefined;
  inText: Int32Array;
}

/** Proofs recorded during one evaluation, by leaf. */
export type TextProofs = Map<Leaf, TextProof>;

/**
 * Where a word of the `any` field may match: `text`, the paragraph's own text only (what is
 * counted); `section`, its text or its heading path (what is offered after, labelled). Phrases
 * and exclusions always look at the text alone; `heading:` words at the heading path alone.
 */
export type Scope = 'text' | 'section';

/**
 * Text matches already found during one search, by word source and form, with the set they
 * were sought in (compared by identity): a search evaluates its tree once for the paragraphs'
 * own text and once more with their headings, and the second pass mostly seeks the same form in
 * the same set. Results are read-only.
 */
export type FindMemo = Map<string, Array<{ within: Int32Array | undefined; found: Int32Array }>>;

function evaluateLeaf(index: SearchIndex, leaf: Leaf, within: Int32Array | undefined, proofs: TextProofs | undefined, scope: Scope, memo: FindMemo | undefined): Int32Array {
  if (leaf.field === 'heading') {
    const matches = headingMatches(index, leaf.needles, (needle) => formsOf(leaf, needle));
    return within === undefined ? matches : intersect(within, matches);
  }
  const needles = byEstimate(leaf.needles, (needle) => estimateForms(index, formsOf(leaf, needle)));
  let current = within;
  for (const needle of needles) {
    const forms = formsOf(leaf, needle);
    let inText = EMPTY;
    for (const form of forms) inText = union(inText, memoFind(index, leaf, form, current, memo));
    // A word that is its own single needle: `inText` is exactly where the whole word occurs.
    if (proofs !== undefined && leaf.run === needle && leaf.needles.length === 1 && forms.length === 1) proofs.set(leaf, { domain: current, inText });
    if (leaf.source === 'phrase' || scope === 'text') {
      current = inText;
    } else {
      // A word may also match in the heading path, as in the ranked index's heading field.
      let inPath = EMPTY;
      for (const form of forms) inPath = union(inPath, current === undefined ? headingMatches(index, [form]) : underHeading(index, form, current));
      current = union(inText, inPath);
    }
    if (current.length === 0) break;
  }
  return current ?? range(index.table.blocks.length);
}

/** `findWord`, answered from `memo` when the same form was sought in the same set before. */
function memoFind(index: SearchIndex, leaf: Leaf, form: string, within: Int32Array | undefined, memo: FindMemo | undefined): Int32Array {
  if (memo === undefined) return findWord(index, leaf, form, within);
  const key = `${leaf.source}\u0000${form}`;
  let seen = memo.get(key);
  if (seen === undefined) memo.set(key, (seen = []));
  for (const entry of seen) if (entry.within === within) return entry.found;
  const found = findWord(index, leaf, form, within);
  seen.push({ within, found });
  return found;
}

/** The paragraphs of `within` (all when `undefined`) whose text holds `form` (as a word, for words). */
function findWord(index: SearchIndex, leaf: Leaf, form: string, within: Int32Array | undefined): Int32Array {
  const found = index.ngrams.find(form, within);
  if (leaf.source !== 'term' || !needsBounds(form)) return found;
  const { norms } = index.table;
  return filter(found, (id) => indexOfWord(norms[id] ?? '', form) >= 0);
}

/** A needle and its variants (as the corpus spells them): the strings any of which satisfies it. */
export function formsOf(leaf: Leaf, needle: string): readonly string[] {
  const spelled = leaf.spellings?.get(needle);
  if (spelled !== undefined) return spelled;
  const variants = leaf.variants?.get(needle);
  return variants === undefined ? [needle] : [needle, ...variants];
}

function estimateForms(index: SearchIndex, forms: readonly string[]): number {
  return forms.reduce((sum, form) => sum + index.ngrams.estimate(form), 0);
}

/** `items` from the fewest expected matches to the most (each estimated once). */
function byEstimate<T>(items: readonly T[], estimateOf: (item: T) => number): T[] {
  if (items.length < 2) return [...items];
  return items
    .map((item) => ({ item, size: estimateOf(item) }))
    .sort((a, b) => a.size - b.size)
    .map(({ item }) => item);
}

/** An upper bound on a plan's matches, to order the children of an AND. */
export function estimate(index: SearchIndex, plan: Plan): number {
  switch (plan.kind) {
    case 'leaf':
      if (plan.field === 'heading') return index.table.blocks.length;
      return Math.min(index.table.blocks.length, ...plan.needles.map((needle) => estimateForms(index, formsOf(plan, needle))));
    case 'and':
      return Math.min(index.table.blocks.length, ...plan.positive.map((child) => estimate(index, child)));
    case 'or':
      return plan.children.reduce((sum, child) => sum + estimate(index, child), 0);
    case 'not':
      return index.table.blocks.length;
    case 'near':
      return estimateNear(index, plan);
  }
}

/**
 * Paragraphs matching `plan`, ascending, within `within` when given (sorted). `proofs`, when
 * given, receives what was learnt about whole words (see `TextProof`).
 */
export function evaluate(index: SearchIndex, plan: Plan, within?: Int32Array, proofs?: TextProofs, scope: Scope = 'text', memo?: FindMemo): Int32Array {
  switch (plan.kind) {
    case 'leaf':
      return evaluateLeaf(index, plan, within, proofs, scope, memo);
    case 'and': {
      const positive = byEstimate(plan.positive, (child) => estimate(index, child));
      let current = within;
      for (const child of positive) {
        if (current?.length === 0) return current;
        current = evaluate(index, child, current, proofs, scope, memo);
      }
      current ??= range(index.table.blocks.length);
      for (const child of plan.negative) {
        if (current.length === 0) return current;
        // An exclusion looks at the paragraph's own text, whatever its heading says.
        current = subtract(current, evaluate(index, child, current, undefined, 'text', memo));
      }
      return current;
    }
    case 'or': {
      let result = EMPTY;
      for (const child of plan.children) result = union(result, evaluate(index, child, within, proofs, scope, memo));
      return result;
    }
    case 'not': {
      const all = within ?? range(index.table.blocks.length);
      return subtract(all, evaluate(index, plan.child, all, undefined, 'text', memo));
    }
    case 'near':
      return evaluateNear(index, plan, within);
  }
}

/**
 * Whether one text (normalised) matches `plan` on its own, as a heading does in the reader and
 * in comparisons: every field applies to it.
 */
export function matchesText(plan: Plan, norm: string): boolean {
  switch (plan.kind) {
    case 'leaf':
      return plan.needles.every((needle) => formsOf(plan, needle).some((form) => (plan.source === 'term' ? indexOfWord(norm, form) >= 0 : norm.includes(form))));
    case 'and':
      return plan.positive.every((child) => matchesText(child, norm)) && !plan.negative.some((child) => matchesText(child, norm));
    case 'or':
      return plan.children.some((child) => matchesText(child, norm));
    case 'not':
      return !matchesText(plan.child, norm);
    case 'near':
      return nearHolds(plan, norm);
  }
}

/**
 * Whether paragraph text `norm` under the heading path `path` (both normalised; the path's
 * headings joined with `PATH_SEPARATOR`) matches `plan` in `scope`: exactly what `evaluate`
 * decides for one paragraph. Engines whose candidates are a superset of the answer are checked with it.
 */
export function matchesParagraph(plan: Plan, norm: string, path: string, scope: Scope = 'text'): boolean {
  switch (plan.kind) {
    case 'leaf': {
      const holds = (text: string, form: string): boolean => (plan.source === 'term' && needsBounds(form) ? indexOfWord(text, form) >= 0 : text.includes(form));
      if (plan.field === 'heading') return plan.needles.every((needle) => formsOf(plan, needle).some((form) => path.includes(form)));
      const inPath = plan.source === 'term' && scope === 'section';
      return plan.needles.every((needle) => formsOf(plan, needle).some((form) => holds(norm, form) || (inPath && path.includes(form))));
    }
    case 'and':
      return plan.positive.every((child) => matchesParagraph(child, norm, path, scope)) && !plan.negative.some((child) => matchesParagraph(child, norm, path, 'text'));
    case 'or':
      return plan.children.some((child) => matchesParagraph(child, norm, path, scope));
    case 'not':
      return !matchesParagraph(plan.child, norm, path, 'text');
    case 'near':
      return plan.field === 'heading' ? path.split(PATH_SEPARATOR).some((heading) => nearHolds(plan, heading)) : nearHolds(plan, norm);
  }
}
