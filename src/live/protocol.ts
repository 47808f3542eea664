/** Messages between the server and its build thread (`build-worker.ts`). */
import type { CorpusProblem, CorpusWarning } from '../ingest/index.js';
import type { Report } from '../ingest/types.js';
import type { IndexFingerprint } from '../index/index.js';

/** What the build thread starts with. */
export interface WorkerStart {
  /** `addedWords()` of the serving thread: its segmenter's run-time additions, in order. */
  words: string[][];
  /** `analyzerVersion()` of the serving thread once they are added; the thread checks it agrees. */
  analyzer: string;
}

/** Build the index over `corpusDir` and save it in `indexDir`. */
export interface BuildRequest {
  corpusDir: string;
  indexDir: string;
}

/** A built and saved index with what it was built from, or why there is none. */
export type BuildReply =
  | {
      ok: true;
      /** The reports the index holds, exactly as read by the build. */
      reports: Report[];
      problems: CorpusProblem[];
      warnings: CorpusWarning[];
      /** The fingerprint the index was saved with. */
      fingerprint: IndexFingerprint;
      /** The saved index. */
      file: string;
      ingestMs: number;
      buildMs: number;
    }
  | { ok: false; message: string };
