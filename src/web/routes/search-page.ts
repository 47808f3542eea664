import { admitted } from '../admission.js';
import { Router } from 'express';
import { LEVELS } from '../../ingest/types.js';
import { combinePartial } from '../../search/index.js';
import type { Facets, Hit, PartialAnswer } from '../../search/types.js';
import { pageWindow, SEARCH_DEFAULTS, searchUrl, type SearchState } from '../links.js';
import { compact, docIds, flag, levels, PARAM_LIMITS, positiveInt, queryText, sortOrder } from '../params.js';
import type { Current } from '../current.js';
import { citeParagraph, type SiteContext } from './context.js';

/** The level and report facets of a result, as the sidebar lists them. */
function facetLists(cur: Current, state: SearchState, facets: { level: Facets['level']; doc: Facets['doc'] }) {
  const level = LEVELS.flatMap((l) => {
    const count = facets.level[l];
    return count === undefined || count === 0 ? [] : [{ level: l, count, active: state.level?.includes(l) ?? false }];
  });
  const doc = Object.entries(facets.doc)
    .filter(([, count]) => count > 0)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .flatMap(([id, count]) => {
      const summary = cur.docsById.get(id);
      return summary === undefined ? [] : [{ doc: summary, label: cur.labels.get(id) ?? summary.title, count, active: state.doc?.includes(id) ?? false }];
    });
  return { level, doc };
}

/** The parameters of `/api/export` for the hits of a search state (all pages). */
function exportQuery(state: SearchState): string {
  const params = new URLSearchParams({ q: state.q });
  if (state.sort !== undefined) params.set('sort', state.sort);
  if (state.level !== undefined && state.level.length > 0) params.set('level', state.level.join(','));
  if (state.doc !== undefined && state.doc.length > 0) params.set('doc', state.doc.join(','));
  return params.toString();
}

/** `/search?q=&page=&size=&sort=&level=&doc=`: hits, facets, pagination, help when empty. */
export function searchPageRoutes(ctx: SiteContext): Router {
  const router = Router();

  router.get(
    '/search',
    admitted(ctx.gate, async (req, res, budget) => {
      const cur = ctx.current();
      const { service } = cur;
      const q = queryText(req.query);
      const state: SearchState = {
        q,
        page: positiveInt(req.query, 'page', PARAM_LIMITS.maxPage),
        size: positiveInt(req.query, 'size', PARAM_LIMITS.maxSize),
        sort: sortOrder(req.query),
        level: levels(req.query),
        doc: docIds(req.query, 'doc', cur.knownIds),
        strict: flag(req.query, 'strict'),
      };
      if (q === '') {
        res.redirect(302, '/');
        return;
      }
      const filters = (drop?: 'level' | 'doc') =>
        compact({ level: drop === 'level' || !state.level ? undefined : [...state.level], doc: drop === 'doc' || !state.doc ? undefined : [...state.doc], strict: state.strict });
      const result = await service.search(q, {
        ...compact({ page: state.page, sort: state.sort }),
        size: state.size ?? SEARCH_DEFAULTS.size,
        ...filters(),
        timeLimitMs: budget.remaining(),
      });
      const lastPage = Math.max(1, Math.ceil((result.total - result.folded + result.headingMatches) / result.size));
      if (result.page > lastPage && result.partial === undefined) {
        // Past the end (an old link, a hand-edited URL): the last page that has hits.
        res.redirect(302, searchUrl({ ...state, page: lastPage }));
        return;
      }
      // Each facet counts as if its own filter were off, so that its other values stay in reach.
      // Out of time, the sidebar counts with the filters on rather than making the answer wait.
      const without = async (drop: 'level' | 'doc'): Promise<{ facets: Facets; partial?: PartialAnswer }> =>
        state[drop] === undefined || budget.remaining() === 0 ? result : await service.search(q, { size: 1, ...filters(drop), timeLimitMs: budget.remaining() });
      const [byLevel, byDoc] = await Promise.all([without('level'), without('doc')]);
      const facets = facetLists(cur, state, { level: byLevel.facets.level, doc: byDoc.facets.doc });
      // The sidebar's counts are part of the answer: incomplete, they make it partial too.
      const partial = combinePartial(result.partial, byLevel.partial, byDoc.partial);
      res.render('search', {
        title: `${q} - 搜索结果`,
        q,
        state,
        result: partial === undefined ? result : { ...result, partial },
        hits: result.hits.map((hit: Hit) => ({ hit, ...citeParagraph(ctx, req, { id: hit.docId, title: hit.title, region: hit.region, year: hit.year }, hit) })),
        levelFacets: facets.level,
        docFacets: facets.doc,
        filterDocs: (state.doc ?? []).flatMap((id) => cur.docsById.get(id) ?? []),
        pages: pageWindow(result.page, lastPage),
        lastPage,
        // Nothing at all, even relaxed: completions of what was typed (one bounded lookup); not
        // when the answer is partial (what was not searched may hold it).
        near: result.total + result.headingMatches + result.headings === 0 && partial === undefined ? await nearQueries(cur, q) : [],
        exportQuery: exportQuery(state),
      });
    }),
  );

  return router;
}

/** Up to five completions of the query's last word, as links. */
async function nearQueries(cur: Current, q: string): Promise<Array<{ query: string; url: string }>> {
  return (await cur.service.suggest(q, 5)).filter((s) => s !== q).map((query) => ({ query, url: searchUrl({ q: query }) }));
}
