/**
 * MiniSearch's ranked index in typed arrays, and its BM25 evaluated for a candidate set only.
 *
 * MiniSearch defines the ranked index (terms from the shared analyser, per-field term
 * frequencies and field lengths). Its `search()` scores every posting of every query term
 * before anything is intersected, so a query holding a common word (工作, 发展) costs as much as
 * that word's whole posting list, whatever the candidates. Its index is kept flattened into
 * sorted typed arrays — counted so directly from the analyser's terms (`ranked-direct.ts`), the
 * arrays `exportRanked` makes of a MiniSearch built with `add` — and we compute exactly MiniSearch's score (same BM25 formula and
 * parameters, same field boosts, same "matched terms" multiplier) for the candidates the boolean
 * evaluation left, seeking into each posting list. `toMiniSearch()` turns the arrays back into a
 * MiniSearch instance; a test checks that both score alike.
 */
import MiniSearch, { type AsPlainObject } from 'minisearch';
import { EMPTY, seek } from './postings.js';
import { FIELD_BOOST, RANKED_FIELDS, RANKED_OPTIONS, BM25_PARAMS, type RankedDocument } from './ranked.js';

/** The ranked index, flattened: for term `t` and field `f`, list `2t + f`. */
export interface RankedTables {
  /** Indexed terms, sorted. */
  terms: string[];
  /** `ids/tfs.subarray(offsets[2t + f], offsets[2t + f + 1])`: paragraphs holding term `t` in field `f`. */
  offsets: Uint32Array;
  /** Paragraph numbers, ascending within each list. */
  ids: Int32Array;
  /** Term frequency of each posting. */
  tfs: Uint16Array;
  /** Per field, per paragraph: number of distinct terms (MiniSearch's field length). */
  lengths: Uint16Array[];
  /** Per field: average field length. */
  averages: number[];
  /** Number of paragraphs. */
  documentCount: number;
}

/**
 * Flattens a MiniSearch index built over paragraphs numbered `base`…`base + n − 1` (its
 * documents' ids), added in order; `lengths` are indexed from `base`.
 */
export function exportRanked(ranked: MiniSearch<RankedDocument>, base = 0): RankedTables {
  const json = ranked.toJSON();
  const fieldCount = RANKED_FIELDS.length;
  const fieldIds = RANKED_FIELDS.map((field) => json.fieldIds[field] ?? -1);
  // MiniSearch numbers documents in the order they were added; paragraphs were added in order.
  const paragraphOf = new Int32Array(json.nextId).fill(-1);
  for (const shortId in json.documentIds) paragraphOf[Number(shortId)] = Number(json.documentIds[shortId]);
  const entries = json.index.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const offsets = new Uint32Array(entries.length * fieldCount + 1);
  let total = 0;
  for (const [, data] of entries) for (const fieldId of fieldIds) for (const shortId in data[String(fieldId)]) if (shortId !== '') total++;
  const ids = new Int32Array(total);
  const tfs = new Uint16Array(total);
  let n = 0;
  entries.forEach(([, data], t) => {
    fieldIds.forEach((fieldId, f) => {
      offsets[t * fieldCount + f] = n;
      const postings = data[String(fieldId)];
      const start = n;
      // Integer keys enumerate in ascending order, so each list comes out sorted.
      for (const shortId in postings) {
        ids[n] = paragraphOf[Number(shortId)] ?? -1;
        tfs[n] = Math.min(postings[shortId] ?? 0, 65535);
        n++;
      }
      if (!isAscending(ids, start, n)) sortPostings(ids, tfs, start, n);
    });
  });
  offsets[entries.length * fieldCount] = n;
  const lengths = fieldIds.map(() => new Uint16Array(json.documentCount));
  for (const shortId in json.fieldLength) {
    const id = (paragraphOf[Number(shortId)] ?? -1) - base;
    const perField = json.fieldLength[shortId] ?? [];
    fieldIds.forEach((fieldId, f) => {
      const array = lengths[f];
      if (array !== undefined && id >= 0) array[id] = Math.min(perField[fieldId] ?? 0, 65535);
    });
  }
  return {
    terms: entries.map(([term]) => term),
    offsets,
    ids,
    tfs,
    lengths,
    averages: fieldIds.map((fieldId) => json.averageFieldLength[fieldId] ?? 0),
    documentCount: json.documentCount,
  };
}

function isAscending(ids: Int32Array, from: number, to: number): boolean {
  for (let i = from + 1; i < to; i++) if ((ids[i] ?? 0) <= (ids[i - 1] ?? 0)) return false;
  return true;
}

/** Sorts one posting list (ids with their tfs) by id; only needed if ids were not added in order. */
function sortPostings(ids: Int32Array, tfs: Uint16Array, from: number, to: number): void {
  const pairs = Array.from({ length: to - from }, (_, i) => [ids[from + i] ?? 0, tfs[from + i] ?? 0] as const).sort((a, b) => a[0] - b[0]);
  pairs.forEach(([id, tf], i) => {
    ids[from + i] = id;
    tfs[from + i] = tf;
  });
}

/** Rebuilds the MiniSearch instance the tables were exported from (no stored fields). */
export function toMiniSearch(tables: RankedTables): MiniSearch<RankedDocument> {
  const fieldCount = RANKED_FIELDS.length;
  const documentIds: Record<string, number> = {};
  const fieldLength: Record<string, number[]> = {};
  for (let id = 0; id < tables.documentCount; id++) {
    documentIds[String(id)] = id;
    fieldLength[String(id)] = tables.lengths.map((array) => array[id] ?? 0);
  }
  const index: AsPlainObject['index'] = tables.terms.map((term, t) => {
    const data: Record<string, Record<string, number>> = {};
    for (let f = 0; f < fieldCount; f++) {
      const from = tables.offsets[t * fieldCount + f] ?? 0;
      const to = tables.offsets[t * fieldCount + f + 1] ?? 0;
      if (from === to) continue;
      const postings: Record<string, number> = {};
      for (let i = from; i < to; i++) postings[String(tables.ids[i] ?? 0)] = tables.tfs[i] ?? 0;
      data[String(f)] = postings;
    }
    return [term, data];
  });
  return MiniSearch.loadJS<RankedDocument>(
    {
      documentCount: tables.documentCount,
      nextId: tables.documentCount,
      documentIds,
      fieldIds: Object.fromEntries(RANKED_FIELDS.map((field, f) => [field, f])),
      fieldLength,
      averageFieldLength: tables.averages,
      storedFields: {},
      dirtCount: 0,
      index,
      serializationVersion: 2,
    },
    RANKED_OPTIONS,
  );
}

/** Fewer candidates than this are always sought in the lists (no position table). */
const SLOT_THRESHOLD = 64;

/** MiniSearch's BM25, for candidate paragraphs only. */
export class RankedScorer {
  readonly tables: RankedTables;
  readonly #termIndex: Map<string, number>;
  readonly #boosts: number[];
  #slots: Int32Array | undefined;

  constructor(tables: RankedTables) {
    this.tables = tables;
    this.#termIndex = new Map(tables.terms.map((term, t) => [term, t]));
    this.#boosts = RANKED_FIELDS.map((field) => FIELD_BOOST[field]);
  }

  /** The posting list of `term` in field `f` (paragraph numbers, ascending). */
  postings(term: string, f: number): Int32Array {
    const t = this.#termIndex.get(term);
    if (t === undefined) return EMPTY;
    const at = t * RANKED_FIELDS.length + f;
    return this.tables.ids.subarray(this.tables.offsets[at] ?? 0, this.tables.offsets[at + 1] ?? 0);
  }

  /**
   * Scores of `candidates` (sorted, distinct) for `terms` (distinct), as MiniSearch's
   * `search({ combineWith: 'OR', queries: terms })` would give them; 0 where none matches.
   */
  score(terms: readonly string[], candidates: Int32Array): Float64Array {
    const scores = new Float64Array(candidates.length);
    if (candidates.length === 0 || terms.length === 0) return scores;
    // Query terms each candidate matched (in any field), counted once per term.
    const counts = new Uint16Array(candidates.length);
    const lastTerm = new Int32Array(candidates.length).fill(-1);
    // Candidate position by paragraph, for the lists shorter than the candidates.
    const slots = candidates.length >= SLOT_THRESHOLD ? this.#slotsOf(candidates) : undefined;
    try {
      for (let q = 0; q < terms.length; q++) {
        const t = this.#termIndex.get(terms[q] ?? '');
        if (t !== undefined) for (let f = 0; f < RANKED_FIELDS.length; f++) this.#scoreList(t, f, q, candidates, slots, scores, counts, lastTerm);
      }
    } finally {
      if (slots !== undefined) for (const id of candidates) slots[id] = -1;
    }
    // MiniSearch multiplies a document's score by the number of query terms it matched.
    for (let c = 0; c < candidates.length; c++) scores[c] = (scores[c] ?? 0) * Math.max(1, counts[c] ?? 0);
    return scores;
  }

  /** `slots[id]` is `id`'s position in `candidates`, −1 elsewhere (one array, kept and reset). */
  #slotsOf(candidates: Int32Array): Int32Array {
    this.#slots ??= new Int32Array(this.tables.documentCount).fill(-1);
    const slots = this.#slots;
    for (let c = 0; c < candidates.length; c++) slots[candidates[c] ?? 0] = c;
    return slots;
  }

  /** Adds the BM25 of term `t` in field `f` (query term `q`) to the candidates holding it. */
  #scoreList(t: number, f: number, q: number, candidates: Int32Array, slots: Int32Array | undefined, scores: Float64Array, counts: Uint16Array, lastTerm: Int32Array): void {
    const { offsets, ids, tfs, lengths, averages, documentCount } = this.tables;
    const { k, b, d } = BM25_PARAMS;
    const at0 = t * RANKED_FIELDS.length + f;
    const from = offsets[at0] ?? 0;
    const to = offsets[at0 + 1] ?? 0;
    const df = to - from;
    if (df === 0) return;
    const idf = Math.log(1 + (documentCount - df + 0.5) / (df + 0.5));
    const boost = this.#boosts[f] ?? 1;
    const average = averages[f] ?? 1;
    const fieldLengths = lengths[f] ?? EMPTY;
    // The same sum for either walk, written out twice (MiniSearch's expression, to the bit): no closure per list on the hot path.
    if (slots !== undefined && df <= candidates.length) {
      // A list no longer than the candidates: walk it, finding each posting's candidate.
      for (let at = from; at < to; at++) {
        const c = slots[ids[at] ?? 0] ?? -1;
        if (c < 0) continue;
        const tf = tfs[at] ?? 0;
        const length = fieldLengths[candidates[c] ?? 0] ?? 0;
        scores[c] = (scores[c] ?? 0) + boost * idf * (d + (tf * (k + 1)) / (tf + k * (1 - b + (b * length) / average)));
        if (lastTerm[c] !== q) {
          lastTerm[c] = q;
          counts[c] = (counts[c] ?? 0) + 1;
        }
      }
      return;
    }
    let at = from;
    for (let c = 0; c < candidates.length && at < to; c++) {
      const id = candidates[c] ?? 0;
      at = seek(ids, id, at, to);
      if (at >= to || ids[at] !== id) continue;
      const tf = tfs[at] ?? 0;
      const length = fieldLengths[id] ?? 0;
      scores[c] = (scores[c] ?? 0) + boost * idf * (d + (tf * (k + 1)) / (tf + k * (1 - b + (b * length) / average)));
      if (lastTerm[c] !== q) {
        lastTerm[c] = q;
        counts[c] = (counts[c] ?? 0) + 1;
      }
    }
  }
}
