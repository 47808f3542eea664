/**
 * Runs the format readers in a worker thread with a heap limit, and stops it at the time limit:
 * whatever a hostile file makes pdf.js, mammoth or the HTML parser do, the importing process
 * keeps its memory and its other files. The worker is kept for the next file (starting one and
 * loading pdf.js in it costs far more than reading a report) and replaced after a file it had
 * to be stopped for; an idle worker does not keep the process alive.
 */
import { Worker } from 'node:worker_threads';
import type { ImportLimits } from './limits.js';
import { ImportError, type ExtractedDocument } from './types.js';

/** A file to read, as posted to the worker. */
export interface WorkerRequest {
  id: number;
  file: string;
  bytes: Uint8Array;
  limits: ImportLimits;
  ocr: boolean;
}

/** What the worker posts back for request `id`. */
export type WorkerReply = { id: number } & ({ ok: ExtractedDocument & { frontMatter?: string | null } } | { refused: string } | { failed: string });

interface Pooled {
  worker: Worker;
  heapMb: number;
}

let pooled: Pooled | null = null;
let nextId = 1;
/** Files are read one at a time: each waits for the one before. */
let queue: Promise<unknown> = Promise.resolve();

function startWorker(heapMb: number): Pooled {
  const typescript = import.meta.url.endsWith('.ts');
  const entry = new URL(`./extract-worker${typescript ? '.ts' : '.js'}`, import.meta.url);
  // Run from TypeScript sources, the worker registers tsx itself (loader flags do not reach workers).
  const bootstrap = `import('tsx/esm/api').then((api) => { api.register(); return import(${JSON.stringify(entry.href)}); })`;
  const worker = new Worker(typescript ? bootstrap : entry, {
    eval: typescript,
    resourceLimits: { maxOldGenerationSizeMb: heapMb, maxYoungGenerationSizeMb: 64 },
    stdout: false,
    stderr: false,
  });
  worker.unref();
  return { worker, heapMb };
}

function discard(p: Pooled): void {
  if (pooled === p) pooled = null;
  p.worker.removeAllListeners();
  void p.worker.terminate();
}

function readOne(file: string, bytes: Uint8Array, limits: ImportLimits, ocr: boolean): Promise<ExtractedDocument & { frontMatter?: string | null }> {
  if (pooled !== null && pooled.heapMb !== limits.maxHeapMb) discard(pooled);
  const p = pooled ?? startWorker(limits.maxHeapMb);
  pooled = p;
  const id = nextId++;
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (fn: () => void, broken: boolean): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      p.worker.off('message', onMessage);
      p.worker.off('error', onError);
      p.worker.off('exit', onExit);
      if (broken) discard(p);
      else p.worker.unref();
      fn();
    };
    const timer = setTimeout(() => {
      settle(() => {
        reject(new ImportError(file, `读取超时（超过 ${String(Math.round(limits.timeoutMs / 1000))} 秒），已停止；文件可能过大或结构异常`));
      }, true);
    }, limits.timeoutMs + 5_000);
    const onMessage = (reply: WorkerReply): void => {
      if (reply.id !== id) return;
      settle(() => {
        if ('ok' in reply) resolve(reply.ok);
        else if ('refused' in reply) reject(new ImportError(file, reply.refused));
        else reject(new Error(`import: ${file}: ${reply.failed}`));
      }, 'failed' in reply);
    };
    const onError = (error: Error & { code?: string }): void => {
      settle(() => {
        if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') reject(new ImportError(file, `读取时内存超过上限 ${String(limits.maxHeapMb)} MB，已停止；文件可能过大或结构异常`));
        else reject(new ImportError(file, `读取失败（${error.message}）`));
      }, true);
    };
    const onExit = (code: number): void => {
      settle(() => {
        reject(new ImportError(file, `读取进程意外退出（代码 ${String(code)}）`));
      }, true);
    };
    p.worker.on('message', onMessage);
    p.worker.on('error', onError);
    p.worker.on('exit', onExit);
    p.worker.ref();
    const request: WorkerRequest = { id, file, bytes, limits, ocr };
    p.worker.postMessage(request);
  });
}

/** Reads `bytes` in the worker; throws {@link ImportError} for a refusal, a timeout or a heap overrun. */
export function extractInWorker(file: string, bytes: Uint8Array, limits: ImportLimits, ocr: boolean): Promise<ExtractedDocument & { frontMatter?: string | null }> {
  const result = queue.then(() => readOne(file, bytes, limits, ocr));
  queue = result.catch(() => undefined);
  return result;
}
