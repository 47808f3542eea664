import { Router } from 'express';
import { visible } from '../../query/errors.js';
import { parseQuery, QueryError } from '../../query/index.js';
import type { ReaderDocument } from '../../search/types.js';
import { NotFoundError } from '../errors.js';
import { isDocId, queryText } from '../params.js';
import { citeParagraph, type SiteContext } from './context.js';

/** `/doc/:id?q=`: the whole report, its contents, the query's matches and how to step through them. */
export function readerRoutes(ctx: SiteContext): Router {
  const router = Router();

  router.get('/doc/:id', async (req, res) => {
    const cur = ctx.current();
    const { id } = req.params;
    const q = queryText(req.query);
    // Only a well-formed, known id ever reaches the service: no path is built from the request.
    if (!isDocId(id) || !cur.knownIds.has(id)) throw new NotFoundError(`找不到编号为“${visible(id.slice(0, 64))}”的报告`);
    // The service marks nothing for a malformed query and says nothing; the parser says why.
    let queryProblem: string | undefined;
    let marked: string | undefined = q === '' ? undefined : q;
    if (marked !== undefined) {
      try {
        parseQuery(marked);
      } catch (err) {
        if (!(err instanceof QueryError)) throw err;
        queryProblem = `查询语句有误，未标出匹配：${err.detail}`;
        marked = undefined;
      }
    }
    const doc = await cur.service.read(id, marked);
    if (doc === undefined) throw new NotFoundError(`找不到编号为“${id}”的报告`);
    const summary = doc.summary;
    res.render('doc', {
      title: summary.title,
      q,
      doc,
      queryProblem,
      toc: doc.blocks.filter((b) => b.type === 'heading'),
      matchIndex: new Map(doc.matchAnchors.map((anchor, i) => [anchor, i])),
      citeOf: (b: ReaderDocument['blocks'][number]) => citeParagraph(ctx, req, summary, { sectionPath: b.sectionPath, paragraph: b.paragraph ?? 0, text: b.text, anchor: b.anchor }),
    });
  });

  return router;
}
