/**
 * The ranked tables of consecutive paragraphs counted directly from their terms, without a
 * MiniSearch in between: exactly the tables `exportRanked` takes out of a MiniSearch built by
 * `buildRanked` over the same paragraphs (same sorted terms, postings in paragraph order, term
 * frequencies, field lengths as MiniSearch counts them — distinct tokens — and its running
 * averages), at a fraction of the cost: MiniSearch's radix tree of maps per term, field and
 * document, and its `toJSON()` copy, are most of a build's time once the analysis is done.
 * A cluster's indexing needs the tables only (the front scores with them), so it counts them
 * here; `test/index/ranked-direct.test.ts` checks them against MiniSearch's.
 */
import type { RankedTables } from './bm25.js';
import { RANKED_FIELDS } from './ranked.js';

/** A growable array of 32-bit integers. */
class Int32List {
  data = new Int32Array(1024);
  length = 0;
  push(value: number): void {
    if (this.length === this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = value;
  }
}

/** One field's terms of a paragraph as MiniSearch adds them: distinct terms with their counts, and the field length. */
export interface FieldTerms {
  /** Distinct non-empty terms, in first-seen order. */
  terms: string[];
  /** Occurrences of each of `terms`. */
  counts: number[];
  /** MiniSearch's field length: the number of distinct tokens (an empty one included). */
  length: number;
}

/** Counts `tokens` as MiniSearch's `add` does (its `processTerm` drops empty terms). */
export function fieldTerms(tokens: readonly string[]): FieldTerms {
  const seen = new Map<string, number>();
  let length = 0;
  const terms: string[] = [];
  const counts: number[] = [];
  for (const token of tokens) {
    let at = seen.get(token);
    if (at === undefined) {
      length++;
      at = token === '' ? -1 : terms.length;
      seen.set(token, at);
      if (at >= 0) {
        terms.push(token);
        counts.push(0);
      }
    }
    if (at >= 0) counts[at] = (counts[at] ?? 0) + 1;
  }
  return { terms, counts, length };
}

/**
 * The ranked tables of `count` paragraphs numbered 0…count − 1 (as `exportRanked(ranked, 0)`
 * gives them), `fieldsOf(id)` giving paragraph `id`'s counted terms per field, in
 * `RANKED_FIELDS` order; called once per paragraph, in order.
 */
export function countRanked(count: number, fieldsOf: (id: number) => readonly FieldTerms[]): RankedTables {
  const fieldCount = RANKED_FIELDS.length;
  const termIds = new Map<string, number>();
  const terms: string[] = [];
  // Postings as they come: list (term · fields + field), paragraph, frequency.
  const lists = new Int32List();
  const docs = new Int32List();
  const tfs = new Int32List();
  const lengths = RANKED_FIELDS.map(() => new Uint16Array(count));
  const averages = RANKED_FIELDS.map(() => 0);
  for (let id = 0; id < count; id++) {
    const fields = fieldsOf(id);
    for (let f = 0; f < fieldCount; f++) {
      const field = fields[f] ?? { terms: [], counts: [], length: 0 };
      const lengthArray = lengths[f];
      if (lengthArray !== undefined) lengthArray[id] = Math.min(field.length, 65535);
      // MiniSearch's running average (`addFieldLength`), unclipped, in the same order.
      averages[f] = ((averages[f] ?? 0) * id + field.length) / (id + 1);
      field.terms.forEach((term, i) => {
        let t = termIds.get(term);
        if (t === undefined) {
          t = terms.length;
          termIds.set(term, t);
          terms.push(term);
        }
        lists.push(t * fieldCount + f);
        docs.push(id);
        tfs.push(Math.min(field.counts[i] ?? 0, 65535));
      });
    }
  }
  // Terms sorted as MiniSearch's exported index is sorted (code units), lists renumbered.
  const order = terms.map((_, t) => t).sort((a, b) => ((terms[a] ?? '') < (terms[b] ?? '') ? -1 : (terms[a] ?? '') > (terms[b] ?? '') ? 1 : 0));
  const rank = new Int32Array(terms.length);
  order.forEach((t, r) => (rank[t] = r));
  const listCount = terms.length * fieldCount;
  const offsets = new Uint32Array(listCount + 1);
  const renumbered = new Int32Array(lists.length);
  for (let i = 0; i < lists.length; i++) {
    const list = lists.data[i] ?? 0;
    const r = (rank[Math.floor(list / fieldCount)] ?? 0) * fieldCount + (list % fieldCount);
    renumbered[i] = r;
    offsets[r + 1] = (offsets[r + 1] ?? 0) + 1;
  }
  for (let l = 0; l < listCount; l++) offsets[l + 1] = (offsets[l + 1] ?? 0) + (offsets[l] ?? 0);
  // A stable counting sort: postings came in paragraph order, so each list stays ascending.
  const fill = offsets.slice(0, listCount);
  const ids = new Int32Array(lists.length);
  const frequencies = new Uint16Array(lists.length);
  for (let i = 0; i < lists.length; i++) {
    const r = renumbered[i] ?? 0;
    const at = fill[r] ?? 0;
    fill[r] = at + 1;
    ids[at] = docs.data[i] ?? 0;
    frequencies[at] = tfs.data[i] ?? 0;
  }
  return { terms: order.map((t) => terms[t] ?? ''), offsets, ids, tfs: frequencies, lengths, averages, documentCount: count };
}
