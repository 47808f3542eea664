/**
 * `node --expose-gc --import tsx bench/load.ts [--duration 30] [--connections 50] [--amount 100000] [--corpus DIR --index DIR] [--distinct 1000] [--write] [--json FILE] [--smoke]`
 *
 * The site under sustained load: the server (the app and `listen()` exactly as `npm start`
 * runs them, on the bundled corpus and its saved index) in a child process on 127.0.0.1, and
 * autocannon driving `/api/search` with the fixed 30-query mix (`bench/lib/queries.ts`, each
 * connection cycling through it) over keep-alive connections. A short warm-up, then the timed
 * run (30 s at 50 connections), then a long run of 100,000 requests sampling the server's
 * resident memory as it goes. Fails (exit 1) on any error, timeout or non-2xx answer, or when
 * the server's heap after a full collection grows by more than {@link HEAP_GROWTH_LIMIT} over
 * the long run. Reports requests per second, p50/p99/max latency, the server's RSS and heap
 * before and after, the RSS curve and the load average, whether the goal (≥ 1,000 requests/s,
 * p99 < 100 ms) was met, and with `--write` puts them under `## Load` in BENCHMARKS.md.
 * `--smoke`: a three-report generated corpus, 2 s at 5 connections, a long run of 1,000.
 *
 * Run as `bench/load.ts --serve CORPUS_DIR INDEX_DIR`, it is that child: it serves and answers
 * memory requests from its parent over IPC.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { CORPUS_DIR, loadCorpus, loadCorpusSync } from '../src/ingest/index.js';
import { DEFAULT_INDEX_DIR } from '../src/index/index.js';
import { CoreSearchService, openSearch } from '../src/search/index.js';
import { addCorpusTerms } from '../src/text/index.js';
import type { AnswerCache } from '../src/web/answer-cache.js';
import { createApp } from '../src/web/app.js';
import { consoleLogger } from '../src/web/logger.js';
import { listen, shutdown } from '../src/web/server.js';
import { isMain, positiveNumber, run } from './lib/cli.js';
import { writeSection } from './lib/benchmarks-file.js';
import { describeMachine } from './lib/machine.js';
import { sampleMemory, type MemorySample } from './lib/memory.js';
import { distinctQueries } from './lib/distinct-queries.js';
import { QUERY_MIX } from './lib/queries.js';
import { scanServer } from './lib/scan-server.js';
import { smokeCorpus } from './lib/smoke.js';
import { formatMB, formatMs, markdownTable } from './lib/stats.js';

/** The goal on the reference machine (2 cores): throughput and tail latency of `/api/search`. */
export const GOAL = { requestsPerSecond: 1000, p99Ms: 100 } as const;

/** Largest growth of the server's heap (after a full collection) over the long run, in bytes. */
export const HEAP_GROWTH_LIMIT = 16 * 2 ** 20;

/** Options of {@link runLoadBench}. */
export interface LoadBenchOptions {
  corpusDir: string;
  indexDir: string;
  /** Seconds of the timed run. */
  duration: number;
  connections: number;
  /** Requests of the long run. */
  amount: number;
  /** Seconds of warm-up before anything is measured. */
  warmup: number;
  /** Seconds of each run side by side with the bare scan server. */
  sideDuration: number;
  /**
   * Distinct queries per encoding ({@link DISTINCT_QUERIES} by default); raise it above what a
   * run sends for a run no query of which is answered from the cache.
   */
  distinct?: number;
}

/** What a side-by-side run sends: the repeated 30-query mix, or 1,000 distinct queries. */
export type Workload = 'mix' | 'distinct';
/** `none`: no `Accept-Encoding`; `browser`: `gzip, deflate, br`, as browsers send it. */
export type Encoding = 'none' | 'browser';

/** One run of one server in the side-by-side matrix. */
export interface SideRun extends RunFigures {
  server: 'ours' | 'scan';
  workload: Workload;
  encoding: Encoding;
  /** Response bytes per request (headers and body, as sent). */
  bytesPerRequest: number;
  /** Share of the run's lookups the answer cache answered (ours only). */
  cacheHitRatio: number | null;
  /**
   * Share of the run the server's event loop was busy (not waiting for I/O): near 1, the server
   * is the limit; well below, requests reached it too slowly (the client, or the machine's other work).
   */
  loopBusy: number;
}

/** Share of the time between two readings that the loop was busy. */
function busyShare(before: LoopTimes, after: LoopTimes): number {
  const active = after.active - before.active;
  const total = active + after.idle - before.idle;
  return total > 0 ? active / total : 0;
}

/** Number of distinct queries of the `distinct` workload. */
export const DISTINCT_QUERIES = 1000;

/** One autocannon run, as reported. */
export interface RunFigures {
  requests: number;
  /** CPU time of the server process per request, in ms (user + system). */
  serverCpuMsPerRequest: number;
  seconds: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  errors: number;
  timeouts: number;
  non2xx: number;
}

/** The server's memory at one point. */
export interface ServerMemory {
  /** Requests completed (in the phase the sample belongs to) when it was taken. */
  completed: number;
  rss: number;
  heapUsed: number;
}

/** Everything the benchmark measured. */
export interface LoadBenchResult {
  machine: string;
  loadBefore: number[];
  loadAfter: number[];
  startupMs: number;
  timed: RunFigures;
  long: RunFigures;
  /** After start-up, after the timed run, after the long run: heap after a full collection. */
  memory: { start: MemorySample; afterTimed: MemorySample; afterLong: MemorySample };
  /** RSS (and heap, without collecting) during the long run. */
  curve: ServerMemory[];
  goalMet: boolean;
  /** Ours and the bare scan server, side by side: every workload × encoding, interleaved. */
  side: SideRun[];
  /** Why the run failed (errors, non-2xx, memory growth); empty when it passed. */
  failures: string[];
}

/** Messages between the benchmark and its server child. */
type ToServer = { type: 'memory'; collect: boolean; id: number } | { type: 'stop' };
type FromServer = { type: 'ready'; url: string; startupMs: number } | { type: 'memory'; id: number; sample: MemorySample; cpuMs: number; loopMs: LoopTimes; cache: CacheCounts };

/** The server's event loop so far (`performance.eventLoopUtilization()`): ms busy and ms waiting for I/O. */
interface LoopTimes {
  active: number;
  idle: number;
}

/** Answer-cache lookups of the server so far (none for the scan server). */
interface CacheCounts {
  hits: number;
  misses: number;
}

/** The child: serves the app as `src/cli/serve.ts` does (or the bare scan server), reports memory on request. */
async function serve(corpusDir: string, indexDir: string, bare: boolean): Promise<void> {
  const started = performance.now();
  let server: Server;
  let url: string;
  let cacheCounts: () => CacheCounts = () => ({ hits: 0, misses: 0 });
  if (bare) {
    const { reports } = await loadCorpus(corpusDir);
    addCorpusTerms(reports);
    server = scanServer(reports);
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    url = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`;
  } else {
    const opened = await openSearch({ corpusDir, indexDir });
    const app = createApp({ service: new CoreSearchService(opened.service), logger: consoleLogger });
    const cache = app.locals.answerCache as AnswerCache;
    cacheCounts = () => cache.stats();
    ({ server, url } = await listen(app, 0, '127.0.0.1'));
  }
  const send = (message: FromServer) => process.send?.(message);
  process.on('message', (message: ToServer) => {
    if (message.type === 'stop') {
      void shutdown(server, 5000).then(() => process.exit(0));
      return;
    }
    const usage = process.memoryUsage();
    const sample = message.collect ? sampleMemory() : { heapUsed: usage.heapUsed, arrayBuffers: usage.arrayBuffers, rss: usage.rss, maxRss: process.resourceUsage().maxRSS * 1024 };
    const cpu = process.cpuUsage();
    const loop = performance.eventLoopUtilization();
    send({ type: 'memory', id: message.id, sample, cpuMs: (cpu.user + cpu.system) / 1000, loopMs: { active: loop.active, idle: loop.idle }, cache: cacheCounts() });
  });
  send({ type: 'ready', url, startupMs: performance.now() - started });
}

/** What the server child reports of itself. */
interface ServerState {
  sample: MemorySample;
  cpuMs: number;
  loopMs: LoopTimes;
  cache: CacheCounts;
}

/** The server child, with a way to ask it for its memory. */
interface ServerChild {
  url: string;
  startupMs: number;
  /** Memory, the CPU time the server has used so far (ms), and its answer-cache lookups. */
  memory(collect: boolean): Promise<ServerState>;
  stop(): Promise<void>;
}

function startServer(corpusDir: string, indexDir: string, bare = false): Promise<ServerChild> {
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), [bare ? '--serve-scan' : '--serve', corpusDir, indexDir], {
    execArgv: ['--expose-gc', '--import', 'tsx'],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  let nextId = 0;
  const waiting = new Map<number, (answer: ServerState) => void>();
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => {
      reject(new Error(`bench/load: server exited with ${String(code)} before it was ready`));
    });
    child.on('message', (message: FromServer) => {
      if (message.type === 'memory') {
        waiting.get(message.id)?.({ sample: message.sample, cpuMs: message.cpuMs, loopMs: message.loopMs, cache: message.cache });
        waiting.delete(message.id);
        return;
      }
      child.removeAllListeners('exit');
      resolve({
        url: message.url,
        startupMs: message.startupMs,
        memory(collect) {
          return new Promise((done) => {
            const id = nextId++;
            waiting.set(id, done);
            child.send({ type: 'memory', collect, id } satisfies ToServer);
          });
        },
        stop() {
          return new Promise((done) => {
            if (child.exitCode !== null) {
              done();
              return;
            }
            child.once('exit', () => {
              done();
            });
            child.send({ type: 'stop' } satisfies ToServer);
          });
        },
      });
    });
  });
}

/** The 30 queries as requests, in mix order. */
function mixRequests(): autocannon.Request[] {
  return QUERY_MIX.map(({ q }) => ({ method: 'GET', path: `/api/search?q=${encodeURIComponent(q)}` }));
}

function figures(result: autocannon.Result, serverCpuMs: number): RunFigures {
  const seconds = (result.finish.getTime() - result.start.getTime()) / 1000;
  return {
    requests: result.requests.total,
    serverCpuMsPerRequest: serverCpuMs / result.requests.total,
    seconds,
    requestsPerSecond: result.requests.total / seconds,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    maxMs: result.latency.max,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
  };
}

/**
 * Requests that walk `queries` in one order shared by every connection (autocannon starts each
 * connection's own list at its first entry, which would send each query from all connections
 * at once): request k, whichever connection sends it, asks for query k mod n.
 */
function sharedOrder(queries: readonly string[]): autocannon.Request[] {
  let next = 0;
  return [
    {
      method: 'GET',
      setupRequest: (request: autocannon.Request) => ({ ...request, path: `/api/search?q=${encodeURIComponent(queries[next++ % queries.length] ?? '')}` }),
    },
  ];
}

/** Runs autocannon; `onResponse` is called with the number of responses so far. */
function cannon(
  url: string,
  options: { connections: number; duration?: number; amount?: number; requests?: autocannon.Request[]; headers?: Record<string, string> },
  onResponse?: (completed: number) => void,
): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    let completed = 0;
    const instance = autocannon({ url, connections: options.connections, requests: options.requests ?? mixRequests(), headers: options.headers ?? {}, timeout: 10, ...(options.amount !== undefined ? { amount: options.amount } : { duration: options.duration ?? 1 }) }, (error: unknown, result: autocannon.Result) => {
      if (error instanceof Error) reject(error);
      else if (error !== null && error !== undefined) reject(new Error(`bench/load: autocannon failed: ${JSON.stringify(error)}`));
      else resolve(result);
    });
    if (onResponse !== undefined) {
      instance.on('response', () => {
        completed++;
        onResponse(completed);
      });
    }
  });
}

function problems(name: string, run: RunFigures): string[] {
  const out: string[] = [];
  if (run.errors > 0) out.push(`${name}: ${String(run.errors)} errors (${String(run.timeouts)} timeouts)`);
  if (run.non2xx > 0) out.push(`${name}: ${String(run.non2xx)} non-2xx answers`);
  return out;
}

/** Runs the whole benchmark against a server child on `options.corpusDir`. */
/**
 * Ours and the bare scan server driven alike, one after the other for each workload and
 * encoding (the order alternating), with the server CPU per request and the bytes sent.
 */
async function sideBySide(ours: ServerChild, scan: ServerChild, options: LoadBenchOptions): Promise<SideRun[]> {
  const { reports } = loadCorpusSync(options.corpusDir);
  // Each encoding gets its own distinct queries, so that no run finds answers another run cached.
  const workloads = (encoding: Encoding): Record<Workload, readonly string[]> => ({
    mix: QUERY_MIX.map((query) => query.q),
    distinct: distinctQueries(reports, options.distinct ?? DISTINCT_QUERIES, encoding === 'none' ? 14 : 15),
  });
  const headers: Record<Encoding, Record<string, string>> = { none: {}, browser: { 'accept-encoding': 'gzip, deflate, br' } };
  const runs: SideRun[] = [];
  let turn = 0;
  for (const workload of ['mix', 'distinct'] as const) {
    for (const encoding of ['none', 'browser'] as const) {
      const pair = turn++ % 2 === 0 ? ([['ours', ours], ['scan', scan]] as const) : ([['scan', scan], ['ours', ours]] as const);
      for (const [name, server] of pair) {
        const before = await server.memory(false);
        const result = await cannon(server.url, { connections: options.connections, duration: options.sideDuration, requests: sharedOrder(workloads(encoding)[workload]), headers: headers[encoding] });
        const after = await server.memory(false);
        const lookups = after.cache.hits + after.cache.misses - before.cache.hits - before.cache.misses;
        runs.push({
          server: name,
          workload,
          encoding,
          ...figures(result, after.cpuMs - before.cpuMs),
          bytesPerRequest: result.throughput.total / Math.max(1, result.requests.total),
          cacheHitRatio: name === 'ours' && lookups > 0 ? (after.cache.hits - before.cache.hits) / lookups : null,
          loopBusy: busyShare(before.loopMs, after.loopMs),
        });
      }
    }
  }
  return runs;
}

export async function runLoadBench(options: LoadBenchOptions): Promise<LoadBenchResult> {
  const loadBefore = loadavg();
  const server = await startServer(options.corpusDir, options.indexDir);
  const scan = await startServer(options.corpusDir, options.indexDir, true).catch(async (error: unknown) => {
    await server.stop();
    throw error;
  });
  try {
    const start = (await server.memory(true)).sample;
    if (options.warmup > 0) await cannon(server.url, { connections: options.connections, duration: options.warmup });
    const cpuBefore = (await server.memory(false)).cpuMs;
    const timedResult = await cannon(server.url, { connections: options.connections, duration: options.duration });
    const { sample: afterTimed, cpuMs: cpuAfterTimed } = await server.memory(true);
    const timed = figures(timedResult, cpuAfterTimed - cpuBefore);
    // The long run: sample RSS about ten times, without collecting (that would pause the server).
    const curve: ServerMemory[] = [];
    const every = Math.max(1, Math.round(options.amount / 10));
    const pending: Array<Promise<void>> = [];
    const longResult = await cannon(server.url, { connections: options.connections, amount: options.amount }, (completed) => {
      if (completed % every !== 0) return;
      pending.push(
        server.memory(false).then(({ sample }) => {
          curve.push({ completed, rss: sample.rss, heapUsed: sample.heapUsed });
        }),
      );
    });
    await Promise.all(pending);
    const { sample: afterLong, cpuMs: cpuAfterLong } = await server.memory(true);
    const long = figures(longResult, cpuAfterLong - cpuAfterTimed);
    if (options.warmup > 0) await cannon(scan.url, { connections: options.connections, duration: options.warmup });
    const side = await sideBySide(server, scan, options);
    const loadAfter = loadavg();
    // The baseline's own errors (timeouts of a slow scan) are reported in its row, not failures of ours.
    const failures = [...problems('timed run', timed), ...problems('long run', long), ...side.filter((r) => r.server === 'ours').flatMap((r) => problems(`${r.workload} ${r.encoding}`, r))];
    const growth = afterLong.heapUsed - afterTimed.heapUsed;
    if (growth > HEAP_GROWTH_LIMIT) failures.push(`long run: heap after collection grew by ${formatMB(growth)} MB (limit ${formatMB(HEAP_GROWTH_LIMIT)} MB)`);
    return {
      machine: describeMachine(),
      loadBefore,
      loadAfter,
      startupMs: server.startupMs,
      timed,
      long,
      memory: { start, afterTimed, afterLong },
      curve: curve.sort((a, b) => a.completed - b.completed),
      goalMet: timed.requestsPerSecond >= GOAL.requestsPerSecond && timed.p99Ms < GOAL.p99Ms,
      side,
      failures,
    };
  } finally {
    await Promise.all([server.stop(), scan.stop()]);
  }
}

const load = (values: readonly number[]) => values.map((v) => v.toFixed(2)).join(' / ');

/** The result as markdown, for the terminal and BENCHMARKS.md. */
export function loadMarkdown(result: LoadBenchResult, options: LoadBenchOptions): string {
  const row = (name: string, r: RunFigures) => [
    name,
    r.requests.toLocaleString('en-US'),
    r.seconds.toFixed(1),
    r.requestsPerSecond.toFixed(0),
    formatMs(r.p50Ms),
    formatMs(r.p99Ms),
    formatMs(r.maxMs),
    String(r.errors),
    String(r.non2xx),
    r.serverCpuMsPerRequest.toFixed(2),
    `${((r.serverCpuMsPerRequest * r.requestsPerSecond) / 10).toFixed(0)} %`,
  ];
  const memoryRow = (name: string, m: MemorySample) => [name, formatMB(m.rss), formatMB(m.heapUsed)];
  const { memory } = result;
  return [
    `Machine: ${result.machine}. Load average (1/5/15 min) ${load(result.loadBefore)} before, ${load(result.loadAfter)} after — the machine was shared, so these are figures under that load, with autocannon on the same two cores as the server.`,
    '',
    `\`GET /api/search\` with the 30-query mix over ${String(options.connections)} keep-alive connections on 127.0.0.1; server ready ${formatMs(result.startupMs)} ms after start; ${String(options.warmup)} s warm-up not counted.`,
    '',
    markdownTable(['run', 'requests', 's', 'req/s', 'p50 ms', 'p99 ms', 'max ms', 'errors', 'non-2xx', 'server CPU ms/req', 'server CPU'], [row(`timed (${String(options.duration)} s)`, result.timed), row(`long (${options.amount.toLocaleString('en-US')} requests)`, result.long)]),
    '',
    `Goal ≥ ${String(GOAL.requestsPerSecond)} req/s with p99 < ${String(GOAL.p99Ms)} ms: **${result.goalMet ? 'met' : 'not met'}** (${result.timed.requestsPerSecond.toFixed(0)} req/s, p99 ${formatMs(result.timed.p99Ms)} ms). Latencies are autocannon's, in whole milliseconds. Server CPU is the server process's user + system time per answered request (one core = 100 %); the rest of the two cores went to autocannon and to the other work on the machine.`,
    '',
    'Server memory (heap after a full collection):',
    '',
    markdownTable(['when', 'RSS MB', 'heap MB'], [memoryRow('after start-up', memory.start), memoryRow('after the timed run', memory.afterTimed), memoryRow('after the long run', memory.afterLong)]),
    '',
    'Server RSS during the long run (heap without collecting):',
    '',
    markdownTable(
      ['requests done', 'RSS MB', 'heap MB'],
      result.curve.map((point) => [point.completed.toLocaleString('en-US'), formatMB(point.rss), formatMB(point.heapUsed)]),
    ),
    '',
    sideMarkdown(result.side, options),
    '',
    result.failures.length === 0 ? 'No errors, no timeouts, no non-2xx answers; heap stable over the long run.' : `FAILED: ${result.failures.join('; ')}`,
  ].join('\n');
}

/** The side-by-side matrix as a table, with ours ÷ scan per workload and encoding. */
export function sideMarkdown(side: readonly SideRun[], options: LoadBenchOptions): string {
  const rows = side.map((r) => {
    const other = side.find((o) => o.workload === r.workload && o.encoding === r.encoding && o.server !== r.server);
    return [
      r.workload === 'mix' ? 'repeated 30-query mix' : `${String(options.distinct ?? DISTINCT_QUERIES)} distinct queries`,
      r.encoding === 'none' ? 'none' : 'gzip, deflate, br',
      r.server === 'ours' ? 'ours (Express, cache)' : 'bare scan (node:http)',
      r.requestsPerSecond.toFixed(0),
      r.server === 'ours' && other !== undefined ? `${(r.requestsPerSecond / other.requestsPerSecond).toFixed(2)}×` : '',
      formatMs(r.p50Ms),
      formatMs(r.p99Ms),
      r.serverCpuMsPerRequest.toFixed(3),
      (r.bytesPerRequest / 1000).toFixed(1),
      r.cacheHitRatio === null ? '–' : `${(r.cacheHitRatio * 100).toFixed(0)} %`,
      `${(r.loopBusy * 100).toFixed(0)} %`,
      String(r.errors + r.non2xx),
    ];
  });
  return [
    `Side by side with a bare \`node:http\` server answering by the brute-force scan (\`bench/lib/scan-server.ts\`: total, facets and the first 20 paragraphs; gzip at zlib's default level when accepted; no ranking, highlights, snippets or cache), ${String(options.sideDuration)} s per run at ${String(options.connections)} connections, the two servers taking turns. The distinct queries (a new set of ${String(options.distinct ?? DISTINCT_QUERIES)} for each encoding) are sent in one order shared by all connections, so a query comes back only after the other ${String((options.distinct ?? DISTINCT_QUERIES) - 1)}: the cache answers the repeats (its hit ratio is shown).`,
    '',
    markdownTable(['queries', 'Accept-Encoding', 'server', 'req/s', 'ours ÷ scan', 'p50 ms', 'p99 ms', 'server CPU ms/req', 'KB/req', 'cache hits', 'server loop busy', 'errors'], rows),
  ].join('\n');
}

/** The `## Load` section of BENCHMARKS.md. */
function loadSection(markdown: string, command: string): string {
  return `## Load\n\nCommand: \`${command}\` (${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC).\n\n${markdown}\n`;
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      serve: { type: 'boolean', default: false },
      'serve-scan': { type: 'boolean', default: false },
      'side-duration': { type: 'string' },
      duration: { type: 'string' },
      connections: { type: 'string' },
      amount: { type: 'string' },
      warmup: { type: 'string' },
      json: { type: 'string' },
      corpus: { type: 'string' },
      distinct: { type: 'string' },
      index: { type: 'string' },
      write: { type: 'boolean', default: false },
      smoke: { type: 'boolean', default: false },
    },
  });
  if (values.serve) {
    await serve(positionals[0] ?? CORPUS_DIR, positionals[1] ?? DEFAULT_INDEX_DIR, false);
    return;
  }
  if (values['serve-scan']) {
    await serve(positionals[0] ?? CORPUS_DIR, positionals[1] ?? DEFAULT_INDEX_DIR, true);
    return;
  }
  const smoke = values.smoke;
  const corpusDir = smoke ? smokeCorpus() : (values.corpus ?? CORPUS_DIR);
  const indexDir = smoke ? join(corpusDir, '.index') : (values.index ?? DEFAULT_INDEX_DIR);
  const options: LoadBenchOptions = {
    corpusDir,
    indexDir,
    duration: positiveNumber('duration', values.duration, smoke ? 2 : 30),
    connections: positiveNumber('connections', values.connections, smoke ? 5 : 50),
    amount: positiveNumber('amount', values.amount, smoke ? 1000 : 100_000),
    warmup: positiveNumber('warmup', values.warmup, smoke ? 0.5 : 3),
    sideDuration: positiveNumber('side-duration', values['side-duration'], smoke ? 1 : 10),
    distinct: positiveNumber('distinct', values.distinct, DISTINCT_QUERIES),
  };
  const result = await runLoadBench(options).finally(() => {
    if (smoke) rmSync(corpusDir, { recursive: true, force: true });
  });
  const markdown = loadMarkdown(result, options);
  process.stdout.write(`## Load\n\n${markdown}\n`);
  if (values.json !== undefined) writeFileSync(values.json, `${JSON.stringify(result, null, 2)}\n`);
  if (values.write && !smoke) writeSection(loadSection(markdown, `node --expose-gc --import tsx bench/load.ts${process.argv.slice(2).filter((a) => a !== '--write').map((a) => ` ${a}`).join('')} --write`));
  if (result.failures.length > 0) process.exitCode = 1;
}

if (isMain(import.meta.url)) run('bench/load', main);
