/**
 * A parsed query turned into what the index can answer: every word analysed into terms and
 * every phrase normalised, once per query.
 */
import { normalizeQuery, queryTerms } from '../index/analyzer.js';
import type { Field, QueryNode } from '../query/index.js';
import { compileNear, isSearchable, type NearPlan } from './proximity.js';

/** A term or phrase, ready for matching. */
export interface Leaf {
  kind: 'leaf';
  /** A word matches in the text or the heading path; a phrase in the text only (exactly). */
  source: 'term' | 'phrase';
  field: Field;
  /**
   * Strings that must all occur in the normalised text (substring match). Empty: the word had
   * nothing to search for (only punctuation), and the leaf matches everything.
   */
  needles: string[];
  /**
   * For a word, the word as typed (normalised): paragraphs whose own text holds it rank above
   * those holding its terms scattered, or matching only through their headings.
   */
  run?: string;
  /** Terms scored by the ranked index. */
  scoreTerms: string[];
}

export interface AndPlan {
  kind: 'and';
  positive: Plan[];
  negative: Plan[];
}

export interface OrPlan {
  kind: 'or';
  children: Plan[];
}

export interface NotPlan {
  kind: 'not';
  child: Plan;
}

export type Plan = Leaf | AndPlan | OrPlan | NotPlan | NearPlan;

function leaf(source: Leaf['source'], field: Field, needles: string[], scoreTerms: string[], run?: string): Leaf {
  const made: Leaf = { kind: 'leaf', source, field, needles, scoreTerms };
  if (run !== undefined) made.run = run;
  return made;
}

/**
 * Compiles a query tree. Words with nothing to search for (only punctuation) are dropped, so
 * they neither match everything nor nothing; `null` when nothing is left.
 */
export function compile(node: QueryNode): Plan | null {
  return prune(build(node));
}

function prune(plan: Plan): Plan | null {
  switch (plan.kind) {
    case 'leaf':
      return plan.needles.length === 0 ? null : plan;
    case 'and': {
      const positive = plan.positive.map(prune).filter((child) => child !== null);
      const negative = plan.negative.map(prune).filter((child) => child !== null);
      if (positive.length === 0 && negative.length === 0) return null;
      // Nothing left to include: the exclusions alone would list the whole corpus.
      if (positive.length === 0) return null;
      return positive.length === 1 && negative.length === 0 ? (positive[0] ?? null) : { kind: 'and', positive, negative };
    }
    case 'or': {
      const children = plan.children.map(prune).filter((child) => child !== null);
      if (children.length === 0) return null;
      return children.length === 1 ? (children[0] ?? null) : { kind: 'or', children };
    }
    case 'not': {
      const child = prune(plan.child);
      return child === null ? null : { kind: 'not', child };
    }
    case 'near':
      return isSearchable(plan) ? plan : null;
  }
}

function build(node: QueryNode): Plan {
  switch (node.kind) {
    case 'term': {
      const terms = queryTerms(node.text);
      const whole = normalizeQuery(node.text);
      // Only stop words or symbols (`的`, `%`): search the word as typed rather than nothing.
      if (terms.length === 0) return leaf('term', node.field, whole === '' ? [] : [whole], []);
      return leaf('term', node.field, terms, terms, whole.length > 0 ? whole : undefined);
    }
    case 'phrase': {
      const phrase = normalizeQuery(node.text);
      return leaf('phrase', node.field, phrase === '' ? [] : [phrase], queryTerms(node.text));
    }
    case 'and': {
      const positive: Plan[] = [];
      const negative: Plan[] = [];
      for (const child of node.children) {
        if (child.kind === 'not') negative.push(build(child.child));
        else positive.push(build(child));
      }
      return { kind: 'and', positive, negative };
    }
    case 'or':
      return { kind: 'or', children: node.children.map(build) };
    case 'not':
      return { kind: 'not', child: build(node.child) };
    case 'near':
      return compileNear(node);
  }
}

/**
 * The leaves that must or may match (not those under an exclusion), in query order. Proximity
 * operands are not among them: `proximity.ts` marks the occurrences that take part.
 */
export function positiveLeaves(plan: Plan): Leaf[] {
  switch (plan.kind) {
    case 'leaf':
      return [plan];
    case 'near':
      return [];
    case 'and':
      return plan.positive.flatMap(positiveLeaves);
    case 'or':
      return plan.children.flatMap(positiveLeaves);
    case 'not':
      return [];
  }
}
