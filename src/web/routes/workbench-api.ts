import { Router, type Request, type Response } from 'express';
import type { PartialAnswer, ReaderDocument, SearchService } from '../../search/types.js';
import type { ParagraphRecord } from '../../workbench/record.js';
import { bibtex } from '../../workbench/bibtex.js';
import { citationInput } from '../../workbench/record.js';
import { citationList } from '../../workbench/citation.js';
import { csv } from '../../workbench/csv.js';
import { fairCompare } from '../../workbench/fair-compare.js';
import { ris } from '../../workbench/ris.js';
import { compareTable, concordanceTable, hitsTable } from '../../workbench/tables.js';
import type { Table } from '../../workbench/table.js';
import { xlsx } from '../../workbench/xlsx.js';
import { admitted } from '../admission.js';
import { ParameterError } from '../errors.js';
import { compact, docIds, levels, queryText, single, sortOrder, type RawQuery } from '../params.js';
import { concordanceOptions, fairOptions, siteBase, type SiteContext } from './context.js';

/** Most hits an export holds. */
export const EXPORT_LIMIT = 10_000;
/** Most paragraphs one citation export holds. */
export const CITE_LIMIT = 500;

/** `p=qu-01:p12` (or `qu-01:12`): a paragraph reference. */
const PARAGRAPH_REF = /^([a-z0-9-]{1,64}):p?([0-9]{1,6})$/u;

function required(q: string): string {
  if (q === '') throw new ParameterError('q', '不能为空');
  return q;
}

/** `format=` among `allowed`, or `fallback` when absent. */
export function formatParam<T extends string>(query: RawQuery, allowed: readonly T[], fallback?: T): T {
  const value = single(query, 'format');
  if ((value === undefined || value === '') && fallback !== undefined) return fallback;
  const found = allowed.find((format) => format === value);
  if (found === undefined) throw new ParameterError('format', `必须是 ${allowed.join('、')} 之一`);
  return found;
}

/** The paragraph references of `p` (one or repeated), checked. */
function paragraphRefs(query: RawQuery, known: ReadonlySet<string>): Array<{ docId: string; paragraph: number }> {
  const raw = query.p;
  const values = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  if (values.length === 0) throw new ParameterError('p', '请至少选择一个段落，如 p=qu-01:p12');
  if (values.length > CITE_LIMIT) throw new ParameterError('p', `一次最多引用 ${String(CITE_LIMIT)} 个段落`);
  const seen = new Set<string>();
  const refs: Array<{ docId: string; paragraph: number }> = [];
  for (const value of values) {
    const match = typeof value === 'string' ? PARAGRAPH_REF.exec(value.trim()) : null;
    const docId = match?.[1] ?? '';
    if (match === null || !known.has(docId)) throw new ParameterError('p', `无效的段落“${String(value).slice(0, 40)}”：应为 报告编号:p段落号，如 qu-01:p12`);
    const key = `${docId}:${match[2] ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    refs.push({ docId, paragraph: Number(match[2]) });
  }
  return refs;
}

/**
 * `X-Partial` of an incomplete table: `searched/paragraphs` when the time budget left it exact
 * for a prefix of the corpus; otherwise `shards`, with `; missing=` the cluster's shards that did
 * not answer (space-separated, as the engine named them) and `; time-limit` when the budget,
 * not a fault, left them out.
 */
export function partialHeader(partial: PartialAnswer): string {
  if (partial.searched !== undefined && partial.paragraphs !== undefined) return `${String(partial.searched)}/${String(partial.paragraphs)}`;
  return ['shards', ...(partial.missing.length > 0 ? [`missing=${partial.missing.join(' ')}`] : []), ...(partial.timeLimited === true ? ['time-limit'] : [])].join('; ');
}

/**
 * Sends a table as CSV or XLSX, named `name` (without extension). An incomplete table says so in
 * `X-Partial` (`partialHeader`) and in its file name (`-partial`), which outlives the download.
 */
async function sendTable(res: Response, table: Table, format: 'csv' | 'xlsx', name: string, partial?: PartialAnswer): Promise<void> {
  res.set('Cache-Control', 'no-store');
  if (partial !== undefined) {
    res.set('X-Partial', partialHeader(partial));
    name = `${name}-partial`;
  }
  if (format === 'csv') {
    res.attachment(`${name}.csv`).type('text/csv; charset=utf-8').send(csv(table));
    return;
  }
  res.attachment(`${name}.xlsx`).type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').send(await xlsx(table));
}

/** The paragraphs of `refs` as records, in the order given; unknown paragraph numbers are a 400. */
async function records(service: SearchService, refs: ReadonlyArray<{ docId: string; paragraph: number }>): Promise<ParagraphRecord[]> {
  // The reader's parts read so far, by report and part: a long report is read a part at a time.
  const parts = new Map<string, ReaderDocument | undefined>();
  const out: ParagraphRecord[] = [];
  for (const { docId, paragraph } of refs) {
    const anchor = `p${String(paragraph)}`;
    let doc = [...parts.entries()].find(([key, d]) => key.startsWith(`${docId}\u0000`) && d?.blocks.some((b) => b.anchor === anchor))?.[1];
    if (doc === undefined) {
      doc = await service.read(docId, undefined, { anchor });
      parts.set(`${docId}\u0000${String(doc?.part.number ?? 0)}`, doc);
    }
    const block = doc?.blocks.find((b) => b.type === 'paragraph' && b.paragraph === paragraph);
    if (doc === undefined || block === undefined) throw new ParameterError('p', `报告“${docId}”没有第 ${String(paragraph)} 段`);
    out.push({ doc: doc.summary, sectionPath: block.sectionPath, paragraph, anchor: block.anchor, text: block.text });
  }
  return out;
}

/** `/api/export`, `/api/cite`, `/api/kwic`: the researcher's exports. */
export function workbenchApiRoutes(ctx: SiteContext): Router {
  const router = Router();

  // Every route here does search work (or reads reports): each waits for its turn at the gate,
  // and the searches run within the request's budget.
  router.get(
    '/export',
    admitted(ctx.gate, async (req: Request, res: Response, budget) => {
      const cur = ctx.current();
      const q = required(queryText(req.query));
      const format = formatParam(req.query, ['csv', 'xlsx'] as const);
      const of = single(req.query, 'of') ?? 'hits';
      const base = siteBase(ctx, req);
      if (of === 'compare') {
        const compared = await cur.service.compare(q, { timeLimitMs: budget.remaining() });
        const comparison = fairCompare(compared, cur.service.documents(), { ...fairOptions(req.query), hideZero: false });
        await sendTable(res, compareTable(comparison.rows, base), format, 'compare', compared.partial);
        return;
      }
      if (of !== 'hits') throw new ParameterError('of', '必须是 hits 或 compare');
      const result = await cur.service.hitList(q, compact({ sort: sortOrder(req.query), level: levels(req.query), doc: docIds(req.query, 'doc', cur.knownIds), limit: EXPORT_LIMIT, timeLimitMs: budget.remaining() }));
      res.set('X-Total-Count', String(result.total)).set('X-Heading-Matches', String(result.headingMatches)).set('X-Headings', String(result.headings));
      await sendTable(res, hitsTable(result.hits, base), format, 'search', result.partial);
    }),
  );

  router.get(
    '/cite',
    admitted(ctx.gate, async (req: Request, res: Response) => {
      const cur = ctx.current();
      const format = formatParam(req.query, ['gbt7714', 'ris', 'bibtex'] as const);
      const list = await records(cur.service, paragraphRefs(req.query, cur.knownIds));
      const context = { base: siteBase(ctx, req), now: ctx.now() };
      res.set('Cache-Control', 'no-store');
      if (format === 'ris') {
        res.attachment('citations.ris').type('application/x-research-info-systems; charset=utf-8').send(ris(list, context));
      } else if (format === 'bibtex') {
        res.attachment('citations.bib').type('application/x-bibtex; charset=utf-8').send(bibtex(list, context));
      } else {
        res.attachment('citations.txt').type('text/plain; charset=utf-8').send(`${citationList(list.map((record) => citationInput(record, context)))}\n`);
      }
    }),
  );

  router.get(
    '/kwic',
    admitted(ctx.gate, async (req: Request, res: Response, budget) => {
      const cur = ctx.current();
      const q = required(queryText(req.query));
      const format = formatParam(req.query, ['json', 'csv', 'xlsx'] as const, 'json');
      const result = await cur.service.concordance(q, { ...concordanceOptions(req.query, cur.knownIds), timeLimitMs: budget.remaining() });
      if (format === 'json') {
        res.json({ query: result.query, total: result.total, width: result.width, sort: result.sort, lines: result.lines, notes: result.notes, ...(result.partial !== undefined ? { partial: result.partial } : {}) });
        return;
      }
      await sendTable(res, concordanceTable(result.lines, cur.docsById, siteBase(ctx, req)), format, 'kwic', result.partial);
    }),
  );

  return router;
}
