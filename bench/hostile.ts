/**
 * `npx tsx bench/hostile.ts [--duration 30] [--hostile 50] [--normal 10] [--rate 4] [--write] [--smoke]`
 *
 * One client cannot stall the site: the server (`src/cli/serve.ts` exactly as `npm start` runs
 * it, on the bundled corpus, in a child process on 127.0.0.1, behind a simulated reverse proxy:
 * `TRUST_PROXY=loopback` and one `X-Forwarded-For` address per client) first serves the normal
 * clients alone, then the same normal clients while the hostile ones send the costliest requests
 * found, back to back. Normal clients: `--normal` connections, each `--rate` requests per second,
 * cycling through the query mix of `bench/lib/queries.ts` as result pages and API calls. Hostile
 * clients: `--hostile` connections sending, without pause, a hundred alternatives to compare
 * (page and API), a hundred words that find nothing (the empty-result help), a hundred
 * alternatives with 100 hits a page (page and API) and the largest report marked with them.
 *
 * Reports the normal clients' p50/p99 alone and under attack and their ratio (goal: p99 within
 * 5× of alone), every status the two kinds of client received (the only 5xx allowed is the
 * documented 503), the server's resident memory (sampled every 250 ms) and the load average.
 * Fails (exit 1) when a goal is missed. `--write` puts the figures under `## Hostile mix` in
 * BENCHMARKS.md; `--smoke`: 3 s phases, 5 hostile and 2 normal clients.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { isMain, positiveNumber, ROOT, run } from './lib/cli.js';
import { writeSection } from './lib/benchmarks-file.js';
import { describeMachine } from './lib/machine.js';
import { QUERY_MIX } from './lib/queries.js';
import { formatMB, formatMs, markdownTable, percentile } from './lib/stats.js';

/** The normal clients' p99 under attack may be at most this many times their p99 alone. */
export const P99_RATIO_GOAL = 5;

/** A hundred common characters: joined by `|`, an OR of a hundred alternatives matching nearly every paragraph. */
const COMMON = Array.from('业新发展经济建设改革创新企业项目服务城市农村生态文化教育医疗安全产业科技人才政府工作推进加快全面提升质量高效完善体系机制重点民生就业收入消费投资开放合作区域乡村振兴环境保护绿色低碳数字智能制造现代化治理能力水平市场主体营商优化财政金融').slice(0, 100);

const enc = encodeURIComponent;

/** The costliest requests found (each within the 200-character query limit). */
export const HOSTILE_PATHS: readonly string[] = [
  `/api/compare?q=${enc(COMMON.join('|'))}`,
  `/compare?q=${enc(COMMON.join('|'))}`,
  `/search?q=${enc([...COMMON.slice(0, 99), '龘'].join(' '))}`,
  `/api/search?q=${enc(COMMON.join('|'))}&size=100`,
  `/search?q=${enc(COMMON.join('|'))}&size=100`,
  `/doc/zhenjiang-2024-full?q=${enc(COMMON.join('|'))}`,
];

/** The normal mix: every query of the benchmark mix as a result page and as an API call. */
export const NORMAL_PATHS: readonly string[] = QUERY_MIX.flatMap(({ q }) => [`/search?q=${enc(q)}`, `/api/search?q=${enc(q)}`]);

/** What one phase measured. */
export interface Phase {
  seconds: number;
  /** Latencies of the normal clients' answers, ms. */
  normal: { count: number; p50: number; p99: number; max: number; statuses: Record<string, number> };
  /** The hostile clients' answers by status. */
  hostile: { count: number; statuses: Record<string, number> };
  /** The server's resident memory, bytes: at the start of the phase and the most seen during it. */
  rss: { start: number; max: number };
}

/** Everything the benchmark measured. */
export interface HostileBenchResult {
  machine: string;
  loadBefore: number[];
  loadAfter: number[];
  alone: Phase;
  attacked: Phase;
  ratio: number;
  failures: string[];
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

/** Starts the server as `npm start` does; resolves with its address once it serves. */
function startServer(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src', 'cli', 'serve.ts')], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', TRUST_PROXY: 'loopback', INBOX_DIR: 'off' },
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
function client(url: string, address: string, paths: readonly string[], seconds: number, rate: number | undefined, onAnswer: (status: number, ms: number) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        connections: 1,
        duration: seconds,
        timeout: 30,
        headers: { 'x-forwarded-for': address },
        requests: paths.map((path) => ({ method: 'GET' as const, path })),
        ...(rate === undefined ? {} : { connectionRate: rate }),
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

async function phase(url: string, pid: number, options: { seconds: number; normal: number; hostile: number; rate: number }): Promise<Phase> {
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
      client(url, `10.0.0.${String(i + 1)}`, paths, options.seconds, options.rate, (status, ms) => {
        latencies.push(ms);
        count(normalStatuses, status);
      }),
    );
  }
  for (let i = 0; i < options.hostile; i++) {
    const paths = [...HOSTILE_PATHS.slice(i % HOSTILE_PATHS.length), ...HOSTILE_PATHS.slice(0, i % HOSTILE_PATHS.length)];
    runs.push(
      client(url, `10.66.0.${String(i + 1)}`, paths, options.seconds, undefined, (status) => {
        hostileCount++;
        count(hostileStatuses, status);
      }),
    );
  }
  await Promise.all(runs);
  clearInterval(sampler);
  rss.max = Math.max(rss.max, rssOf(pid));
  return {
    seconds: (performance.now() - started) / 1000,
    normal: { count: latencies.length, p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: Math.max(0, ...latencies), statuses: normalStatuses },
    hostile: { count: hostileCount, statuses: hostileStatuses },
    rss,
  };
}

/** Runs both phases against one server. */
export async function runHostileBench(options: { seconds: number; normal: number; hostile: number; rate: number }): Promise<HostileBenchResult> {
  const loadBefore = loadavg();
  const { child, url } = await startServer();
  const pid = child.pid ?? 0;
  try {
    // Warm-up: every path once, so that neither phase pays for first-use costs.
    await phase(url, pid, { seconds: 2, normal: 2, hostile: 1, rate: options.rate });
    const alone = await phase(url, pid, { ...options, hostile: 0 });
    const attacked = await phase(url, pid, options);
    const ratio = attacked.normal.p99 / Math.max(alone.normal.p99, 0.001);
    const failures: string[] = [];
    if (ratio > P99_RATIO_GOAL) failures.push(`normal p99 ${formatMs(attacked.normal.p99)} is ${ratio.toFixed(1)}× its ${formatMs(alone.normal.p99)} alone (goal ≤ ${String(P99_RATIO_GOAL)}×)`);
    for (const [who, statuses] of [
      ['normal (alone)', alone.normal.statuses],
      ['normal', attacked.normal.statuses],
      ['hostile', attacked.hostile.statuses],
    ] as const) {
      for (const [status, n] of Object.entries(statuses)) {
        if (status !== '503' && Number(status) >= 500) failures.push(`${who} clients got ${String(n)} × ${status}`);
        if (status === '0') failures.push(`${who} clients got ${String(n)} errors or timeouts`);
      }
    }
    return { machine: describeMachine(), loadBefore, loadAfter: loadavg(), alone, attacked, ratio, failures };
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  }
}

function statuses(s: Record<string, number>): string {
  return Object.entries(s)
    .sort()
    .map(([status, n]) => `${status}: ${n.toLocaleString('en-US')}`)
    .join(', ');
}

/** The BENCHMARKS.md section. */
export function section(result: HostileBenchResult, options: { seconds: number; normal: number; hostile: number; rate: number }): string {
  const { alone, attacked } = result;
  const load = (l: number[]) => l.map((x) => x.toFixed(2)).join(' / ');
  return `## Hostile mix

\`npx tsx bench/hostile.ts --write\`: the server as \`npm start\` runs it (bundled corpus, default
admission settings: one search at a time, queue 64, 50 ms search budget), behind a simulated
proxy (\`TRUST_PROXY=loopback\`, one \`X-Forwarded-For\` address per client). ${String(options.normal)} normal
clients at ${String(options.rate)} requests/s each (result pages and API calls of the query mix), first alone for
${String(options.seconds)} s, then for ${String(options.seconds)} s with ${String(options.hostile)} hostile clients sending the costliest requests
back to back (a hundred alternatives compared, page and API; a hundred words finding nothing; a
hundred alternatives at 100 hits a page, page and API; the largest report marked with them).

${result.machine}; load average before ${load(result.loadBefore)}, after ${load(result.loadAfter)} (1/5/15 min; the machine is shared).

${markdownTable(
  ['phase', 'normal answers', 'normal p50', 'normal p99', 'normal max', 'normal statuses', 'hostile answers', 'hostile statuses', 'server RSS start → max'],
  [
    ['alone', String(alone.normal.count), formatMs(alone.normal.p50), formatMs(alone.normal.p99), formatMs(alone.normal.max), statuses(alone.normal.statuses), '–', '–', `${formatMB(alone.rss.start)} → ${formatMB(alone.rss.max)}`],
    [
      'under attack',
      String(attacked.normal.count),
      formatMs(attacked.normal.p50),
      formatMs(attacked.normal.p99),
      formatMs(attacked.normal.max),
      statuses(attacked.normal.statuses),
      String(attacked.hostile.count),
      statuses(attacked.hostile.statuses),
      `${formatMB(attacked.rss.start)} → ${formatMB(attacked.rss.max)}`,
    ],
  ],
)}

Normal p99 under attack / alone: **${result.ratio.toFixed(2)}×** (goal ≤ ${String(P99_RATIO_GOAL)}×). ${result.failures.length === 0 ? 'No 5xx but the documented 503; every goal met.' : `Missed: ${result.failures.join('; ')}.`}
`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      duration: { type: 'string' },
      hostile: { type: 'string' },
      normal: { type: 'string' },
      rate: { type: 'string' },
      write: { type: 'boolean', default: false },
      smoke: { type: 'boolean', default: false },
    },
  });
  const smoke = values.smoke;
  const options = {
    seconds: positiveNumber('duration', values.duration, smoke ? 3 : 30),
    hostile: positiveNumber('hostile', values.hostile, smoke ? 5 : 50),
    normal: positiveNumber('normal', values.normal, smoke ? 2 : 10),
    rate: positiveNumber('rate', values.rate, 4),
  };
  const result = await runHostileBench(options);
  const text = section(result, options);
  process.stdout.write(`${text}\n`);
  if (values.write && !smoke) writeSection(text);
  if (result.failures.length > 0) process.exitCode = 1;
}

if (isMain(import.meta.url)) run('bench/hostile', main);
