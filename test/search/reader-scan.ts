/**
 * The brute-force reading of `src/text/fold.ts`, for property tests: a text as a reader sees
 * it, with transparent runs (of at most `MAX_RUN_LENGTH` characters, between two others)
 * removed and each compatibility character written as its form, scanned for a needle
 * character by character. A compatibility character matches only as a whole.
 */
import { MAX_RUN_LENGTH } from '../../src/search/spellings.js';
import { expansionOf, isTransparent, squeeze } from '../../src/text/index.js';

/** `norm` as a reader reads it: the text and, per code unit of it, whether a unit may start or end a match there. */
export function readerText(norm: string): { text: string; edge: boolean[] } {
  const chars = Array.from(norm);
  let text = '';
  const edge: boolean[] = [];
  let i = 0;
  while (i < chars.length) {
    const c = chars[i] ?? '';
    if (isTransparent(c)) {
      let j = i;
      while (j < chars.length && isTransparent(chars[j] ?? '')) j++;
      const inside = i > 0 && j < chars.length;
      if (!inside || j - i > MAX_RUN_LENGTH || chars.slice(i, j).join('').length > MAX_RUN_LENGTH) {
        // A run kept as it is (too long, or at an edge): its characters are matched as they are.
        for (let k = i; k < j; k++) {
          edge.push(true);
          text += chars[k] ?? '';
          if ((chars[k] ?? '').length === 2) edge.push(false);
        }
      }
      i = j;
      continue;
    }
    const form = expansionOf(c) ?? c;
    edge.push(true);
    for (let k = 1; k < form.length; k++) edge.push(false);
    text += form;
    i++;
  }
  edge.push(true);
  return { text, edge };
}

/** A text as a reader reads it, once: `norm` and its `readerText`. */
export interface ReaderView {
  norm: string;
  text: string;
  edge: boolean[];
}

/** `norm` read once, for many scans. */
export function readerView(norm: string): ReaderView {
  return { norm, ...readerText(norm) };
}

/** Whether a reader finds `needle` (a normalised query form) in `view` (or in the text `norm`). */
export function readerHolds(view: ReaderView | string, needle: string): boolean {
  const { norm, text, edge } = typeof view === 'string' ? readerView(view) : view;
  const wanted = squeeze(needle);
  if (wanted === '') return norm.includes(needle);
  for (let at = text.indexOf(wanted); at >= 0; at = text.indexOf(wanted, at + 1)) {
    if (edge[at] === true && edge[at + wanted.length] === true) return true;
  }
  return false;
}
