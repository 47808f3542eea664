import type { Request } from 'express';
import type { DocSummary, SearchService } from '../../search/types.js';
import type { Admission } from '../admission.js';
import { originFor, type PublicAddress } from '../public-address.js';
import { citation } from '../cite.js';
import { docUrl } from '../links.js';

/** What the page routes share: the service and what is derived from its documents once. */
export interface SiteContext {
  service: SearchService;
  knownIds: ReadonlySet<string>;
  docsById: ReadonlyMap<string, DocSummary>;
  /** Short report names for facets and charts, by id. */
  labels: ReadonlyMap<string, string>;
  /** What decides the address of permanent links. */
  address: PublicAddress;
  now: () => Date;
  /** The gate every route doing search work waits at. */
  gate: Admission;
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
export function siteContext(service: SearchService, options: { address: PublicAddress; now: () => Date; gate: Admission }): SiteContext {
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
  const base = originFor(req, ctx.address);
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
}
