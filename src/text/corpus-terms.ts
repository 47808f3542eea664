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
  return addWords(harvestQuotedTerms(reportTexts(reports)));
}
