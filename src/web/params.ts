import { isDocId } from '../ingest/id.js';
import { LEVELS, type Level } from '../ingest/types.js';
import { visible } from '../query/errors.js';
import { ParameterError } from './errors.js';

/** Limits on request parameters, in one place. */
export const PARAM_LIMITS = {
  /** Longest accepted query, in characters (code points). */
  queryLength: 200,
  /** Highest page number accepted. */
  maxPage: 1000,
  /** Highest part number of a report in the reader (a report has far fewer). */
  maxPart: 1_000_000,
  /** Largest page size accepted. */
  maxSize: 100,
  /** Largest number of reports in a side-by-side comparison. */
  maxCompared: 3,
} as const;

/** A request's query object as Express parses it. */
export type RawQuery = Record<string, unknown>;

/** A single string value of `name`, or `undefined` when absent; arrays and objects are refused. */
export function single(query: RawQuery, name: string): string | undefined {
  const value = query[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new ParameterError(name, '只能出现一次，且必须是文本');
  return value;
}

/** The search query `q`: trimmed, bounded; empty string when absent. */
export function queryText(query: RawQuery, name = 'q'): string {
  const value = (single(query, name) ?? '').trim();
  const length = Array.from(value).length;
  if (length > PARAM_LIMITS.queryLength) {
    throw new ParameterError(name, `查询过长（${String(length)} 个字符），最多 ${String(PARAM_LIMITS.queryLength)} 个字符`);
  }
  if (value.includes('\u0000')) throw new ParameterError(name, '不能包含空字符');
  return value;
}

/** A positive integer no larger than `max`, or `undefined` when absent. */
export function positiveInt(query: RawQuery, name: string, max: number): number | undefined {
  const value = single(query, name);
  if (value === undefined || value === '') return undefined;
  if (!/^\d{1,9}$/.test(value)) {
    throw new ParameterError(name, `必须是 1 到 ${String(max)} 之间的整数，收到“${clip(value)}”`);
  }
  const n = Number(value);
  if (n < 1 || n > max) {
    throw new ParameterError(name, `必须是 1 到 ${String(max)} 之间的整数，收到“${clip(value)}”`);
  }
  return n;
}

/** Comma-separated values of a single parameter (`level=区,市`), without empties or duplicates. */
function list(value: string): string[] {
  return [...new Set(value.split(/[,，]/).map((v) => v.trim()).filter((v) => v !== ''))];
}

/** `level=区,市` → levels, each one of 省/市/区/县/镇. */
export function levels(query: RawQuery, name = 'level'): Level[] | undefined {
  const value = single(query, name);
  if (value === undefined || value.trim() === '') return undefined;
  return list(value).map((v) => {
    const level = LEVELS.find((l) => l === v);
    if (level === undefined) throw new ParameterError(name, `必须是 ${LEVELS.join('、')} 之一，收到“${clip(v)}”`);
    return level;
  });
}

/**
 * Document ids from `name`, each well-formed and known. With `repeatable`, the parameter may
 * also come several times (`docs=a&docs=b`, as checkboxes send it).
 */
export function docIds(query: RawQuery, name: string, known: ReadonlySet<string>, repeatable = false): string[] | undefined {
  const raw = query[name];
  let values: string[];
  if (raw === undefined) return undefined;
  if (repeatable && Array.isArray(raw) && raw.every((v) => typeof v === 'string')) {
    values = [...new Set(raw.flatMap((v: string) => list(v)))];
  } else {
    const value = single(query, name) ?? '';
    values = list(value);
  }
  if (values.length === 0) return undefined;
  for (const id of values) {
    if (!isDocId(id) || !known.has(id)) throw new ParameterError(name, `未知的报告编号“${clip(id)}”`);
  }
  return values;
}

/** `sort=relevance|order`. */
export function sortOrder(query: RawQuery, name = 'sort'): 'relevance' | 'order' | undefined {
  const value = single(query, name);
  if (value === undefined || value === '') return undefined;
  if (value === 'relevance' || value === 'order') return value;
  throw new ParameterError(name, `必须是 relevance 或 order，收到“${clip(value)}”`);
}

/** `strict=1|0` (also `true|false`): insist on every word. */
export function flag(query: RawQuery, name: string): boolean | undefined {
  const value = single(query, name);
  if (value === undefined || value === '') return undefined;
  if (value === '1' || value === 'true') return true;
  if (value === '0' || value === 'false') return false;
  throw new ParameterError(name, `必须是 1 或 0，收到“${clip(value)}”`);
}

/** True when `id` could be a document id at all, as ingest defines one (a cheap check before any lookup). */
export { isDocId };

/** A bad value, shortened for an error message, its control characters spelled out. */
function clip(value: string): string {
  const chars = Array.from(value);
  return visible(chars.length > 30 ? `${chars.slice(0, 30).join('')}…` : value);
}

/** `options` without its `undefined` fields, so that the callee's defaults apply. */
export function compact<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as Partial<T>;
}
