import { Router } from 'express';
import { admitted, type Admission } from '../admission.js';
import type { Current } from '../current.js';
import { NotFoundError, ParameterError } from '../errors.js';
import { compact, docIds, flag, isDocId, levels, PARAM_LIMITS, positiveInt, queryText, sortOrder } from '../params.js';

/** Most completions `/api/suggest` returns. */
const SUGGEST_LIMIT = 8;

/**
 * The JSON API: `/api/docs`, `/api/docs/:id`, `/api/search`, `/api/compare`, `/api/suggest`.
 * Every route that reaches the search waits for its turn at `gate`.
 */
export function apiRoutes(current: () => Current, gate: Admission): Router {
  const router = Router();

  router.get('/docs', (_req, res) => {
    res.json({ documents: current().docs });
  });

  router.get(
    '/docs/:id',
    admitted(gate, async (req, res) => {
      const id = String(req.params.id);
      const doc = isDocId(id) ? await current().service.read(id) : undefined;
      if (doc === undefined) throw new NotFoundError(`找不到报告“${id.slice(0, 64)}”`);
      res.json({
        ...doc.summary,
        source: doc.source,
        blocks: doc.blocks.map((b) =>
          b.type === 'heading'
            ? { type: b.type, level: b.level, text: b.text, anchor: b.anchor }
            : { type: b.type, paragraph: b.paragraph, sectionPath: b.sectionPath, text: b.text, anchor: b.anchor },
        ),
      });
    }),
  );

  router.get(
    '/search',
    admitted(gate, async (req, res, budget) => {
      const { service, knownIds } = current();
      const q = required(queryText(req.query));
      const options = compact({
        page: positiveInt(req.query, 'page', PARAM_LIMITS.maxPage),
        size: positiveInt(req.query, 'size', PARAM_LIMITS.maxSize),
        sort: sortOrder(req.query),
        level: levels(req.query),
        doc: docIds(req.query, 'doc', knownIds),
        strict: flag(req.query, 'strict'),
      });
      res.json(await service.search(q, { ...options, timeLimitMs: budget.remaining() }));
    }),
  );

  router.get(
    '/compare',
    admitted(gate, async (req, res, budget) => {
      const q = required(queryText(req.query));
      res.json(await current().service.compare(q, { timeLimitMs: budget.remaining() }));
    }),
  );

  router.get(
    '/suggest',
    admitted(gate, async (req, res) => {
      const q = queryText(req.query);
      const limit = positiveInt(req.query, 'limit', 20) ?? SUGGEST_LIMIT;
      const { service } = current();
      res.json({ query: q, suggestions: q === '' ? [] : await service.suggest(q, limit) });
    }),
  );

  return router;
}

function required(q: string): string {
  if (q === '') throw new ParameterError('q', '不能为空');
  return q;
}
