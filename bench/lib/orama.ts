/**
 * Orama 3 as a peer, fed like FlexSearch by the project's own `analyze()`: each paragraph is one
 * document whose searchable string is the index-mode terms of its text joined by
 * spaces, and Orama's tokenizer only splits on the space, so both index exactly our terms.
 * A leaf is one Orama search (`threshold: 0`: every term must match; all hits asked for, which
 * Orama scores with its BM25). Orama matches a term as a prefix of a token: its `exact` mode
 * also demands `\b` word bounds around each term in the stored string, which Chinese text
 * lacks, so it finds nothing. A phrase's terms fetch candidates that `includes` confirms; `AND`, `OR`, `-` and filters are set operations (`plan-sets.ts`).
 */
import { create, insert, load, save, search, type AnyOrama, type RawData, type Results, type AnyDocument } from '@orama/orama';
import { forEachAnalysed, type CorpusView, type EngineResult } from './corpus-view.js';
import { answerByLeaves, tokenLeaf } from './plan-sets.js';

const SCHEMA = { terms: 'string' } as const;

function newDatabase(): AnyOrama {
  const tokenize = (raw: string): string[] => (raw === '' ? [] : raw.split(' '));
  const db = create({ schema: SCHEMA, components: { tokenizer: { language: 'english', normalizationCache: new Map(), tokenize } } });
  if (db instanceof Promise) throw new Error('bench: Orama created its database asynchronously');
  return db;
}

/** An Orama database over the paragraphs of a corpus view (document id = paragraph number). */
export interface OramaEngine {
  db: AnyOrama;
  view: CorpusView;
}

export function buildOrama(view: CorpusView): OramaEngine {
  const db = newDatabase();
  forEachAnalysed(view, (id, terms) => {
    const done = insert(db, { id: String(id), terms });
    if (done instanceof Promise) throw new Error('bench: Orama inserted asynchronously');
  });
  return { db, view };
}

/** Orama's own serialisation, as JSON, and its size in bytes. */
export function exportOrama(engine: OramaEngine): { json: string; bytes: number } {
  const json = JSON.stringify(save(engine.db));
  return { json, bytes: Buffer.byteLength(json) };
}

export function importOrama(view: CorpusView, json: string): OramaEngine {
  const db = newDatabase();
  load(db, JSON.parse(json) as RawData);
  return { db, view };
}

function fetch(engine: OramaEngine, terms: readonly string[]): number[] {
  if (terms.length === 0) return Array.from(engine.view.norms.keys());
  const found = search(engine.db, { term: terms.join(' '), properties: ['terms'], exact: false, threshold: 0, limit: engine.view.norms.length });
  if (found instanceof Promise) throw new Error('bench: Orama searched asynchronously');
  return (found as Results<AnyDocument>).hits.map((hit) => Number(hit.id)).sort((a, b) => a - b);
}

/** Answers `query` with Orama plus set operations: total and facets. */
export function oramaSearch(engine: OramaEngine, query: string): EngineResult {
  return answerByLeaves(engine.view, query, (leaf) => tokenLeaf(engine.view, leaf, (terms) => fetch(engine, terms)));
}
