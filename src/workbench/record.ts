/** One paragraph as the exports and citations see it. */
import type { DocSummary } from '../search/types.js';
import type { CitationInput } from './citation.js';
import { paragraphLink, reportLink } from './links.js';

/** A paragraph with its report: what every export format is written from. */
export interface ParagraphRecord {
  doc: Pick<DocSummary, 'id' | 'title' | 'region' | 'level' | 'year' | 'kind'>;
  /** Enclosing headings, outermost first. */
  sectionPath: readonly string[];
  /** 1-based paragraph number in the report. */
  paragraph: number;
  /** Fragment id of the paragraph in the reader (`p12`). */
  anchor: string;
  text: string;
}

/** Where and when a set of records is exported. */
export interface ExportContext {
  /** The site's public address (`https://example.org`), for permanent links. */
  base: string;
  /** The moment of exporting: the access date of citations. */
  now: Date;
}

/** The citation of a record, with its permanent links. */
export function citationInput(record: ParagraphRecord, context: ExportContext): CitationInput {
  return {
    doc: record.doc,
    sectionPath: record.sectionPath,
    paragraph: record.paragraph,
    text: record.text,
    reportUrl: reportLink(context.base, record.doc.id),
    paragraphUrl: paragraphLink(context.base, record.doc.id, record.anchor),
    citedOn: context.now,
  };
}
