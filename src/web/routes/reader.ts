import { admitted } from '../admission.js';
import { Router } from 'express';
import { visible } from '../../query/errors.js';
import { parseQuery, QueryError } from '../../query/index.js';
import type { ReaderDocument } from '../../search/types.js';
import { NotFoundError } from '../errors.js';
import { isDocId, PARAM_LIMITS, positiveInt, queryText } from '../params.js';
import { stripTrailingPunctuation } from '../../workbench/links.js';
import { docUrl, pageWindow } from '../links.js';
import { citeParagraph, type SiteContext } from './context.js';

/** Distinctive terms shown in the reader. */
const READER_TERMS = 20;

/** Most entries of the table of contents before deeper headings are left out of it. */
const TOC_LIMIT = 400;

/**
 * The reader's table of contents: every heading with its part, or, for a report with more
 * headings than `TOC_LIMIT`, the levels that fit (the main sections first); when not even the
 * first level fits, the headings of the part shown (the parts' list reaches the others).
 */
function tableOfContents(doc: ReaderDocument, part: number): ReaderDocument['outline'] {
  if (doc.outline.length <= TOC_LIMIT) return doc.outline;
  for (let depth = Math.max(...doc.outline.map((h) => h.level)) - 1; depth >= 1; depth--) {
    const kept = doc.outline.filter((h) => h.level <= depth);
    if (kept.length <= TOC_LIMIT) return kept;
  }
  return doc.outline.filter((h) => h.part === part).slice(0, TOC_LIMIT);
}

/**
 * `/doc/:id?q=&part=`: the report (a long one a part at a time), its contents, the query's
 * matches and how to step through them, across parts.
 */
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
  // bracket that followed it: to the paragraph in the reader, in the part that holds it.
  router.get(
    '/doc/:id/:anchor',
    admitted(ctx.gate, async (req, res) => {
      const cur = ctx.current();
      const id = stripTrailingPunctuation(String(req.params.id));
      const anchor = stripTrailingPunctuation(String(req.params.anchor));
      if (!isDocId(id) || !cur.knownIds.has(id) || !/^[a-z][0-9]{1,6}$/u.test(anchor)) throw new NotFoundError(`找不到段落“${visible(String(req.params.id).slice(0, 64))}/${visible(String(req.params.anchor).slice(0, 16))}”`);
      const part = (await cur.service.read(id, undefined, { anchor }))?.part.number ?? 1;
      res.redirect(301, docUrl(id, undefined, anchor, part));
    }),
  );

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
      const requested = positiveInt(req.query, 'part', PARAM_LIMITS.maxPart) ?? 1;
      const doc = await cur.service.read(id, marked, { part: requested });
      if (doc === undefined) throw new NotFoundError(`找不到编号为“${id}”的报告`);
      if (requested > doc.parts.length) throw new NotFoundError(`这份报告只有 ${String(doc.parts.length)} 部分，没有第 ${String(requested)} 部分`);
      const summary = doc.summary;
      const part = doc.part.number;
      const partTitle = doc.parts.length > 1 ? `（第 ${String(part)} / ${String(doc.parts.length)} 部分）` : '';
      res.render('doc', {
        title: `${summary.title}${partTitle}`,
        q,
        doc,
        keyTerms: (await cur.service.distinctiveTerms(id, READER_TERMS)) ?? [],
        queryProblem,
        toc: tableOfContents(doc, part),
        partPages: pageWindow(part, doc.parts.length),
        // A link to a block: its fragment on this page, or the part of the reader holding it.
        blockUrl: (anchor: string, inPart: number) => (inPart === part ? `#${encodeURIComponent(anchor)}` : docUrl(id, q === '' ? undefined : q, anchor, inPart)),
        partUrl: (n: number) => docUrl(id, q === '' ? undefined : q, undefined, n),
        matchIndex: new Map(doc.matchAnchors.map((anchor, i) => [anchor, i])),
        citeOf: (b: ReaderDocument['blocks'][number]) => citeParagraph(ctx, req, summary, { sectionPath: b.sectionPath, paragraph: b.paragraph ?? 0, text: b.text, anchor: b.anchor }),
      });
    }),
  );

  return router;
}
