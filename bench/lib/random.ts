/**
 * A small seeded pseudo-random generator (mulberry32), so generated corpora and sampled orders
 * are the same on every run and every machine.
 */

/** Uniform numbers in `[0, 1)` from a 32-bit seed. */
export type Random = () => number;

/** mulberry32: 32 bits of state, fast, and good enough for shuffling test data. */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An integer in `[0, n)`. */
export function randomIndex(random: Random, n: number): number {
  return Math.floor(random() * n);
}

/** One element of a non-empty list. */
export function pick<T>(random: Random, items: readonly T[]): T {
  const item = items[randomIndex(random, items.length)];
  if (item === undefined) throw new Error('bench: pick from an empty list');
  return item;
}
