import type { Admission } from '../admission.js';
import { originFor, type PublicAddress } from '../public-address.js';
import type { Request } from 'express';
import { MAX_CONCORDANCE_WIDTH } from '../../search/concordance.js';
import type { Generations } from '../../search/generation.js';
import type { ConcordanceOptions, ConcordanceSort, DocSummary } from '../../search/types.js';
import type { Current } from '../current.js';
import { citation } from '../../workbench/citation.js';
import { FAIR_SORTS, type FairOptions } from '../../workbench/fair-compare.js';
import { paragraphLink, reportLink } from '../../workbench/links.js';
import { ParameterError } from '../errors.js';
import { compact, docIds, levels, positiveInt, single, type RawQuery } from '../params.js';

/** What the page routes share: the current generation (taken once per request) and the site's address and clock. */
export interface SiteContext {
  /** The generation answering now, with its lookups; a request calls it once and keeps the value. */
  current: () => Current;
  /** Where generations come from: what the live corpus left out or could not import, for `/docs`. */
  generations: Generations;
  /** Absolute site address for citations; from the request when unset. */
  baseUrl: string | undefined;
  /** What decides the address of permanent links (`BASE_URL`, else an allowed Host, else relative). */
  address: PublicAddress;
  /** The gate every route doing search work waits at. */
  gate: Admission;
  now: () => Date;
}

/** What a paragraph citation needs to know of the paragraph. */
export interface CitedParagraph {
  sectionPath: string[];
  paragraph: number;
  text: string;
  anchor: string;
}

/** A paragraph's GB/T 7714 citation and its permanent link, on this site's address. */
export function citeParagraph(ctx: Pick<SiteContext, 'address' | 'now'>, req: Request, doc: Pick<DocSummary, 'id' | 'title' | 'region' | 'year'>, p: CitedParagraph): { citation: string; permalink: string } {
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
export function siteBase(ctx: Pick<SiteContext, 'address'>, req: Request): string {
  return originFor(req, ctx.address);
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
