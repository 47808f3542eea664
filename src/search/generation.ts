/**
 * What is served, as one value: the search service over one complete index together with what
 * that index was built from. A live corpus replaces the whole value at once (a new generation);
 * a request takes the current generation once and answers from it throughout, so an answer never
 * mixes two indexes. Whatever is derived from a generation (labels, known ids, cached answers) is
 * keyed by it or emptied on a swap ({@link Generations.onSwap}).
 */
import { join } from 'node:path';
import { originalPath } from '../ingest/formats/index.js';
import type { SearchService } from './types.js';

/** A file of the corpus (or the inbox) that was left out of a generation, and why. */
export interface LeftOutFile {
  /** File name (base name, e.g. `qu-09.txt`, or `inbox/报告.pdf` for the inbox). */
  file: string;
  /** Why, for a user, in Chinese. */
  reason: string;
  /** The underlying message as the reading stage gave it (for logs). */
  detail: string;
}

/** One complete, immutable state of what is served. */
export interface Generation {
  /** 1 for the index the server started with, one more on each swap. */
  readonly number: number;
  /** When this generation's index was made ready (built, or loaded from the saved file). */
  readonly builtAt: Date;
  /** The search service over this generation's index. */
  readonly service: SearchService;
  /** Files left out of this generation, with why; the site lists them on `/docs`. */
  readonly leftOut: readonly LeftOutFile[];
  /**
   * The original document kept beside report `docId`'s text (`original` in its front matter):
   * where it is and the name it was received under; `undefined` when the report has none or the
   * corpus folder is not known.
   */
  originalFile(docId: string): OriginalFile | undefined;
}

/** An original document kept in the corpus folder. */
export interface OriginalFile {
  /** Absolute path, built from the report's id and the extension of its original's name. */
  path: string;
  /** The name it was received under (`2024年政府工作报告.pdf`), for the download. */
  name: string;
}

/**
 * The originals of `service`'s reports, kept under `corpusDir` as `originals/<id><ext>`. Only a
 * report the service lists, with an `original` in its front matter, has one; no part of the
 * path comes from anything but a listed id and a checked extension.
 */
export function originalsIn(corpusDir: string | undefined, service: SearchService): (docId: string) => OriginalFile | undefined {
  return (docId) => {
    if (corpusDir === undefined) return undefined;
    const doc = service.documents().find((d) => d.id === docId);
    if (doc?.original === undefined) return undefined;
    return { path: join(corpusDir, originalPath(doc.id, doc.original)), name: doc.original };
  };
}

/** Problems and progress of the machinery that makes generations, for `/healthz`. */
export interface GenerationStatus {
  /** A new generation is being built (the current one keeps answering meanwhile). */
  building: boolean;
  /** When the last build finished or failed (ISO), if any since start. */
  lastAttemptAt?: string;
  /** The last swap: when, which generation, how many reports, and its timings in milliseconds. */
  lastBuild?: { at: string; generation: number; documents: number; ingestMs: number; buildMs: number; swapMs: number };
  /** The last problems met: builds that failed, imports that failed, newest last. */
  problems: Array<{ at: string; message: string }>;
  /** Files of the inbox that could not be imported, with why (they stay in the inbox). */
  notImported: LeftOutFile[];
}

/** The source of the current generation: fixed for a static index, replaced by a live corpus. */
export interface Generations {
  /** The generation answering now. */
  current(): Generation;
  /**
   * Calls `listener` after every swap, with the new generation and the one it replaced (caches
   * of answers are emptied here). Returns a function that removes the listener.
   */
  onSwap(listener: (next: Generation, previous: Generation) => void): () => void;
  /** How making generations goes. */
  status(): GenerationStatus;
}

/** A single generation that never changes (tests, benchmarks, a server without a live corpus). */
export function fixedGenerations(service: SearchService, leftOut: readonly LeftOutFile[] = [], builtAt = new Date(), corpusDir?: string): Generations {
  const generation: Generation = { number: 1, builtAt, service, leftOut, originalFile: originalsIn(corpusDir, service) };
  return {
    current: () => generation,
    onSwap: () => () => undefined,
    status: () => ({ building: false, problems: [], notImported: [] }),
  };
}
