import type { SearchService } from '../search/types.js';
import type { RequestBudget } from './admission.js';
import { searchUrl, type SearchState } from './links.js';

/** An alternative query offered when a search finds nothing. */
export interface Alternative {
  /** What the alternative changes, for display (`去掉“X”`). */
  label: string;
  query: string;
  url: string;
  total: number;
}

/** What could help after an empty result. */
export interface NoResultsHelp {
  /** The same query with one word dropped, each with its result count. */
  dropWords: Alternative[];
  /** Other changes: without quotes, without the filters. */
  others: Alternative[];
  /** Completions of the query from the index vocabulary. */
  near: Array<{ query: string; url: string }>;
}

async function total(service: SearchService, state: SearchState, budget: RequestBudget): Promise<number> {
  try {
    const result = await service.search(state.q, {
      size: 1,
      timeLimitMs: budget.remaining(),
      ...(state.level ? { level: [...state.level] } : {}),
      ...(state.doc ? { doc: [...state.doc] } : {}),
    });
    // A count over part of the corpus would understate what the alternative finds.
    return result.partial === undefined ? result.total : 0;
  } catch {
    return 0;
  }
}

/**
 * Alternatives for a query that found nothing, each tried against the service so that only
 * helpful ones are offered, within the request's `budget`: once it is spent, no more are tried.
 * Works on the text as typed (words split at spaces); the query language stays in `src/query`.
 */
export async function noResultsHelp(service: SearchService, state: SearchState, budget: RequestBudget): Promise<NoResultsHelp> {
  const words = state.q.split(/\s+/).filter((w) => w !== '');
  const dropWords: Alternative[] = [];
  if (words.length > 1) {
    for (const [i, word] of words.entries()) {
      if (budget.remaining() === 0) break;
      const query = words.filter((_, j) => j !== i).join(' ');
      const next = { ...state, q: query, page: undefined };
      const n = await total(service, next, budget);
      if (n > 0) dropWords.push({ label: `去掉“${word}”`, query, url: searchUrl(next), total: n });
    }
  }
  const others: Alternative[] = [];
  const unquoted = state.q.replace(/["“”]/g, ' ').replace(/\s+/g, ' ').trim();
  if (unquoted !== state.q && unquoted !== '' && budget.remaining() > 0) {
    const next = { ...state, q: unquoted, page: undefined };
    const n = await total(service, next, budget);
    if (n > 0) others.push({ label: '不加引号（不要求完整短语）', query: unquoted, url: searchUrl(next), total: n });
  }
  if (((state.level?.length ?? 0) > 0 || (state.doc?.length ?? 0) > 0) && budget.remaining() > 0) {
    const next = { q: state.q, sort: state.sort };
    const n = await total(service, next, budget);
    if (n > 0) others.push({ label: '取消级别和报告筛选', query: state.q, url: searchUrl(next), total: n });
  }
  const seen = new Set([state.q]);
  const near: NoResultsHelp['near'] = [];
  const last = words.at(-1) ?? '';
  const prefixes = [state.q, last, Array.from(last).slice(0, 2).join('')].filter((p) => p !== '');
  for (const prefix of prefixes) {
    for (const s of await service.suggest(prefix, 5)) {
      if (seen.has(s) || near.length >= 5) continue;
      seen.add(s);
      near.push({ query: s, url: searchUrl({ q: s }) });
    }
  }
  return { dropWords, others, near };
}
