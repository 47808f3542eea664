/**
 * `npx tsx bench/hostile.ts [--duration 30] [--hostile 50] [--normal 10] [--rate 4] [--paragraphs 82000] [--only readers,mix] [--write] [--smoke]`
 *
 * One client cannot stall the site: the server (`src/cli/serve.ts` exactly as `npm start` runs
 * it, in a child process on 127.0.0.1, behind a simulated reverse proxy: `TRUST_PROXY=loopback`
 * and one `X-Forwarded-For` address per client) on the bundled corpus plus one generated report
 * of `--paragraphs` short paragraphs (the size that once made its reader page 68.7 MB). Normal
 * clients: `--normal` connections, each `--rate` requests per second, cycling through the query
 * mix of `bench/lib/queries.ts` as result pages and API calls. They run alone first, then beside
 * each hostile pattern in turn, every phase `--duration` seconds, all in one run on one server:
 *
 * - one client sending a hundred words that find nothing (the empty-result help), back to back;
 * - `--hostile` clients comparing a hundred alternatives (`/api/compare`), back to back;
 * - one connection pipelining a hundred such comparisons at a time (a flood);
 * - four readers of the long report, back to back;
 * - the mix: `--hostile` clients sending all of the costliest requests found (the comparisons,
 *   page and API; the hundred words; a hundred alternatives at 100 hits a page, page and API;
 *   the largest bundled report marked with them; the long report).
 *
 * Reports the normal clients' p50/p99 in each phase and their ratio to alone (goal: p99 within
 * 5×), every status the clients received (the only 5xx allowed is the documented 503), the
 * server's resident memory (sampled every 250 ms), the long report's reader page (bytes, time
 * alone) and the load average. Fails (exit 1) when a goal is missed (a smoke run: on errors only). `--write` puts the figures
 * under `## Hostile mix` in BENCHMARKS.md; `--smoke`: 2 s phases, 5 hostile and 2 normal
 * clients, a long report of 3,000 paragraphs.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { formatFrontMatter, loadCorpusSync } from '../src/ingest/index.js';
import { isMain, positiveNumber, ROOT, run } from './lib/cli.js';
import { writeSection } from './lib/benchmarks-file.js';
import { describeMachine } from './lib/machine.js';
import { QUERY_MIX } from './lib/queries.js';
import { formatMB, formatMs, markdownTable, median, percentile } from './lib/stats.js';

/** The normal clients' p99 under attack may be at most this many times their p99 alone. */
export const P99_RATIO_GOAL = 5;

/** A hundred common characters: joined by `|`, an OR of a hundred alternatives matching nearly every paragraph. */
const COMMON = Array.from('业新发展经济建设改革创新企业项目服务城市农村生态文化教育医疗安全产业科技人才政府工作推进加快全面提升质量高效完善体系机制重点民生就业收入消费投资开放合作区域乡村振兴环境保护绿色低碳数字智能制造现代化治理能力水平市场主体营商优化财政金融').slice(0, 100);

const enc = encodeURIComponent;

/** Id of the generated long report. */
export const LONG_ID = 'long-report';

/** A hundred words that no paragraph holds all of: the empty-result help's worst case. */
export const NO_RESULT_PATH = `/search?q=${enc([...COMMON.slice(0, 99), '龘'].join(' '))}`;
/** A comparison of a hundred alternatives (~100 ms of counting without a budget). */
export const COMPARE_PATH = `/api/compare?q=${enc(COMMON.join('|'))}`;
/** The long report in the reader. */
export const LONG_PATH = `/doc/${LONG_ID}`;

/** The costliest requests found (each within the 200-character query limit). */
export const HOSTILE_PATHS: readonly string[] = [
  COMPARE_PATH,
  `/compare?q=${enc(COMMON.join('|'))}`,
  NO_RESULT_PATH,
  `/api/search?q=${enc(COMMON.join('|'))}&size=100`,
  `/search?q=${enc(COMMON.join('|'))}&size=100`,
  `/doc/zhenjiang-2024-full?q=${enc(COMMON.join('|'))}`,
  LONG_PATH,
];

/** The normal mix: every query of the benchmark mix as a result page and as an API call. */
export const NORMAL_PATHS: readonly string[] = QUERY_MIX.flatMap(({ q }) => [`/search?q=${enc(q)}`, `/api/search?q=${enc(q)}`]);

/** One hostile pattern: who sends what. */
export interface Pattern {
  /** Short name for `--only`. */
  key: string;
  name: string;
  /** Clients (connections), each with its own address. */
  clients: number;
  /** Requests each connection keeps in flight (pipelining). */
  pipelining: number;
  paths: readonly string[];
}

/** The patterns of the review, one phase each, then all together. */
export function patterns(hostile: number): Pattern[] {
  return [
    { key: 'no-result', name: 'a hundred words finding nothing, one client back to back', clients: 1, pipelining: 1, paths: [NO_RESULT_PATH] },
    { key: 'compare', name: `costly comparisons, ${String(hostile)} clients back to back`, clients: hostile, pipelining: 1, paths: [COMPARE_PATH] },
    { key: 'pipelined', name: 'costly comparisons pipelined 100 deep on one connection', clients: 1, pipelining: 100, paths: [COMPARE_PATH] },
    { key: 'readers', name: 'four readers of the long report', clients: 4, pipelining: 1, paths: [LONG_PATH] },
    { key: 'mix', name: `the mix of all, ${String(hostile)} clients`, clients: hostile, pipelining: 1, paths: HOSTILE_PATHS },
  ];
}

/** What one phase measured. */
export interface Phase {
  /** The hostile pattern beside the normal clients; `alone` without one. */
  name: string;
  seconds: number;
  /** Latencies of the normal clients' answers, ms. */
  normal: { count: number; p50: number; p99: number; max: number; statuses: Record<string, number> };
  /** The hostile clients' answers by status. */
  hostile: { count: number; statuses: Record<string, number> };
  /** The server's resident memory, bytes: at the start of the phase and the most seen during it. */
  rss: { start: number; max: number };
  /** Load average (1 min) at the end of the phase. */
  load: number;
}

/** The long report's reader page, alone. */
export interface LongPage {
  paragraphs: number;
  /** Bytes of the page (uncompressed). */
  bytes: number;
  /** Median time to its last byte over a few requests, ms. */
  ms: number;
  /** Parts the reader shows it in (from the page; 1 when it is not split). */
  parts: number;
}

/** Everything the benchmark measured. */
export interface HostileBenchResult {
  machine: string;
  loadBefore: number[];
  loadAfter: number[];
  longPage: LongPage;
  alone: Phase;
  attacked: Phase[];
  /** Goals missed: a ratio over the goal. */
  failures: string[];
  /** Answers no client may get: a 5xx but the documented 503, an error or a timeout. */
  errors: string[];
}

/** Options of {@link runHostileBench}. */
export interface HostileOptions {
  seconds: number;
  normal: number;
  hostile: number;
  rate: number;
  /** Paragraphs of the generated long report. */
  paragraphs: number;
  /** Keys of the patterns to run (`Pattern.key`); all by default. */
  only?: readonly string[];
}

/** Resident memory of process `pid` in bytes (Linux `/proc`), 0 where unavailable. */
function rssOf(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${String(pid)}/status`, 'utf8'));
    return match?.[1] === undefined ? 0 : Number(match[1]) * 1024;
  } catch {
    return 0;
  }
}

/**
 * The long report: `paragraphs` short paragraphs (two sentences of the bundled reports each, in
 * turn: a single short sentence could read as a heading), under a main heading every 2,000 and a
 * sub-heading every 250, in the corpus format.
 */
export function longReport(paragraphs: number): string {
  const reports = loadCorpusSync(join(ROOT, 'corpus')).reports;
  const sentences = reports.flatMap((report) => report.paragraphs.flatMap((p) => p.text.split('。').filter((t) => t.length >= 12).map((t) => `${t}。`)));
  const lines: string[] = [];
  for (let i = 0; i < paragraphs; i++) {
    if (i % 2000 === 0) lines.push(`# 第${String(i / 2000 + 1)}部分重点工作`);
    if (i % 250 === 0) lines.push(`## 第${String(i / 250 + 1)}组任务`);
    lines.push(`${sentences[(2 * i) % sentences.length] ?? ''}${sentences[(2 * i + 1) % sentences.length] ?? ''}`);
  }
  const meta = { id: LONG_ID, title: '2024年XX市政府工作报告（长篇样本）', region: 'XX市·长篇', level: '市' as const, year: 2024, kind: '全文', source: `generated: ${String(paragraphs)} short paragraphs` };
  return `${formatFrontMatter(meta)}${lines.join('\n\n')}\n`;
}

/** The bundled corpus plus the long report, in a new folder; returns it. */
function prepareCorpus(paragraphs: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'bench-hostile-'));
  mkdirSync(join(dir, 'corpus'));
  for (const name of readdirSync(join(ROOT, 'corpus'))) copyFileSync(join(ROOT, 'corpus', name), join(dir, 'corpus', name));
  writeFileSync(join(dir, 'corpus', `${LONG_ID}.txt`), longReport(paragraphs));
  return dir;
}

/** Starts the server as `npm start` does on the corpus in `dir`; resolves with its address once it serves. */
function startServer(dir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src', 'cli', 'serve.ts')], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', TRUST_PROXY: 'loopback', INBOX_DIR: 'off', CORPUS_DIR: join(dir, 'corpus'), INDEX_DIR: join(dir, 'index') },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => {
      reject(new Error(`bench/hostile: server exited with ${String(code)} before serving`));
    });
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      const match = /"message":"serving (http:\/\/127\.0\.0\.1:\d+)"/.exec(out);
      if (match?.[1] !== undefined) {
        child.removeAllListeners('exit');
        child.stdout.removeAllListeners('data');
        child.stdout.resume();
        resolve({ child, url: match[1] });
      }
    });
  });
}

/** One client: a connection of its own, with its own forwarded address, cycling through `paths`. */
function client(
  url: string,
  address: string,
  paths: readonly string[],
  options: { seconds: number; rate?: number; pipelining?: number },
  onAnswer: (status: number, ms: number) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        connections: 1,
        duration: options.seconds,
        timeout: 30,
        pipelining: options.pipelining ?? 1,
        headers: { 'x-forwarded-for': address },
        requests: paths.map((path) => ({ method: 'GET' as const, path })),
        ...(options.rate === undefined ? {} : { connectionRate: options.rate }),
      },
      (error) => {
        if (error !== null && error !== undefined) reject(error instanceof Error ? error : new Error(String(error)));
        else resolve();
      },
    );
    instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
      onAnswer(status, ms);
    });
  });
}

function count(statuses: Record<string, number>, status: number): void {
  statuses[String(status)] = (statuses[String(status)] ?? 0) + 1;
}

async function phase(url: string, pid: number, name: string, options: { seconds: number; normal: number; rate: number }, pattern?: Pattern): Promise<Phase> {
  const latencies: number[] = [];
  const normalStatuses: Record<string, number> = {};
  const hostileStatuses: Record<string, number> = {};
  let hostileCount = 0;
  const rss = { start: rssOf(pid), max: 0 };
  const sampler = setInterval(() => {
    rss.max = Math.max(rss.max, rssOf(pid));
  }, 250);
  const started = performance.now();
  const runs: Array<Promise<void>> = [];
  for (let i = 0; i < options.normal; i++) {
    // Each normal client starts at its own point of the mix, so together they cover all of it.
    const paths = [...NORMAL_PATHS.slice(i * 3), ...NORMAL_PATHS.slice(0, i * 3)];
    runs.push(
      client(url, `10.0.0.${String(i + 1)}`, paths, { seconds: options.seconds, rate: options.rate }, (status, ms) => {
        latencies.push(ms);
        count(normalStatuses, status);
      }),
    );
  }
  for (let i = 0; pattern !== undefined && i < pattern.clients; i++) {
    const shift = i % pattern.paths.length;
    const paths = [...pattern.paths.slice(shift), ...pattern.paths.slice(0, shift)];
    runs.push(
      client(url, `10.66.${String(Math.floor(i / 250))}.${String((i % 250) + 1)}`, paths, { seconds: options.seconds, pipelining: pattern.pipelining }, (status) => {
        hostileCount++;
        count(hostileStatuses, status);
      }),
    );
  }
  await Promise.all(runs);
  clearInterval(sampler);
  rss.max = Math.max(rss.max, rssOf(pid));
  return {
    name,
    seconds: (performance.now() - started) / 1000,
    normal: { count: latencies.length, p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: Math.max(0, ...latencies), statuses: normalStatuses },
    hostile: { count: hostileCount, statuses: hostileStatuses },
    rss,
    load: loadavg()[0] ?? 0,
  };
}

/** The long report's reader page, requested alone a few times. */
async function measureLongPage(url: string, paragraphs: number): Promise<LongPage> {
  const times: number[] = [];
  let bytes = 0;
  let parts = 1;
  for (let i = 0; i < 5; i++) {
    const started = performance.now();
    const response = await fetch(`${url}${LONG_PATH}`, { headers: { 'accept-encoding': 'identity' } });
    const text = await response.text();
    times.push(performance.now() - started);
    if (response.status !== 200) throw new Error(`bench/hostile: ${LONG_PATH} answered ${String(response.status)}`);
    bytes = Buffer.byteLength(text);
    const match = /分 (\d+) 部分显示/u.exec(text);
    parts = match?.[1] === undefined ? 1 : Number(match[1]);
  }
  return { paragraphs, bytes, ms: median(times), parts };
}

/** Runs every phase against one server. */
export async function runHostileBench(options: HostileOptions): Promise<HostileBenchResult> {
  const loadBefore = loadavg();
  const dir = prepareCorpus(options.paragraphs);
  try {
    const { child, url } = await startServer(dir);
    const pid = child.pid ?? 0;
    try {
      const longPage = await measureLongPage(url, options.paragraphs);
      // Warm-up: every path once, so that no phase pays for first-use costs.
      await phase(url, pid, 'warm-up', { seconds: 2, normal: 2, rate: options.rate }, { key: 'warm-up', name: 'warm-up', clients: 1, pipelining: 1, paths: HOSTILE_PATHS });
      const alone = await phase(url, pid, 'alone', options);
      const attacked: Phase[] = [];
      const chosen = patterns(options.hostile).filter((p) => options.only === undefined || options.only.includes(p.key));
      for (const pattern of chosen) attacked.push(await phase(url, pid, pattern.name, options, pattern));
      const failures: string[] = [];
      for (const p of attacked) {
        const ratio = p.normal.p99 / Math.max(alone.normal.p99, 0.001);
        if (ratio > P99_RATIO_GOAL) failures.push(`${p.name}: normal p99 ${formatMs(p.normal.p99)} is ${ratio.toFixed(1)}× its ${formatMs(alone.normal.p99)} alone (goal ≤ ${String(P99_RATIO_GOAL)}×)`);
      }
      const errors: string[] = [];
      for (const p of [alone, ...attacked]) {
        for (const [who, statuses] of [
          ['normal', p.normal.statuses],
          ['hostile', p.hostile.statuses],
        ] as const) {
          for (const [status, n] of Object.entries(statuses)) {
            if (status !== '503' && Number(status) >= 500) errors.push(`${p.name}: ${who} clients got ${String(n)} × ${status}`);
            if (status === '0') errors.push(`${p.name}: ${who} clients got ${String(n)} errors or timeouts`);
          }
        }
      }
      return { machine: describeMachine(), loadBefore, loadAfter: loadavg(), longPage, alone, attacked, failures, errors };
    } finally {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function statuses(s: Record<string, number>): string {
  const list = Object.entries(s)
    .sort()
    .map(([status, n]) => `${status}: ${n.toLocaleString('en-US')}`);
  return list.length === 0 ? '–' : list.join(', ');
}

/** The BENCHMARKS.md section. */
export function section(result: HostileBenchResult, options: HostileOptions): string {
  const { alone, attacked, longPage } = result;
  const load = (l: number[]) => l.map((x) => x.toFixed(2)).join(' / ');
  const row = (p: Phase): string[] => [
    p.name,
    p.normal.count.toLocaleString('en-US'),
    formatMs(p.normal.p50),
    formatMs(p.normal.p99),
    p === alone ? '1×' : `${(p.normal.p99 / Math.max(alone.normal.p99, 0.001)).toFixed(2)}×`,
    formatMs(p.normal.max),
    statuses(p.normal.statuses),
    p === alone ? '–' : p.hostile.count.toLocaleString('en-US'),
    p === alone ? '–' : statuses(p.hostile.statuses),
    `${formatMB(p.rss.start)} → ${formatMB(p.rss.max)}`,
    p.load.toFixed(1),
  ];
  return `## Hostile mix

\`npx tsx bench/hostile.ts --write\`: the server as \`npm start\` runs it (default admission
settings: one search at a time, queue 64, 50 ms search budget) on the bundled corpus plus one
generated report of ${longPage.paragraphs.toLocaleString('en-US')} short paragraphs, behind a simulated proxy (\`TRUST_PROXY=loopback\`,
one \`X-Forwarded-For\` address per client). ${String(options.normal)} normal clients at ${String(options.rate)} requests/s each (result pages
and API calls of the query mix), alone for ${String(options.seconds)} s, then beside each hostile pattern in turn for
${String(options.seconds)} s, all in one run on one server.

Times in ms, memory in MB. ${result.machine}; load average before ${load(result.loadBefore)}, after ${load(result.loadAfter)} (1/5/15 min; the machine is shared).

The long report's reader page alone: ${(longPage.bytes / 1e6).toFixed(2)} MB in ${formatMs(longPage.ms)} ms (median of 5), shown in ${longPage.parts.toLocaleString('en-US')} part${longPage.parts === 1 ? '' : 's'}.

${markdownTable(
  ['beside the normal clients', 'normal answers', 'normal p50', 'normal p99', 'p99 / alone', 'normal max', 'normal statuses', 'hostile answers', 'hostile statuses', 'server RSS start → max', 'load (1 min)'],
  [row(alone), ...attacked.map(row)],
)}

Goal: the normal clients' p99 within ${String(P99_RATIO_GOAL)}× of alone, no 5xx but the documented 503. ${result.errors.length === 0 ? 'No 5xx but the documented 503, no error, no timeout.' : `Errors: ${result.errors.join('; ')}.`} ${result.failures.length === 0 ? 'Every ratio within the goal.' : `Missed: ${result.failures.join('; ')}.`}
`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      duration: { type: 'string' },
      hostile: { type: 'string' },
      normal: { type: 'string' },
      rate: { type: 'string' },
      paragraphs: { type: 'string' },
      only: { type: 'string' },
      write: { type: 'boolean', default: false },
      smoke: { type: 'boolean', default: false },
    },
  });
  const smoke = values.smoke;
  const options: HostileOptions = {
    seconds: positiveNumber('duration', values.duration, smoke ? 2 : 30),
    hostile: positiveNumber('hostile', values.hostile, smoke ? 5 : 50),
    normal: positiveNumber('normal', values.normal, smoke ? 2 : 10),
    rate: positiveNumber('rate', values.rate, 4),
    paragraphs: positiveNumber('paragraphs', values.paragraphs, smoke ? 3000 : 82_000),
    ...(values.only === undefined ? {} : { only: values.only.split(',') }),
  };
  const result = await runHostileBench(options);
  const text = section(result, options);
  process.stdout.write(`${text}\n`);
  if (values.write && !smoke && options.only === undefined) writeSection(text);
  // A smoke run's phases are too short for its ratios to mean much: only errors fail it.
  if (result.errors.length > 0 || (result.failures.length > 0 && !smoke)) process.exitCode = 1;
}

if (isMain(import.meta.url)) run('bench/hostile', main);
