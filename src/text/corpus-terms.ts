/**
 * Picking up the quoted terms of reports added after `dict/quoted.txt` was generated.
 */
import type { Report } from '../ingest/types.js';
import { harvestQuotedTerms, reportTexts } from './dictionary.js';
import { addWords } from './segment.js';

/**
 * Adds the terms in “…” quotes of `reports` to the segmenter's dictionary, so an index build
 * over a corpus with new reports segments their slogans whole without regenerating
 * `dict/quoted.txt`. Call it before analysing the reports. Returns the terms that were new;
 * `analyzerVersion()` changes when there are any.
 */
export function addCorpusTerms(reports: Iterable<Report>): string[] {
  return addWords(quotedCorpusTerms(reports));
}

/**
 * The terms in “…” quotes of `reports` that `addCorpusTerms` offers the dictionary (those it
 * already holds included): saved with an index, they restore the same dictionary whatever the
 * segmenter held before.
 */
export function quotedCorpusTerms(reports: Iterable<Report>): string[] {
  return harvestQuotedTerms(reportTexts(reports));
}

/**
 * Adds the terms `quotedCorpusTerms` gave for some reports (saved with an index) without
 * reading the reports again; the dictionary, and so `analyzerVersion()`, end up as
 * `addCorpusTerms` on those reports leaves them. Returns the terms that were new.
 */
export function restoreCorpusTerms(terms: Iterable<string>): string[] {
  return addWords(terms);
}
