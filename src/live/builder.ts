/**
 * The server's side of the build thread: one worker thread, started on the first build and kept
 * for the next ones (jieba's dictionaries load once), replaced when it dies. One build at a time.
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { addedWords, analyzerVersion } from '../text/index.js';
import type { BuildReply, BuildRequest, WorkerStart } from './protocol.js';

/** The worker's entry beside this file: TypeScript under tsx, JavaScript once compiled (`npm run build:prod`). */
const WORKER_URL = new URL(import.meta.url.endsWith('.ts') ? './build-worker.ts' : './build-worker.js', import.meta.url);

/**
 * Source of a worker that runs `url`. Under tsx (how the project runs) a worker does not inherit
 * the TypeScript loader, so it registers it before importing the `.ts` entry.
 */
function bootstrap(url: URL): string {
  if (!url.pathname.endsWith('.ts')) return `import(${JSON.stringify(url.href)});`;
  // Resolved here (an eval'd worker resolves a bare name from the working directory), as the
  // ES module: `require` gives the CommonJS twin, whose register() misplaces its own files there.
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/u, '.mjs')).href;
  return `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(url.href)}); });`;
}

/** Options of {@link BuildThread}. */
export interface BuildThreadOptions {
  /** Heap limit of the build thread in MB, so a hostile corpus file cannot take the server's memory. */
  maxHeapMb: number;
}

/** Builds indexes in a worker thread, one request at a time. */
export class BuildThread {
  readonly #options: BuildThreadOptions;
  #worker: Worker | undefined;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(options: BuildThreadOptions) {
    this.#options = options;
  }

  /** Builds and saves the index over `request.corpusDir`; rejects when the thread fails or dies. */
  build(request: BuildRequest): Promise<BuildReply & { ok: true }> {
    const run = this.#queue.then(() => this.#run(request));
    this.#queue = run.catch(() => undefined);
    return run;
  }

  /** Starts the thread now, so that the first build does not wait for it to load the analyser. */
  warm(): void {
    this.#ensure();
  }

  /** Stops the thread (a build in progress is abandoned). */
  async close(): Promise<void> {
    const worker = this.#worker;
    this.#worker = undefined;
    if (worker !== undefined) await worker.terminate();
  }

  #start(): Worker {
    // The thread replays this thread's segmenter additions so that index and queries agree.
    const start: WorkerStart = { words: addedWords(), analyzer: analyzerVersion() };
    const worker = new Worker(bootstrap(WORKER_URL), {
      eval: true,
      workerData: start,
      resourceLimits: { maxOldGenerationSizeMb: this.#options.maxHeapMb },
    });
    worker.unref();
    // Without a build waiting, a failing thread is only forgotten (the next build starts another);
    // an 'error' with no listener would take the server down.
    const forget = (): void => {
      if (this.#worker === worker) this.#worker = undefined;
    };
    worker.on('error', forget);
    worker.on('exit', forget);
    return worker;
  }

  /** The running thread, started when there is none (or when it segments differently from this one). */
  #ensure(): Worker {
    if (this.#worker !== undefined && this.#workerAnalyzer !== analyzerVersion()) void this.close();
    if (this.#worker === undefined) {
      this.#worker = this.#start();
      this.#workerAnalyzer = analyzerVersion();
    }
    return this.#worker;
  }

  #run(request: BuildRequest): Promise<BuildReply & { ok: true }> {
    // The thread replays this one's segmenter additions when it starts; should this one's have
    // changed since (a test reloading the segmenter), a fresh thread starts.
    const worker = this.#ensure();
    return new Promise((resolve, reject) => {
      const done = (): void => {
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
      };
      const onMessage = (reply: BuildReply): void => {
        done();
        if (reply.ok) {
          this.#workerAnalyzer = reply.fingerprint.analyzer;
          resolve(reply);
        } else {
          reject(new Error(reply.message));
        }
      };
      const onError = (error: Error): void => {
        done();
        if (this.#worker === worker) this.#worker = undefined;
        reject(new Error(`live: build thread failed: ${error.message}`));
      };
      const onExit = (code: number): void => {
        done();
        if (this.#worker === worker) this.#worker = undefined;
        reject(new Error(`live: build thread exited with code ${String(code)}`));
      };
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      worker.postMessage(request);
    });
  }

  /** The analyser version the thread's segmenter has now. */
  #workerAnalyzer = '';
}
