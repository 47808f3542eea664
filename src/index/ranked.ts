/**
 * The ranked index: one MiniSearch document per paragraph, with the paragraph text and its
 * heading path as fields. MiniSearch's `tokenize` hook calls the shared analyser in index mode
 * for documents and in query mode for query strings; terms come out of it normalised, so
 * `processTerm` only drops empties.
 */
import MiniSearch, { type Options, type SearchOptions } from 'minisearch';
import { indexTerms, queryTerms } from './analyzer.js';
import type { ParagraphTable } from './paragraphs.js';

/** One paragraph as MiniSearch sees it. */
export interface RankedDocument {
  /** Paragraph number in corpus order. */
  id: number;
  /** Paragraph text (display form; the analyser normalises). */
  text: string;
  /** Heading path, outermost first, one heading per line. */
  heading: string;
}

/** The indexed fields, in MiniSearch field-id order. */
export const RANKED_FIELDS = ['text', 'heading'] as const;

/** Field weights: a match in a heading says more about a paragraph than one in its body. */
export const FIELD_BOOST: Record<(typeof RANKED_FIELDS)[number], number> = { text: 1, heading: 2 };

/** BM25 parameters (MiniSearch's defaults, stated so our scorer and MiniSearch share them). */
export const BM25_PARAMS = { k: 1.2, b: 0.7, d: 0.5 } as const;

/** Search options used when scoring already-analysed terms. */
export const TERMS_SEARCH: SearchOptions = {
  tokenize: (term) => [term],
  processTerm: (term) => term,
  boost: FIELD_BOOST,
  bm25: BM25_PARAMS,
  combineWith: 'OR',
};

/** The MiniSearch options; the same object must be given to build and to load. */
export const RANKED_OPTIONS: Options<RankedDocument> = {
  idField: 'id',
  fields: [...RANKED_FIELDS],
  storeFields: [],
  tokenize: (text) => indexTerms(text),
  processTerm: (term) => (term === '' ? null : term),
  searchOptions: {
    tokenize: (text) => queryTerms(text),
    processTerm: (term) => (term === '' ? null : term),
    boost: FIELD_BOOST,
    bm25: BM25_PARAMS,
    combineWith: 'AND',
  },
  autoVacuum: false,
};

/**
 * MiniSearch's own build of the ranked index over paragraphs `from`…`to − 1` (every paragraph
 * by default), each added with its paragraph number as id: the reference the product's build
 * (`countRanked`, which gives the same tables without MiniSearch's costly `add`) is
 * tested against. `textTerms(id)` gives paragraph `id`'s index terms,
 * called once per paragraph in order (a build passes one that also feeds the vocabulary);
 * `pathTerms` caches the terms of heading paths, and may be shared by the builds of several
 * ranges.
 */
export function buildRanked(
  table: { readonly blocks: readonly Pick<ParagraphTable['blocks'][number], 'text' | 'sectionPath'>[] },
  textTerms: (id: number) => string[] = (id) => indexTerms(table.blocks[id]?.text ?? ''),
  onProgress?: (done: number) => void,
  from = 0,
  to: number = table.blocks.length,
  pathTerms: Map<string, string[]> = new Map<string, string[]>(),
): MiniSearch<RankedDocument> {
  // Heading paths repeat for every paragraph of a section: analyse each once.
  let current = 0;
  const ranked = new MiniSearch<RankedDocument>({
    ...RANKED_OPTIONS,
    tokenize: (text, field) => {
      if (field === 'text') return textTerms(current);
      let terms = pathTerms.get(text);
      if (terms === undefined) {
        terms = indexTerms(text);
        pathTerms.set(text, terms);
      }
      return terms;
    },
  });
  for (let id = from; id < to; id++) {
    const block = table.blocks[id];
    if (block === undefined) break;
    current = id;
    ranked.add({ id, text: block.text, heading: block.sectionPath.join('\n') });
    if (onProgress !== undefined && id % 64 === 63) onProgress(id + 1);
  }
  onProgress?.(to);
  return ranked;
}
