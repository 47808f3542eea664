/**
 * A bounded cache of encoded API answers: the JSON bytes of an answer, its ETag, and its gzip
 * and brotli forms once asked for, keyed by the route and its normalised parameters. A repeated
 * search then costs a lookup, not a search, a `JSON.stringify` and a compression; a client that
 * holds the answer gets a 304. Least recently used entries go first once the bytes held pass
 * the bound. Whoever swaps the index behind the service must empty it (`clear()`), or give
 * `generation` a value that changes with the index: answers of another index are never served.
 */
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import { checksumOf } from '../index/checksum.js';

/**
 * Compression of dynamic answers and pages: cheaper than the search they carry, still about a
 * third of the JSON. Measured on search answers of the bundled corpus (31 KB of JSON): gzip
 * level 6 (zlib's default) 9.5 KB at 1.4× the time of level 1 (10.2 KB); brotli quality 1
 * 10.7 KB at half the time of gzip level 1, quality 4 (the `compression` package's default)
 * 9.8 KB at 1.8× quality 1.
 */
export const ANSWER_COMPRESSION = {
  /** zlib level for gzip (1 fastest … 9 smallest). */
  gzipLevel: 1,
  /** Brotli quality (0 … 11), for clients that accept `br` (every current browser). */
  brotliQuality: 1,
} as const;

/** Options of {@link AnswerCache}. */
export interface AnswerCacheOptions {
  /** Most bytes held (JSON plus compressed forms); 0 disables the cache. */
  maxBytes: number;
  /**
   * The index's generation: when the value changes (compared with `Object.is`), everything
   * cached is dropped before the next lookup.
   */
  generation?: () => unknown;
}

export const DEFAULT_ANSWER_CACHE: AnswerCacheOptions = { maxBytes: 32 * 2 ** 20 };

const gzipAsync = promisify(gzip);
const brotliAsync = promisify(brotliCompress);

/** A compressed form an answer can be sent in. */
export type AnswerEncoding = 'br' | 'gzip';

/** One encoded answer. */
export class EncodedAnswer {
  readonly json: Buffer;
  /** Strong validator of the JSON bytes. */
  readonly etag: string;
  /** Each compressed form, once asked for (the promise is kept: two requests share one compression). */
  readonly #forms = new Map<AnswerEncoding, Promise<Buffer>>();
  readonly #onGrow: (bytes: number) => void;

  constructor(json: Buffer, onGrow: (bytes: number) => void = () => undefined) {
    this.json = json;
    this.etag = `"${checksumOf([json])}-${json.byteLength.toString(36)}"`;
    this.#onGrow = onGrow;
  }

  /**
   * The answer in `encoding`, compressed on first use in libuv's thread pool: the event loop
   * goes on with other requests meanwhile, and on a machine of two cores the other core takes
   * the compression (synchronous brotli was 0.12–0.3 ms of the loop per answer).
   */
  encoded(encoding: AnswerEncoding): Promise<Buffer> {
    let form = this.#forms.get(encoding);
    if (form === undefined) {
      const { json } = this;
      form = (
        encoding === 'gzip'
          ? gzipAsync(json, { level: ANSWER_COMPRESSION.gzipLevel })
          : brotliAsync(json, {
              params: { [constants.BROTLI_PARAM_QUALITY]: ANSWER_COMPRESSION.brotliQuality, [constants.BROTLI_PARAM_SIZE_HINT]: json.byteLength, [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT },
            })
      ).then(
        (compressed) => {
          this.#onGrow(compressed.byteLength);
          return compressed;
        },
        (error: unknown) => {
          // Not kept: the next request tries again.
          this.#forms.delete(encoding);
          throw error;
        },
      );
      this.#forms.set(encoding, form);
    }
    return form;
  }
}

/** The cache; see the module comment. */
export class AnswerCache {
  readonly #options: AnswerCacheOptions;
  /** Insertion order is recency order: a hit is deleted and set again. */
  readonly #entries = new Map<string, { answer: EncodedAnswer; bytes: number }>();
  #bytes = 0;
  #generation: unknown;
  #hits = 0;
  #misses = 0;

  constructor(options: Partial<AnswerCacheOptions> = {}) {
    this.#options = { ...DEFAULT_ANSWER_CACHE, ...options };
    if (!Number.isFinite(this.#options.maxBytes) || this.#options.maxBytes < 0) throw new Error(`web: answer cache size must be a number of bytes ≥ 0, got ${String(this.#options.maxBytes)}`);
    this.#generation = this.#options.generation?.();
  }

  /** Drops every answer (call it when the index behind the service changes). */
  clear(): void {
    this.#entries.clear();
    this.#bytes = 0;
  }

  /** Answers held, bytes held, hits and misses since start. */
  stats(): { entries: number; bytes: number; hits: number; misses: number } {
    return { entries: this.#entries.size, bytes: this.#bytes, hits: this.#hits, misses: this.#misses };
  }

  #checkGeneration(): void {
    if (this.#options.generation === undefined) return;
    const now = this.#options.generation();
    if (!Object.is(now, this.#generation)) {
      this.#generation = now;
      this.clear();
    }
  }

  /** The answer held for `key`, if any (a hit, counted as one), without computing anything. */
  peek(key: string): EncodedAnswer | undefined {
    this.#checkGeneration();
    const held = this.#entries.get(key);
    if (held === undefined) return undefined;
    this.#hits++;
    this.#entries.delete(key);
    this.#entries.set(key, held);
    return held.answer;
  }

  /**
   * The answer for `key`, computing and encoding it with `compute` when not held; kept only
   * when `keep()` says so once computed (an answer cut short by a time budget is not).
   */
  async get(key: string, compute: () => Promise<unknown>, keep: () => boolean = () => true): Promise<EncodedAnswer> {
    this.#checkGeneration();
    const held = this.#entries.get(key);
    if (held !== undefined) {
      this.#hits++;
      this.#entries.delete(key);
      this.#entries.set(key, held);
      return held.answer;
    }
    this.#misses++;
    const generation = this.#generation;
    const value = await compute();
    const json = Buffer.from(JSON.stringify(value), 'utf8');
    this.#checkGeneration();
    // Computed over an index that was swapped meanwhile: serve it, keep nothing.
    if (!Object.is(generation, this.#generation) || this.#options.maxBytes === 0 || !keep()) return new EncodedAnswer(json);
    const holder: { stored?: { answer: EncodedAnswer; bytes: number } } = {};
    const answer = new EncodedAnswer(json, (bytes) => {
      // A compressed form counts while its answer is still held.
      const { stored } = holder;
      if (stored === undefined || this.#entries.get(key) !== stored) return;
      stored.bytes += bytes;
      this.#bytes += bytes;
      this.#evict();
    });
    const stored = { answer, bytes: json.byteLength + key.length * 2 };
    holder.stored = stored;
    this.#entries.set(key, stored);
    this.#bytes += stored.bytes;
    this.#evict();
    return answer;
  }

  #evict(): void {
    for (const [key, entry] of this.#entries) {
      if (this.#bytes <= this.#options.maxBytes) return;
      this.#entries.delete(key);
      this.#bytes -= entry.bytes;
    }
  }
}
