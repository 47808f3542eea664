/**
 * Relaxation: when no paragraph holds all the words of a query, the paragraphs that hold the
 * most of them, so that a question in plain language is never a dead end.
 *
 * The units are the query's top-level conjuncts, each word of an unspaced run counting as one
 * (`解决停车难` → 解决, 停车难). Each unit is evaluated once over the allowed paragraphs, so the
 * cost is that of the strict query's words taken one by one, bounded by `MAX_UNITS`; counting
 * is one pass over the lists. Exclusions still apply (each unit carries them).
 */
import type { SearchIndex } from '../index/index.js';
import { evaluate } from './evaluate.js';
import type { Leaf, Plan } from './plan.js';

/** Most units looked at: a longer query keeps its first ones (its cost stays bounded). */
export const MAX_UNITS = 24;

/** A relaxed answer. */
export interface Relaxed {
  /** Paragraphs holding `matched` of the units, ascending. */
  ids: Int32Array;
  /** Rarity of what each paragraph of `ids` holds: the sum of its units' inverse document frequencies. */
  rarity: Float64Array;
  /** Number of units of the query. */
  required: number;
  /** Number of units each paragraph of `ids` holds (the most any paragraph holds). */
  matched: number;
  /** The units' labels, in query order. */
  words: string[];
}

/**
 * The query's top-level conjuncts as units, each carrying the query's exclusions (a unit is
 * `unit -excluded…`), with their labels; `null` when the query has fewer than two.
 */
export function relaxUnits(plan: Plan): { units: Plan[]; labels: string[] } | null {
  const positive = plan.kind === 'and' ? plan.positive : [plan];
  const negative = plan.kind === 'and' ? plan.negative : [];
  const split = positive.flatMap((child): Plan[] => (child.kind === 'leaf' && child.source === 'term' && child.needles.length > 1 ? splitWord(child) : [child]));
  if (split.length < 2) return null;
  const kept = split.slice(0, MAX_UNITS);
  return {
    units: kept.map((unit): Plan => (negative.length === 0 ? unit : { kind: 'and', positive: [unit], negative })),
    labels: kept.map(labelOf),
  };
}

/** Each needle of a word as a word of its own (with its variants). */
function splitWord(word: Leaf): Leaf[] {
  return word.needles.map((needle) => {
    const variants = word.variants?.get(needle);
    const unit: Leaf = { kind: 'leaf', source: 'term', field: word.field, label: needle, needles: [needle], run: needle, scoreTerms: word.scoreTerms };
    if (variants !== undefined) unit.variants = new Map([[needle, variants]]);
    return unit;
  });
}

/** What a plan is, for a note: the label of a leaf, the labels of a group joined. */
export function labelOf(plan: Plan): string {
  switch (plan.kind) {
    case 'leaf':
      return plan.label;
    case 'and':
      return plan.positive.map(labelOf).join(' ');
    case 'or':
      return plan.children.map(labelOf).join(' 或 ');
    case 'not':
      return `-${labelOf(plan.child)}`;
    case 'near':
      return plan.leaves.map((leaf) => leaf.label).join(plan.within === 'sentence' ? ' /SEN ' : ` /NEAR ${String(plan.within)} `);
  }
}

/**
 * Counts, over paragraphs `0 … total − 1`, how many of the units' match lists (`lists[i]` for
 * unit `i`, ascending) hold each one, and keeps those held by the most; `null` when none is
 * held. One pass over the lists: the cost is that of reading them.
 */
export function relaxLists(total: number, lists: readonly Int32Array[], labels: readonly string[]): Relaxed | null {
  const counts = new Uint8Array(total);
  const rarity = new Float64Array(total);
  let best = 0;
  for (const ids of lists) {
    const idf = Math.log(1 + total / (1 + ids.length));
    for (const id of ids) {
      const count = (counts[id] ?? 0) + 1;
      counts[id] = count;
      rarity[id] = (rarity[id] ?? 0) + idf;
      if (count > best) best = count;
    }
  }
  if (best === 0) return null;
  const found: number[] = [];
  for (let id = 0; id < total; id++) if (counts[id] === best) found.push(id);
  return { ids: Int32Array.from(found), rarity: Float64Array.from(found, (id) => rarity[id] ?? 0), required: lists.length, matched: best, words: [...labels] };
}

/** The relaxed answer over the embedded index, within `within` (all when `undefined`). */
export function relax(index: SearchIndex, plan: Plan, within: Int32Array | undefined): Relaxed | null {
  const split = relaxUnits(plan);
  if (split === null) return null;
  const lists = split.units.map((unit) => evaluate(index, unit, within, undefined, 'text'));
  return relaxLists(index.table.blocks.length, lists, split.labels);
}

/** The note a relaxed answer carries. */
export function relaxNote(relaxed: Relaxed): string {
  return `没有同时包含全部词语（${relaxed.words.join('、')}）的段落，以下结果包含其中 ${String(relaxed.matched)} 个`;
}
