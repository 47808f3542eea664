/**
 * SQLite FTS5 with the trigram tokenizer (`better-sqlite3`) as a peer: every paragraph's
 * normalised text and heading path in one FTS5 table (rowid = paragraph number); a word is
 * looked for in the text, `heading:` in the path, a needle in any of its forms (variants). A needle of
 * three characters or more is an FTS5 phrase, which the trigram index answers as an exact
 * substring; a trigram index cannot answer one or two characters, so those needles fall back to
 * `instr()` in the same statement (a scan of the rows the other needles left, or of the whole
 * table) — queries that need it are reported apart. Word bounds on digit and Latin edges
 * (`6.2%` not inside `46.2%`) are checked on the rows SQLite returns, as the index does after
 * its n-grams.
 */
import Database from 'better-sqlite3';
import type { Leaf } from '../../src/search/plan.js';
import { needsBounds } from '../../src/search/bounds.js';
import type { CorpusView, EngineResult } from './corpus-view.js';
import { answerByLeaves } from './plan-sets.js';
import { baselineQuery, formsOf, leafHolds } from './scan.js';
import type { Plan } from '../../src/search/plan.js';

/** Shortest needle the trigram index can answer. */
export const TRIGRAM = 3;

/** An FTS5 trigram index over a corpus view, with its statements. */
export interface Fts5Engine {
  db: Database.Database;
  view: CorpusView;
  statements: Map<string, Database.Statement<unknown[], number>>;
}

/** Creates (or replaces) the database file and fills it; `optimize` merges its segments as a finished index would be. */
export function buildFts5(view: CorpusView, file: string): Fts5Engine {
  const db = new Database(file);
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  db.exec("DROP TABLE IF EXISTS p; CREATE VIRTUAL TABLE p USING fts5(text, path, tokenize = 'trigram')");
  const insert = db.prepare('INSERT INTO p (rowid, text, path) VALUES (?, ?, ?)');
  db.transaction(() => {
    view.norms.forEach((norm, id) => insert.run(id, norm, view.paths[id] ?? ''));
  })();
  db.exec("INSERT INTO p (p) VALUES ('optimize')");
  return { db, view, statements: new Map() };
}

/** Opens a database built by `buildFts5` (what a start-up would do) and reads its schema. */
export function openFts5(view: CorpusView, file: string): Fts5Engine {
  const db = new Database(file, { readonly: true });
  db.prepare("SELECT rowid FROM p WHERE p MATCH '\"abc\"' LIMIT 1").all();
  return { db, view, statements: new Map() };
}

function quoted(needle: string): string {
  return `"${needle.replaceAll('"', '""')}"`;
}

/** Whether any leaf of the plan has a needle the trigram index cannot answer. */
function usesFallback(plan: Plan): boolean {
  switch (plan.kind) {
    case 'leaf':
      return plan.needles.some((needle) => formsOf(plan, needle).some((form) => form.length < TRIGRAM));
    case 'and':
      return [...plan.positive, ...plan.negative].some(usesFallback);
    case 'or':
      return plan.children.some(usesFallback);
    case 'not':
      return usesFallback(plan.child);
    case 'near':
      return true;
  }
}

/** Whether answering `query` needs the `instr()` fallback for a one- or two-character needle. */
export function needsFallback(view: CorpusView, query: string): boolean {
  const { plan } = baselineQuery(view, query);
  return plan !== null && usesFallback(plan);
}

/**
 * One leaf as one SQL statement: a needle whose forms (it and its variants) are all three
 * characters or more is an FTS5 phrase (or an `OR` of them); any other goes to `instr()`.
 */
function fetchLeaf(engine: Fts5Engine, leaf: Leaf): number[] {
  const column = leaf.field === 'heading' ? 'path' : 'text';
  const matches: string[] = [];
  const where: string[] = [];
  const params: string[] = [];
  for (const needle of leaf.needles) {
    const forms = formsOf(leaf, needle);
    if (forms.every((form) => form.length >= TRIGRAM)) {
      matches.push(`${column} : (${forms.map(quoted).join(' OR ')})`);
    } else {
      where.push(`(${forms.map(() => `instr(${column}, ?) > 0`).join(' OR ')})`);
      params.push(...forms);
    }
  }
  if (matches.length > 0) {
    where.unshift('p MATCH ?');
    params.unshift(matches.join(' AND '));
  }
  const sql = `SELECT rowid FROM p WHERE ${where.join(' AND ')} ORDER BY rowid`;
  let statement = engine.statements.get(sql);
  if (statement === undefined) {
    statement = engine.db.prepare<unknown[], number>(sql).pluck();
    engine.statements.set(sql, statement);
  }
  const ids = statement.all(...params);
  const bounded = leaf.source === 'term' ? leaf.needles.filter((needle) => formsOf(leaf, needle).some(needsBounds)) : [];
  if (bounded.length === 0) return ids;
  return ids.filter((id) => bounded.every((needle) => leafHolds(engine.view, leaf, needle, id)));
}

/** Answers `query` with FTS5 for the leaves and set operations above them: total and facets. */
export function fts5Search(engine: Fts5Engine, query: string): EngineResult {
  return answerByLeaves(engine.view, query, (leaf) => fetchLeaf(engine, leaf));
}
