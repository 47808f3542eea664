/**
 * The ranked index built on every core: the shards of `ranked-shard.ts` handed to worker
 * threads, each with its own segmenter (given the terms this thread added at run time, in order,
 * and checked to be this thread's analyser), while the main thread does its own part of the build (the
 * n-gram postings), then builds shards too; then the shards are merged (`mergeRanked`) as a one-thread build merges
 * them, so the index is the same. The call stays synchronous — the main thread waits on a
 * shared counter and takes the workers' messages with `receiveMessageOnPort` — so `openIndex`
 * and its callers do not change. When a worker cannot start or fails, it returns why, and the
 * caller builds in one thread.
 */
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { addedWords, analyzerVersion } from '../text/index.js';
import type { RankedTables } from './bm25.js';
import type { ParagraphTable } from './paragraphs.js';
import { buildShard, type ShardJob, type ShardResult } from './ranked-shard.js';
import type { VocabularyCounts } from './vocabulary.js';

/** How a parallel build is run. */
export interface ParallelOptions {
  /** Worker threads (default: the cores available, at most 4). */
  workers: number;
  /** Paragraphs per shard. */
  shardSize: number;
  /** A worker silent this long (starting, or on one shard) is taken as failed. */
  stallMs: number;
}

/** Below this many paragraphs, starting workers (each loads the segmenter) costs more than it saves. */
export const PARALLEL_FROM_PARAGRAPHS = 8192;

/**
 * Workers and shard size for `count` paragraphs: a worker per core but the main thread's (each
 * worker loads its own segmenter, about 1.5 s of CPU and 150 MB; the main thread builds shards
 * too once its own share is done), about four shards per thread, 2,048 to 16,384 paragraphs each.
 */
export function parallelPlan(count: number): ParallelOptions {
  const workers = Math.max(1, Math.min(3, availableParallelism() - 1));
  const shardSize = Math.min(16384, Math.max(2048, Math.ceil(count / ((workers + 1) * 4))));
  return { workers, shardSize, stallMs: 120_000 };
}

/** Slots of the shared signal: a counter bumped after every message a worker posts, and the stop flag. */
export const SIGNAL_COUNTER = 0;
export const SIGNAL_STOP = 1;

/** A worker says how far it got every this many paragraphs of a shard. */
export const PROGRESS_EVERY = 256;

/** How long a stopping build waits for a busy worker to leave its shard before leaving it running. */
const STOP_WAIT_MS = 30_000;

type FromWorker =
  | { type: 'ready'; analyzer: string }
  | { type: 'progress' }
  | { type: 'done'; result: ShardResult }
  | { type: 'stopped' }
  | { type: 'error'; message: string };

/** What the workers made of the jobs, in paragraph order. */
export interface ShardResults {
  results: ShardResult[];
}

/** What the workers built: every shard's tables in paragraph order, and their vocabulary counts. */
export interface ParallelRanked {
  shards: RankedTables[];
  vocabulary: VocabularyCounts[];
}

/**
 * A worker on `ranked-worker`: the compiled JavaScript as it is; the TypeScript source (a run
 * under tsx, whose loader a worker does not inherit) through a small script that registers
 * tsx's loader in the worker first.
 */
function startWorker(workerData: unknown, transferList: MessagePort[]): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./ranked-worker.js', import.meta.url), { workerData, transferList });
  // The package's ESM entry (its CommonJS one cannot register the ESM loader from a worker).
  const api = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/u, '.mjs')).href;
  const entry = new URL('./ranked-worker.ts', import.meta.url).href;
  const script = `import(${JSON.stringify(api)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(script, { eval: true, workerData, transferList });
}

/** A build thread as the main thread sees it. */
export interface BuildThread {
  worker: Worker;
  /** Where it posts its messages (read with `receiveMessageOnPort`), and where its shards are sent. */
  port: MessagePort;
  /** Loading its segmenter or building a shard (native code may be running): not to be terminated. */
  busy: boolean;
}

/** Starts a build thread sharing `signal` (two slots: `SIGNAL_COUNTER`, `SIGNAL_STOP`), with the run-time terms `words`. */
export function startBuildThread(signal: Int32Array, words: string[][]): BuildThread {
  const { port1, port2 } = new MessageChannel();
  const worker = startWorker({ port: port2, signal, words }, [port2]);
  worker.unref();
  // Busy until it says it is ready: loading its segmenter runs native code too.
  return { worker, port: port1, busy: true };
}

/**
 * Builds the shards of `table` in worker threads; `meanwhile` runs in this thread once the
 * first shards are sent. Returns why not when a worker failed (then nothing of it is used).
 */
export function buildShardsInWorkers(
  table: ParagraphTable,
  options: ParallelOptions,
  meanwhile: () => void,
  /** Called with the number of paragraphs done, as shards come back. */
  onShard?: (paragraphsDone: number) => void,
): ParallelRanked | { reason: string } {
  const count = table.blocks.length;
  function* jobs(): Generator<ShardJob> {
    for (let base = 0; base < count; base += options.shardSize) {
      const blocks = table.blocks.slice(base, Math.min(count, base + options.shardSize));
      yield { base, texts: blocks.map((block) => block.text), paths: blocks.map((block) => block.sectionPath), direct: true };
    }
  }
  const outcome = runShardJobs(jobs(), Math.ceil(count / options.shardSize), options, meanwhile, onShard);
  if (!('results' in outcome)) return outcome;
  return { shards: outcome.results.map((result) => result.tables), vocabulary: outcome.results.map((result) => result.vocabulary) };
}

/**
 * Runs `jobCount` shard jobs in worker threads, each job made only when a thread is free for
 * it (so a large corpus is never copied for the threads all at once); `meanwhile` runs in this
 * thread once the first jobs are sent. Returns why not when a worker failed (then nothing of it
 * is used).
 */
export function runShardJobs(
  jobs: Iterator<ShardJob>,
  jobCount: number,
  options: ParallelOptions,
  meanwhile: () => void,
  /** Called with the number of paragraphs done, as shards come back. */
  onShard?: (paragraphsDone: number) => void,
): ShardResults | { reason: string } {
  const signal = new Int32Array(new SharedArrayBuffer(8));
  const threads: BuildThread[] = [];
  const results: ShardResult[] = [];
  const expected = analyzerVersion();
  const words = addedWords();
  let meanwhileDone = false;
  try {
    for (let w = 0; w < Math.min(options.workers, jobCount); w++) threads.push(startBuildThread(signal, words));
    const dispatch = (thread: (typeof threads)[number]): void => {
      const next = jobs.next();
      if (next.done === true) return;
      const job = next.value;
      thread.busy = true;
      thread.port.postMessage(job);
    };
    let lastNews = performance.now();
    let done = 0;
    let ready = 0;
    while (results.length < jobCount) {
      const seen = Atomics.load(signal, SIGNAL_COUNTER);
      let news = false;
      for (const thread of threads) {
        for (let message = receiveMessageOnPort(thread.port); message !== undefined; message = receiveMessageOnPort(thread.port)) {
          news = true;
          const answer = message.message as FromWorker;
          if (answer.type === 'progress') continue;
          thread.busy = false;
          if (answer.type === 'error') return { reason: `a build thread failed: ${answer.message}` };
          if (answer.type === 'stopped') continue;
          if (answer.type === 'ready') {
            if (answer.analyzer !== expected) return { reason: `a build thread has another analyser (${answer.analyzer}, here ${expected})` };
            ready++;
          } else {
            results.push(answer.result);
            done += answer.result.tables.documentCount;
            onShard?.(done);
          }
          dispatch(thread);
        }
      }
      if (!meanwhileDone && (ready > 0 || threads.length === 0)) {
        // The workers are loading or building: do this thread's share now.
        meanwhileDone = true;
        meanwhile();
        continue;
      }
      if (news) {
        lastNews = performance.now();
        continue;
      }
      if (meanwhileDone) {
        // This thread's share done: it builds shards too, between looking at the workers' news.
        const own = jobs.next();
        if (own.done !== true) {
          const result = buildShard(own.value);
          results.push(result);
          done += result.tables.documentCount;
          onShard?.(done);
          continue;
        }
      }
      if (performance.now() - lastNews > options.stallMs) return { reason: `no word from the build threads for ${String(options.stallMs)} ms` };
      if (!meanwhileDone) {
        meanwhileDone = true;
        meanwhile();
        continue;
      }
      Atomics.wait(signal, SIGNAL_COUNTER, seen, 1000);
    }
    results.sort((a, b) => a.base - b.base);
    return { results };
  } catch (error) {
    return { reason: `build threads could not run: ${error instanceof Error ? error.message : String(error)}` };
  } finally {
    if (!meanwhileDone) meanwhile();
    stopWorkers(threads, signal);
  }
}

/**
 * Stops the build threads. Terminating a thread while it is inside the segmenter's native code
 * aborts the whole process (`terminate called after throwing an instance of 'Napi::Error'`), so
 * a busy thread is first asked to stop (it gives up its shard between two paragraphs and says
 * so) and terminated once idle; one still busy after `waitMs` is left to finish on its own (it
 * does not hold the process open). Returns how many were left so.
 */
export function stopWorkers(threads: readonly BuildThread[], signal: Int32Array, waitMs = STOP_WAIT_MS): number {
  Atomics.store(signal, SIGNAL_STOP, 1);
  const deadline = performance.now() + waitMs;
  const busy = new Set(threads.filter((thread) => thread.busy));
  while (busy.size > 0 && performance.now() < deadline) {
    const seen = Atomics.load(signal, SIGNAL_COUNTER);
    for (const thread of busy) {
      for (let message = receiveMessageOnPort(thread.port); message !== undefined; message = receiveMessageOnPort(thread.port)) {
        const answer = message.message as FromWorker;
        if (answer.type !== 'progress') busy.delete(thread);
      }
    }
    if (busy.size > 0) Atomics.wait(signal, SIGNAL_COUNTER, seen, 100);
  }
  for (const thread of threads) {
    thread.port.close();
    thread.busy = busy.has(thread);
    if (!thread.busy) void thread.worker.terminate();
  }
  return busy.size;
}
