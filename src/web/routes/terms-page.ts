import { Router } from 'express';
import { admitted } from '../admission.js';
import { HttpError } from '../errors.js';
import { docIds, PARAM_LIMITS } from '../params.js';
import type { SiteContext } from './context.js';

/** Terms listed per report. */
export const TERMS_LIMIT = 40;

/**
 * `/terms?docs=a[,b,c]`: one report's distinctive terms against the rest of the corpus, or, for
 * two or three, what each says that the others do not.
 */
export function termsPageRoutes(ctx: SiteContext): Router {
  const router = Router();

  // Keyness is counted over the whole index on first use: the gate keeps it from stalling others.
  router.get(
    '/terms',
    admitted(ctx.gate, async (req, res) => {
    const cur = ctx.current();
    const chosen = docIds(req.query, 'docs', cur.knownIds, true) ?? [];
    if (chosen.length > PARAM_LIMITS.maxCompared) {
      throw new HttpError(400, `参数 docs：最多选择 ${String(PARAM_LIMITS.maxCompared)} 份报告，当前选择了 ${String(chosen.length)} 份`, 'docs');
    }
    const docs = cur.docs;
    const columns =
      chosen.length === 1
        ? [{ doc: cur.docsById.get(chosen[0] ?? ''), terms: (await cur.service.distinctiveTerms(chosen[0] ?? '', TERMS_LIMIT)) ?? [] }]
        : chosen.length > 1
          ? (await cur.service.contrastTerms(chosen, TERMS_LIMIT)).map((terms, i) => ({ doc: cur.docsById.get(chosen[i] ?? ''), terms }))
          : [];
    res.render('terms', { title: '特色词', chosen, docs, columns, labels: cur.labels });
  }),
  );

  return router;
}
