/**
 * A parsed query turned into what the index can answer: every word analysed into terms and
 * every phrase normalised, once per query.
 */
import { normalize, normalizeQuery, queryTerms } from '../index/analyzer.js';
import { isQuestionWord, type Field, type QueryNode } from '../query/index.js';
import { analyze, dropZeroWidth, variantsOf } from '../text/index.js';
import { compileNear, isSearchable, type NearPlan } from './proximity.js';

/** A term or phrase, ready for matching. */
export interface Leaf {
  kind: 'leaf';
  /** A word matches in the text or the heading path; a phrase in the text only (exactly). */
  source: 'term' | 'phrase';
  field: Field;
  /** The word or phrase as typed (without quotes), for notes and per-word counts. */
  label: string;
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
  /**
   * Other forms of a needle (`dict/variants.txt`): the needle matches where any of them
   * occurs. Only for words, and only needles that have some.
   */
  variants?: ReadonlyMap<string, readonly string[]>;
  /**
   * Every string that satisfies a needle: the needle and its variants as the corpus writes them
   * (`spellings.ts`: transparent characters inside, compatibility characters). Set once the
   * query meets a corpus; when absent, the needle and its variants.
   */
  spellings?: ReadonlyMap<string, readonly string[]>;
}

/** How words are read; every field optional, see `DEFAULT_COMPILE_OPTIONS`. */
export interface CompileOptions {
  /** Drop question and filler words (`如何`, `哪些`) from unquoted words when others remain. */
  dropQuestionWords?: boolean;
  /** Add the variants of `dict/variants.txt` to unquoted words. */
  variants?: boolean;
}

export const DEFAULT_COMPILE_OPTIONS: Required<CompileOptions> = { dropQuestionWords: true, variants: true };

/** What compiling changed in the words, for the notes a user reads. */
export interface CompileReport {
  /** Question and filler words dropped, in query order. */
  dropped: string[];
  /** Forms that were searched with their variants. */
  expanded: Array<{ form: string; variants: readonly string[] }>;
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

function leaf(source: Leaf['source'], field: Field, label: string, needles: string[], scoreTerms: string[], run?: string): Leaf {
  const made: Leaf = { kind: 'leaf', source, field, label, needles, scoreTerms };
  if (run !== undefined) made.run = run;
  return made;
}

/**
 * Compiles a query tree. Words with nothing to search for (only punctuation) are dropped, so
 * they neither match everything nor nothing; `null` when nothing is left.
 */
export function compile(node: QueryNode, options?: CompileOptions, report?: CompileReport): Plan | null {
  const resolved = { ...DEFAULT_COMPILE_OPTIONS, ...options };
  const local: CompileReport = { dropped: [], expanded: [] };
  let plan = prune(build(node, resolved, local));
  // A query of nothing but question words (`什么`) searches them after all.
  if (plan === null && local.dropped.length > 0) {
    local.dropped = [];
    local.expanded = [];
    plan = prune(build(node, { ...resolved, dropQuestionWords: false }, local));
  }
  if (report !== undefined) {
    report.dropped.push(...local.dropped);
    report.expanded.push(...local.expanded);
  }
  return plan;
}

const HAN_CHARACTER = /^\p{Script=Han}$/u;
const NUMBER = /^[0-9]+(?:\.[0-9]+)*$/u;

/**
 * The needles of an unquoted word: the segmenter's terms, with single characters kept with
 * their neighbours. jieba cuts what it does not know into characters (两新 → 两/新,
 * 一是 → 一/是, 获得感 → 获得/感, 2.6万人 → 2.6/万/人), and a lone 是 or 感 would match
 * nearly every paragraph: a character joins the character or number before it, or the word
 * before it, or (at the start) the word after it, as long as they touch in the typed text.
 */
function wordNeedles(text: string, dropQuestionWords: boolean, dropped: string[]): string[] {
  const tokens = analyze(text, { mode: 'query' });
  const kept = dropQuestionWords && tokens.some((token) => !isQuestionWord(token.term)) ? tokens.filter((token) => {
    if (!isQuestionWord(token.term)) return true;
    dropped.push(token.term);
    return false;
  }) : tokens;
  const groups: Array<{ start: number; end: number; lone: boolean }> = [];
  for (const token of kept) {
    const lone = HAN_CHARACTER.test(token.term);
    const previous = groups.at(-1);
    const touches = previous !== undefined && previous.end === token.start;
    if (touches && (lone || previous.lone)) {
      previous.end = token.end;
      previous.lone = false;
    } else {
      groups.push({ start: token.start, end: token.end, lone: lone || NUMBER.test(token.term) });
    }
  }
  // The analyser's offsets point into `normalize(text)`, of the same length as `text`.
  const norm = normalize(text);
  return [...new Set(groups.map((group) => norm.slice(group.start, group.end)))];
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

function build(node: QueryNode, options: Required<CompileOptions>, report: CompileReport): Plan {
  switch (node.kind) {
    case 'term': {
      // A word typed or pasted with zero-width characters inside is the word (they are not seen).
      const text = dropZeroWidth(node.text);
      const whole = normalizeQuery(text);
      const needles = wordNeedles(text, options.dropQuestionWords, report.dropped);
      // Only stop words or symbols (`的`, `%`): search the word as typed rather than nothing.
      if (needles.length === 0) return leaf('term', node.field, text, whole === '' ? [] : [whole], []);
      const scoreTerms = queryTerms(text).filter((term) => needles.length === 0 || !report.dropped.includes(term));
      // A run the variants file knows as a whole (专精特新小巨人) is searched whole, with its forms.
      const wholeForms = options.variants ? variantsOf(whole) : [];
      const made = leaf('term', node.field, text, wholeForms.length > 0 ? [whole] : needles, scoreTerms, whole.length > 0 ? trimDropped(whole, report.dropped) : undefined);
      if (options.variants) {
        const variants = new Map<string, readonly string[]>();
        for (const needle of made.needles) {
          const forms = variantsOf(needle);
          if (forms.length === 0) continue;
          variants.set(needle, forms);
          report.expanded.push({ form: needle, variants: forms });
        }
        if (variants.size > 0) made.variants = variants;
      }
      return made;
    }
    case 'phrase': {
      const phrase = normalizeQuery(node.text);
      return leaf('phrase', node.field, node.text, phrase === '' ? [] : [phrase], queryTerms(node.text));
    }
    case 'and': {
      const positive: Plan[] = [];
      const negative: Plan[] = [];
      for (const child of node.children) {
        if (child.kind === 'not') negative.push(build(child.child, options, report));
        else positive.push(build(child, options, report));
      }
      return { kind: 'and', positive, negative };
    }
    case 'or':
      return { kind: 'or', children: node.children.map((child) => build(child, options, report)) };
    case 'not':
      return { kind: 'not', child: build(node.child, options, report) };
    case 'near':
      return compileNear(node);
  }
}

/** `run` without question words at its start or end (`如何推进城市更新` ranks by `推进城市更新`). */
function trimDropped(run: string, dropped: readonly string[]): string {
  let out = run;
  for (let changed = true; changed; ) {
    changed = false;
    for (const word of dropped) {
      if (out.length > word.length && out.startsWith(word)) {
        out = out.slice(word.length);
        changed = true;
      }
      if (out.length > word.length && out.endsWith(word)) {
        out = out.slice(0, -word.length);
        changed = true;
      }
    }
  }
  return out;
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

/**
 * The plan counted as typed, for comparisons: each word is its whole run, as the same text in
 * quotes (`两新` = `"两新"`), so a word's pieces never count as its occurrences. It stays a
 * word in one respect: a run with a Latin or digit edge must stand on its own (`bounds.ts`),
 * so `6.2%` does not count the 6.2% inside 46.2% (the quoted `"6.2%"` does).
 */
export function asTyped(plan: Plan): Plan {
  switch (plan.kind) {
    case 'leaf':
      if (plan.source === 'phrase' || plan.run === undefined) return plan;
      return leaf('term', plan.field, plan.label, [normalizeQuery(plan.label)], plan.scoreTerms, normalizeQuery(plan.label));
    case 'and':
      return { kind: 'and', positive: plan.positive.map(asTyped), negative: plan.negative.map(asTyped) };
    case 'or':
      return { kind: 'or', children: plan.children.map(asTyped) };
    case 'not':
      return { kind: 'not', child: asTyped(plan.child) };
    case 'near':
      // Proximity operands are matched as typed already.
      return plan;
  }
}
