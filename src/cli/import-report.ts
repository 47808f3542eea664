/** The `import` command's report, in Chinese: per file how it was read, then a tally. */
import type { ImportResult } from '../ingest/formats/index.js';

/**
 * One file's outcome: imported (and written, unless a dry run), refused, or left out as a
 * report the corpus already holds (`duplicate`: the message naming that report).
 */
export type Outcome = { file: string; result: ImportResult; written: string | null; kept: string[] } | { file: string; refused: string } | { file: string; duplicate: string };

const FORMAT_NAMES: Record<ImportResult['stats']['format'], string> = { pdf: 'PDF', docx: 'Word', html: '网页', text: '文本' };
const LEVEL_NAMES = ['一', '二', '三', '四', '五', '六'];

function describe(o: Extract<Outcome, { result: ImportResult }>): string[] {
  const { stats, metadata: m, problems } = o.result;
  const headings = stats.headings.length === 0 ? '无' : stats.headings.map((n, i) => `${LEVEL_NAMES[i] ?? String(i + 1)}级 ${String(n)}`).join('，');
  const how = [
    FORMAT_NAMES[stats.format],
    stats.pages === null ? null : `${String(stats.pages)} 页`,
    stats.ocr === null ? null : `OCR（${stats.ocr}）`,
    stats.encoding === null || stats.encoding === 'utf-8' ? null : `编码 ${stats.encoding.toUpperCase()}`,
  ].filter((s) => s !== null);
  const shown = (v: string | number | null | undefined): string => (v === null || v === undefined ? '（未读出）' : String(v));
  const lines = [
    `✓ ${o.file} → ${o.written ?? `${o.result.corpusFile.name}（试运行，未写入）`}（${how.join('，')}）`,
    `  段落 ${String(stats.paragraphs)}；标题 ${headings}；表格 ${String(stats.tables)}；存疑断段 ${String(stats.doubtfulBreaks)}；去掉页眉页脚页码 ${String(stats.droppedLines)} 行；${String(stats.characters)} 字`,
    `  标题：${shown(m.title)}；地区：${shown(m.region)}；级别：${shown(m.level)}；年份：${shown(m.year)}；类型：${shown(m.kind)}`,
  ];
  const extra = [m.meeting === undefined ? null : `会议：${m.meeting}`, m.date === undefined ? null : `日期：${m.date}`, m.speaker === undefined ? null : `报告人：${m.speaker}`].filter((s) => s !== null);
  if (extra.length > 0) lines.push(`  ${extra.join('；')}`);
  if (o.kept.length > 0) lines.push(`  保留了此前在 front matter 中填写或改正的：${o.kept.join('、')}`);
  // A field filled in before is no longer missing.
  for (const p of problems) if (!o.kept.some((key) => p.includes(`（${key}）`))) lines.push(`  ! ${p}`);
  return lines;
}

/** Per-file lines (`tally` false) or the closing tally (`tally` true). */
export function formatImportReport(outcomes: readonly Outcome[], tally: boolean): string {
  if (!tally) return outcomes.flatMap((o) => ('result' in o ? describe(o) : 'refused' in o ? [`✗ ${o.refused}`] : [`= ${o.duplicate}`])).map((l) => `${l}\n`).join('');
  const imported = outcomes.filter((o) => 'result' in o);
  const incomplete = imported.filter((o) => o.result.missing.some((key) => !o.kept.includes(key))).length;
  const refused = outcomes.filter((o) => 'refused' in o).length;
  const duplicates = outcomes.filter((o) => 'duplicate' in o).length;
  const written = imported.some((o) => o.written !== null);
  return `\n共 ${String(outcomes.length)} 个文件：导入 ${String(imported.length)}（其中 ${String(incomplete)} 个待补信息），已收录而跳过 ${String(duplicates)}，拒绝 ${String(refused)}\n${written ? '正在运行的服务几秒内会自动收录；服务未运行时，下次 npm start 即可检索。\n' : ''}`;
}
