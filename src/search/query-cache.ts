/**
 * Compiled queries kept for reuse. Parsing and compiling a query (segmenting each word with
 * jieba, converting variants, building the needles) costs about a fifth of a search on a small
 * corpus and is the same every time the query is typed, so a bounded number of compiled queries
 * is kept, least recently used dropped first. Only what the query text and the read mode
 * determine is kept (never matches): the answer is still computed at every search. The cache
 * empties itself when the segmenter's dictionary changes, since the words would be cut anew.
 */
import { segmenterGeneration } from '../text/index.js';
import type { CompiledQuery, ReadMode } from './corpus-view.js';

/** Compiled queries kept by default: a few hundred KB at most. */
export const QUERY_CACHE_ENTRIES = 1024;

/** A cached compiled query is shared: frozen so that no caller can change another's answer. */
export type FrozenQuery = Readonly<CompiledQuery>;

export class QueryCache {
  readonly #limit: number;
  readonly #entries = new Map<string, FrozenQuery>();
  #generation = -1;

  /** `limit`: how many compiled queries to keep (0 keeps none). */
  constructor(limit: number = QUERY_CACHE_ENTRIES) {
    if (!Number.isInteger(limit) || limit < 0) throw new Error(`search: query cache size must be a whole number ≥ 0, got ${String(limit)}`);
    this.#limit = limit;
  }

  /** Number of compiled queries held. */
  get size(): number {
    return this.#entries.size;
  }

  /** The compiled form of `query` read in `mode`, from `compile` on first use. */
  get(query: string, mode: ReadMode, compile: () => CompiledQuery): FrozenQuery {
    if (this.#limit === 0) return compile();
    this.#checkGeneration();
    const key = `${mode.strict === true ? '1' : '0'}${mode.asTyped === true ? '1' : '0'}${query}`;
    const hit = this.#entries.get(key);
    if (hit !== undefined) {
      // Most recently used last: Map keeps insertion order.
      this.#entries.delete(key);
      this.#entries.set(key, hit);
      return hit;
    }
    const compiled = compile();
    // Compiling may have loaded the segmenter for the first time.
    this.#checkGeneration();
    const frozen = deepFreeze(compiled);
    this.#entries.set(key, frozen);
    if (this.#entries.size > this.#limit) {
      const oldest = this.#entries.keys().next();
      if (oldest.done !== true) this.#entries.delete(oldest.value);
    }
    return frozen;
  }

  #checkGeneration(): void {
    const generation = segmenterGeneration();
    if (generation !== this.#generation) {
      this.#entries.clear();
      this.#generation = generation;
    }
  }
}

/** `value` with every plain object, array, Map and Set inside it frozen (Maps and Sets cannot be frozen inside; they are never written after compiling). */
function deepFreeze<T>(value: T): T {
  const seen = new Set<unknown>();
  const visit = (item: unknown): void => {
    if (item === null || typeof item !== 'object' || seen.has(item)) return;
    seen.add(item);
    if (item instanceof Map) {
      for (const [key, entry] of item) {
        visit(key);
        visit(entry);
      }
      return;
    }
    if (item instanceof Set) {
      for (const entry of item) visit(entry);
      return;
    }
    if (ArrayBuffer.isView(item)) return;
    for (const entry of Object.values(item)) visit(entry);
    Object.freeze(item);
  };
  visit(value);
  return value;
}
