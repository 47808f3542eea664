/** Search options: defaults in one place, checked once. */
import { LEVELS, type Level } from '../ingest/types.js';
import { SearchOptionError } from './errors.js';
import type { HitListOptions, SearchOptions } from './types.js';

/** Largest page size. */
export const MAX_PAGE_SIZE = 100;

/** Most hits one `hitList` answer holds (exports). */
export const HIT_LIST_LIMIT = 10_000;

/** The search options of a hit list: its limit as the size of one page. */
export function hitListAsSearch(options: HitListOptions | undefined): SearchOptions {
  const { limit, ...rest } = options ?? {};
  return { ...rest, page: 1, size: limit ?? HIT_LIST_LIMIT };
}

/** Defaults of every search option. */
export const DEFAULT_SEARCH_OPTIONS: Required<SearchOptions> = {
  page: 1,
  size: 20,
  sort: 'relevance',
  level: [],
  doc: [],
  strict: false,
  asTyped: false,
  timeLimitMs: Infinity,
};

/**
 * Merges `options` over the defaults and checks them; `isDocument` tells known document ids.
 * Throws `SearchOptionError` naming the first bad option.
 */
export function resolveOptions(options: SearchOptions | undefined, isDocument: (id: string) => boolean, maxSize: number = MAX_PAGE_SIZE): Required<SearchOptions> {
  // Callers outside TypeScript (query strings, JSON) can pass anything: check as unknown.
  const given: Record<string, unknown> = { ...options };
  const pick = (key: keyof SearchOptions): unknown => given[key] ?? DEFAULT_SEARCH_OPTIONS[key];
  const page = pick('page');
  const size = pick('size');
  const sort = pick('sort');
  const level = pick('level');
  const doc = pick('doc');
  const strict = pick('strict');
  const asTyped = pick('asTyped');
  const timeLimitMs = resolveTimeLimit(given.timeLimitMs);
  if (typeof strict !== 'boolean') throw new SearchOptionError('strict', strict, 'true or false');
  if (typeof asTyped !== 'boolean') throw new SearchOptionError('asTyped', asTyped, 'true or false');
  if (typeof page !== 'number' || !Number.isInteger(page) || page < 1) {
    throw new SearchOptionError('page', page, 'an integer ≥ 1');
  }
  if (typeof size !== 'number' || !Number.isInteger(size) || size < 1 || size > maxSize) {
    throw new SearchOptionError(maxSize === MAX_PAGE_SIZE ? 'size' : 'limit', size, `an integer from 1 to ${String(maxSize)}`);
  }
  if (sort !== 'relevance' && sort !== 'order') throw new SearchOptionError('sort', sort, '"relevance" or "order"');
  if (!Array.isArray(level)) throw new SearchOptionError('level', level, `a list of ${LEVELS.join('/')}`);
  const levels: Level[] = [];
  for (const value of level as unknown[]) {
    const known = LEVELS.find((name) => name === value);
    if (known === undefined) throw new SearchOptionError('level', value, `one of ${LEVELS.join('/')}`);
    levels.push(known);
  }
  if (!Array.isArray(doc)) throw new SearchOptionError('doc', doc, 'a list of document ids');
  const docs: string[] = [];
  for (const value of doc as unknown[]) {
    if (typeof value !== 'string' || !isDocument(value)) throw new SearchOptionError('doc', value, 'a known document id');
    docs.push(value);
  }
  return { page, size, sort, level: levels, doc: docs, strict: strict || asTyped, asTyped, timeLimitMs };
}

/** A time limit in milliseconds (≥ 0, `Infinity` for none); `undefined` is no limit. */
export function resolveTimeLimit(value: unknown): number {
  if (value === undefined) return Infinity;
  if (typeof value !== 'number' || Number.isNaN(value) || value < 0) throw new SearchOptionError('timeLimitMs', value, 'a number of milliseconds ≥ 0');
  return value;
}
