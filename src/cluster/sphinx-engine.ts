/**
 * A SphinxQL cluster (Manticore Search, or Sphinx 2.2 as the test engine) as a `SearchEngine`,
 * over the MySQL protocol (`mysql2`). The engine narrows: its full-text expression finds a
 * superset of the answer (`match-expression.ts`) within the reports asked for; every candidate is
 * then checked against our normalised text with `matchesParagraph`, so the answer is exactly
 * the embedded index's. The matches are scored here too, with the BM25 tables of the whole corpus
 * saved at indexing (`ranking.ts`), so the ranking is the embedded index's as well; the engine
 * computes no relevance (`ranker = none`). After each query `SHOW META` is read on the same
 * connection: an agent that failed or timed out leaves a warning there, and the answer is marked
 * partial. A request's time budget travels with the query (`max_query_time` for each shard's
 * matching, `agent_query_timeout` for the front's wait on its agents, both per query), bounds the
 * wait for the answer, and bounds the check of the candidates (in corpus order, so an answer cut
 * there is exact for a prefix of the corpus).
 */
import { createPool, type Pool, type PoolConnection, type RowDataPacket } from 'mysql2/promise';
import type { RankedScorer } from '../index/bm25.js';
import type { ParagraphTable } from '../index/paragraphs.js';
import { timeCoverage, UNLIMITED } from '../search/budget.js';
import type { MatchAnswer, MatchRequest, SearchEngine } from '../search/engine.js';
import { EngineUnavailableError } from '../search/errors.js';
import { matchesParagraph } from '../search/evaluate.js';
import { combinePartial, partialField } from '../search/partial.js';
import type { PartialAnswer } from '../search/types.js';
import { AGENT_TIMEOUTS, FRONT_INDEX } from './config.js';
import { matchExpression } from './match-expression.js';
import { reportKey, splitParagraphId } from './shards.js';

/** Where the cluster's front answers SphinxQL. */
export interface SphinxEngineOptions {
  host: string;
  port: number;
  /** The distributed index (default `policy`). */
  index?: string;
  /** Connections kept open (default 8). */
  connections?: number;
  /** Milliseconds a query may take before it fails (default 30 s). */
  queryTimeoutMs?: number;
  /**
   * Milliseconds past a request's time budget the front's answer is still waited for (default:
   * the agents' connect timeout and 250 ms): a hung node delays the front's answer by its connect
   * timeout, which no per-query option shortens. Past it the answer is empty and partial.
   */
  budgetGraceMs?: number;
}

/** Candidates checked between two looks at the clock. */
const CHECK_STRIDE = 512;

/** `SHOW META` warnings that say the time limit cut the answer short (not a fault). */
const TIME_WARNING = /query timed out|max_query_time/u;

/** Agents named in `SHOW META` warnings (`agent 127.0.0.1:9312: …`), for the partial marker. */
export function agentsInWarning(warning: string): string[] {
  return [...new Set([...warning.matchAll(/agent ([^\s:]+:\d+(?::[\w,]+)?)/gu)].map((match) => match[1] ?? ''))];
}

export class SphinxEngine implements SearchEngine {
  readonly kind = 'sphinxql';
  readonly #pool: Pool;
  readonly #index: string;
  readonly #table: ParagraphTable;
  readonly #scorer: RankedScorer;
  readonly #timeoutMs: number;
  readonly #graceMs: number;
  /** Report position by engine key. */
  readonly #reportOfKey = new Map<number, number>();
  readonly #keyOfReport: number[];

  /** `scorer`: the corpus's BM25 tables, as the embedded index holds them. */
  constructor(table: ParagraphTable, scorer: RankedScorer, options: SphinxEngineOptions) {
    this.#table = table;
    this.#scorer = scorer;
    this.#index = options.index ?? FRONT_INDEX;
    this.#timeoutMs = options.queryTimeoutMs ?? 30_000;
    this.#graceMs = options.budgetGraceMs ?? AGENT_TIMEOUTS.connect + 250;
    this.#keyOfReport = table.reports.map((report) => reportKey(report.meta.id));
    this.#keyOfReport.forEach((key, r) => this.#reportOfKey.set(key, r));
    this.#pool = createPool({ host: options.host, port: options.port, connectionLimit: options.connections ?? 8, connectTimeout: 5000, supportBigNumbers: true });
  }

  /** Runs `sql` then `SHOW META` on one connection; `timeout` when it took longer than `timeoutMs`. */
  async #query(sql: string, values: unknown[], timeoutMs = this.#timeoutMs): Promise<{ rows: RowDataPacket[]; meta: Map<string, string> } | 'timeout'> {
    const started = performance.now();
    const bounded = timeoutMs < this.#timeoutMs;
    let connection: PoolConnection | 'timeout';
    try {
      // Within a budget, a new connection to a hung front waits no longer than the query would.
      connection = bounded ? await connectWithin(this.#pool.getConnection(), timeoutMs) : await this.#pool.getConnection();
    } catch (error) {
      throw new EngineUnavailableError(`检索集群无法连接：${error instanceof Error ? error.message : String(error)}`);
    }
    if (connection === 'timeout') return 'timeout';
    const left = (): number => Math.max(1, timeoutMs - (performance.now() - started));
    try {
      const [rows] = await connection.query<RowDataPacket[]>({ sql, values, timeout: left() });
      const [metaRows] = await connection.query<RowDataPacket[]>({ sql: 'SHOW META', timeout: left() });
      connection.release();
      const meta = new Map(metaRows.map((row) => [String(row.Variable_name), String(row.Value)]));
      return { rows, meta };
    } catch (error) {
      // A connection that failed mid-query is not reused.
      connection.destroy();
      if (bounded && (error as { code?: unknown }).code === 'PROTOCOL_SEQUENCE_TIMEOUT') return 'timeout';
      throw new EngineUnavailableError(`检索集群查询失败：${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** Paragraphs the engine holds (a full scan's `total_found`), with any agent warning. */
  async count(): Promise<{ paragraphs: number; partial?: PartialAnswer }> {
    const answer = await this.#query(`SELECT id FROM ${this.#index} LIMIT 0, 1`, []);
    if (answer === 'timeout') throw new EngineUnavailableError('检索集群查询超时');
    const { meta } = answer;
    const partial = partialOf(meta);
    return { paragraphs: Number(meta.get('total_found') ?? 0), ...(partial === undefined ? {} : { partial }) };
  }

  /**
   * The `WHERE` clause narrowing to `reports` (indexes into the table), or `null` when they are
   * every report. The shorter of the list and its complement is sent: a filter such as a level
   * keeps most reports, and each value is parsed by the front and by every agent.
   */
  #reportFilter(reports: readonly number[]): string | null {
    const kept = new Uint8Array(this.#keyOfReport.length);
    for (const r of reports) kept[r] = 1;
    const keptCount = kept.reduce((sum, isKept) => sum + isKept, 0);
    if (keptCount === kept.length) return null;
    const listed = keptCount <= kept.length - keptCount ? 1 : 0;
    const keys: string[] = [];
    kept.forEach((isKept, r) => {
      if (isKept === listed) keys.push(String(this.#keyOfReport[r] ?? 0));
    });
    return `report ${listed === 1 ? 'IN' : 'NOT IN'} (${keys.join(',')})`;
  }

  async match(request: MatchRequest): Promise<MatchAnswer> {
    const { reportStart, norms, paths, pathOf } = this.#table;
    const reports = request.reports ?? this.#table.reports.map((_, r) => r);
    if (reports.length === 0) return { ids: new Int32Array(0), scores: request.scoreTerms.length > 0 ? new Float64Array(0) : undefined };
    const limit = Math.max(1, reports.reduce((sum, r) => sum + (reportStart[r + 1] ?? 0) - (reportStart[r] ?? 0), 0));
    const scope = request.scope ?? 'text';
    const expression = matchExpression(request.plan, scope);
    const where: string[] = [];
    const values: unknown[] = [];
    if (expression !== null) {
      where.push('MATCH(?)');
      values.push(expression);
    }
    const filter = request.reports === undefined ? null : this.#reportFilter(reports);
    if (filter !== null) where.push(filter);
    const budget = request.limit ?? UNLIMITED;
    const remaining = budget.remaining();
    // The budget rides with the query: each shard stops matching at it, the front stops waiting
    // for its agents at it (both answer what they have, with a warning in SHOW META).
    const timed = Number.isFinite(remaining) ? Math.max(1, Math.floor(remaining)) : undefined;
    const options = ['max_matches = ' + String(limit), 'ranker = none', ...(timed === undefined ? [] : [`max_query_time = ${String(timed)}`, `agent_query_timeout = ${String(timed)}`])];
    const sql = `SELECT id FROM ${this.#index}${where.length > 0 ? ` WHERE ${where.join(' AND ')}` : ''} LIMIT 0, ${String(limit)} OPTION ${options.join(', ')}`;
    const answer = await this.#query(sql, values, timed === undefined ? this.#timeoutMs : Math.min(this.#timeoutMs, timed + this.#graceMs));
    const none = (partial: PartialAnswer): MatchAnswer => ({ ids: new Int32Array(0), scores: request.scoreTerms.length > 0 ? new Float64Array(0) : undefined, partial });
    if (answer === 'timeout') return none({ missing: [this.#index], reasons: [`time limit: the cluster did not answer within ${String(timed)} ms`], timeLimited: true });
    const { rows, meta } = answer;
    const found = Number(meta.get('total_found') ?? rows.length);
    if (found > rows.length) throw new EngineUnavailableError(`检索集群只返回了 ${String(rows.length)} 条候选（共 ${String(found)} 条）`);
    const candidates = new Int32Array(rows.length);
    rows.forEach((row, i) => {
      const [key, index] = splitParagraphId(Number(row.id));
      const r = this.#reportOfKey.get(key);
      const start = r === undefined ? undefined : reportStart[r];
      if (r === undefined || start === undefined || start + index >= (reportStart[r + 1] ?? 0)) {
        throw new EngineUnavailableError(`检索集群返回了语料中没有的段落（编号 ${String(row.id)}）：集群索引已过期，请运行 npm run cluster -- index`);
      }
      candidates[i] = start + index;
    });
    candidates.sort();
    // Checked in corpus order: cut by the budget, the answer is exact for the paragraphs before
    // the first candidate left unchecked.
    const matched: number[] = [];
    let checked = 0;
    for (; checked < candidates.length; checked++) {
      if (checked % CHECK_STRIDE === 0 && checked > 0 && budget.expired()) break;
      const id = candidates[checked] ?? 0;
      if (matchesParagraph(request.plan, norms[id] ?? '', paths[pathOf[id] ?? 0] ?? '', scope)) matched.push(id);
    }
    const ids = Int32Array.from(matched);
    const scores = request.scoreTerms.length > 0 ? this.#scorer.score(request.scoreTerms, ids) : undefined;
    const cut = checked < candidates.length ? timeCoverage(candidates[checked] ?? 0, norms.length) : undefined;
    return { ids, scores, ...partialField(combinePartial(partialOf(meta, timed !== undefined), cut)) };
  }

  async close(): Promise<void> {
    await this.#pool.end();
  }
}

/** The pool's connection, or `timeout` after `ms` (a connection that comes later goes back to the pool). */
async function connectWithin(connecting: Promise<PoolConnection>, ms: number): Promise<PoolConnection | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'timeout'>((done) => {
    timer = setTimeout(() => {
      done('timeout');
    }, ms);
  });
  try {
    const first = await Promise.race([connecting, late]);
    if (first === 'timeout') {
      connecting.then(
        (connection) => {
          connection.release();
        },
        () => undefined,
      );
    }
    return first;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The partial marker for a `SHOW META` answer, if it carries a warning; with a time budget
 * (`timed`), a timeout there is the budget's doing.
 */
function partialOf(meta: ReadonlyMap<string, string>, timed = false): PartialAnswer | undefined {
  const warning = meta.get('warning');
  if (warning === undefined || warning === '') return undefined;
  return { missing: agentsInWarning(warning), reasons: [warning], ...(timed && TIME_WARNING.test(warning) ? { timeLimited: true } : {}) };
}
