/**
 * Stop words: dropped from index and queries alike.
 * (Evidence to follow.)
 */
export const STOP_WORDS: ReadonlySet<string> = new Set<string>([]);

/** Whether `term` is a stop word. */
export function isStopWord(term: string): boolean {
  return STOP_WORDS.has(term);
}
