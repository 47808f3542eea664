/** Memory figures: heap after a full collection, resident set size, and their peaks. */

/** `global.gc` when node runs with `--expose-gc`. */
function collector(): (() => void) | undefined {
  const gc: unknown = (globalThis as { gc?: unknown }).gc;
  return typeof gc === 'function' ? (gc as () => void) : undefined;
}

/** True when heap figures are taken after a full collection (node `--expose-gc`). */
export function canCollect(): boolean {
  return collector() !== undefined;
}

/** Memory in bytes at one moment. */
export interface MemorySample {
  /** V8 heap in use (after a full collection when `--expose-gc` was given). */
  heapUsed: number;
  /** Off-heap memory of typed arrays and buffers. */
  arrayBuffers: number;
  /** Resident set size of the process. */
  rss: number;
  /** Largest resident set size the process has had so far. */
  maxRss: number;
}

/** Collects garbage (twice, so weak structures settle) when possible, then samples memory. */
export function sampleMemory(): MemorySample {
  const gc = collector();
  if (gc !== undefined) {
    gc();
    gc();
  }
  const usage = process.memoryUsage();
  return {
    heapUsed: usage.heapUsed,
    arrayBuffers: usage.arrayBuffers,
    rss: usage.rss,
    // resourceUsage().maxRSS is in kilobytes.
    maxRss: process.resourceUsage().maxRSS * 1024,
  };
}
