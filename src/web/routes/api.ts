import { Router, type Request, type RequestHandler } from 'express';
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
      const requested = positiveInt(req.query, 'part', PARAM_LIMITS.maxPart) ?? 1;
      const doc = isDocId(id) ? await current().service.read(id, undefined, { part: requested }) : undefined;
      if (doc === undefined) throw new NotFoundError(`找不到报告“${id.slice(0, 64)}”`);
      if (requested > doc.parts.length) throw new NotFoundError(`报告“${id}”只有 ${String(doc.parts.length)} 部分`);
      res.json({
        ...doc.summary,
        source: doc.source,
        // A long report comes a part at a time, as in the reader (`?part=`).
        part: doc.part.number,
        parts: doc.parts,
        blocks: doc.blocks.map((b) =>
          b.type === 'heading'
            ? { type: b.type, level: b.level, text: b.text, anchor: b.anchor }
            : { type: b.type, paragraph: b.paragraph, sectionPath: b.sectionPath, text: b.text, anchor: b.anchor },
        ),
      });
    }),
  );

  // A held answer costs a lookup, not search work: it is sent at once, without waiting at the
  // gate behind the costly requests of others. Only a miss is admitted.
  const cachedFirst =
    (keyOf: (req: Request) => string): RequestHandler =>
    (req, res, next) => {
      const held = cache.peek(keyOf(req));
      if (held === undefined) next();
      else sendAnswer(req, res, held);
    };

  router.get(
    '/search',
    cachedFirst((req) => searchRequest(req, current).key),
    admitted(gate, async (req, res, budget) => {
      const { q, options, fields, key } = searchRequest(req, current);
      const { service } = current();
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

  const compareKey = (req: Request): string => `compare\u0000${required(queryText(req.query))}`;
  router.get(
    '/compare',
    cachedFirst(compareKey),
    admitted(gate, async (req, res, budget) => {
      const q = required(queryText(req.query));
      const { service } = current();
      let complete = true;
      const answer = await cache.get(
        compareKey(req),
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

  const suggestKey = (req: Request): string => `suggest\u0000${queryText(req.query)}\u0000${String(positiveInt(req.query, 'limit', 20) ?? SUGGEST_LIMIT)}`;
  router.get(
    '/suggest',
    cachedFirst(suggestKey),
    admitted(gate, async (req, res) => {
      const q = queryText(req.query);
      const limit = positiveInt(req.query, 'limit', 20) ?? SUGGEST_LIMIT;
      const { service } = current();
      sendAnswer(req, res, await cache.get(suggestKey(req), async () => ({ query: q, suggestions: q === '' ? [] : await service.suggest(q, limit) })));
    }),
  );

  return router;
}

/** An `/api/search` request as read (the cache lookup and the search read it once between them). */
type SearchRequest = ReturnType<typeof readSearchRequest>;
const readRequests = new WeakMap<Request, SearchRequest>();

/** {@link readSearchRequest}, once per request. */
function searchRequest(req: Request, current: () => Current): SearchRequest {
  let read = readRequests.get(req);
  if (read === undefined) {
    read = readSearchRequest(req, current);
    readRequests.set(req, read);
  }
  return read;
}

/** An `/api/search` request read: the query, its options and fields, and the cache key of its answer. */
function readSearchRequest(req: Request, current: () => Current) {
  const { knownIds } = current();
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
  return { q, options, fields, key };
}

function required(q: string): string {
  if (q === '') throw new ParameterError('q', '不能为空');
  return q;
}
