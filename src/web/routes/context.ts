import type { Request } from 'express';
import type { Generations } from '../../search/generation.js';
import type { DocSummary } from '../../search/types.js';
import { citation } from '../cite.js';
import type { Current } from '../current.js';
import { docUrl } from '../links.js';

/** What the page routes share: the current generation (taken once per request) and the site's address and clock. */
export interface SiteContext {
  /** The generation answering now, with its lookups; a request calls it once and keeps the value. */
  current: () => Current;
  /** Where generations come from: what the live corpus left out or could not import, for `/docs`. */
  generations: Generations;
  /** Absolute site address for citations; from the request when unset. */
  baseUrl: string | undefined;
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
export function citeParagraph(ctx: Pick<SiteContext, 'baseUrl' | 'now'>, req: Request, doc: Pick<DocSummary, 'id' | 'title' | 'region' | 'year'>, p: CitedParagraph): { citation: string; permalink: string } {
  const base = ctx.baseUrl ?? `${req.protocol}://${req.get('host') ?? 'localhost'}`;
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
