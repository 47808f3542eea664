/**
 * What every kind of hit names the same way (a paragraph hit, a heading hit): the report it is
 * in and its link into the reader.
 */
import type { ReportMeta } from '../ingest/types.js';
import type { HitReport } from './types.js';

/** The report fields of a hit, in the order the API has always sent them. */
export function hitReport(meta: ReportMeta): HitReport {
  return { docId: meta.id, title: meta.title, region: meta.region, level: meta.level, year: meta.year, kind: meta.kind };
}

/**
 * The reader's URL for `anchor` in report `docId`, carrying the query (`encodedQuery` from
 * `encodeQuery`); `part` (1-based) is named only past the first, as the reader's own links do.
 */
export function readerUrl(docId: string, encodedQuery: string, part: number, anchor: string): string {
  return `/doc/${docId}?q=${encodedQuery}${part > 1 ? `&part=${String(part)}` : ''}#${anchor}`;
}
