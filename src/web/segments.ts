import type { Range } from '../search/types.js';

/** A run of text, marked or not; views escape `text` and wrap marked runs in `<mark>`. */
export interface Segment {
  text: string;
  mark: boolean;
}

/**
 * Cuts `text` into plain and marked runs along `[start, end)` ranges. Ranges out of bounds are
 * clipped and overlapping ones merged, so a bad range can never drop or repeat text: the runs
 * always join back to `text`.
 */
export function segments(text: string, ranges: readonly Range[]): Segment[] {
  const sorted = ranges
    .map(([s, e]): Range => [Math.max(0, Math.min(s, text.length)), Math.max(0, Math.min(e, text.length))])
    .filter(([s, e]) => e > s)
    .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: Segment[] = [];
  let at = 0;
  for (const [start, end] of sorted) {
    if (end <= at) continue;
    const from = Math.max(start, at);
    const last = out.at(-1);
    if (from > at) out.push({ text: text.slice(at, from), mark: false });
    else if (last?.mark === true) {
      // Touching or overlapping the previous mark: one mark, not two.
      last.text += text.slice(from, end);
      at = end;
      continue;
    }
    out.push({ text: text.slice(from, end), mark: true });
    at = end;
  }
  if (at < text.length || out.length === 0) out.push({ text: text.slice(at), mark: false });
  return out;
}
