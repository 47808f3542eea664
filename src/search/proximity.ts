/**
 * Same sentence and nearness (`a /SEN b`, `a /NEAR 10 b`): compiling a proximity node, finding
 * the paragraphs where it holds, and the occurrences that make it hold (for highlights and
 * counts). Operands are matched as typed, like phrases, except that a word with a Latin or digit
 * edge must stand on its own (`bounds.ts`).
 *
 * - Same sentence: some sentence holds an occurrence of every operand. Sentences end after
 *   `。！？；` (their half-width forms after normalisation) and at the end of the text; an
 *   occurrence belongs to a sentence when it lies wholly inside it.
 * - Within n characters: an occurrence of each of the two operands, not overlapping, with at
 *   most n characters between them, in either order (`/NEAR 0`: touching).
 *
 * The occurrences marked are every one that takes part in some match: in a sentence holding all
 * operands, or within the distance of an occurrence of the other operand.
 */
import { normalizeQuery, queryTerms } from '../index/analyzer.js';
import type { SearchIndex } from '../index/index.js';
import { PATH_SEPARATOR } from '../index/paragraphs.js';
import { EMPTY, filter, range, union } from '../index/postings.js';
import type { Field, ProximityNode, QueryNode } from '../query/index.js';
import { indexOfWord, needsBounds } from './bounds.js';
import type { Leaf, Plan } from './plan.js';
import type { Range } from './types.js';

/** One way to satisfy an operand: a needle, as a word (with bounds) or plain. */
export interface NearAlternative {
  /** Normalised text to find. */
  needle: string;
  /** Whether the needle must stand on its own at Latin and digit edges. */
  word: boolean;
}

/** A compiled proximity node. */
export interface NearPlan {
  kind: 'near';
  field: Field;
  /** `sentence`, or the largest number of characters between the two operands. */
  within: 'sentence' | number;
  /** Per operand, its alternatives (an operand with none makes the plan empty). */
  operands: NearAlternative[][];
  /** One leaf per alternative, for ranking only. */
  leaves: Leaf[];
}

/** Characters that end a sentence in normalised text (`！？；` fold to `!?;`). */
const SENTENCE_END = /[。!?;！？；]/u;

/** Compiles a proximity node (operands are terms, phrases or ORs of them, as the parser guarantees). */
export function compileNear(node: ProximityNode): NearPlan {
  const operands: NearAlternative[][] = [];
  const leaves: Leaf[] = [];
  for (const operand of node.operands) {
    const alternatives: NearAlternative[] = [];
    for (const child of operand.kind === 'or' ? operand.children : [operand]) {
      const typed = typedText(child);
      const needle = normalizeQuery(typed.text);
      if (needle === '') continue;
      alternatives.push({ needle, word: typed.word && needsBounds(needle) });
      leaves.push({ kind: 'leaf', source: 'phrase', field: node.field, label: typed.text, needles: [needle], scoreTerms: queryTerms(typed.text) });
    }
    operands.push(alternatives);
  }
  return { kind: 'near', field: node.field, within: node.within, operands, leaves };
}

function typedText(node: QueryNode): { text: string; word: boolean } {
  if (node.kind === 'term') return { text: node.text, word: true };
  if (node.kind === 'phrase') return { text: node.text, word: false };
  throw new Error(`search: a proximity operand must be a term or a phrase, got "${node.kind}"`);
}

/** Whether the plan can match at all (every operand has something to find). */
export function isSearchable(plan: NearPlan): boolean {
  return plan.operands.length >= 2 && plan.operands.every((alternatives) => alternatives.length > 0);
}

/** Every occurrence (at every position) of an operand in `norm`, sorted by start. */
export function operandOccurrences(norm: string, alternatives: readonly NearAlternative[]): Range[] {
  const out: Range[] = [];
  for (const { needle, word } of alternatives) {
    const find = word ? (from: number) => indexOfWord(norm, needle, from) : (from: number) => norm.indexOf(needle, from);
    for (let i = find(0); i >= 0; i = find(i + 1)) out.push([i, i + needle.length]);
  }
  return out.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
}

/** `[start, end)` of each sentence of `norm`, the end including its closing mark. */
export function sentences(norm: string): Range[] {
  const out: Range[] = [];
  let start = 0;
  for (let i = 0; i < norm.length; i++) {
    if (SENTENCE_END.test(norm.charAt(i))) {
      out.push([start, i + 1]);
      start = i + 1;
    }
  }
  if (start < norm.length) out.push([start, norm.length]);
  return out;
}

/** The occurrences that make `plan` hold in `norm`, unsorted; empty when it does not hold. */
export function nearMatches(plan: NearPlan, norm: string): Range[] {
  if (!isSearchable(plan)) return [];
  const perOperand = plan.operands.map((alternatives) => operandOccurrences(norm, alternatives));
  if (perOperand.some((list) => list.length === 0)) return [];
  const marked: Range[] = [];
  if (plan.within === 'sentence') {
    for (const [start, end] of sentences(norm)) {
      const inside = perOperand.map((list) => list.filter(([s, e]) => s >= start && e <= end));
      if (inside.every((list) => list.length > 0)) for (const list of inside) marked.push(...list);
    }
    return marked;
  }
  const distance = plan.within;
  const [first = [], second = []] = perOperand;
  const used = new Set<number>();
  first.forEach(([s1, e1], i) => {
    second.forEach(([s2, e2], j) => {
      const gap = e1 <= s2 ? s2 - e1 : e2 <= s1 ? s1 - e2 : -1;
      if (gap < 0 || gap > distance) return;
      used.add(i);
      used.add(first.length + j);
    });
  });
  for (const k of used) marked.push((k < first.length ? first[k] : second[k - first.length]) ?? [0, 0]);
  return marked;
}

/** Whether `plan` holds in one text. */
export function nearHolds(plan: NearPlan, norm: string): boolean {
  return nearMatches(plan, norm).length > 0;
}

/** An upper bound on the paragraphs `plan` matches. */
export function estimateNear(index: SearchIndex, plan: NearPlan): number {
  const all = index.table.blocks.length;
  if (plan.field === 'heading') return all;
  return Math.min(all, ...plan.operands.map((alternatives) => alternatives.reduce((sum, { needle }) => sum + index.ngrams.estimate(needle), 0)));
}

/** Paragraphs of `within` (all when `undefined`) where `plan` holds, ascending. */
export function evaluateNear(index: SearchIndex, plan: NearPlan, within: Int32Array | undefined): Int32Array {
  if (!isSearchable(plan)) return EMPTY;
  const { norms, paths, pathOf } = index.table;
  if (plan.field === 'heading') {
    // One heading of the path must satisfy it: decide each distinct path once.
    const holds = new Int8Array(paths.length);
    const pathHolds = (p: number): boolean => {
      if (holds[p] === 0) holds[p] = (paths[p] ?? '').split(PATH_SEPARATOR).some((heading) => nearHolds(plan, heading)) ? 1 : -1;
      return holds[p] === 1;
    };
    return filter(within ?? range(index.table.blocks.length), (id) => pathHolds(pathOf[id] ?? 0));
  }
  // Candidates hold every operand somewhere (rarest first); the text decides the rest.
  const operands = plan.operands
    .map((alternatives) => ({ alternatives, size: alternatives.reduce((sum, { needle }) => sum + index.ngrams.estimate(needle), 0) }))
    .sort((a, b) => a.size - b.size);
  let current = within;
  for (const { alternatives } of operands) {
    let found = EMPTY;
    for (const { needle } of alternatives) found = union(found, index.ngrams.find(needle, current));
    current = found;
    if (current.length === 0) return current;
  }
  return filter(current ?? EMPTY, (id) => nearHolds(plan, norms[id] ?? ''));
}

/** The proximity plans that must or may match (not those under an exclusion). */
export function positiveNears(plan: Plan): NearPlan[] {
  switch (plan.kind) {
    case 'leaf':
      return [];
    case 'near':
      return [plan];
    case 'and':
      return plan.positive.flatMap(positiveNears);
    case 'or':
      return plan.children.flatMap(positiveNears);
    case 'not':
      return [];
  }
}

/** The occurrences the plans mark in one text (`field` selects which plans apply). */
export function nearRanges(plans: readonly NearPlan[], norm: string, fields: readonly Field[]): Range[] {
  return plans.flatMap((plan) => (fields.includes(plan.field) ? nearMatches(plan, norm) : []));
}
