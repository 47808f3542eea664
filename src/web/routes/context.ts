import type { Request } from 'express';
import { MAX_CONCORDANCE_WIDTH } from '../../search/concordance.js';
import type { ConcordanceOptions, ConcordanceSort, DocSummary, SearchService } from '../../search/types.js';
import { citation } from '../../workbench/citation.js';
import { FAIR_SORTS, type FairOptions } from '../../workbench/fair-compare.js';
import { paragraphLink, reportLink } from '../../workbench/links.js';
import { ParameterError } from '../errors.js';
import { compact, docIds, levels, positiveInt, single, type RawQuery } from '../params.js';

/** What the page routes share: the service and what is derived from its documents once. */
export interface SiteContext {
  service: SearchService;
  knownIds: ReadonlySet<string>;
  docsById: ReadonlyMap<string, DocSummary>;
  /** Short report names for facets and charts, by id. */
  labels: ReadonlyMap<string, string>;
  /** Absolute site address for citations; from the request when unset. */
  baseUrl: string | undefined;
  now: () => Date;
}

/**
 * Short names of reports for facets and charts, short enough for a phone: the region when it
 * names one report (`XX区·01`), else region, year and edition (`镇江市 2024 摘要`).
 */
export function shortLabels(docs: readonly DocSummary[]): Map<string, string> {
  const perRegion = new Map<string, number>();
  for (const d of docs) perRegion.set(d.region, (perRegion.get(d.region) ?? 0) + 1);
  return new Map(docs.map((d) => [d.id, perRegion.get(d.region) === 1 ? d.region : `${d.region} ${String(d.year)} ${d.kind}`]));
}

/** Builds the context from the service. */
export function siteContext(service: SearchService, options: { baseUrl: string | undefined; now: () => Date }): SiteContext {
  const docs = service.documents();
  return {
    service,
    knownIds: new Set(docs.map((d) => d.id)),
    docsById: new Map(docs.map((d) => [d.id, d])),
    labels: shortLabels(docs),
    ...options,
  };
}

/** What a paragraph citation needs to know of the paragraph. */
export interface CitedParagraph {
  sectionPath: string[];
  paragraph: number;
  text: string;
  anchor: string;
}

/** A paragraph's GB/T 7714 citation and its permanent link, on this site's address. */
export function citeParagraph(ctx: SiteContext, req: Request, doc: Pick<DocSummary, 'id' | 'title' | 'region' | 'year'>, p: CitedParagraph): { citation: string; permalink: string } {
  const base = siteBase(ctx, req);
  const permalink = paragraphLink(base, doc.id, p.anchor);
  const text = citation({
    doc,
    sectionPath: p.sectionPath,
    paragraph: p.paragraph,
    text: p.text,
    reportUrl: reportLink(base, doc.id),
    paragraphUrl: permalink,
    citedOn: ctx.now(),
  });
  return { citation: text, permalink };
}

/** The site's public address for permanent links: the configured one, else the request's. */
export function siteBase(ctx: SiteContext, req: Request): string {
  return ctx.baseUrl ?? `${req.protocol}://${req.get('host') ?? 'localhost'}`;
}

/** `sort=order|left|right` of a concordance. */
function concordanceSort(query: RawQuery): ConcordanceSort | undefined {
  const value = single(query, 'sort');
  if (value === undefined || value === '') return undefined;
  if (value === 'order' || value === 'left' || value === 'right') return value;
  throw new ParameterError('sort', `必须是 order、left 或 right，收到“${value.slice(0, 30)}”`);
}

/** Concordance options from `width`, `sort`, `level`, `doc`. */
export function concordanceOptions(query: RawQuery, known: ReadonlySet<string>): ConcordanceOptions {
  return compact({ width: positiveInt(query, 'width', MAX_CONCORDANCE_WIDTH), sort: concordanceSort(query), level: levels(query), doc: docIds(query, 'doc', known) });
}

/** Fair-comparison options from `sort`, `dir` and `all=1` (show reports without a match). */
export function fairOptions(query: RawQuery): FairOptions {
  const sort = single(query, 'sort');
  const dir = single(query, 'dir');
  const all = single(query, 'all');
  const column = FAIR_SORTS.find((name) => name === sort);
  if (sort !== undefined && sort !== '' && column === undefined) throw new ParameterError('sort', `必须是 ${FAIR_SORTS.join('、')} 之一`);
  if (dir !== undefined && dir !== '' && dir !== 'asc' && dir !== 'desc') throw new ParameterError('dir', '必须是 asc 或 desc');
  return compact({ sort: column, dir: dir === 'asc' || dir === 'desc' ? dir : undefined, hideZero: all === '1' ? false : undefined });
}
