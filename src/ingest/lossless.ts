import { stripMarkdown } from './lines.js';
import type { Analysis } from './parse.js';

/** Outcome of comparing a parsed report with its source. */
export interface LosslessResult {
  /** Title line plus blocks equal the source, character for character (whitespace aside). */
  ok: boolean;
  /** Characters compared. */
  length: number;
  /** Index of the first differing character (whitespace-free), or `null`. */
  firstDiff: number | null;
  /** Source and parsed text around the first difference. */
  context: { source: string; parsed: string } | null;
}

const WHITESPACE = /\s/g;

/**
 * The source side of the comparison: the body with page-number lines dropped, Markdown
 * marks (`**`, leading bullets) and all whitespace removed, and the lines the parser
 * undoubled replaced by what it kept (the test names each of those).
 */
export function sourceText(analysis: Analysis): string {
  const pageNumbers = new Set(analysis.dropped.filter((d) => d.reason === 'page-number').map((d) => d.n));
  const repairs = new Map(analysis.repairs.map((r) => [r.line, r]));
  return analysis.body
    .split('\n')
    .map((line, i) => {
      if (pageNumbers.has(i + 1)) return '';
      const text = stripMarkdown(line).text.replace(WHITESPACE, '');
      const repair = repairs.get(i + 1);
      return repair === undefined ? text : text.replace(repair.from.replace(WHITESPACE, ''), repair.to);
    })
    .join('');
}

/** The parsed side: the title line and every block's text, whitespace removed. */
export function parsedText(analysis: Analysis): string {
  return ((analysis.titleLine ?? '') + analysis.report.blocks.map((b) => b.text).join('')).replace(WHITESPACE, '');
}

/** Compares a parsed report with its source. */
export function checkLossless(analysis: Analysis): LosslessResult {
  const source = sourceText(analysis);
  const parsed = parsedText(analysis);
  if (source === parsed) return { ok: true, length: source.length, firstDiff: null, context: null };
  let i = 0;
  while (i < source.length && source[i] === parsed[i]) i++;
  return {
    ok: false,
    length: source.length,
    firstDiff: i,
    context: { source: source.slice(Math.max(0, i - 10), i + 20), parsed: parsed.slice(Math.max(0, i - 10), i + 20) },
  };
}
