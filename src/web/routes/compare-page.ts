import { admitted } from '../admission.js';
import { Router } from 'express';
import { HttpError } from '../errors.js';
import { examples } from '../overview.js';
import { docIds, PARAM_LIMITS, queryText, type RawQuery } from '../params.js';
import { fairCompare } from '../../workbench/fair-compare.js';
import { fairOptions, type SiteContext } from './context.js';
import { combinePartial } from '../../search/index.js';

/** Matching paragraphs shown per report in the side-by-side view. */
const SIDE_BY_SIDE_LIMIT = 100;

/** The reports chosen for the side-by-side view (`docs=a,b` or `docs=a&docs=b`): two or three. */
function chosenReports(query: RawQuery, known: ReadonlySet<string>): string[] | undefined {
  const chosen = docIds(query, 'docs', known, true);
  if (chosen !== undefined && (chosen.length < 2 || chosen.length > PARAM_LIMITS.maxCompared)) {
    throw new HttpError(400, `参数 docs：请选择 2 到 ${String(PARAM_LIMITS.maxCompared)} 份报告进行并排对照，当前选择了 ${String(chosen.length)} 份`, 'docs');
  }
  return chosen;
}

/** `/compare?q=&docs=`: a phrase across regions, charted and tabulated; chosen reports side by side. */
export function comparePageRoutes(ctx: SiteContext): Router {
  const router = Router();

  router.get(
    '/compare',
    admitted(ctx.gate, async (req, res, budget) => {
      const cur = ctx.current();
      const { service } = cur;
      const q = queryText(req.query);
      let chosen: string[] = [];
      let choiceProblem: string | undefined;
      try {
        chosen = chosenReports(req.query, cur.knownIds) ?? [];
      } catch (err) {
        // The page is still worth showing: the comparison, with the problem next to the form.
        if (!(err instanceof HttpError)) throw err;
        choiceProblem = err.message;
        res.status(400);
      }
      if (q === '') {
        res.render('compare', { title: '跨地区对比', q, result: undefined, comparison: undefined, chosen, columns: [], choiceProblem, examples: await examples(service) });
        return;
      }
      const result = await service.compare(q, { timeLimitMs: budget.remaining() });
      const comparison = fairCompare(result, cur.docs, fairOptions(req.query));
      const columns = await Promise.all(
        chosen.map(async (id) => {
          // The paragraphs the comparison counts: the words as typed, own text only.
          const found = await service.search(q, { doc: [id], size: SIDE_BY_SIDE_LIMIT, sort: 'order', asTyped: true, timeLimitMs: budget.remaining() });
          return { doc: cur.docsById.get(id), total: found.total, hits: found.hits.filter((hit) => hit.match === 'text'), partial: found.partial };
        }),
      );
      // The side-by-side columns are part of the answer: incomplete, they make it partial too.
      const partial = combinePartial(result.partial, ...columns.map((column) => column.partial));
      res.render('compare', {
        title: `${q} - 跨地区对比`,
        q,
        result: partial === undefined ? result : { ...result, partial },
        comparison,
        labels: cur.labels,
        chosen,
        columns,
        choiceProblem,
        examples: [],
      });
    }),
  );

  return router;
}
