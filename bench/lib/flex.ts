/**
 * FlexSearch 0.8 as a second engine, fed by the project's own `analyze()`: each paragraph is
 * added as its index-mode terms (text and heading path) joined by spaces, and FlexSearch's
 * encoder only splits on the space, so both engines index exactly the same terms. Queries use
 * query-mode terms, as the search core does. FlexSearch has no phrases, exclusions or filters:
 * a phrase's terms fetch candidates that `includes` then confirms (the usual way to add phrases
 * to a bag-of-words engine), exclusions and `OR` are set operations on result lists, filters a
 * pass over report metadata.
 */
import { Index, type IndexOptions } from 'flexsearch';
import { parseQuery, type QueryNode } from '../../src/query/index.js';
import { analyze, normalizeQuery } from '../../src/text/index.js';
import { PATH_SEPARATOR } from '../../src/index/paragraphs.js';
import { compileNear, nearHolds } from '../../src/search/proximity.js';
import { facetCounts, reportFilter, type CorpusView, type EngineResult } from './corpus-view.js';
import { wordNeedles } from './scan.js';

/** The same options must be given to build and to import. */
function flexOptions(): IndexOptions {
  return { tokenize: 'strict', encode: (text: string) => (text === '' ? [] : text.split(' ')) };
}

function indexTerms(text: string): string[] {
  return analyze(text, { mode: 'index' }).map((token) => token.term);
}

/** A FlexSearch index over the paragraphs of a corpus view. */
export interface FlexEngine {
  index: Index;
  view: CorpusView;
}

/** Adds every paragraph (number = id) with its text and heading-path terms. */
export function buildFlex(view: CorpusView): FlexEngine {
  const index = new Index(flexOptions());
  const pathTerms = new Map<string, string[]>();
  let id = 0;
  for (const report of view.reports) {
    for (const paragraph of report.paragraphs) {
      const joined = paragraph.sectionPath.join('\n');
      let heading = pathTerms.get(joined);
      if (heading === undefined) {
        heading = indexTerms(joined);
        pathTerms.set(joined, heading);
      }
      index.add(id++, [...indexTerms(paragraph.text), ...heading].join(' '));
    }
  }
  return { index, view };
}

/** FlexSearch's export, as key/data pairs, and its size in bytes. */
export function exportFlex(engine: FlexEngine): { parts: [string, string][]; bytes: number } {
  const parts: [string, string][] = [];
  let bytes = 0;
  engine.index.export((key: string, data: string) => {
    parts.push([key, data]);
    bytes += Buffer.byteLength(key) + Buffer.byteLength(data);
  });
  return { parts, bytes };
}

/** A new index filled from an export. */
export function importFlex(view: CorpusView, parts: readonly [string, string][]): FlexEngine {
  const index = new Index(flexOptions());
  for (const [key, data] of parts) index.import(key, data);
  return { index, view };
}

/** Sorted ids of the paragraphs FlexSearch returns for terms (all of them must match). */
function fetch(engine: FlexEngine, terms: readonly string[]): number[] {
  if (terms.length === 0) return Array.from(engine.view.norms.keys());
  const found = engine.index.search(terms.join(' '), { limit: engine.view.norms.length });
  return (found as number[]).sort((a, b) => a - b);
}

function intersectSorted(a: readonly number[], b: readonly number[]): number[] {
  const out: number[] = [];
  for (let i = 0, j = 0; i < a.length && j < b.length; ) {
    const x = a[i] ?? 0;
    const y = b[j] ?? 0;
    if (x === y) {
      out.push(x);
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return out;
}

function evaluate(engine: FlexEngine, node: QueryNode): number[] {
  const { norms, paths } = engine.view;
  switch (node.kind) {
    case 'term': {
      const needles = wordNeedles(node.text);
      const found = fetch(engine, needles);
      // Heading-only words are found through the shared field, then checked in the path.
      return node.field === 'heading' ? found.filter((id) => needles.every((n) => (paths[id] ?? '').includes(n))) : found;
    }
    case 'phrase': {
      const phrase = normalizeQuery(node.text);
      const texts = node.field === 'heading' ? paths : norms;
      const terms = [...new Set(analyze(node.text, { mode: 'query' }).map((token) => token.term))];
      return fetch(engine, terms).filter((id) => (texts[id] ?? '').includes(phrase));
    }
    case 'and': {
      const positive = node.children.filter((child) => child.kind !== 'not');
      let current: number[] | undefined;
      for (const child of positive) {
        const found = evaluate(engine, child);
        current = current === undefined ? found : intersectSorted(current, found);
      }
      current ??= Array.from(norms.keys());
      for (const child of node.children) {
        if (child.kind !== 'not') continue;
        const excluded = new Set(evaluate(engine, child.child));
        current = current.filter((id) => !excluded.has(id));
      }
      return current;
    }
    case 'or': {
      const all = new Set<number>();
      for (const child of node.children) for (const id of evaluate(engine, child)) all.add(id);
      return [...all].sort((a, b) => a - b);
    }
    case 'not': {
      const excluded = new Set(evaluate(engine, node.child));
      return Array.from(norms.keys()).filter((id) => !excluded.has(id));
    }
    case 'near': {
      // No proximity in the engine: every paragraph is checked.
      const plan = compileNear(node);
      if (node.field === 'heading') return Array.from(norms.keys()).filter((id) => (paths[id] ?? '').split(PATH_SEPARATOR).some((heading) => nearHolds(plan, heading)));
      return Array.from(norms.keys()).filter((id) => nearHolds(plan, norms[id] ?? ''));
    }
  }
}

/** Answers `query` with FlexSearch plus set operations: total and facets. */
export function flexSearch(engine: FlexEngine, query: string): EngineResult {
  const parsed = parseQuery(query);
  const allowed = reportFilter(engine.view, parsed.filters);
  let ids = parsed.root === null ? [] : evaluate(engine, parsed.root);
  if (allowed !== undefined) ids = ids.filter((id) => allowed(engine.view.reportOf[id] ?? 0));
  return facetCounts(engine.view, ids);
}
