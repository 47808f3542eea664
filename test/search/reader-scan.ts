/**
 * The brute-force reading of `src/text/fold.ts`, for property tests: a text as a reader sees
 * it, with transparent runs (of at most `MAX_RUN_LENGTH` characters, between two others)
 * removed and each compatibility character written as its form, scanned for a needle
 * character by character. A compatibility character matches only as a whole.
 */
import { MAX_RUN_LENGTH } from '../../src/search/spellings.js';
import { expansionOf, isTransparent, squeeze } from '../../src/text/index.js';

/** A text as a reader reads it, once: `norm`, its reading `text`, and where each unit of `text` comes from. */
export interface ReaderView {
  norm: string;
  text: string;
  /** Per code unit of `text`, and one past the end: whether a match may start or end there. */
  edge: boolean[];
  /** Per code unit of `text`: the offset in `norm` where its character starts. */
  from: number[];
  /** Per code unit of `text`: the offset in `norm` where its character ends. */
  to: number[];
}

/** `norm` as a reader reads it (see `ReaderView`). */
export function readerView(norm: string): ReaderView {
  const chars = Array.from(norm);
  const offsets: number[] = [];
  let offset = 0;
  for (const c of chars) {
    offsets.push(offset);
    offset += c.length;
  }
  offsets.push(offset);
  let text = '';
  const edge: boolean[] = [];
  const from: number[] = [];
  const to: number[] = [];
  const put = (piece: string, k: number): void => {
    for (let u = 0; u < piece.length; u++) {
      edge.push(u === 0);
      from.push(offsets[k] ?? 0);
      to.push(offsets[k + 1] ?? 0);
    }
    text += piece;
  };
  let i = 0;
  while (i < chars.length) {
    const c = chars[i] ?? '';
    if (isTransparent(c)) {
      let j = i;
      while (j < chars.length && isTransparent(chars[j] ?? '')) j++;
      const inside = i > 0 && j < chars.length;
      // A run kept as it is (too long, or at an edge): its characters are matched as they are.
      if (!inside || j - i > MAX_RUN_LENGTH || chars.slice(i, j).join('').length > MAX_RUN_LENGTH) for (let k = i; k < j; k++) put(chars[k] ?? '', k);
      i = j;
      continue;
    }
    put(expansionOf(c) ?? c, i);
    i++;
  }
  edge.push(true);
  return { norm, text, edge, from, to };
}

/**
 * Occurrences a reader finds of `needle` (a normalised query form) in `view` (or the text
 * `norm`), left to right without overlap, as `[start, end)` offsets of `norm` (the characters
 * skipped inside a match included).
 */
export function readerOccurrences(view: ReaderView | string, needle: string): Array<[number, number]> {
  const { norm, text, edge, from, to } = typeof view === 'string' ? readerView(view) : view;
  const wanted = squeeze(needle);
  const out: Array<[number, number]> = [];
  if (wanted === '') {
    for (let at = norm.indexOf(needle); at >= 0 && needle !== ''; at = norm.indexOf(needle, at + needle.length)) out.push([at, at + needle.length]);
    return out;
  }
  for (let at = text.indexOf(wanted); at >= 0; ) {
    const end = at + wanted.length;
    if (edge[at] === true && edge[end] === true) {
      out.push([from[at] ?? 0, to[end - 1] ?? 0]);
      at = text.indexOf(wanted, end);
    } else at = text.indexOf(wanted, at + 1);
  }
  return out;
}

/** Whether a reader finds `needle` in `view` (or in the text `norm`). */
export function readerHolds(view: ReaderView | string, needle: string): boolean {
  return readerOccurrences(view, needle).length > 0;
}

/** How many occurrences a reader counts of `needle` in `view` (as the comparison counts them). */
export function readerCount(view: ReaderView | string, needle: string): number {
  return readerOccurrences(view, needle).length;
}
