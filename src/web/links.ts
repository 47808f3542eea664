import type { Level } from '../ingest/types.js';

/** The state of a search page, as its URL carries it. */
export interface SearchState {
  q: string;
  page?: number | undefined;
  size?: number | undefined;
  sort?: 'relevance' | 'order' | undefined;
  level?: readonly Level[] | undefined;
  doc?: readonly string[] | undefined;
  /** Insist on every word (no question word dropped, no variant, no relaxation). */
  strict?: boolean | undefined;
}

/** Defaults left out of URLs. */
export const SEARCH_DEFAULTS = { page: 1, size: 10, sort: 'relevance' } as const;

/** `/search?q=…` for a state, leaving defaults and empty filters out. */
export function searchUrl(state: SearchState): string {
  const params = new URLSearchParams({ q: state.q });
  if (state.level !== undefined && state.level.length > 0) params.set('level', state.level.join(','));
  if (state.doc !== undefined && state.doc.length > 0) params.set('doc', state.doc.join(','));
  if (state.sort !== undefined && state.sort !== SEARCH_DEFAULTS.sort) params.set('sort', state.sort);
  if (state.size !== undefined && state.size !== SEARCH_DEFAULTS.size) params.set('size', String(state.size));
  if (state.strict === true) params.set('strict', '1');
  if (state.page !== undefined && state.page !== SEARCH_DEFAULTS.page) params.set('page', String(state.page));
  return `/search?${params.toString()}`;
}

/** Reader URL of a document, with the query to mark and a fragment. */
export function docUrl(id: string, q?: string, anchor?: string, part = 1): string {
  const params = new URLSearchParams();
  if (q !== undefined && q !== '') params.set('q', q);
  if (part > 1) params.set('part', String(part));
  const query = params.size > 0 ? `?${params.toString()}` : '';
  return `/doc/${encodeURIComponent(id)}${query}${anchor !== undefined ? `#${encodeURIComponent(anchor)}` : ''}`;
}

/** `/compare?q=…`, with the reports chosen for the side-by-side view. */
export function compareUrl(q: string, docs?: readonly string[]): string {
  const params = new URLSearchParams({ q });
  if (docs !== undefined && docs.length > 0) params.set('docs', docs.join(','));
  return `/compare?${params.toString()}`;
}

/** Page numbers to offer around `current`, with `null` for a gap: 1 … 4 5 [6] 7 8 … 20. */
export function pageWindow(current: number, last: number, radius = 2): Array<number | null> {
  const pages: Array<number | null> = [];
  const from = Math.max(1, current - radius);
  const to = Math.min(last, current + radius);
  if (from > 1) pages.push(1);
  if (from > 2) pages.push(null);
  for (let p = from; p <= to; p++) pages.push(p);
  if (to < last - 1) pages.push(null);
  if (to < last) pages.push(last);
  return pages;
}
