/**
 * Citations of paragraphs in GB/T 7714-2015 form: the report's reference, where the paragraph
 * sits, the paragraph quoted, and its permanent link.
 */
import type { DocSummary } from '../search/types.js';

/** What a paragraph citation is made of. */
export interface CitationInput {
  doc: Pick<DocSummary, 'title' | 'region' | 'year'>;
  /** Enclosing headings, outermost first. */
  sectionPath: readonly string[];
  /** 1-based paragraph number in the report. */
  paragraph: number;
  /** The paragraph's text, quoted in full. */
  text: string;
  /** Absolute address of the report; without it the report is cited as printed (`[R]`). */
  reportUrl?: string;
  /** Absolute permanent link of the paragraph. */
  paragraphUrl?: string;
  /** Date of citing; the `[引用日期]` of an online citation. */
  citedOn: Date;
}

/**
 * The issuing government of a report, its author: `XX区` → `XX区人民政府`. The suffix that only
 * tells anonymised regions apart (`XX区·01`) is not part of a name; the title keeps it.
 */
export function issuer(region: string): string {
  const name = region.replace(/·.*$/u, '').trim();
  return name.endsWith('人民政府') ? name : `${name}人民政府`;
}

/** China's offset from UTC; China keeps no daylight saving time. */
const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;

/**
 * `YYYY-MM-DD` in China's time zone (UTC+8), the date form GB/T 7714-2015 uses: a reference
 * made at 07:30 Beijing time is dated that day, not the day before as in UTC.
 */
export function chinaDate(date: Date): string {
  return new Date(date.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/**
 * `text` quoted in Chinese quotation marks, its own double quotes turned into single ones
 * (quotation marks nest “…‘…’…”, GB/T 15834-2011 4.1.3.2).
 */
export function quoted(text: string): string {
  return `“${text.replace(/“/gu, '‘').replace(/”/gu, '’')}”`;
}

/**
 * The bibliographic entry of a report in GB/T 7714-2015 form. A report is a 报告 (`[R]`); read
 * online it is `[R/OL]`, with its date in parentheses, the date of citing in brackets and the
 * address (4.3, 8.8 of the standard):
 *
 * `XX区人民政府. 2024年XX区政府工作报告[R/OL]. (2024)[2026-11-22]. http://…/doc/qu-01.`
 *
 * Printed, place and publisher are unknown, which the standard writes as `[出版地不详]` and
 * `[出版者不详]` (8.4.1.2, 8.4.2.3):
 *
 * `XX区人民政府. 2024年XX区政府工作报告[R]. [出版地不详]: [出版者不详], 2024.`
 */
export function reportReference(input: Pick<CitationInput, 'doc' | 'reportUrl' | 'citedOn'>): string {
  const { doc, reportUrl, citedOn } = input;
  const head = `${issuer(doc.region)}. ${doc.title}`;
  if (reportUrl === undefined) return `${head}[R]. [出版地不详]: [出版者不详], ${String(doc.year)}.`;
  return `${head}[R/OL]. (${String(doc.year)})[${chinaDate(citedOn)}]. ${reportUrl}.`;
}

/** Where the paragraph sits: `一、2023年工作回顾 › （一）… › 第12段`. */
export function locator(sectionPath: readonly string[], paragraph: number): string {
  return [...sectionPath, `第${String(paragraph)}段`].join(' › ');
}

/**
 * A full paragraph citation, one item a line: the report's reference, the locator, the
 * paragraph quoted, and its permanent link.
 */
export function citation(input: CitationInput): string {
  const lines = [reportReference(input), `位置：${locator(input.sectionPath, input.paragraph)}`, `原文：${quoted(input.text)}`];
  if (input.paragraphUrl !== undefined) lines.push(`段落链接：${input.paragraphUrl}`);
  return lines.join('\n');
}

/**
 * Several citations as a numbered list (`[1] …`), the lines after the first of each indented,
 * separated by a blank line, as a reference list in a paper.
 */
export function citationList(inputs: readonly CitationInput[]): string {
  return inputs
    .map((input, i) => {
      const [first = '', ...rest] = citation(input).split('\n');
      return [`[${String(i + 1)}] ${first}`, ...rest.map((line) => `    ${line}`)].join('\n');
    })
    .join('\n\n');
}
