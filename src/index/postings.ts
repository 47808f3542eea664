/**
 * Operations on posting lists: sorted, duplicate-free `Int32Array`s of paragraph numbers.
 * Typed arrays keep a list compact and cheap to walk; every operation returns a new list.
 */

/** An empty posting list, shared. */
export const EMPTY: Int32Array = new Int32Array(0);

/** `[0, 1, …, n - 1]`. */
export function range(n: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return out;
}

/** First index in `list[from..to)` whose value is ≥ `value` (galloping, then binary search); `to` when none. */
export function seek(list: Int32Array, value: number, from: number, to: number = list.length): number {
  let step = 1;
  let hi = from;
  while (hi < to && (list[hi] ?? 0) < value) {
    from = hi + 1;
    hi += step;
    step *= 2;
  }
  if (hi > to) hi = to;
  let lo = from;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((list[mid] ?? 0) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Values present in both lists. Gallops through the longer list when the sizes differ a lot. */
export function intersect(a: Int32Array, b: Int32Array): Int32Array {
  if (a.length > b.length) [a, b] = [b, a];
  const out = new Int32Array(a.length);
  let n = 0;
  if (a.length * 8 < b.length) {
    let j = 0;
    for (let i = 0; i < a.length && j < b.length; i++) {
      const v = a[i] ?? 0;
      j = seek(b, v, j);
      if (j < b.length && b[j] === v) out[n++] = v;
    }
  } else {
    let i = 0;
    let j = 0;
    while (i < a.length && j < b.length) {
      const x = a[i] ?? 0;
      const y = b[j] ?? 0;
      if (x === y) {
        out[n++] = x;
        i++;
        j++;
      } else if (x < y) i++;
      else j++;
    }
  }
  return out.subarray(0, n);
}

/** Values present in either list. */
export function union(a: Int32Array, b: Int32Array): Int32Array {
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  const out = new Int32Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] ?? 0;
    const y = b[j] ?? 0;
    if (x === y) {
      out[n++] = x;
      i++;
      j++;
    } else if (x < y) {
      out[n++] = x;
      i++;
    } else {
      out[n++] = y;
      j++;
    }
  }
  while (i < a.length) out[n++] = a[i++] ?? 0;
  while (j < b.length) out[n++] = b[j++] ?? 0;
  return out.subarray(0, n);
}

/** Values of `a` absent from `b`. */
export function subtract(a: Int32Array, b: Int32Array): Int32Array {
  if (a.length === 0 || b.length === 0) return a;
  const out = new Int32Array(a.length);
  let n = 0;
  let j = 0;
  for (let i = 0; i < a.length; i++) {
    const v = a[i] ?? 0;
    j = seek(b, v, j);
    if (j >= b.length || b[j] !== v) out[n++] = v;
  }
  return out.subarray(0, n);
}

/** Keeps the values for which `keep` holds. */
export function filter(a: Int32Array, keep: (value: number) => boolean): Int32Array {
  const out = new Int32Array(a.length);
  let n = 0;
  for (let i = 0; i < a.length; i++) {
    const v = a[i] ?? 0;
    if (keep(v)) out[n++] = v;
  }
  return out.subarray(0, n);
}

/**
 * Counts of `ids` (sorted) per range, where range `r` is `[starts[r], starts[r + 1])` and the
 * ranges are contiguous and ascending (reports over paragraph numbers). Only ranges holding a
 * value are visited, each with one binary search: `ranges[i]` holds `counts[i]` values.
 */
export function countByRange(ids: Int32Array, starts: Int32Array, rangeOf: Int32Array): { ranges: Int32Array; counts: Int32Array } {
  const ranges: number[] = [];
  const counts: number[] = [];
  let i = 0;
  while (i < ids.length) {
    const r = rangeOf[ids[i] ?? 0] ?? 0;
    const end = starts[r + 1] ?? 0;
    let lo = i + 1;
    let hi = ids.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((ids[mid] ?? 0) < end) lo = mid + 1;
      else hi = mid;
    }
    ranges.push(r);
    counts.push(lo - i);
    i = lo;
  }
  return { ranges: Int32Array.from(ranges), counts: Int32Array.from(counts) };
}
