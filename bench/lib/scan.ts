/**
 * The brute-force baseline: every query answered by `String.prototype.includes` over the
 * normalised text (and heading path) of every paragraph, with the search core's semantics — a
 * word is analysed into query terms that must each occur in the paragraph or its heading path,
 * a phrase must occur in the text exactly, `-` excludes, `OR` unites, filters restrict by report
 * metadata — so its result sets equal the index's, and its time is the floor an index must beat.
 */
import { parseQuery, type QueryNode } from '../../src/query/index.js';
import { analyze, normalizeQuery } from '../../src/text/index.js';
import { PATH_SEPARATOR } from '../../src/index/paragraphs.js';
import { compileNear, nearHolds } from '../../src/search/proximity.js';
import { facetCounts, reportFilter, type CorpusView, type EngineResult } from './corpus-view.js';

/** Tests one paragraph (by number). */
type Predicate = (id: number) => boolean;

/** Query terms of a word, as the search core analyses it (distinct, in order). */
export function wordNeedles(text: string): string[] {
  const terms = [...new Set(analyze(text, { mode: 'query' }).map((token) => token.term))];
  if (terms.length > 0) return terms;
  // Only stop words or symbols: the word is searched as typed.
  const whole = normalizeQuery(text);
  return whole === '' ? [] : [whole];
}

function compile(view: CorpusView, node: QueryNode): Predicate {
  const { norms, paths } = view;
  switch (node.kind) {
    case 'term': {
      const needles = wordNeedles(node.text);
      if (node.field === 'heading') return (id) => needles.every((n) => (paths[id] ?? '').includes(n));
      return (id) => needles.every((n) => (norms[id] ?? '').includes(n) || (paths[id] ?? '').includes(n));
    }
    case 'phrase': {
      const phrase = normalizeQuery(node.text);
      if (node.field === 'heading') return (id) => (paths[id] ?? '').includes(phrase);
      return (id) => (norms[id] ?? '').includes(phrase);
    }
    case 'and': {
      const children = node.children.map((child) => compile(view, child));
      return (id) => children.every((child) => child(id));
    }
    case 'or': {
      const children = node.children.map((child) => compile(view, child));
      return (id) => children.some((child) => child(id));
    }
    case 'not': {
      const child = compile(view, node.child);
      return (id) => !child(id);
    }
    case 'near': {
      const plan = compileNear(node);
      if (node.field === 'heading') return (id) => (paths[id] ?? '').split(PATH_SEPARATOR).some((heading) => nearHolds(plan, heading));
      return (id) => nearHolds(plan, norms[id] ?? '');
    }
  }
}

/** Paragraph numbers matching `query`, ascending, by scanning every paragraph. */
export function scanIds(view: CorpusView, query: string): number[] {
  const parsed = parseQuery(query);
  const allowed = reportFilter(view, parsed.filters);
  const matches = parsed.root === null ? () => allowed !== undefined : compile(view, parsed.root);
  const ids: number[] = [];
  const count = view.norms.length;
  for (let id = 0; id < count; id++) {
    if (allowed !== undefined && !allowed(view.reportOf[id] ?? 0)) continue;
    if (matches(id)) ids.push(id);
  }
  return ids;
}

/** Answers `query` by a scan: total and facets. */
export function scanSearch(view: CorpusView, query: string): EngineResult {
  return facetCounts(view, scanIds(view, query));
}
