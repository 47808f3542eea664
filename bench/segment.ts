/**
 * Text-analysis benchmark on the corpus:
 * - segmentation throughput of `analyze()` (index and query mode) in characters per second,
 *   median of several runs, and the share of that time spent inside nodejieba;
 * - the policy dictionary: its size, how many corpus tokens it changes against jieba's stock
 *   dictionary, and what that does to finding words by substring;
 * - the stop-word evidence quoted in `src/text/stopwords.ts` (index size and ranking with and
 *   without the candidate function words).
 *
 * `npx tsx bench/segment.ts` (whole corpus, 7 runs) or `--smoke` (a small sample, one run,
 * about a second; the test suite runs it); `--json` prints the figures as JSON; `--write` (full
 * runs only) replaces the `## Text analysis` section of BENCHMARKS.md with them.
 */
import { pathToFileURL } from 'node:url';
import os from 'node:os';
import MiniSearch from 'minisearch';
import { loadCorpusSync } from '../src/ingest/load.js';
import { CORPUS_DIR } from '../src/ingest/paths.js';
import { analyze, analyzerStats, normalize, resetAnalyzerStats, type Token } from '../src/text/index.js';
import { CURATED_PATH, QUOTED_PATH, readDictionaryFile } from '../src/text/dictionary.js';
import { policyTermCount, reloadSegmenter } from '../src/text/segment.js';
import { CANDIDATE_STOP_WORDS } from '../src/text/stopwords.js';
import { writeSection } from './lib/benchmarks-file.js';

/** Options of the benchmark. */
export interface SegmentBenchOptions {
  /** Small sample and a single run, for the test suite. */
  smoke: boolean;
}

/** Everything the benchmark measures. */
export interface SegmentBenchResult {
  machine: string;
  paragraphs: number;
  characters: number;
  runs: number;
  /** First `analyze()` call: loading jieba, the dictionaries and OpenCC. */
  loadMs: number;
  /** First pass over the text (sub-word caches empty). */
  coldIndexMs: number;
  indexCharsPerSecond: number;
  /** The same per second of this process's CPU time, less sensitive to other load on the machine. */
  indexCharsPerCpuSecond: number;
  queryCharsPerSecond: number;
  normalizeCharsPerSecond: number;
  /** Share of `analyze()` time (index mode) spent inside nodejieba. */
  jiebaShare: number;
  indexTokens: number;
  mainTokens: number;
  distinctTerms: number;
  dictionary: {
    curated: number;
    quoted: number;
    policyTerms: number;
    /** Share of paragraphs containing a probe word that its query terms find. */
    recallPolicy: number;
  };
  /**
   * Against jieba's stock dictionary (not in `--smoke`: reloading jieba twice takes seconds and
   * would drop terms other code added at run time).
   */
  stock?: {
    /** Main tokens (query-mode spans) that differ from the stock dictionary's segmentation. */
    changedTokens: number;
    changedParagraphs: number;
    stockDistinctTerms: number;
    recallStock: number;
  };
  stopWords: {
    postingsKept: number;
    postingsDropped: number;
    indexBytesKept: number;
    indexBytesDropped: number;
    /** Mean share of the top 10 (AND) that contain the typed phrase. */
    precisionKept: number;
    precisionDropped: number;
    matches: { query: string; kept: number; dropped: number }[];
  };
}

/** Words and phrases whose paragraphs are counted by substring and by search terms. */
const RECALL_PROBES = [
  '创新', '发展', '经济', '企业', '建设', '制度', '产业', '科技', '质量', '高地', '活力', '服务',
  '清单', '覆盖', '城市', '生产力', '工业', '政府', '乡村', '环境', '人才', '改革', '数字', '绿色',
  '项目', '增长', '民生', '安全', '教育', '医疗', '一件事', '营商', '营商环境', '高质量',
  '新质生产力', '四群八链', '放管服', '智改数转', '一老一小', '专精特新', '小巨人', '招商员',
];

/** Queries with function words, for the stop-word ranking check. */
const STOP_WORD_QUERIES = [
  '党的二十大', '人民群众的获得感', '政府和社会资本合作', '绿水青山就是金山银山', '生态环境和安全',
  '城市的更新', '企业的负担', '群众的急难愁盼', '乡村振兴的基础', '高质量发展的首要任务',
  '全面贯彻党的二十大精神', '安全和稳定', '教育和医疗', '产业和项目', '以人民为中心', '为民办实事',
  '稳中有进', '在全省率先', '对标对表', '与时俱进',
];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

function time(run: () => void): number {
  const since = performance.now();
  run();
  return performance.now() - since;
}

/** Milliseconds of this process's CPU time (user + system) that `run` takes. */
function cpuTime(run: () => void): number {
  const since = process.cpuUsage();
  run();
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
}

function recall(texts: readonly string[]): number {
  const indexed = texts.map((t) => new Set(analyze(t).map((x) => x.term)));
  const normalised = texts.map((t) => normalize(t));
  let containing = 0;
  let found = 0;
  for (const probe of RECALL_PROBES) {
    const terms = analyze(probe, { mode: 'query' }).map((t) => t.term);
    const needle = normalize(probe);
    normalised.forEach((text, i) => {
      if (!text.includes(needle)) return;
      containing++;
      if (terms.every((t) => indexed[i]?.has(t))) found++;
    });
  }
  return containing === 0 ? 1 : found / containing;
}

function stopWordEvidence(texts: readonly string[]): SegmentBenchResult['stopWords'] {
  const stop = new Set(CANDIDATE_STOP_WORDS);
  const docs = texts.map((text, id) => ({ id, text }));
  const build = (drop: boolean): MiniSearch<{ id: number; text: string }> => {
    const keep = (tokens: Token[]): string[] => tokens.map((t) => t.term).filter((t) => !drop || !stop.has(t));
    const index = new MiniSearch<{ id: number; text: string }>({
      fields: ['text'],
      tokenize: (text) => keep(analyze(text)),
      processTerm: (term) => term,
      searchOptions: { tokenize: (text) => keep(analyze(text, { mode: 'query' })), processTerm: (term) => term, combineWith: 'AND' },
    });
    index.addAll(docs);
    return index;
  };
  const kept = build(false);
  const dropped = build(true);
  let postingsKept = 0;
  let postingsDropped = 0;
  for (const text of texts) {
    const terms = new Set(analyze(text).map((t) => t.term));
    postingsKept += terms.size;
    postingsDropped += [...terms].filter((t) => !stop.has(t)).length;
  }
  const precision = (index: MiniSearch<{ id: number; text: string }>): number => {
    let sum = 0;
    for (const query of STOP_WORD_QUERIES) {
      const top = index.search(query).slice(0, 10);
      const needle = normalize(query);
      const exact = top.filter((hit) => normalize(texts[Number(hit.id)] ?? '').includes(needle)).length;
      sum += top.length === 0 ? 0 : exact / top.length;
    }
    return sum / STOP_WORD_QUERIES.length;
  };
  return {
    postingsKept,
    postingsDropped,
    indexBytesKept: Buffer.byteLength(JSON.stringify(kept)),
    indexBytesDropped: Buffer.byteLength(JSON.stringify(dropped)),
    precisionKept: precision(kept),
    precisionDropped: precision(dropped),
    matches: ['城市的更新', '以人民为中心', '产业和项目', '的', '和'].map((query) => ({
      query,
      kept: kept.search(query).length,
      dropped: dropped.search(query).length,
    })),
  };
}

/** Segments `texts` with the stock dictionary alone, then restores the policy dictionary. */
function compareWithStock(texts: readonly string[], policyMain: readonly Token[][]): NonNullable<SegmentBenchResult['stock']> {
  reloadSegmenter({ policy: false });
  const stockMain = texts.map((t) => analyze(t, { mode: 'query' }));
  const stockDistinctTerms = new Set(texts.flatMap((t) => analyze(t).map((x) => x.term))).size;
  const recallStock = recall(texts);
  reloadSegmenter({ policy: true });
  let changedTokens = 0;
  let changedParagraphs = 0;
  policyMain.forEach((tokens, i) => {
    const stock = new Set((stockMain[i] ?? []).map((t) => `${String(t.start)}:${String(t.end)}`));
    const changed = tokens.filter((t) => !stock.has(`${String(t.start)}:${String(t.end)}`)).length;
    changedTokens += changed;
    if (changed > 0) changedParagraphs++;
  });
  return { changedTokens, changedParagraphs, stockDistinctTerms, recallStock };
}

/** Runs the benchmark and returns its figures. */
export function runSegmentBench(options: SegmentBenchOptions): SegmentBenchResult {
  const loadAverage = os.loadavg()[0] ?? 0;
  const { reports, problems } = loadCorpusSync(CORPUS_DIR);
  if (problems.length > 0) throw new Error(`bench: corpus problems: ${problems.map((p) => p.reason).join('; ')}`);
  const all = reports.flatMap((r) => r.paragraphs.map((p) => p.text));
  const texts = options.smoke ? all.filter((_, i) => i % 40 === 0) : all;
  const characters = texts.reduce((sum, t) => sum + t.length, 0);
  const runs = options.smoke ? 1 : 7;

  const loadMs = time(() => {
    analyze('加载');
  });
  const coldIndexMs = time(() => {
    for (const t of texts) analyze(t);
  });

  const indexMs: number[] = [];
  const indexCpuMs: number[] = [];
  const queryMs: number[] = [];
  const normalizeMs: number[] = [];
  const shares: number[] = [];
  for (let run = 0; run < runs; run++) {
    resetAnalyzerStats();
    indexMs.push(
      time(() => {
        for (const t of texts) analyze(t);
      }),
    );
    const stats = analyzerStats();
    shares.push(stats.jiebaMs / stats.analyzeMs);
    indexCpuMs.push(
      cpuTime(() => {
        for (const t of texts) analyze(t);
      }),
    );
    queryMs.push(
      time(() => {
        for (const t of texts) analyze(t, { mode: 'query' });
      }),
    );
    normalizeMs.push(
      time(() => {
        for (const t of texts) normalize(t);
      }),
    );
  }
  const perSecond = (ms: number[]): number => characters / (median(ms) / 1000);

  const policyMain = texts.map((t) => analyze(t, { mode: 'query' }));
  const policyTerms = new Set(texts.flatMap((t) => analyze(t).map((x) => x.term)));
  const indexTokens = texts.reduce((sum, t) => sum + analyze(t).length, 0);
  const recallPolicy = recall(texts);
  const policyTermsLoaded = policyTermCount();

  const stock = options.smoke ? undefined : compareWithStock(texts, policyMain);
  return {
    machine: `${String(os.cpus().length)} cores (${os.cpus()[0]?.model.trim() ?? 'unknown CPU'}), Node ${process.version}, load average ${loadAverage.toFixed(1)} at start`,
    paragraphs: texts.length,
    characters,
    runs,
    loadMs,
    coldIndexMs,
    indexCharsPerSecond: perSecond(indexMs),
    indexCharsPerCpuSecond: perSecond(indexCpuMs),
    queryCharsPerSecond: perSecond(queryMs),
    normalizeCharsPerSecond: perSecond(normalizeMs),
    jiebaShare: median(shares),
    indexTokens,
    mainTokens: policyMain.reduce((sum, t) => sum + t.length, 0),
    distinctTerms: policyTerms.size,
    dictionary: {
      curated: readDictionaryFile(CURATED_PATH).terms.length,
      quoted: readDictionaryFile(QUOTED_PATH).terms.length,
      policyTerms: policyTermsLoaded,
      recallPolicy,
    },
    stock,
    stopWords: stopWordEvidence(texts),
  };
}

/** The figures as the lines of a report. */
export function formatSegmentBench(r: SegmentBenchResult): string {
  const n = (x: number): string => Math.round(x).toLocaleString('en-US');
  const pct = (x: number): string => `${(x * 100).toFixed(1)} %`;
  const d = r.dictionary;
  const st = r.stock;
  const s = r.stopWords;
  return [
    `machine: ${r.machine}`,
    `text: ${n(r.paragraphs)} paragraphs, ${n(r.characters)} characters; median of ${String(r.runs)} run(s)`,
    `load (jieba + dictionaries + OpenCC): ${n(r.loadMs)} ms; first index pass: ${n(r.coldIndexMs)} ms`,
    `analyze, index mode: ${n(r.indexCharsPerSecond)} chars/s wall clock, ${n(r.indexCharsPerCpuSecond)} chars per CPU second (jieba ${pct(r.jiebaShare)} of it)`,
    `analyze, query mode: ${n(r.queryCharsPerSecond)} chars/s`,
    `normalize alone: ${n(r.normalizeCharsPerSecond)} chars/s`,
    `tokens: ${n(r.indexTokens)} index (${n(r.mainTokens)} main + sub-terms), ${n(r.distinctTerms)} distinct terms`,
    `dictionary: ${n(d.policyTerms)} policy terms (${n(d.curated)} curated + ${n(d.quoted)} quoted)`,
    st
      ? `changed against stock jieba: ${n(st.changedTokens)} of ${n(r.mainTokens)} main tokens (${pct(st.changedTokens / r.mainTokens)}) in ${n(st.changedParagraphs)} of ${n(r.paragraphs)} paragraphs; distinct terms ${n(st.stockDistinctTerms)} → ${n(r.distinctTerms)}`
      : 'changed against stock jieba: not measured with --smoke',
    `probe words found by their terms (${String(RECALL_PROBES.length)} probes, by paragraph): ${pct(d.recallPolicy)} with the dictionary${st ? `, ${pct(st.recallStock)} stock` : ''}`,
    `stop words (${String(CANDIDATE_STOP_WORDS.length)} candidates): postings ${n(s.postingsKept)} kept / ${n(s.postingsDropped)} dropped (−${pct(1 - s.postingsDropped / s.postingsKept)}), MiniSearch JSON ${n(s.indexBytesKept)} / ${n(s.indexBytesDropped)} bytes (−${pct(1 - s.indexBytesDropped / s.indexBytesKept)})`,
    `stop words, phrase precision@10 over ${String(STOP_WORD_QUERIES.length)} queries: ${s.precisionKept.toFixed(3)} kept, ${s.precisionDropped.toFixed(3)} dropped; matches kept → dropped: ${s.matches.map((m) => `${m.query} ${String(m.kept)} → ${String(m.dropped)}`).join(', ')}`,
  ].join('\n');
}

/** The `## Text analysis` section of BENCHMARKS.md for a full (not `--smoke`) run. */
export function formatSegmentSection(r: SegmentBenchResult): string {
  const st = r.stock;
  if (!st) throw new Error('bench: the BENCHMARKS.md section needs a full run (without --smoke)');
  const n = (x: number): string => Math.round(x).toLocaleString('en-US');
  const pct = (x: number): string => `${(x * 100).toFixed(1)} %`;
  const d = r.dictionary;
  const s = r.stopWords;
  const matches = s.matches
    .filter((m) => m.kept > 0 && m.dropped > 0)
    .map((m, i) => `${m.query} ${String(m.kept)} → ${String(m.dropped)}${i === 0 ? ' paragraphs' : ''}`)
    .join(', ');
  return `## Text analysis

Segmentation and the policy dictionary (\`src/text/\`), measured by \`bench/segment.ts\`:

\`\`\`sh
npx tsx bench/segment.ts           # whole corpus, median of 7 runs (about 15 s); --write updates this section
npx tsx bench/segment.ts --smoke   # 1 in 40 paragraphs, one run, no stock comparison (the test suite runs this)
\`\`\`

Machine: ${r.machine}. The machine is shared with other work, so wall-clock throughput varies
between runs (from 0.4M to 1.4M characters/s in index mode at load averages 6–8); the figures
below are from one run, with the throughput per CPU second beside it as the steadier figure.

| measure | value |
|---|---|
| corpus | ${n(r.paragraphs)} paragraphs, ${n(r.characters)} characters (UTF-16 code units) |
| load: jieba (stock + policy dictionary), OpenCC, dictionary files | ${n(r.loadMs)} ms, once per process |
| first pass over the corpus (sub-word caches empty) | ${n(r.coldIndexMs)} ms |
| \`analyze()\`, index mode | **${n(r.indexCharsPerSecond)} characters/s** (${n(r.indexCharsPerCpuSecond)} per CPU second) |
| of which inside nodejieba (\`analyzerStats()\`) | ${pct(r.jiebaShare)} |
| \`analyze()\`, query mode | ${n(r.queryCharsPerSecond)} characters/s |
| \`normalize()\` alone | ${n(r.normalizeCharsPerSecond)} characters/s |
| tokens emitted, index mode | ${n(r.indexTokens)} (${n(r.mainTokens)} main terms + sub-terms), ${n(r.distinctTerms)} distinct terms |
| policy dictionary | ${n(d.policyTerms)} terms: ${n(d.curated)} curated (\`src/text/dict/curated.txt\`) + ${n(d.quoted)} harvested from “…” quotes (\`src/text/dict/quoted.txt\`, \`npm run dict\`) |
| main tokens changed against jieba's stock dictionary | ${n(st.changedTokens)} of ${n(r.mainTokens)} (${pct(st.changedTokens / r.mainTokens)}), in ${n(st.changedParagraphs)} of ${n(r.paragraphs)} paragraphs; distinct terms ${n(st.stockDistinctTerms)} → ${n(r.distinctTerms)} |
| paragraphs containing one of ${String(RECALL_PROBES.length)} probe words that its terms find | ${pct(d.recallPolicy)} with the dictionary, ${pct(st.recallStock)} with the stock dictionary |

The probe misses left are substrings across word boundaries, which should not match as words
(民生 in 人民生活, 项目 in 各项目标, 增长 in 新增长三角); the stock dictionary also loses about half
the paragraphs with 高地, which it cuts 新高/地 in 新高地 (a quoted term now).

Stop words (evidence for having none, see \`src/text/stopwords.ts\`): dropping ${String(CANDIDATE_STOP_WORDS.length)} candidate
function words would save ${pct(1 - s.postingsDropped / s.postingsKept)} of postings (${n(s.postingsKept)} → ${n(s.postingsDropped)}) and ${pct(1 - s.indexBytesDropped / s.indexBytesKept)} of the serialised
MiniSearch index (${n(s.indexBytesKept)} → ${n(s.indexBytesDropped)} bytes), widen AND queries (${matches}), lower the share of the top 10 holding the typed
phrase over ${String(STOP_WORD_QUERIES.length)} queries (${s.precisionKept.toFixed(3)} → ${s.precisionDropped.toFixed(3)}), and leave 的 or 和 alone with no result.

Share of jieba in a full index build: measured by \`bench/search.ts\` (table under \`## Search\`: 13 % of a
1.7 s build, \`analyze()\` as a whole 25 %, on 2026-11-22 at load average 1.8); \`analyzerStats()\` /
\`resetAnalyzerStats()\` (exported by \`src/text/index.ts\`) give the milliseconds spent in
\`analyze()\` and inside nodejieba during any stretch of work. In the benchmark above, nodejieba
is ${pct(r.jiebaShare)} of \`analyze()\` time; the rest is normalisation, run splitting and sub-term assembly.
`;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = runSegmentBench({ smoke: process.argv.includes('--smoke') });
  console.log(process.argv.includes('--json') ? JSON.stringify(result, null, 2) : formatSegmentBench(result));
  if (process.argv.includes('--write') && result.stock) writeSection(formatSegmentSection(result));
}
