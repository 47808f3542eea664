import { Router } from 'express';
import { admitted, type Admission } from '../admission.js';
import type { AnswerCache } from '../answer-cache.js';
import type { Current } from '../current.js';
import { fieldsKey, searchFields, selectFields } from '../fields.js';
import { sendAnswer } from '../send-answer.js';
import { DEFAULT_SEARCH_OPTIONS } from '../../search/index.js';
import { NotFoundError, ParameterError } from '../errors.js';
import { compact, docIds, flag, isDocId, levels, PARAM_LIMITS, positiveInt, queryText, sortOrder } from '../params.js';

/** Most completions `/api/suggest` returns. */
const SUGGEST_LIMIT = 8;

/**
 * The JSON API: `/api/docs`, `/api/docs/:id`, `/api/search`, `/api/compare`, `/api/suggest`.
 * Every route that reaches the search waits for its turn at `gate`. Searches, comparisons and
 * completions are answered through `cache` (encoded once, ETag, 304); an answer cut short by
 * the time budget is sent but never kept.
 */
export function apiRoutes(current: () => Current, gate: Admission, cache: AnswerCache): Router {
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
      const fields = searchFields(req.query);
      // The key holds what changes the answer, in one spelling: defaults filled in, lists sorted.
      const key = [
        'search',
        q,
        options.page ?? DEFAULT_SEARCH_OPTIONS.page,
        options.size ?? DEFAULT_SEARCH_OPTIONS.size,
        options.sort ?? DEFAULT_SEARCH_OPTIONS.sort,
        [...new Set(options.level ?? [])].sort().join('|'),
        [...new Set(options.doc ?? [])].sort().join('|'),
        String(options.strict ?? DEFAULT_SEARCH_OPTIONS.strict),
        fieldsKey(fields),
      ].join('\u0000');
      let complete = true;
      const answer = await cache.get(
        key,
        async () => {
          const result = await service.search(q, { ...options, timeLimitMs: budget.remaining() });
          complete = result.partial === undefined;
          return selectFields(result, fields);
        },
        () => complete,
      );
      sendAnswer(req, res, answer);
    }),
  );

  router.get(
    '/compare',
    admitted(gate, async (req, res, budget) => {
      const q = required(queryText(req.query));
      const { service } = current();
      let complete = true;
      const answer = await cache.get(
        `compare\u0000${q}`,
        async () => {
          const result = await service.compare(q, { timeLimitMs: budget.remaining() });
          complete = result.partial === undefined;
          return result;
        },
        () => complete,
      );
      sendAnswer(req, res, answer);
    }),
  );

  router.get(
    '/suggest',
    admitted(gate, async (req, res) => {
      const q = queryText(req.query);
      const limit = positiveInt(req.query, 'limit', 20) ?? SUGGEST_LIMIT;
      const { service } = current();
      sendAnswer(req, res, await cache.get(`suggest\u0000${q}\u0000${String(limit)}`, async () => ({ query: q, suggestions: q === '' ? [] : await service.suggest(q, limit) })));
    }),
  );

  return router;
}

function required(q: string): string {
  if (q === '') throw new ParameterError('q', '不能为空');
  return q;
}
