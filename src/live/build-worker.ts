/**
 * The build thread: reads the corpus, builds the index and saves it, off the server's event
 * loop. Started by `builder.ts` with the segmenter additions of the serving thread, so both
 * segment alike (and keep doing so: a build adds nothing); answers each `BuildRequest` with a
 * `BuildReply`.
 */
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { loadCorpus } from '../ingest/index.js';
import { buildSearchIndex, fingerprintOf, INDEX_FILE, saveIndex } from '../index/index.js';
import { addWords, analyzerVersion } from '../text/index.js';
import type { BuildReply, BuildRequest, WorkerStart } from './protocol.js';

const port = parentPort;
if (port === null) throw new Error('live: build-worker.ts runs as a worker thread only');

const start = workerData as WorkerStart;
for (const batch of start.words) addWords(batch);
const initProblem = analyzerVersion() === start.analyzer ? undefined : `live: build thread's analyser ${analyzerVersion()} differs from the server's ${start.analyzer}`;

async function build(request: BuildRequest): Promise<BuildReply> {
  if (initProblem !== undefined) return { ok: false, message: initProblem };
  const started = performance.now();
  const { reports, problems, warnings } = await loadCorpus(request.corpusDir);
  // No `addCorpusTerms` here: reloading jieba with a new report's slogans takes seconds, which
  // the serving thread (whose queries must be cut alike) cannot spend; they join at the next start.
  const ingestMs = performance.now() - started;
  const fingerprint = fingerprintOf(request.corpusDir, reports);
  const index = buildSearchIndex(reports);
  const file = join(request.indexDir, INDEX_FILE);
  saveIndex(file, index, fingerprint);
  return { ok: true, reports, problems, warnings, fingerprint, file, ingestMs, buildMs: performance.now() - started - ingestMs };
}

port.on('message', (request: BuildRequest) => {
  build(request).then(
    (reply) => {
      port.postMessage(reply);
    },
    (error: unknown) => {
      port.postMessage({ ok: false, message: error instanceof Error ? error.message : String(error) } satisfies BuildReply);
    },
  );
});
