import { readFileSync } from 'node:fs';
import { Router, type Request } from 'express';
import { LEVELS, type Level } from '../../ingest/types.js';
import type { DocSummary, Facets, Hit, ReaderDocument, SearchService } from '../../search/types.js';
import { QueryError } from '../../query/index.js';
import { citation } from '../cite.js';
import { HttpError, NotFoundError } from '../errors.js';
import { docUrl, pageWindow, SEARCH_DEFAULTS, searchUrl, type SearchState } from '../links.js';
import { compact, docIds, isDocId, levels, PARAM_LIMITS, positiveInt, queryText, sortOrder } from '../params.js';
import { renderMarkdown } from '../markdown.js';
import { noResultsHelp } from '../no-results.js';
import { overview, examples } from '../overview.js';

/** What the site routes need besides the service. */
export interface SiteContext {
  service: SearchService;
  knownIds: ReadonlySet<string>;
  /** Absolute site address for citations; from the request when unset. */
  baseUrl: string | undefined;
  now: () => Date;
}

/** The query language's user documentation, the one source of the help page. */
const SYNTAX_FILE = new URL('../../query/SYNTAX.md', import.meta.url);

/** The help page body, rendered once; `undefined` when the syntax document cannot be read. */
function syntaxHelp(): string | undefined {
  try {
    return renderMarkdown(readFileSync(SYNTAX_FILE, 'utf8').replace(/^# .*\n/, ''), { headingOffset: 0 });
  } catch {
    return undefined;
  }
}

/** Matching paragraphs shown per report in the side-by-side view. */
const SIDE_BY_SIDE_LIMIT = 100;

/**
 * Short names of reports for facets and charts, short enough for a phone: the region when it
 * names one report (`XX区·01`), else region, year and edition (`镇江市 2024 摘要`).
 */
function shortLabels(docs: readonly DocSummary[]): Map<string, string> {
  const perRegion = new Map<string, number>();
  for (const d of docs) perRegion.set(d.region, (perRegion.get(d.region) ?? 0) + 1);
  return new Map(docs.map((d) => [d.id, perRegion.get(d.region) === 1 ? d.region : `${d.region} ${String(d.year)} ${d.kind}`]));
}

function siteBase(ctx: SiteContext, req: Request): string {
  return ctx.baseUrl ?? `${req.protocol}://${req.get('host') ?? 'localhost'}`;
}

/** The pages: `/`, `/search`, `/doc/:id`, `/compare`. */
export function siteRoutes(ctx: SiteContext): Router {
  const { service, knownIds } = ctx;
  const router = Router();
  const docsById = new Map(service.documents().map((d) => [d.id, d]));
  const labels = shortLabels(service.documents());
  const label = (id: string, fallback: string): string => labels.get(id) ?? fallback;
  /** A paragraph's citation and permanent link. */
  const cite = (
    req: Request,
    doc: Pick<DocSummary, 'id' | 'title' | 'region' | 'year'>,
    p: { sectionPath: string[]; paragraph: number; text: string; anchor: string },
  ): { citation: string; permalink: string } => {
    const base = siteBase(ctx, req);
    const permalink = `${base}${docUrl(doc.id, undefined, p.anchor)}`;
    const text = citation({
      doc,
      sectionPath: p.sectionPath,
      paragraph: p.paragraph,
      text: p.text,
      reportUrl: `${base}${docUrl(doc.id)}`,
      paragraphUrl: permalink,
      citedOn: ctx.now(),
    });
    return { citation: text, permalink };
  };

  router.get('/', (_req, res) => {
    res.render('index', { title: '政策文件全文检索', q: '', overview: overview(service.documents()), examples: examples(service) });
  });

  let help: string | undefined;
  router.get('/help', (_req, res) => {
    help ??= syntaxHelp();
    res.render('help', { title: '检索语法', q: '', nav: 'help', help });
  });

  router.get('/search', (req, res) => {
    const q = queryText(req.query);
    const state: SearchState = {
      q,
      page: positiveInt(req.query, 'page', PARAM_LIMITS.maxPage),
      size: positiveInt(req.query, 'size', PARAM_LIMITS.maxSize),
      sort: sortOrder(req.query),
      level: levels(req.query),
      doc: docIds(req.query, 'doc', knownIds),
    };
    if (q === '') {
      res.redirect(302, '/');
      return;
    }
    const result = service.search(
      q,
      compact({ page: state.page, size: state.size ?? SEARCH_DEFAULTS.size, sort: state.sort, level: state.level ? [...state.level] : undefined, doc: state.doc ? [...state.doc] : undefined }),
    );
    const lastPage = Math.max(1, Math.ceil(result.total / result.size));
    if (result.page > lastPage) {
      // Past the end (an old link, a hand-edited URL): the last page that has hits.
      res.redirect(302, searchUrl({ ...state, page: lastPage }));
      return;
    }
    // Each facet counts as if its own filter were off, so that its other values stay in reach.
    const facetsWithout = (drop: 'level' | 'doc'): Facets => {
      if (state[drop] === undefined) return result.facets;
      const level = drop === 'level' ? undefined : state.level;
      const doc = drop === 'doc' ? undefined : state.doc;
      return service.search(q, compact({ size: 1, level: level ? [...level] : undefined, doc: doc ? [...doc] : undefined })).facets;
    };
    const byLevel = facetsWithout('level').level;
    const levelFacets = LEVELS.flatMap((level) => {
      const count = byLevel[level];
      return count === undefined || count === 0 ? [] : [{ level, count, active: state.level?.includes(level) ?? false }];
    });
    const docFacets = Object.entries(facetsWithout('doc').doc)
      .filter(([, count]) => count > 0)
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .flatMap(([id, count]) => {
        const doc = docsById.get(id);
        return doc === undefined ? [] : [{ doc, label: label(id, doc.title), count, active: state.doc?.includes(id) ?? false }];
      });
    res.render('search', {
      title: `${q} - 搜索结果`,
      q,
      state,
      result,
      hits: result.hits.map((hit: Hit) => ({ hit, ...cite(req, { id: hit.docId, title: hit.title, region: hit.region, year: hit.year }, hit) })),
      levelFacets,
      docFacets,
      filterDocs: (state.doc ?? []).flatMap((id) => docsById.get(id) ?? []),
      pages: pageWindow(result.page, lastPage),
      lastPage,
      help: result.total === 0 ? noResultsHelp(service, state) : undefined,
    });
  });

  router.get('/doc/:id', (req, res) => {
    const { id } = req.params;
    const q = queryText(req.query);
    if (!isDocId(id) || !knownIds.has(id)) throw new NotFoundError(`找不到编号为“${id.slice(0, 64)}”的报告`);
    let queryProblem: string | undefined;
    let doc: ReaderDocument | undefined;
    try {
      doc = service.read(id, q === '' ? undefined : q);
    } catch (err) {
      if (!(err instanceof QueryError)) throw err;
      queryProblem = `查询语句有误，未标出匹配：${err.detail}`;
      doc = service.read(id);
    }
    if (doc === undefined) throw new NotFoundError(`找不到编号为“${id}”的报告`);
    const matchIndex = new Map(doc.matchAnchors.map((anchor, i) => [anchor, i]));
    const summary = doc.summary;
    res.render('doc', {
      title: summary.title,
      q,
      doc,
      queryProblem,
      toc: doc.blocks.filter((b) => b.type === 'heading'),
      matchIndex,
      citeOf: (b: ReaderDocument['blocks'][number]) => cite(req, summary, { sectionPath: b.sectionPath, paragraph: b.paragraph ?? 0, text: b.text, anchor: b.anchor }),
    });
  });

  router.get('/compare', (req, res) => {
    const q = queryText(req.query);
    let chosen: string[] | undefined;
    let choiceProblem: string | undefined;
    try {
      chosen = docIds(req.query, 'docs', knownIds, true);
      if (chosen !== undefined && (chosen.length < 2 || chosen.length > PARAM_LIMITS.maxCompared)) {
        throw new HttpError(400, `参数 docs：请选择 2 到 ${String(PARAM_LIMITS.maxCompared)} 份报告进行并排对照，当前选择了 ${String(chosen.length)} 份`, 'docs');
      }
    } catch (err) {
      if (!(err instanceof HttpError)) throw err;
      choiceProblem = err.message;
      chosen = undefined;
      res.status(400);
    }
    if (q === '') {
      res.render('compare', { title: '跨地区对比', q, result: undefined, groups: [], chosen: [], columns: [], choiceProblem, examples: examples(service) });
      return;
    }
    const result = service.compare(q);
    const max = Math.max(1, ...result.documents.map((d) => d.occurrences));
    const groups = LEVELS.flatMap((level: Level) => {
      const rows = result.documents.filter((d) => d.level === level).map((r) => ({ ...r, label: label(r.docId, r.title) }));
      return rows.length === 0 ? [] : [{ level, rows, occurrences: rows.reduce((n, r) => n + r.occurrences, 0), paragraphs: rows.reduce((n, r) => n + r.paragraphs, 0) }];
    });
    const columns = (chosen ?? []).map((id) => {
      const found = service.search(q, { doc: [id], size: SIDE_BY_SIDE_LIMIT, sort: 'order' });
      return { doc: docsById.get(id), total: found.total, hits: found.hits };
    });
    res.render('compare', { title: `${q} - 跨地区对比`, q, result, groups, max, chosen: chosen ?? [], columns, choiceProblem, examples: [] });
  });

  return router;
}

