/**
 * Whether an occurrence of a Chinese word in a text is that word as the text means it, or two
 * pieces of neighbouring words: `民生` in `一刻钟便民生活圈` is the end of 便民 and the start of
 * 生活圈. The text around the occurrence is segmented as the analyser segments it, and each word
 * of three characters or more is further cut into its own parts (the fewest dictionary words
 * inside it that jieba keeps whole: 一刻钟|便民|生活圈, 营商|环境, 高质量|发展). An occurrence
 * *straddles* when both its ends fall strictly inside parts and a part boundary lies between
 * them. `营商环境` in `优化营商环境`, `营商` in `营商环境` and `质量发展` in `高质量发展` do not.
 *
 * Only the Han run around the occurrence is read, at most `WINDOW` characters either side, so
 * the cost of one check is bounded whatever the text's length.
 */
import { isHanUnit } from './analyze.js';
import { cutWords, innerWords, segmenterGeneration } from './segment.js';

/** Characters of context read on each side of an occurrence. */
export const WINDOW = 12;

/** Whether the occurrence `[start, end)` (UTF-16 offsets) of a Han word in `norm` straddles two words of the text. */
export function straddlesWords(norm: string, start: number, end: number): boolean {
  if (end - start < 2) return false;
  let from = start;
  while (from > 0 && start - from < WINDOW && isHanUnit(norm.charCodeAt(from - 1))) from--;
  let to = end;
  while (to < norm.length && to - end < WINDOW && isHanUnit(norm.charCodeAt(to))) to++;
  const window = norm.slice(from, to);
  const bounds = cachedPartBounds(window);
  const s = start - from;
  const e = end - from;
  if (bounds[s] === 1 || bounds[e] === 1) return false;
  for (let b = s + 1; b < e; b++) if (bounds[b] === 1) return true;
  return false;
}

/** Windows whose part bounds are kept: a word's occurrences in the same paragraphs come back with every search for it. */
const BOUNDS_CACHE_ENTRIES = 8192;
const boundsCache = new Map<string, Uint8Array>();
let boundsGeneration = -1;

/**
 * {@link partBounds} of `window`, kept (the oldest dropped past {@link BOUNDS_CACHE_ENTRIES});
 * emptied when the segmenter's dictionary changes, since the text would be cut anew.
 */
function cachedPartBounds(window: string): Uint8Array {
  const generation = segmenterGeneration();
  if (generation !== boundsGeneration) {
    boundsCache.clear();
    boundsGeneration = generation;
  }
  let bounds = boundsCache.get(window);
  if (bounds === undefined) {
    bounds = partBounds(window);
    if (boundsCache.size >= BOUNDS_CACHE_ENTRIES) {
      const oldest = boundsCache.keys().next();
      if (oldest.done !== true) boundsCache.delete(oldest.value);
    }
    boundsCache.set(window, bounds);
  }
  return bounds;
}

/** Offsets in `run` where a part of a word begins or ends: `1` at each such offset (0 to `run.length`). */
function partBounds(run: string): Uint8Array {
  const bounds = new Uint8Array(run.length + 1);
  bounds[0] = 1;
  bounds[run.length] = 1;
  let at = 0;
  for (const word of cutWords(run)) {
    const found = run.indexOf(word, at);
    if (found < 0) break;
    bounds[found] = 1;
    for (const inner of innerCut(word)) bounds[found + inner] = 1;
    at = found + word.length;
    bounds[at] = 1;
  }
  return bounds;
}

/** Inner boundaries of `word`: the cut into the fewest of its inner words (single characters where none fits). */
function innerCut(word: string): number[] {
  if (word.length < 3) return [];
  const spans = innerWords(word).filter((span) => span.end - span.start >= 2 && span.end - span.start < word.length);
  if (spans.length === 0) return [];
  // Fewest pieces from 0 to each offset; a character alone is always a piece.
  const best = new Array<number>(word.length + 1).fill(Infinity);
  const back = new Array<number>(word.length + 1).fill(-1);
  best[0] = 0;
  for (let i = 0; i < word.length; i++) {
    const here = best[i] ?? Infinity;
    if (here === Infinity) continue;
    const steps = [i + 1, ...spans.filter((span) => span.start === i).map((span) => span.end)];
    for (const next of steps) {
      // Ties go to the longer piece (the later step), so 一刻钟 beats 一刻|钟.
      if (here + 1 <= (best[next] ?? Infinity)) {
        best[next] = here + 1;
        back[next] = i;
      }
    }
  }
  const cuts: number[] = [];
  for (let at = back[word.length] ?? -1; at > 0; at = back[at] ?? -1) cuts.push(at);
  return cuts;
}
