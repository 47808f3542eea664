/**
 * Building the n-gram posting tables (`ngram.ts`) of a set of texts in two passes, so that no
 * posting list is ever held anywhere but in its final place: the first pass numbers the keys
 * and counts the texts holding each (a text counted once per key by remembering the last text
 * each key was seen in), the second writes each text's number at its key's next free place.
 * Texts are visited in order, so every list comes out ascending. Bigram keys go through an
 * open-addressing table of typed arrays (a `Map` would box every key above 2^31 and hold an
 * array per key: several hundred MB at 100× the corpus).
 */
import type { NgramTables, PostingTable } from './ngram.js';

/** Keys numbered in order of first sight: an open-addressing hash table over typed arrays. */
class KeySlots {
  #keys = new Uint32Array(1 << 12);
  /** Slot + 1 of each cell's key, 0 for an empty cell. */
  #slots = new Int32Array(1 << 12);
  #mask = (1 << 12) - 1;
  /** The key of each slot. */
  keys: number[] = [];

  /** The slot of `key`, numbered on first sight. */
  slotOf(key: number): number {
    let cell = Math.imul(key, 0x9e3779b1) & this.#mask;
    for (;;) {
      const slot = this.#slots[cell] ?? 0;
      if (slot === 0) break;
      if (this.#keys[cell] === key) return slot - 1;
      cell = (cell + 1) & this.#mask;
    }
    const slot = this.keys.length;
    this.keys.push(key);
    this.#keys[cell] = key;
    this.#slots[cell] = slot + 1;
    if (this.keys.length * 2 > this.#mask) this.#grow();
    return slot;
  }

  #grow(): void {
    const keys = this.#keys;
    const slots = this.#slots;
    this.#keys = new Uint32Array(keys.length * 2);
    this.#slots = new Int32Array(keys.length * 2);
    this.#mask = keys.length * 2 - 1;
    for (let cell = 0; cell < keys.length; cell++) {
      const slot = slots[cell] ?? 0;
      if (slot === 0) continue;
      let at = Math.imul(keys[cell] ?? 0, 0x9e3779b1) & this.#mask;
      while ((this.#slots[at] ?? 0) !== 0) at = (at + 1) & this.#mask;
      this.#keys[at] = keys[cell] ?? 0;
      this.#slots[at] = slot;
    }
  }
}

/** An `Int32Array` indexed by slot that grows with the slots. */
function ensure(array: Int32Array, size: number, fill: number): Int32Array {
  if (size <= array.length) return array;
  const grown = new Int32Array(Math.max(size, array.length * 2)).fill(fill);
  grown.set(array);
  return grown;
}

/** The unigrams and bigrams of one text at a time, counted (first pass) or placed (second pass). */
class Counter {
  readonly #bigramSlots = new KeySlots();
  readonly #uniLast = new Int32Array(65536).fill(-1);
  readonly #uniCount = new Int32Array(65536);
  #biLast: Int32Array = new Int32Array(1024).fill(-1);
  #biCount: Int32Array = new Int32Array(1024);

  /** First pass: counts text `id`'s keys. */
  count(text: string, id: number): void {
    const uniLast = this.#uniLast;
    const uniCount = this.#uniCount;
    let previous = -1;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (uniLast[code] !== id) {
        uniLast[code] = id;
        uniCount[code] = (uniCount[code] ?? 0) + 1;
      }
      if (previous >= 0) {
        const slot = this.#bigramSlots.slotOf(previous * 65536 + code);
        if (slot >= this.#biLast.length) {
          this.#biLast = ensure(this.#biLast, slot + 1, -1);
          this.#biCount = ensure(this.#biCount, slot + 1, 0);
        }
        if (this.#biLast[slot] !== id) {
          this.#biLast[slot] = id;
          this.#biCount[slot] = (this.#biCount[slot] ?? 0) + 1;
        }
      }
      previous = code;
    }
  }

  /** Between the passes: the tables with their offsets set and room for the ids; `place` fills them. */
  layout(): Placer {
    const unigramKeys: number[] = [];
    for (let code = 0; code < 65536; code++) if ((this.#uniCount[code] ?? 0) > 0) unigramKeys.push(code);
    const unigrams = tableOf(Uint32Array.from(unigramKeys), (i) => this.#uniCount[unigramKeys[i] ?? 0] ?? 0);
    const uniNext = new Int32Array(65536);
    unigramKeys.forEach((code, i) => (uniNext[code] = unigrams.offsets[i] ?? 0));
    const slots = this.#bigramSlots;
    const order = Int32Array.from(slots.keys.keys()).sort((a, b) => (slots.keys[a] ?? 0) - (slots.keys[b] ?? 0));
    const bigrams = tableOf(Uint32Array.from(order, (slot) => slots.keys[slot] ?? 0), (i) => this.#biCount[order[i] ?? 0] ?? 0);
    const biNext = new Int32Array(slots.keys.length);
    order.forEach((slot, i) => (biNext[slot] = bigrams.offsets[i] ?? 0));
    this.#uniLast.fill(-1);
    this.#biLast.fill(-1);
    return new Placer(slots, { unigrams, bigrams }, uniNext, biNext, this.#uniLast, this.#biLast);
  }
}

/** A table with `keys` and offsets for lists of `sizeOf(i)` ids each, the ids still to be written. */
function tableOf(keys: Uint32Array, sizeOf: (i: number) => number): PostingTable {
  const offsets = new Uint32Array(keys.length + 1);
  let total = 0;
  for (let i = 0; i < keys.length; i++) {
    offsets[i] = total;
    total += sizeOf(i);
  }
  offsets[keys.length] = total;
  return { keys, offsets, ids: new Int32Array(total) };
}

/** Second pass: writes each text's number into the lists of its keys. */
class Placer {
  constructor(
    readonly slots: KeySlots,
    readonly tables: NgramTables,
    readonly uniNext: Int32Array,
    readonly biNext: Int32Array,
    readonly uniLast: Int32Array,
    readonly biLast: Int32Array,
  ) {}

  place(text: string, id: number): void {
    const { uniNext, biNext, uniLast, biLast } = this;
    const uniIds = this.tables.unigrams.ids;
    const biIds = this.tables.bigrams.ids;
    let previous = -1;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (uniLast[code] !== id) {
        uniLast[code] = id;
        const at = uniNext[code] ?? 0;
        uniIds[at] = id;
        uniNext[code] = at + 1;
      }
      if (previous >= 0) {
        const slot = this.slots.slotOf(previous * 65536 + code);
        if (biLast[slot] !== id) {
          biLast[slot] = id;
          const at = biNext[slot] ?? 0;
          biIds[at] = id;
          biNext[slot] = at + 1;
        }
      }
      previous = code;
    }
  }
}

/**
 * Builds the tables over `texts` (already normalised); text `i` is paragraph `i`.
 * `onProgress` is called every few hundred texts with the texts done (each pass counting half).
 */
export function buildNgramTables(texts: readonly string[], onProgress?: (done: number) => void): NgramTables {
  const counter = new Counter();
  const half = (id: number, pass: number): number => Math.floor((pass * texts.length + id + 1) / 2);
  for (let id = 0; id < texts.length; id++) {
    counter.count(texts[id] ?? '', id);
    if (onProgress !== undefined && id % 256 === 255) onProgress(half(id, 0));
  }
  const placer = counter.layout();
  for (let id = 0; id < texts.length; id++) {
    placer.place(texts[id] ?? '', id);
    if (onProgress !== undefined && id % 256 === 255) onProgress(half(id, 1));
  }
  onProgress?.(texts.length);
  return placer.tables;
}
