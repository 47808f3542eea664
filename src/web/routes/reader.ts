import { admitted } from '../admission.js';
import { Router } from 'express';
import { visible } from '../../query/errors.js';
import { parseQuery, QueryError } from '../../query/index.js';
import type { ReaderDocument } from '../../search/types.js';
import { NotFoundError } from '../errors.js';
import { isDocId, queryText } from '../params.js';
import { stripTrailingPunctuation } from '../../workbench/links.js';
import { docUrl } from '../links.js';
import { citeParagraph, type SiteContext } from './context.js';

/** Distinctive terms shown in the reader. */
const READER_TERMS = 20;

/** `/doc/:id?q=`: the whole report, its contents, the query's matches and how to step through them. */
export function readerRoutes(ctx: SiteContext): Router {
  const router = Router();

  // 查看原件 (before the paragraph links, whose pattern would take `original`): the document the report was imported from, as received. Only a listed report's
  // original is ever sent; its path comes from the report's id, never from the request.
  router.get('/doc/:id/original', (req, res, next) => {
    const cur = ctx.current();
    const { id } = req.params;
    if (!isDocId(id) || !cur.knownIds.has(id)) throw new NotFoundError(`找不到编号为“${visible(id.slice(0, 64))}”的报告`);
    const original = cur.generation.originalFile(id);
    if (original === undefined) throw new NotFoundError('这份报告没有保存原件');
    // `attachment` with the received name, as RFC 6266 says (an ASCII fallback and the UTF-8 name
    // as RFC 5987 `filename*`); the type follows the kept file's extension.
    res.download(original.path, original.name, { dotfiles: 'deny', maxAge: 0 }, (error) => {
      if (error === undefined) return;
      if (res.headersSent) {
        next(error);
        return;
      }
      next((error as NodeJS.ErrnoException).code === 'ENOENT' ? new NotFoundError('这份报告的原件文件不在了') : error);
    });
  });

  // A permanent paragraph link (`/doc/qu-01/p12`), also when copied with the full stop or
  // bracket that followed it: to the paragraph in the reader.
  router.get('/doc/:id/:anchor', (req, res) => {
    const cur = ctx.current();
    const id = stripTrailingPunctuation(req.params.id);
    const anchor = stripTrailingPunctuation(req.params.anchor);
    if (!isDocId(id) || !cur.knownIds.has(id) || !/^[a-z][0-9]{1,6}$/u.test(anchor)) throw new NotFoundError(`找不到段落“${visible(req.params.id.slice(0, 64))}/${visible(req.params.anchor.slice(0, 16))}”`);
    res.redirect(301, docUrl(id, undefined, anchor));
  });

  router.get(
    '/doc/:id',
    admitted(ctx.gate, async (req, res) => {
      const cur = ctx.current();
      const id = String(req.params.id);
      const q = queryText(req.query);
      const clean = stripTrailingPunctuation(id);
      if (clean !== id && isDocId(clean) && cur.knownIds.has(clean)) {
        // A report link copied with the reference's closing full stop.
        res.redirect(301, docUrl(clean, q === '' ? undefined : q));
        return;
      }
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
        keyTerms: (await cur.service.distinctiveTerms(id, READER_TERMS)) ?? [],
        queryProblem,
        toc: doc.blocks.filter((b) => b.type === 'heading'),
        matchIndex: new Map(doc.matchAnchors.map((anchor, i) => [anchor, i])),
        citeOf: (b: ReaderDocument['blocks'][number]) => citeParagraph(ctx, req, summary, { sectionPath: b.sectionPath, paragraph: b.paragraph ?? 0, text: b.text, anchor: b.anchor }),
      });
    }),
  );

  return router;
}
