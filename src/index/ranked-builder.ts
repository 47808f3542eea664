/**
 * MiniSearch's ranked index built straight from the analyser's terms, in its flattened form
 * (`RankedTables`, what `exportRanked` makes of a MiniSearch): the same terms, posting lists,
 * term frequencies, field lengths and averages as `buildRanked` followed by `exportRanked`
 * (a test compares them table for table), without MiniSearch's `add`.
 *
 * Why not `add`: MiniSearch stores terms in a radix tree whose insert walks every child of a
 * node to find the one sharing a first character; Chinese terms start with thousands of
 * different characters, so each token scanned thousands of keys at the root (about 70 % of a
 * build's CPU at 10×), and each term kept a Map from field to a Map from document to frequency
 * (the build's peak memory). Here a term is a number at its first sight, a posting three
 * integers appended to growing typed arrays, and the lists are laid out by one counting sort.
 * `toMiniSearch` (`bm25.ts`) still loads the result into MiniSearch with its own loader.
 */
import type { RankedTables } from './bm25.js';
import { RANKED_FIELDS } from './ranked.js';

/** An `Int32Array` that grows as values are appended. */
class IntList {
  #values = new Int32Array(1024);
  length = 0;

  push(value: number): void {
    if (this.length === this.#values.length) {
      const grown = new Int32Array(this.#values.length * 2);
      grown.set(this.#values);
      this.#values = grown;
    }
    this.#values[this.length++] = value;
  }

  get(i: number): number {
    return this.#values[i] ?? 0;
  }

  set(i: number, value: number): void {
    this.#values[i] = value;
  }
}

/** Largest value a `Uint16Array` cell holds (frequencies and lengths are capped there, as `exportRanked` does). */
const U16_MAX = 65535;

/**
 * Builds the ranked tables of paragraphs `base`, `base + 1`, … added in order: the tables a
 * MiniSearch with `RANKED_OPTIONS` over them would export (`exportRanked(ranked, base)`).
 */
export class RankedTablesBuilder {
  readonly #base: number;
  readonly #termIds = new Map<string, number>();
  readonly #terms: string[] = [];
  /** Per term: the last document and field it was seen in (`doc * 2 + field`), and its count there. */
  readonly #seenIn = new IntList();
  readonly #counts = new IntList();
  /** Postings in the order they were made: list (`term * fields + field`), document, frequency. */
  readonly #lists = new IntList();
  readonly #docs = new IntList();
  readonly #tfs = new IntList();
  readonly #lengths: IntList[] = RANKED_FIELDS.map(() => new IntList());
  readonly #averages: number[] = RANKED_FIELDS.map(() => 0);
  #documentCount = 0;
  /** Terms of the current document and field, in order of first sight. */
  readonly #current: number[] = [];

  /** Starts the tables of paragraphs numbered from `base`. */
  constructor(base = 0) {
    this.#base = base;
  }

  /** Adds the next paragraph: its fields' terms (index mode, in text order), in `RANKED_FIELDS` order. */
  add(fields: readonly (readonly string[])[]): void {
    const doc = this.#documentCount++;
    RANKED_FIELDS.forEach((_, f) => {
      const terms = fields[f] ?? [];
      const stamp = doc * RANKED_FIELDS.length + f;
      const current = this.#current;
      current.length = 0;
      for (const term of terms) {
        // MiniSearch's `processTerm` drops an empty term (the analyser makes none) from the postings only.
        let id = this.#termIds.get(term);
        if (id === undefined) {
          id = this.#terms.length;
          this.#termIds.set(term, id);
          this.#terms.push(term);
          this.#seenIn.push(-1);
          this.#counts.push(0);
        }
        if (this.#seenIn.get(id) !== stamp) {
          this.#seenIn.set(id, stamp);
          this.#counts.set(id, 0);
          current.push(id);
        }
        this.#counts.set(id, this.#counts.get(id) + 1);
      }
      // MiniSearch's field length: the distinct terms, an empty one included.
      const length = current.length;
      for (const id of current) {
        if (this.#terms[id] === '') continue;
        this.#lists.push(id * RANKED_FIELDS.length + f);
        this.#docs.push(doc);
        this.#tfs.push(this.#counts.get(id));
      }
      this.#lengths[f]?.push(length);
      // MiniSearch's running average (`addFieldLength`), in its order, for the same value.
      this.#averages[f] = ((this.#averages[f] ?? 0) * doc + length) / (doc + 1);
    });
  }

  /** The tables; the builder is not used afterwards. */
  finish(): RankedTables {
    const fieldCount = RANKED_FIELDS.length;
    const byTerm = this.#terms.map((_, id) => id).filter((id) => this.#terms[id] !== '');
    byTerm.sort((a, b) => {
      const x = this.#terms[a] ?? '';
      const y = this.#terms[b] ?? '';
      return x < y ? -1 : x > y ? 1 : 0;
    });
    const rank = new Int32Array(this.#terms.length).fill(-1);
    byTerm.forEach((id, r) => (rank[id] = r));
    const total = this.#docs.length;
    const offsets = new Uint32Array(byTerm.length * fieldCount + 1);
    const slotOf = (p: number): number => {
      const list = this.#lists.get(p);
      return (rank[Math.floor(list / fieldCount)] ?? 0) * fieldCount + (list % fieldCount);
    };
    for (let p = 0; p < total; p++) {
      const slot = slotOf(p) + 1;
      offsets[slot] = (offsets[slot] ?? 0) + 1;
    }
    for (let s = 1; s < offsets.length; s++) offsets[s] = (offsets[s] ?? 0) + (offsets[s - 1] ?? 0);
    // Postings were made document by document: placing them in that order keeps each list ascending.
    const next = offsets.slice(0, -1);
    const ids = new Int32Array(total);
    const tfs = new Uint16Array(total);
    for (let p = 0; p < total; p++) {
      const slot = slotOf(p);
      const at = next[slot] ?? 0;
      next[slot] = at + 1;
      ids[at] = this.#base + this.#docs.get(p);
      tfs[at] = Math.min(this.#tfs.get(p), U16_MAX);
    }
    const lengths = this.#lengths.map((list) => {
      const array = new Uint16Array(this.#documentCount);
      for (let doc = 0; doc < this.#documentCount; doc++) array[doc] = Math.min(list.get(doc), U16_MAX);
      return array;
    });
    return { terms: byTerm.map((id) => this.#terms[id] ?? ''), offsets, ids, tfs, lengths, averages: [...this.#averages], documentCount: this.#documentCount };
  }
}
