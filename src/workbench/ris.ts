/**
 * RIS, the tagged format EndNote, NoteExpress and Zotero import: one record per paragraph, as a
 * report (`TY  - RPRT`) by the issuing government, with the paragraph's permanent link, the
 * access date, the section and paragraph in `SE` and the paragraph quoted in `N1`.
 */
import { chinaDate, issuer, locator, quoted } from './citation.js';
import { paragraphLink } from './links.js';
import type { ExportContext, ParagraphRecord } from './record.js';

/** RIS lines end with CR LF. */
const EOL = '\r\n';

/** A tag line; line breaks inside a value would start a bogus tag, so they become spaces. */
function line(tag: string, value: string): string {
  return `${tag}  - ${value.replace(/\s*[\r\n]+\s*/gu, ' ')}`;
}

/** One RIS record. */
export function risRecord(record: ParagraphRecord, context: ExportContext): string {
  const author = issuer(record.doc.region);
  const lines = [
    'TY  - RPRT',
    line('ID', `${record.doc.id}-${record.anchor}`),
    line('AU', author),
    line('TI', record.doc.title),
    line('PY', String(record.doc.year)),
    line('PB', author),
    line('M3', `政府工作报告（${record.doc.kind}）`),
    line('SE', locator(record.sectionPath, record.paragraph)),
    line('UR', paragraphLink(context.base, record.doc.id, record.anchor)),
    line('Y2', chinaDate(context.now).replaceAll('-', '/')),
    line('N1', `原文：${quoted(record.text)}`),
    line('LA', 'zh-CN'),
    'ER  - ',
  ];
  return lines.join(EOL);
}

/** Records one after another, a blank line between them. */
export function ris(records: readonly ParagraphRecord[], context: ExportContext): string {
  return records.map((record) => risRecord(record, context)).join(EOL + EOL) + EOL;
}
