/**
 * Test corpora: a small hand-written one built in memory (exact expectations), and the bundled
 * corpus opened once per test run (property and relevance tests).
 */
import type { Block, Level, Report } from '../../src/ingest/types.js';
import { CORPUS_DIR } from '../../src/ingest/index.js';
import { buildSearchIndex, DEFAULT_INDEX_DIR } from '../../src/index/index.js';
import { IndexSearchService, openSearch, type OpenedSearch } from '../../src/search/index.js';

/** `#` lines are headings (one `#` per level), other lines paragraphs. */
export function makeReport(id: string, level: Level, year: number, lines: string[]): Report {
  const blocks: Block[] = [];
  const path: string[] = [];
  let offset = 0;
  let ordinal = 0;
  let headings = 0;
  for (const line of lines) {
    const heading = /^(#+) (.*)$/u.exec(line);
    const text = heading?.[2] ?? line;
    const start = offset;
    offset += text.length + 1;
    if (heading !== null) {
      const depth = heading[1]?.length ?? 1;
      if (path.length > depth - 1) path.length = depth - 1;
      path.push(text);
      headings++;
      blocks.push({ type: 'heading', level: depth, text, anchor: `h${String(headings)}`, start, end: start + text.length, lines: { from: 1, to: 1 } });
    } else {
      ordinal++;
      blocks.push({ type: 'paragraph', ordinal, text, anchor: `p${String(ordinal)}`, sectionPath: [...path], start, end: start + text.length, lines: { from: 1, to: 1 } });
    }
  }
  return {
    meta: { id, title: `${String(year)}年${id}政府工作报告`, region: `XX${level}·${id}`, level, year, kind: '全文', source: `${id}.txt:1-${String(lines.length)}` },
    file: `${id}.txt`,
    text: blocks.map((block) => block.text).join('\n'),
    blocks,
    paragraphs: blocks.filter((block) => block.type === 'paragraph'),
  };
}

/** Three small reports: paragraph numbers 0–4 (a), 5–7 (b), 8–9 (c). */
export const SMALL_REPORTS: Report[] = [
  makeReport('a', '区', 2024, [
    '# 一、优化营商环境',
    '营商环境优化提升，企业满意度达到95%。',
    '持续优化政务环境，营商服务更加便利。',
    '# 二、数字经济',
    '数字经济核心产业增加值增长12.5%，建成5G基站300个。',
    '推动数字化转型，发展PM2.5监测和数字 经济。',
    '高质量发展高质量发展，稳中求进。',
  ]),
  makeReport('b', '市', 2024, [
    '# 一、2023年工作回顾',
    '全市地区生产总值增长6.2%，一般公共预算收入增长5.5%。',
    '營商環境持續改善，數字經濟蓬勃發展。',
    '农业农村现代化稳步推进，乡村振兴取得新成效。',
  ]),
  makeReport('c', '县', 2023, [
    '坚持稳中求进工作总基调，推动高质量发展。',
    '# 一、民生保障',
    '城镇新增就业2.4万人，城乡居民收入倍差缩小。',
  ]),
];

let small: IndexSearchService | undefined;

/** A service over `SMALL_REPORTS`, built once. */
export function smallService(): IndexSearchService {
  small ??= new IndexSearchService(buildSearchIndex(SMALL_REPORTS));
  return small;
}

let bundled: Promise<OpenedSearch> | undefined;

/** The bundled corpus, opened once (loading the saved index when current, else building it). */
export function bundledCorpus(): Promise<OpenedSearch> {
  bundled ??= openSearch({ corpusDir: CORPUS_DIR, indexDir: process.env.INDEX_DIR ?? DEFAULT_INDEX_DIR });
  return bundled;
}
