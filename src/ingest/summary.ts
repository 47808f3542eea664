import { checkLossless } from './lossless.js';
import type { Analysis } from './parse.js';
import type { Doubt } from './structure.js';
import type { Report, ReportMeta } from './types.js';
import { displayWidth } from './width.js';

/** One row of the corpus table: what ingest made of a report. */
export interface ReportSummary {
  id: string;
  paragraphs: number;
  /** Headings per level, index 0 = level 1. */
  headings: number[];
  /** Characters of display text in blocks (newlines between blocks not counted). */
  characters: number;
  lossless: boolean;
  doubts: Doubt[];
}

/** Summarises one analysed report. */
export function summarize(analysis: Analysis): ReportSummary {
  const { report } = analysis;
  const headings: number[] = [];
  let characters = 0;
  for (const block of report.blocks) {
    characters += Array.from(block.text).length;
    if (block.type === 'heading') headings[block.level - 1] = (headings[block.level - 1] ?? 0) + 1;
  }
  return {
    id: report.meta.id,
    paragraphs: report.paragraphs.length,
    headings: Array.from({ length: headings.length }, (_, i) => headings[i] ?? 0),
    characters,
    lossless: checkLossless(analysis).ok,
    doubts: analysis.doubts,
  };
}

function pad(cell: string, width: number, right: boolean): string {
  const fill = ' '.repeat(Math.max(0, width - displayWidth(cell)));
  return right ? fill + cell : cell + fill;
}

/**
 * Renders the summaries as a plain-text table, a totals row last, then each doubtful
 * paragraph break with its line and context.
 */
export function formatSummaryTable(rows: readonly ReportSummary[]): string {
  const depth = Math.max(1, ...rows.map((r) => r.headings.length));
  const levels = Array.from({ length: depth }, (_, i) => `h${String(i + 1)}`);
  const header = ['report', 'paragraphs', ...levels, 'characters', 'lossless', 'doubtful'];
  const body = rows.map((r) => [
    r.id,
    String(r.paragraphs),
    ...levels.map((_, i) => String(r.headings[i] ?? 0)),
    String(r.characters),
    r.lossless ? 'yes' : 'NO',
    String(r.doubts.length),
  ]);
  const sum = (f: (r: ReportSummary) => number): string => String(rows.reduce((a, r) => a + f(r), 0));
  const losslessCount = rows.filter((r) => r.lossless).length;
  const total = [
    `total (${String(rows.length)})`,
    sum((r) => r.paragraphs),
    ...levels.map((_, i) => sum((r) => r.headings[i] ?? 0)),
    sum((r) => r.characters),
    `${String(losslessCount)}/${String(rows.length)}`,
    sum((r) => r.doubts.length),
  ];
  const table = [header, ...body, total];
  const widths = header.map((_, c) => Math.max(...table.map((row) => displayWidth(row[c] ?? ''))));
  const line = (row: readonly string[]): string =>
    row
      .map((cell, c) => pad(cell, widths[c] ?? 0, c > 0))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  const out = [line(header), rule, ...body.map(line), rule, line(total)];
  const doubtful = rows.filter((r) => r.doubts.length > 0);
  if (doubtful.length > 0) {
    out.push('', 'doubtful paragraph breaks (body line, decision, context — | marks the spot):');
    for (const r of doubtful) {
      for (const d of r.doubts) out.push(`  ${r.id}:${String(d.line)}  ${d.decision}  ${d.context}  (${d.why})`);
    }
  }
  return out.join('\n');
}

/** One document of `corpus --json`: front matter without `source`, and every block in document order. */
export interface CorpusJsonDocument extends Omit<ReportMeta, 'source'> {
  blocks: ({ type: 'heading'; level: number; text: string } | { type: 'paragraph'; text: string })[];
}

/** The `corpus --json` output other tools read: `{ documents: [...] }`. */
export function corpusJson(reports: readonly Report[]): { documents: CorpusJsonDocument[] } {
  return {
    documents: reports.map(({ meta, blocks }) => ({
      id: meta.id,
      title: meta.title,
      region: meta.region,
      level: meta.level,
      year: meta.year,
      kind: meta.kind,
      blocks: blocks.map((b) => (b.type === 'heading' ? { type: b.type, level: b.level, text: b.text } : { type: b.type, text: b.text })),
    })),
  };
}
