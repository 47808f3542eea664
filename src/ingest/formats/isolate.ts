/**
 * Runs a format reader in a worker thread with a heap limit, and stops it at the time limit:
 * whatever a hostile file makes pdf.js, mammoth or the HTML parser do, the importing process
 * keeps its memory and its other files.
 */
import { Worker } from 'node:worker_threads';
import type { ImportLimits } from './limits.js';
import { ImportError, type ExtractedDocument } from './types.js';

/** What the worker posts back. */
export type WorkerReply = { ok: ExtractedDocument & { frontMatter?: string | null } } | { refused: string } | { failed: string };

/** Reads `bytes` in a worker; throws {@link ImportError} for a refusal, a timeout or a heap overrun. */
export function extractInWorker(file: string, bytes: Uint8Array, limits: ImportLimits, ocr: boolean): Promise<ExtractedDocument & { frontMatter?: string | null }> {
  return new Promise((resolve, reject) => {
    const typescript = import.meta.url.endsWith('.ts');
    const entry = new URL(`./extract-worker${typescript ? '.ts' : '.js'}`, import.meta.url);
    // Run from TypeScript sources, the worker registers tsx itself (loader flags do not reach workers).
    const bootstrap = `import('tsx/esm/api').then((api) => { api.register(); return import(${JSON.stringify(entry.href)}); })`;
    const worker = new Worker(typescript ? bootstrap : entry, {
      eval: typescript,
      workerData: { file, bytes, limits, ocr },
      resourceLimits: { maxOldGenerationSizeMb: limits.maxHeapMb, maxYoungGenerationSizeMb: 64 },
      stdout: false,
      stderr: false,
    });
    let settled = false;
    const settle = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
      void worker.terminate();
    };
    const timer = setTimeout(() => {
      settle(() => {
        reject(new ImportError(file, `读取超时（超过 ${String(Math.round(limits.timeoutMs / 1000))} 秒），已停止；文件可能过大或结构异常`));
      });
    }, limits.timeoutMs + 5_000);
    worker.on('message', (reply: WorkerReply) => {
      settle(() => {
        if ('ok' in reply) resolve(reply.ok);
        else if ('refused' in reply) reject(new ImportError(file, reply.refused));
        else reject(new Error(`import: ${file}: ${reply.failed}`));
      });
    });
    worker.on('error', (error: Error & { code?: string }) => {
      settle(() => {
        if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') reject(new ImportError(file, `读取时内存超过上限 ${String(limits.maxHeapMb)} MB，已停止；文件可能过大或结构异常`));
        else reject(new ImportError(file, `读取失败（${error.message}）`));
      });
    });
    worker.on('exit', (code) => {
      settle(() => {
        reject(new ImportError(file, `读取进程意外退出（代码 ${String(code)}）`));
      });
    });
  });
}
