import { Router } from 'express';
import { admitted } from '../admission.js';
import { LEVELS } from '../../ingest/types.js';
import { docIds, levels, queryText } from '../params.js';
import { concordanceOptions, type SiteContext } from './context.js';

/** Lines shown on the page; the CSV export holds up to the API's limit. */
const PAGE_LINES = 2000;

/** `/kwic?q=&width=&sort=&level=&doc=`: every occurrence in its context, aligned on the match. */
export function kwicPageRoutes(ctx: SiteContext): Router {
  const router = Router();

  router.get(
    '/kwic',
    admitted(ctx.gate, async (req, res, budget) => {
    const cur = ctx.current();
    const q = queryText(req.query);
    const options = concordanceOptions(req.query, cur.knownIds);
    const level = levels(req.query) ?? [];
    const doc = docIds(req.query, 'doc', cur.knownIds) ?? [];
    if (q === '') {
      res.render('kwic', { title: '语境索引', q, result: undefined, lines: [], options, level, doc, levels: LEVELS, docs: cur.docs });
      return;
    }
    const result = await cur.service.concordance(q, { ...options, limit: PAGE_LINES, timeLimitMs: budget.remaining() });
    res.render('kwic', {
      title: `${q} - 语境索引`,
      q,
      result,
      lines: result.lines.map((line) => ({ ...line, doc: cur.docsById.get(line.docId), label: cur.labels.get(line.docId) ?? line.docId })),
      options,
      level,
      doc,
      levels: LEVELS,
      docs: cur.docs,
    });
  }),
  );

  return router;
}
