/**
 * Highlight ranges: where the query's terms and phrases occur in a text. Matching runs on the
 * normalised text, whose offsets are those of the displayed text (normalisation keeps lengths).
 */
import { indexOfWord } from './bounds.js';
import type { Range } from './types.js';

/**
 * Every non-overlapping occurrence of each needle in `norm`, as unsorted ranges; needles in
 * `words` (from words, not phrases) only where they stand on their own (`bounds.ts`).
 */
export function occurrences(norm: string, needles: readonly string[], words?: ReadonlySet<string>): Range[] {
  const ranges: Range[] = [];
  // Loops without closures: this runs for every hit and heading of every answer.
  for (const needle of needles) {
    const n = needle.length;
    if (n === 0) continue;
    if (words?.has(needle) === true) {
      for (let i = indexOfWord(norm, needle); i >= 0; i = indexOfWord(norm, needle, i + n)) ranges.push([i, i + n]);
    } else {
      for (let i = norm.indexOf(needle); i >= 0; i = norm.indexOf(needle, i + n)) ranges.push([i, i + n]);
    }
  }
  return ranges;
}

/**
 * Sorts ranges and merges those that overlap, and also those that touch when `joinTouching`
 * (for display: `营商` + `环境` shows as one mark).
 */
export function mergeRanges(ranges: Range[], joinTouching = true): Range[] {
  if (ranges.length < 2) return ranges;
  // Often already in order (one needle): sort only when not.
  let sorted = true;
  for (let i = 1; i < ranges.length && sorted; i++) {
    const before = ranges[i - 1];
    const range = ranges[i];
    if (before === undefined || range === undefined) break;
    sorted = before[0] < range[0] || (before[0] === range[0] && before[1] <= range[1]);
  }
  if (!sorted) ranges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const merged: Range[] = [];
  let [start, end] = ranges[0] ?? [0, 0];
  for (let i = 1; i < ranges.length; i++) {
    const [s, e] = ranges[i] ?? [0, 0];
    if (s < end || (joinTouching && s === end)) {
      if (e > end) end = e;
    } else {
      merged.push([start, end]);
      start = s;
      end = e;
    }
  }
  merged.push([start, end]);
  return merged;
}

/** Display highlights of `needles` in a text whose normalised form is `norm`. */
export function highlight(norm: string, needles: readonly string[], words?: ReadonlySet<string>): Range[] {
  return mergeRanges(occurrences(norm, needles, words));
}
