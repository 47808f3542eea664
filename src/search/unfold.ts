/**
 * `[start, end)` in a match form mapped to the displayed text's offsets: from its first code
 * unit's origin to just past its last one's. `origin` is `null` while match forms keep the
 * displayed text's offsets.
 */
export function unfold(origin: Int32Array | null, input: string, start: number, end: number): [number, number] {
  if (origin === null) return [start, end];
  const first = origin[start] ?? input.length;
  const lastAt = origin[end - 1] ?? first;
  const cp = input.codePointAt(lastAt) ?? 0;
  return [first, lastAt + (cp > 0xffff ? 2 : 1)];
}
