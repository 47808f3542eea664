/**
 * The ranked index built on every core: the shards of `ranked-shard.ts` handed to worker
 * threads, each with its own segmenter (given the terms this thread added at run time, in order,
 * and checked to be this thread's analyser), while the main thread does its own part of the
 * build (the n-gram postings), then builds shards too; then the shards are merged (`mergeRanked`) as a one-thread build merges
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
  /** Worker threads (default: one fewer than the cores available, at least 1, at most 3: the main thread builds shards too). */
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
 * worker loads its own segmenter, about 1.5 s of CPU and 150 MB), about four shards per thread,
 * 2,048 to 16,384 paragraphs each.
 */
export function parallelPlan(count: number): ParallelOptions {
  const workers = Math.max(1, Math.min(3, availableParallelism() - 1));
  const shardSize = Math.min(16384, Math.max(2048, Math.ceil(count / ((workers + 1) * 4))));
  return { workers, shardSize, stallMs: 120_000 };
}

type FromWorker = { type: 'ready'; analyzer: string } | { type: 'done'; result: ShardResult } | { type: 'error'; message: string };

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
  const jobs: ShardJob[] = [];
  for (let base = 0; base < count; base += options.shardSize) {
    const end = Math.min(count, base + options.shardSize);
    jobs.push({ base, norms: table.norms.slice(base, end), paths: Array.from(table.pathOf.subarray(base, end), (p) => table.paths[p] ?? '') });
  }
  const signal = new Int32Array(new SharedArrayBuffer(4));
  // A worker is given up to two shards at once, so it does not wait while this thread builds one.
  const threads: { worker: Worker; port: MessagePort; ready: boolean; given: number }[] = [];
  const results: ShardResult[] = [];
  const expected = analyzerVersion();
  const words = addedWords();
  let meanwhileDone = false;
  try {
    for (let w = 0; w < Math.min(options.workers, jobs.length); w++) {
      const { port1, port2 } = new MessageChannel();
      const worker = startWorker({ port: port2, signal, words }, [port2]);
      worker.unref();
      threads.push({ worker, port: port1, ready: false, given: 0 });
    }
    let next = 0;
    const dispatch = (thread: (typeof threads)[number]): void => {
      while (thread.ready && thread.given < 2 && next < jobs.length) {
        const job = jobs[next++];
        thread.given++;
        thread.port.postMessage(job);
      }
    };
    let lastNews = performance.now();
    let done = 0;
    let ready = 0;
    while (results.length < jobs.length) {
      const seen = Atomics.load(signal, 0);
      let news = false;
      for (const thread of threads) {
        for (let message = receiveMessageOnPort(thread.port); message !== undefined; message = receiveMessageOnPort(thread.port)) {
          news = true;
          const answer = message.message as FromWorker;
          if (answer.type === 'error') return { reason: `a build thread failed: ${answer.message}` };
          if (answer.type === 'ready') {
            if (answer.analyzer !== expected) return { reason: `a build thread has another analyser (${answer.analyzer}, here ${expected})` };
            ready++;
            thread.ready = true;
          } else {
            results.push(answer.result);
            done += Math.min(count, answer.result.base + options.shardSize) - answer.result.base;
            onShard?.(done);
            thread.given--;
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
      const own = meanwhileDone ? jobs[next] : undefined;
      if (own !== undefined) {
        // This thread's share done: it builds shards too, between looking at the workers' news.
        next++;
        const result = buildShard(own);
        results.push(result);
        done += Math.min(count, result.base + options.shardSize) - result.base;
        onShard?.(done);
        continue;
      }
      if (performance.now() - lastNews > options.stallMs) return { reason: `no word from the build threads for ${String(options.stallMs)} ms` };
      if (!meanwhileDone) {
        meanwhileDone = true;
        meanwhile();
        continue;
      }
      Atomics.wait(signal, 0, seen, 1000);
    }
    results.sort((a, b) => a.base - b.base);
    return { shards: results.map((result) => result.tables), vocabulary: results.map((result) => result.vocabulary) };
  } catch (error) {
    return { reason: `build threads could not run: ${error instanceof Error ? error.message : String(error)}` };
  } finally {
    if (!meanwhileDone) meanwhile();
    for (const { worker, port } of threads) {
      port.close();
      void worker.terminate();
    }
  }
}
