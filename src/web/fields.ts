/**
 * `fields=`: an API client asks for fewer fields of a search answer, e.g.
 * `fields=total,hits.docId,hits.snippet` — top-level names keep those fields, `hits.NAME` keeps
 * those fields of each hit (and the hits). Without it, every field is sent.
 */
import type { Hit, SearchResult } from '../search/types.js';
import { ParameterError } from './errors.js';
import { single, type RawQuery } from './params.js';

const TOP: readonly (keyof SearchResult)[] = ['query', 'total', 'headingMatches', 'headings', 'headingHits', 'page', 'size', 'tookMs', 'hits', 'facets', 'notes', 'dropped', 'expansions', 'relaxation', 'partial'];
const HIT: readonly (keyof Hit)[] = ['docId', 'title', 'region', 'level', 'year', 'kind', 'sectionPath', 'paragraph', 'anchor', 'url', 'text', 'highlights', 'snippet', 'sectionHighlights', 'score', 'match'];

/** The fields asked for, in canonical order (part of the answer cache's key). */
export interface FieldSelection {
  top: (keyof SearchResult)[];
  /** Hit fields kept; `undefined`: all of them. */
  hit: (keyof Hit)[] | undefined;
}

/** Reads `fields`; `undefined` when absent (every field). A name we do not have is a 400. */
export function searchFields(query: RawQuery): FieldSelection | undefined {
  const raw = single(query, 'fields');
  if (raw === undefined || raw.trim() === '') return undefined;
  const top = new Set<keyof SearchResult>();
  const hit = new Set<keyof Hit>();
  for (const name of raw.split(',').map((part) => part.trim()).filter((part) => part !== '')) {
    if (name.startsWith('hits.')) {
      const field = name.slice('hits.'.length);
      if (!(HIT as readonly string[]).includes(field)) throw new ParameterError('fields', `没有字段“${name.slice(0, 40)}”；命中的字段有 ${HIT.map((f) => `hits.${f}`).join(', ')}`);
      hit.add(field as keyof Hit);
      top.add('hits');
    } else if ((TOP as readonly string[]).includes(name)) {
      top.add(name as keyof SearchResult);
    } else {
      throw new ParameterError('fields', `没有字段“${name.slice(0, 40)}”；可用的有 ${TOP.join(', ')} 和 hits.字段`);
    }
  }
  return { top: TOP.filter((f) => top.has(f)), hit: hit.size === 0 ? undefined : HIT.filter((f) => hit.has(f)) };
}

/** The answer with only the selected fields. */
export function selectFields(result: SearchResult, fields: FieldSelection | undefined): Partial<SearchResult> | SearchResult {
  if (fields === undefined) return result;
  const out: Record<string, unknown> = {};
  for (const name of fields.top) if (result[name] !== undefined) out[name] = result[name];
  const { hit } = fields;
  if (hit !== undefined && fields.top.includes('hits')) {
    out.hits = result.hits.map((h) => Object.fromEntries(hit.map((name) => [name, h[name]])));
  }
  return out;
}

/** The selection as a stable string (cache key). */
export function fieldsKey(fields: FieldSelection | undefined): string {
  return fields === undefined ? '*' : `${fields.top.join(',')}|${fields.hit?.join(',') ?? '*'}`;
}
