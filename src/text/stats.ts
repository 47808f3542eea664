/**
 * Cumulative timings of the analyser, so an index build can report how much of its time goes to
 * text analysis and to jieba itself. Counting costs two clock reads per call.
 */

/** Time spent in the analyser since the last reset. */
export interface AnalyzerStats {
  /** `analyze()` calls. */
  analyzeCalls: number;
  /** Milliseconds inside `analyze()`, jieba included. */
  analyzeMs: number;
  /** Calls into nodejieba (accurate-mode and full-mode cuts). */
  jiebaCalls: number;
  /** Milliseconds inside nodejieba. */
  jiebaMs: number;
}

const stats: AnalyzerStats = { analyzeCalls: 0, analyzeMs: 0, jiebaCalls: 0, jiebaMs: 0 };

/** A copy of the timings accumulated since the last `resetAnalyzerStats()` (or start). */
export function analyzerStats(): AnalyzerStats {
  return { ...stats };
}

/** Sets all timings back to zero. */
export function resetAnalyzerStats(): void {
  stats.analyzeCalls = 0;
  stats.analyzeMs = 0;
  stats.jiebaCalls = 0;
  stats.jiebaMs = 0;
}

/** Records one `analyze()` call that started at `since` (a `performance.now()` reading). */
export function recordAnalyze(since: number): void {
  stats.analyzeCalls++;
  stats.analyzeMs += performance.now() - since;
}

/** Runs one nodejieba call and records its time. */
export function timeJieba<T>(call: () => T): T {
  const since = performance.now();
  try {
    return call();
  } finally {
    stats.jiebaCalls++;
    stats.jiebaMs += performance.now() - since;
  }
}
