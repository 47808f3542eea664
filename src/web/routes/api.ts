import { Router } from 'express';
import type { Current } from '../current.js';
import { NotFoundError, ParameterError } from '../errors.js';
import { compact, docIds, flag, isDocId, levels, PARAM_LIMITS, positiveInt, queryText, sortOrder } from '../params.js';

/** Most completions `/api/suggest` returns. */
const SUGGEST_LIMIT = 8;

/** The JSON API: `/api/docs`, `/api/docs/:id`, `/api/search`, `/api/compare`, `/api/suggest`. */
export function apiRoutes(current: () => Current): Router {
  const router = Router();

  router.get('/docs', (_req, res) => {
    res.json({ documents: current().docs });
  });

  router.get('/docs/:id', async (req, res) => {
    const { id } = req.params;
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
  });

  router.get('/search', async (req, res) => {
    const { service, knownIds } = current();
    const q = required(queryText(req.query));
    const result = await service.search(
      q,
      compact({
      page: positiveInt(req.query, 'page', PARAM_LIMITS.maxPage),
      size: positiveInt(req.query, 'size', PARAM_LIMITS.maxSize),
      sort: sortOrder(req.query),
      level: levels(req.query),
      doc: docIds(req.query, 'doc', knownIds),
      strict: flag(req.query, 'strict'),
    }),
    );
    res.json(result);
  });

  router.get('/compare', async (req, res) => {
    const q = required(queryText(req.query));
    res.json(await current().service.compare(q));
  });

  router.get('/suggest', async (req, res) => {
    const q = queryText(req.query);
    const limit = positiveInt(req.query, 'limit', 20) ?? SUGGEST_LIMIT;
    const { service } = current();
    res.json({ query: q, suggestions: q === '' ? [] : await service.suggest(q, limit) });
  });

  return router;
}

function required(q: string): string {
  if (q === '') throw new ParameterError('q', '不能为空');
  return q;
}

