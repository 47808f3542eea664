/**
 * A build thread (see `ranked-workers.ts`): adds the main thread's run-time terms to its own
 * segmenter, says which analyser it has, then builds each shard it is sent. Every message it
 * posts is followed by a bump of the shared counter, so the main thread can wait for it
 * without an event loop. While building it says how far it got every `PROGRESS_EVERY`
 * paragraphs (a long shard on a loaded machine is not a stalled thread), and it gives up a
 * shard between two paragraphs when the main thread raises the stop flag, so that the thread is
 * idle, never inside the segmenter's native code, when it is terminated.
 */
import { workerData, type MessagePort } from 'node:worker_threads';
import { addWords, analyzerVersion } from '../text/index.js';
import { buildShard, transferables, type ShardJob } from './ranked-shard.js';
import { PROGRESS_EVERY, SIGNAL_COUNTER, SIGNAL_STOP } from './ranked-workers.js';

const { port, signal, words } = workerData as { port: MessagePort; signal: Int32Array; words: string[][] };

/** Thrown between two paragraphs when the main thread asked the workers to stop. */
class Stopped extends Error {}

function posted(): void {
  Atomics.add(signal, SIGNAL_COUNTER, 1);
  Atomics.notify(signal, SIGNAL_COUNTER);
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
    const result = buildShard(job, (index) => {
      if (Atomics.load(signal, SIGNAL_STOP) !== 0) throw new Stopped();
      if (index > 0 && index % PROGRESS_EVERY === 0) {
        port.postMessage({ type: 'progress' });
        posted();
      }
    });
    port.postMessage({ type: 'done', result }, transferables(result));
  } catch (error) {
    port.postMessage(error instanceof Stopped ? { type: 'stopped' } : { type: 'error', message: error instanceof Error ? error.message : String(error) });
  }
  posted();
});
