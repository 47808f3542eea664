/** Worker thread body of `isolate.ts`: reads one file and posts the result back. */
import { parentPort, workerData } from 'node:worker_threads';
import { extractDocument } from './extract.js';
import type { WorkerReply } from './isolate.js';
import type { ImportLimits } from './limits.js';
import { ImportError } from './types.js';

const { file, bytes, limits, ocr } = workerData as { file: string; bytes: Uint8Array; limits: ImportLimits; ocr: boolean };

function post(reply: WorkerReply): void {
  parentPort?.postMessage(reply);
}

extractDocument(file, bytes, limits, ocr).then(
  (doc) => {
    post({ ok: doc });
  },
  (error: unknown) => {
    if (error instanceof ImportError) post({ refused: error.message.slice(file.length + 1) });
    else post({ failed: error instanceof Error ? error.message : String(error) });
  },
);
