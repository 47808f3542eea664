/**
 * FlexSearch 0.8 as a second engine, fed by the project's own `analyze()`: each paragraph is
 * added as the index-mode terms of its text joined by spaces, and FlexSearch's
 * encoder only splits on the space, so both engines index exactly the same terms. Queries use
 * query-mode terms, as the search core does. FlexSearch has no phrases, exclusions or filters:
 * a phrase's terms fetch candidates that `includes` then confirms (the usual way to add phrases
 * to a bag-of-words engine), exclusions and `OR` are set operations on result lists, filters a
 * pass over report metadata.
 */
import { Index, type IndexOptions } from 'flexsearch';
import { forEachAnalysed, type CorpusView, type EngineResult } from './corpus-view.js';
import { answerByLeaves, tokenLeaf } from './plan-sets.js';

/** The same options must be given to build and to import. */
function flexOptions(): IndexOptions {
  return { tokenize: 'strict', encode: (text: string) => (text === '' ? [] : text.split(' ')) };
}

/** A FlexSearch index over the paragraphs of a corpus view. */
export interface FlexEngine {
  index: Index;
  view: CorpusView;
}

/** Adds every paragraph (number = id) with the terms of its text. */
export function buildFlex(view: CorpusView): FlexEngine {
  const index = new Index(flexOptions());
  forEachAnalysed(view, (id, terms) => {
    index.add(id, terms);
  });
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

/** Answers `query` with FlexSearch plus set operations: total and facets. */
export function flexSearch(engine: FlexEngine, query: string): EngineResult {
  return answerByLeaves(engine.view, query, (leaf) => tokenLeaf(engine.view, leaf, (terms) => fetch(engine, terms)));
}
