import type { Level } from '../ingest/types.js';

/** `[start, end)` UTF-16 offsets into the query string, for error messages and echoing. */
export type Span = readonly [number, number];

/** Where a term or phrase must match. */
export type Field = 'any' | 'heading';

/** A word (or an unspaced Chinese run) to be analysed into search terms. */
export interface TermNode {
  kind: 'term';
  /** The word as typed (not yet normalised); never empty, and exactly `source.slice(...span)`. */
  text: string;
  field: Field;
  /** The word itself, without a `heading:` prefix. */
  span: Span;
}

/** An exact phrase from `"…"`, `“…”`, `「…」` or `『…』`, matched against normalised text as a substring. */
export interface PhraseNode {
  kind: 'phrase';
  /** The phrase as typed, without the quotes and trimmed of surrounding whitespace (not yet normalised); never empty. */
  text: string;
  field: Field;
  /** From the opening quote to the closing one (or the end of the query when it was left open). */
  span: Span;
}

/** Every child must match. Always at least two children, none of them an `and`. */
export interface AndNode {
  kind: 'and';
  children: QueryNode[];
}

/** At least one child must match. Always at least two children, none of them an `or` or a `not`. */
export interface OrNode {
  kind: 'or';
  children: QueryNode[];
}

/** Excludes paragraphs where `child` matches; only meaningful inside an `and` with a positive sibling. */
export interface NotNode {
  kind: 'not';
  child: QueryNode;
  /** From the `-` to the end of the excluded operand. */
  span: Span;
}

/**
 * Words close together: every operand in one sentence (`a /SEN b`, `同句`), or two operands at
 * most `within` characters apart (`a /NEAR 10 b`, `邻近10`). An operand is a word, a phrase or an
 * `or` of words and phrases (`(a OR b) /SEN c`); each is matched as typed (a word whole, with
 * word bounds at Latin and digit edges), never cut into terms.
 */
export interface ProximityNode {
  kind: 'near';
  /** `sentence`, or the largest number of characters between two operands' occurrences. */
  within: 'sentence' | number;
  /** Two or more for `sentence`, exactly two for a distance; never an `and`, `not` or `near`. */
  operands: Array<TermNode | PhraseNode | OrNode>;
  /** `heading`: one heading of the path must satisfy it (`heading:(a /SEN b)`); else the paragraph's text. */
  field: Field;
  /** The first operator, for messages. */
  span: Span;
}

export type QueryNode = TermNode | PhraseNode | AndNode | OrNode | NotNode | ProximityNode;

/** Restrictions that do not score, from `level:`, `doc:` and `year:`. */
export interface QueryFilters {
  /** Allowed levels (empty: any). */
  level: Level[];
  /** Allowed document ids (empty: any). */
  doc: string[];
  /** Allowed years (empty: any). */
  year: number[];
}

/** The result of parsing a query string. */
export interface ParsedQuery {
  /** The query string as given. */
  source: string;
  /** The boolean tree, or `null` when the query holds only filters (or nothing). */
  root: QueryNode | null;
  filters: QueryFilters;
  /**
   * Things the parser repaired or ignored, in Chinese, for display (`已忽略末尾多余的“-”`).
   */
  notes: string[];
}
