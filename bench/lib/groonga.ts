/**
 * Groonga (Debian's `groonga-bin`) as a peer: a `groonga` HTTP server started on a free loopback
 * port over a new database, with every paragraph's normalised text and heading path, its report
 * number, level, year and id. Text and path get a `TokenBigramSplitSymbolAlphaDigit` index with
 * positions (bigrams of every character, so a phrase is an exact substring, as in ours), built
 * after the data is loaded. A query becomes one `select` whose `--filter` script holds the whole
 * tree (`@` full-text matches, `&&`, `||`, `&!`, filters as column comparisons) and whose
 * drilldown on the report counts the facets; Groonga's own elapsed time (from its answer's
 * header) is what is reported, without the HTTP round trip. Word bounds on digit and Latin
 * edges are not expressible there, so `6.2%` also finds `46.2%` (counted against the scan).
 * When `groonga` is not installed the peer is skipped with a message.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { Level } from '../../src/ingest/index.js';
import { parseQuery } from '../../src/query/index.js';
import type { Leaf, Plan } from '../../src/search/plan.js';
import type { CorpusView, EngineResult } from './corpus-view.js';
import { freePort } from './free-port.js';
import { baselineQuery, formsOf } from './scan.js';

/** A running server and the corpus it holds. */
export interface GroongaEngine {
  child: ChildProcess;
  base: string;
  view: CorpusView;
}

/** Why Groonga cannot run here, or `undefined` when it can. */
export function groongaMissing(): string | undefined {
  const probe = spawnSync('groonga', ['--version'], { encoding: 'utf8' });
  if (probe.error !== undefined) return `groonga is not installed (apt-get install groonga-bin): ${probe.error.message}`;
  return probe.status === 0 ? undefined : `groonga --version exited with ${String(probe.status)}`;
}

/** The version line of the installed Groonga. */
export function groongaVersion(): string {
  return spawnSync('groonga', ['--version'], { encoding: 'utf8' }).stdout.split('\n')[0]?.replace(/ \[.*$/u, '') ?? 'groonga';
}


type Answer = [[number, number, number, string?], unknown];

/** Runs one Groonga command over HTTP; returns its body and Groonga's elapsed milliseconds. */
async function command(engine: { base: string }, name: string, params: Record<string, string>, body?: string): Promise<{ body: unknown; ms: number }> {
  const url = `${engine.base}/d/${name}?${new URLSearchParams(params).toString()}`;
  const response = await fetch(url, body === undefined ? {} : { method: 'POST', body, headers: { 'content-type': 'application/json' } });
  const answer = (await response.json()) as Answer;
  const [header, result] = answer;
  if (header[0] !== 0) throw new Error(`bench: groonga ${name} failed: ${header[3] ?? String(header[0])}`);
  return { body: result, ms: header[2] * 1000 };
}

/** Starts `groonga` on a free loopback port with the database `groonga.db` under `dir` (a new one when `create`). */
export async function startGroonga(view: CorpusView, dir: string, options: { create: boolean }): Promise<GroongaEngine> {
  const port = await freePort();
  const args = ['-s', '--protocol', 'http', '--bind-address', '127.0.0.1', '--port', String(port), ...(options.create ? ['-n'] : []), join(dir, 'groonga.db')];
  const child = spawn('groonga', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  const engine = { child, base: `http://127.0.0.1:${String(port)}`, view };
  for (let attempt = 0; ; attempt++) {
    try {
      await command(engine, 'status', {});
      return engine;
    } catch (error) {
      if (attempt > 100 || child.exitCode !== null) {
        child.kill();
        throw new Error(`bench: groonga did not start: ${error instanceof Error ? error.message : String(error)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

/** Stops the server started by `startGroonga` and waits for it to exit. */
export async function stopGroonga(engine: GroongaEngine): Promise<void> {
  if (engine.child.exitCode !== null) return;
  const exited = new Promise((resolve) => engine.child.once('exit', resolve));
  try {
    await command(engine, 'shutdown', {});
  } catch {
    engine.child.kill();
  }
  await exited;
}

/** Creates the table, loads every paragraph in batches, then builds the indexes over them. */
export async function loadGroonga(engine: GroongaEngine): Promise<void> {
  const { view } = engine;
  await command(engine, 'table_create', { name: 'Paragraphs', flags: 'TABLE_NO_KEY' });
  for (const [column, type] of [['text', 'LongText'], ['path', 'Text'], ['report', 'UInt32'], ['level', 'ShortText'], ['year', 'UInt32'], ['doc', 'ShortText']] as const) {
    await command(engine, 'column_create', { table: 'Paragraphs', name: column, flags: 'COLUMN_SCALAR', type });
  }
  const batch = 4096;
  for (let from = 0; from < view.norms.length; from += batch) {
    const rows: unknown[] = [];
    for (let id = from; id < Math.min(view.norms.length, from + batch); id++) {
      const r = view.reportOf[id] ?? 0;
      const meta = view.reports[r]?.meta;
      rows.push([view.norms[id] ?? '', view.paths[id] ?? '', r, meta?.level ?? '', meta?.year ?? 0, meta?.id ?? '']);
    }
    await command(engine, 'load', { table: 'Paragraphs', columns: 'text,path,report,level,year,doc' }, JSON.stringify(rows));
  }
  await command(engine, 'table_create', { name: 'Terms', flags: 'TABLE_PAT_KEY', key_type: 'ShortText', default_tokenizer: 'TokenBigramSplitSymbolAlphaDigit', normalizer: 'NormalizerAuto' });
  await command(engine, 'column_create', { table: 'Terms', name: 'text_index', flags: 'COLUMN_INDEX|WITH_POSITION', type: 'Paragraphs', source: 'text' });
  await command(engine, 'column_create', { table: 'Terms', name: 'path_index', flags: 'COLUMN_INDEX|WITH_POSITION', type: 'Paragraphs', source: 'path' });
}

function literal(text: string): string {
  return `"${text.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
}

function leafScript(leaf: Leaf): string {
  const column = leaf.field === 'heading' ? 'path' : 'text';
  const one = (needle: string): string => `(${formsOf(leaf, needle).map((form) => `${column} @ ${literal(form)}`).join(' || ')})`;
  return `(${leaf.needles.map(one).join(' && ')})`;
}

function script(plan: Plan): string {
  switch (plan.kind) {
    case 'leaf':
      return leafScript(plan);
    case 'and': {
      const positive = plan.positive.length === 0 ? 'all_records()' : plan.positive.map(script).join(' && ');
      return `(${[positive, ...plan.negative.map(script)].join(' &! ')})`;
    }
    case 'or':
      return `(${plan.children.map(script).join(' || ')})`;
    case 'not':
      return `(all_records() &! ${script(plan.child)})`;
    case 'near':
      throw new Error('bench: the Groonga peer does not express /SEN or /NEAR (the query mix has none)');
  }
}

/** The query's filters as a script over the columns (`level`, `year`, `doc`), or `undefined`. */
function filterScript(query: string): string | undefined {
  const { filters } = parseQuery(query);
  const parts: string[] = [];
  const any = <T>(column: string, values: readonly T[], show: (value: T) => string): void => {
    if (values.length > 0) parts.push(`(${values.map((value) => `${column} == ${show(value)}`).join(' || ')})`);
  };
  any<Level>('level', filters.level, literal);
  any('year', filters.year, String);
  any('doc', filters.doc, literal);
  return parts.length === 0 ? undefined : parts.join(' && ');
}

/** Answers `query` with one `select`: total and facets, with Groonga's elapsed time. */
export async function groongaSearch(engine: GroongaEngine, query: string): Promise<EngineResult & { ms: number }> {
  const { view } = engine;
  const { plan, filtersOnly } = baselineQuery(view, query);
  if (plan === null && !filtersOnly) return { total: 0, level: {}, doc: {}, ms: 0 };
  const conditions = [plan === null ? undefined : script(plan), filterScript(query)].filter((part) => part !== undefined);
  const { body, ms } = await command(engine, 'select', {
    table: 'Paragraphs',
    filter: conditions.join(' && '),
    limit: '0',
    output_columns: '_id',
    drilldown: 'report',
    drilldown_limit: '-1',
    drilldown_output_columns: '_key,_nsubrecs',
  });
  const [records, drilldown] = body as [[[number], ...unknown[]], [[number], unknown, ...[number, number][]]];
  const level: Partial<Record<Level, number>> = {};
  const doc: Record<string, number> = {};
  for (const [r, count] of drilldown.slice(2) as [number, number][]) {
    const meta = view.reports[r]?.meta;
    if (meta === undefined) continue;
    doc[meta.id] = count;
    level[meta.level] = (level[meta.level] ?? 0) + count;
  }
  return { total: records[0][0], level, doc, ms };
}
