/** Settings of the live corpus, with their defaults in one place. */
import type { WatchTiming } from './watcher.js';

/** Options of `LiveCorpus.start()`; every field but the folders has a default in {@link LIVE_DEFAULTS}. */
export interface LiveOptions extends WatchTiming {
  /** The corpus folder watched and indexed. */
  corpusDir: string;
  /** Where the index is saved (the build thread writes it; the server loads it on a swap). */
  indexDir: string;
  /** The inbox folder for PDFs, Word files and web pages to import, or `undefined` for none. */
  inboxDir: string | undefined;
  /** Heap limit of the build thread in MB. */
  maxHeapMb: number;
  /** How many recent problems `/healthz` shows. */
  problemsKept: number;
}

/** Defaults: a change is served within about a second of the last write when `fs.watch` works, within `pollMs` more when it does not. */
export const LIVE_DEFAULTS = {
  debounceMs: 200,
  settleMs: 300,
  pollMs: 2000,
  maxSettleRounds: 20,
  maxHeapMb: 4096,
  problemsKept: 20,
} as const satisfies Partial<LiveOptions>;
