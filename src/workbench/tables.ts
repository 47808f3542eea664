/** The tables the site exports: hits, the comparison and the concordance, as rows for CSV or XLSX. */
import type { ConcordanceLine } from '../search/concordance.js';
import type { DocSummary, Hit } from '../search/types.js';
import type { FairRow } from './fair-compare.js';
import { paragraphLink, reportLink } from './links.js';
import type { Table } from './table.js';

/** The shared columns that place a paragraph: report, region, level, year. */
const REPORT_COLUMNS = [
  { header: '报告', width: 36 },
  { header: '地区', width: 12 },
  { header: '级别', width: 6 },
  { header: '年份', width: 6 },
];

/**
 * Every hit, one row each: where it is, its text and its permanent link; 匹配 tells a paragraph
 * whose own text matches (正文) from one matching only with its headings (章节标题); 另见 names the
 * near-identical paragraphs of the same region and year folded under the hit (a summary's or an
 * infographic's copy), one per line with its permanent link, so a copy is neither a row of its
 * own nor lost.
 */
export function hitsTable(hits: readonly Hit[], base: string): Table {
  return {
    name: '检索结果',
    columns: [...REPORT_COLUMNS, { header: '章节', width: 40 }, { header: '段落', width: 6 }, { header: '原文', width: 80 }, { header: '链接', width: 40, link: true }, { header: '匹配', width: 8 }, { header: '另见', width: 40 }],
    rows: hits.map((hit) => [
      hit.title,
      hit.region,
      hit.level,
      hit.year,
      hit.sectionPath.join(' › '),
      hit.paragraph,
      hit.text,
      paragraphLink(base, hit.docId, hit.anchor),
      hit.match === 'heading' ? '章节标题' : '正文',
      hit.copies.map((copy) => `${copy.title} ${paragraphLink(base, copy.docId, copy.anchor)}`).join('\n'),
    ]),
  };
}

/** The comparison, one row per report, in the order given. */
export function compareTable(rows: readonly FairRow[], base: string): Table {
  return {
    name: '跨地区对比',
    columns: [
      ...REPORT_COLUMNS,
      { header: '出现次数', width: 10 },
      { header: '匹配段落', width: 10 },
      { header: '报告字数', width: 10 },
      { header: '每万字出现次数', width: 14 },
      { header: '链接', width: 40, link: true },
    ],
    rows: rows.map((row) => [row.doc.title, row.doc.region, row.doc.level, row.doc.year, row.occurrences, row.paragraphs, row.doc.characters, row.per10k, reportLink(base, row.doc.id)]),
  };
}

/** The concordance, one line per occurrence. */
export function concordanceTable(lines: readonly ConcordanceLine[], docs: ReadonlyMap<string, DocSummary>, base: string): Table {
  return {
    name: '语境索引',
    columns: [...REPORT_COLUMNS, { header: '段落', width: 6 }, { header: '左侧语境', width: 30 }, { header: '匹配', width: 14 }, { header: '右侧语境', width: 30 }, { header: '链接', width: 40, link: true }],
    rows: lines.map((line) => {
      const doc = docs.get(line.docId);
      return [doc?.title ?? line.docId, doc?.region ?? '', doc?.level ?? '', doc?.year ?? '', line.paragraph ?? '标题', line.left, line.match, line.right, paragraphLink(base, line.docId, line.anchor)];
    }),
  };
}
