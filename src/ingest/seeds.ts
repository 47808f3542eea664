/**
 * Builds the bundled corpus from the seed files, deterministically.
 *
 * Choices, recorded here because the seeds do not state them:
 * - `004_…txt` holds 26 reports, each starting at a line `^ ?2024年 ?XX[区市县镇]政府工作报告$`.
 *   A report is the exact line slice from its title line to the line before the next title
 *   (the last one to the end of the file), kept byte for byte. Ids follow seed order within
 *   each level: `qu-01`…`qu-08`, `shi-01`…`shi-10`, `xian-01`…`xian-07`, `zhen-01`; region
 *   `XX区·01`, title `2024年XX区政府工作报告（XX区·01）`, year 2024, kind 全文. Names stay
 *   anonymised; a user may overwrite `title`/`region` with a real name.
 * - The four 镇江市 documents (level 市, region 镇江市):
 *   - `001` → `zhenjiang-2024-full`, kind 全文, year 2024: reviews 2023 and sets 2024 targets
 *     (`2024年主要预期目标和重点工作`).
 *   - `000` → `zhenjiang-2024-summary`, kind 摘要, year 2024: the same report's summary
 *     (`2024年主要预期目标`, `2024年重点工作`).
 *   - `003` → `zhenjiang-2024-graphic`, kind 图解, year 2024: the `一图读“懂”` of the same
 *     report; it reviews 2023 (`2023年收官『盘点』`) but speaks of `今年是中华人民共和国成立75周年`,
 *     i.e. 2024, the session it was given to.
 *   - `002` → `zhenjiang-2025-reform`, kind 改革任务, year 2025: `2025年，当好深化改革的坚定行动派、
 *     实干家`, `2025年全市经济社会发展主要预期目标`, looking back on 2024 (`2024年是新中国成立75周年`).
 *   Each keeps the whole seed file as its body.
 * - Every corpus file ends with exactly one newline after the body.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Level, ReportMeta } from './types.js';
import { formatFrontMatter } from './frontmatter.js';

/** The seed file holding the 26 concatenated reports. */
export const MULTI_SEED = '004_3995b373fa6e6aa5.txt';

/** Title lines that start a report in the concatenated seed. */
const REPORT_START = /^ ?2024年 ?XX([区市县镇])政府工作报告$/;

const LEVEL_PREFIX: Record<string, { id: string; level: Level }> = {
  区: { id: 'qu', level: '区' },
  市: { id: 'shi', level: '市' },
  县: { id: 'xian', level: '县' },
  镇: { id: 'zhen', level: '镇' },
};

interface SingleSeed {
  seed: string;
  meta: Omit<ReportMeta, 'source'>;
}

const ZHENJIANG: readonly SingleSeed[] = [
  {
    seed: '001_3849f19c405c524f.txt',
    meta: { id: 'zhenjiang-2024-full', title: '2024年镇江市政府工作报告', region: '镇江市', level: '市', year: 2024, kind: '全文' },
  },
  {
    seed: '000_62f1682ba1711178.txt',
    meta: { id: 'zhenjiang-2024-summary', title: '2024年镇江市政府工作报告（摘要）', region: '镇江市', level: '市', year: 2024, kind: '摘要' },
  },
  {
    seed: '003_ab09192ad1da56f7.txt',
    meta: { id: 'zhenjiang-2024-graphic', title: '一图读“懂”2024年镇江市政府工作报告', region: '镇江市', level: '市', year: 2024, kind: '图解' },
  },
  {
    seed: '002_201bc7fe432b6916.txt',
    meta: { id: 'zhenjiang-2025-reform', title: '2025年镇江市政府工作报告：当好深化改革的坚定行动派、实干家', region: '镇江市', level: '市', year: 2025, kind: '改革任务' },
  },
];

/** One generated corpus file. */
export interface CorpusFile {
  /** File name inside `corpus/`, e.g. `qu-01.txt`. */
  name: string;
  /** Full content: front matter and body. */
  content: string;
}

function withNewline(body: string): string {
  return body.endsWith('\n') ? body : `${body}\n`;
}

/** Splits the concatenated seed into its reports (exact line slices). */
export function splitMultiSeed(text: string): { meta: ReportMeta; body: string }[] {
  const lines = text.split('\n');
  const starts: { line: number; levelChar: string }[] = [];
  lines.forEach((line, i) => {
    const m = REPORT_START.exec(line);
    if (m?.[1] !== undefined) starts.push({ line: i, levelChar: m[1] });
  });
  const counters = new Map<string, number>();
  return starts.map((start, k) => {
    const end = starts[k + 1]?.line ?? lines.length;
    const prefix = LEVEL_PREFIX[start.levelChar];
    if (prefix === undefined) throw new Error(`ingest: ${MULTI_SEED}: unknown level "${start.levelChar}"`);
    const n = (counters.get(prefix.id) ?? 0) + 1;
    counters.set(prefix.id, n);
    const ordinal = String(n).padStart(2, '0');
    const region = `XX${prefix.level}·${ordinal}`;
    const meta: ReportMeta = {
      id: `${prefix.id}-${ordinal}`,
      title: `2024年XX${prefix.level}政府工作报告（${region}）`,
      region,
      level: prefix.level,
      year: 2024,
      kind: '全文',
      source: `${MULTI_SEED}:${String(start.line + 1)}-${String(end)}`,
    };
    return { meta, body: lines.slice(start.line, end).join('\n') };
  });
}

/** Generates every corpus file from the seeds directory, sorted by file name. */
export function generateCorpus(seedsDir: string): CorpusFile[] {
  const files: CorpusFile[] = [];
  const multi = readFileSync(join(seedsDir, MULTI_SEED), 'utf8');
  for (const { meta, body } of splitMultiSeed(multi)) {
    files.push({ name: `${meta.id}.txt`, content: formatFrontMatter(meta) + withNewline(body) });
  }
  for (const { seed, meta } of ZHENJIANG) {
    const body = readFileSync(join(seedsDir, seed), 'utf8');
    const lineCount = body.split('\n').length - (body.endsWith('\n') ? 1 : 0);
    const full: ReportMeta = { ...meta, source: `${seed}:1-${String(lineCount)}` };
    files.push({ name: `${meta.id}.txt`, content: formatFrontMatter(full) + withNewline(body) });
  }
  return files.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
