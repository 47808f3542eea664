/** Worker thread body of `isolate.ts`: reads each file posted to it and posts the result back. */
import { parentPort } from 'node:worker_threads';
import { extractDocument } from './extract.js';
import type { WorkerReply, WorkerRequest } from './isolate.js';
import { ImportError } from './types.js';

function post(reply: WorkerReply): void {
  parentPort?.postMessage(reply);
}

parentPort?.on('message', (request: WorkerRequest) => {
  const { id, file, bytes, limits, ocr } = request;
  extractDocument(file, bytes, limits, ocr).then(
    (doc) => {
      post({ id, ok: doc });
    },
    (error: unknown) => {
      if (error instanceof ImportError) post({ id, refused: error.message.slice(file.length + 1) });
      else post({ id, failed: error instanceof Error ? error.message : String(error) });
    },
  );
});
