/**
 * A build thread (see `ranked-workers.ts`): adds the main thread's run-time terms to its own
 * segmenter, says which analyser it has, then builds each shard it is sent. Every message it
 * posts is followed by a bump of the shared counter, so the main thread can wait for it
 * without an event loop.
 */
import { workerData, type MessagePort } from 'node:worker_threads';
import { addWords, analyzerVersion } from '../text/index.js';
import { buildShard, transferables, type ShardJob } from './ranked-shard.js';

const { port, signal, words } = workerData as { port: MessagePort; signal: Int32Array; words: string[][] };

function posted(): void {
  Atomics.add(signal, 0, 1);
  Atomics.notify(signal, 0);
}

try {
  // The main thread's run-time additions, in its order: the same dictionary, the same analyser.
  for (const batch of words) addWords(batch);
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
