/**
 * The text module seen from the index: the one analyser used both to index paragraphs and to
 * read queries, so the two can never drift apart.
 */
import { analyze, analyzerVersion, normalize, normalizeQuery } from '../text/index.js';

/** Terms of a paragraph or heading, for indexing (normalised, in text order). */
export function indexTerms(text: string): string[] {
  return analyze(text, { mode: 'index' }).map((token) => token.term);
}

/** Terms of a query word or phrase (normalised, in text order, duplicates removed). */
export function queryTerms(text: string): string[] {
  return [...new Set(analyze(text, { mode: 'query' }).map((token) => token.term))];
}

export { analyzerVersion, normalize, normalizeQuery };
