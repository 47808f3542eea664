/**
 * Snippets: a window of about 120 characters around the densest cluster of highlights, cut
 * ends marked with `…`, highlights re-based to the window. A short paragraph is shown whole.
 */
import type { MarkedText, Range } from './types.js';

/** Target window length. */
export const SNIPPET_LENGTH = 120;
/** Paragraphs up to this length are shown whole rather than cut to a window. */
export const WHOLE_PARAGRAPH_LENGTH = 140;
const ELLIPSIS = '…';

/** The start of the window holding the most highlights (sorted, non-overlapping ranges). */
function densestStart(text: string, highlights: readonly Range[], width: number): number {
  if (highlights.length === 0) return 0;
  let best = 0;
  let bestCount = 0;
  let bestSpan = 0;
  let j = 0;
  for (let i = 0; i < highlights.length; i++) {
    const start = highlights[i]?.[0] ?? 0;
    if (j < i) j = i;
    while (j + 1 < highlights.length && (highlights[j + 1]?.[1] ?? 0) - start <= width) j++;
    const count = j - i + 1;
    const span = (highlights[j]?.[1] ?? 0) - start;
    if (count > bestCount || (count === bestCount && span < bestSpan)) {
      best = i;
      bestCount = count;
      bestSpan = span;
    }
  }
  const clusterStart = highlights[best]?.[0] ?? 0;
  const clusterEnd = Math.min(text.length, clusterStart + Math.max(bestSpan, 0));
  // Centre the cluster, then keep the window inside the text.
  const slack = Math.max(0, width - (clusterEnd - clusterStart));
  let start = Math.max(0, clusterStart - Math.floor(slack / 2));
  if (start + width > text.length) start = Math.max(0, text.length - width);
  return start;
}

/** The snippet of `text` for `highlights` (sorted, non-overlapping). */
export function snippet(text: string, highlights: readonly Range[], width = SNIPPET_LENGTH): MarkedText {
  if (text.length <= WHOLE_PARAGRAPH_LENGTH || text.length <= width) {
    return { text, highlights: highlights.map(([s, e]): Range => [s, e]) };
  }
  const start = densestStart(text, highlights, width);
  const end = Math.min(text.length, start + width);
  const prefix = start > 0 ? ELLIPSIS : '';
  const suffix = end < text.length ? ELLIPSIS : '';
  const shift = prefix.length - start;
  const rebased: Range[] = [];
  for (const [s, e] of highlights) {
    if (e <= start || s >= end) continue;
    rebased.push([Math.max(s, start) + shift, Math.min(e, end) + shift]);
  }
  return { text: prefix + text.slice(start, end) + suffix, highlights: rebased };
}
