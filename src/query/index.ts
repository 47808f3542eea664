/** The query language: query string → {@link ParsedQuery}; see `SYNTAX.md`. */
export type { AndNode, Field, NotNode, OrNode, ParsedQuery, PhraseNode, ProximityNode, QueryFilters, QueryNode, Span, TermNode } from './ast.js';
export { QueryError } from './errors.js';
export { MAX_GROUP_DEPTH, parseQuery } from './parse.js';
export { describeQuery, formatQuery } from './format.js';
export { isQuestionWord, QUESTION_WORDS } from './question-words.js';
