/**
 * BibTeX: one `@techreport` per paragraph (author, title, institution and year are the entry
 * type's required fields), with `url`, `urldate` (biblatex), the section and paragraph in
 * `note` and the paragraph quoted in `abstract`. Authors are corporate names, so they are
 * braced whole (`{{XX区人民政府}}`): BibTeX must not split them into given and family names.
 */
import { chinaDate, issuer, locator, quoted } from './citation.js';
import { paragraphLink } from './links.js';
import type { ExportContext, ParagraphRecord } from './record.js';

/** Escapes LaTeX's special characters in a field value. */
export function escapeBibtex(value: string): string {
  return value
    .replace(/\s*[\r\n]+\s*/gu, ' ')
    .replace(/[\\{}]/gu, (c) => (c === '\\' ? '\\textbackslash{}' : `\\${c}`))
    .replace(/[&%$#_]/gu, (c) => `\\${c}`)
    .replace(/~/gu, '\\textasciitilde{}')
    .replace(/\^/gu, '\\textasciicircum{}');
}

/** A citation key of ASCII letters, digits and `-`: `qu-01-p12`. */
export function bibtexKey(record: ParagraphRecord): string {
  return `${record.doc.id}-${record.anchor}`.replace(/[^A-Za-z0-9-]/gu, '-');
}

/** One BibTeX entry. */
export function bibtexEntry(record: ParagraphRecord, context: ExportContext): string {
  const author = escapeBibtex(issuer(record.doc.region));
  const fields: Array<[string, string]> = [
    ['author', `{${author}}`],
    ['title', escapeBibtex(record.doc.title)],
    ['institution', `{${author}}`],
    ['type', escapeBibtex(`政府工作报告（${record.doc.kind}）`)],
    ['year', String(record.doc.year)],
    ['url', paragraphLink(context.base, record.doc.id, record.anchor)],
    ['urldate', chinaDate(context.now)],
    ['note', escapeBibtex(locator(record.sectionPath, record.paragraph))],
    ['abstract', escapeBibtex(quoted(record.text))],
    ['language', 'chinese'],
  ];
  return `@techreport{${bibtexKey(record)},\n${fields.map(([name, value]) => `  ${name} = {${value}}`).join(',\n')}\n}`;
}

/** Entries one after another, a blank line between them. */
export function bibtex(records: readonly ParagraphRecord[], context: ExportContext): string {
  return `${records.map((record) => bibtexEntry(record, context)).join('\n\n')}\n`;
}
