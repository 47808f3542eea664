/**
 * A build thread (see `ranked-workers.ts`): restores the corpus's quoted terms into its own
 * segmenter, says which analyser it has, then builds each shard it is sent. Every message it
 * posts is followed by a bump of the shared counter, so the main thread can wait for it
 * without an event loop.
 */
import { workerData, type MessagePort } from 'node:worker_threads';
import { analyzerVersion, restoreCorpusTerms } from '../text/index.js';
import { buildShard, transferables, type ShardJob } from './ranked-shard.js';

const { port, signal, terms } = workerData as { port: MessagePort; signal: Int32Array; terms: string[] };

function posted(): void {
  Atomics.add(signal, 0, 1);
  Atomics.notify(signal, 0);
}

try {
  restoreCorpusTerms(terms);
  port.postMessage({ type: 'ready', analyzer: analyzerVersion() });
} catch (error) {
  port.postMessage({ type: 'error', message: error instanceof Error ? error.message : String(error) });
}
posted();

port.on('message', (job: ShardJob) => {
  try {
    const result = buildShard(job);
    port.postMessage({ type: 'done', result }, transferables(result));
  } catch (error) {
    port.postMessage({ type: 'error', message: error instanceof Error ? error.message : String(error) });
  }
  posted();
});
