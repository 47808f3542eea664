/**
 * A SphinxQL cluster (Manticore Search, or Sphinx 2.2 as the test engine) as a `SearchEngine`,
 * over the MySQL protocol (`mysql2`). The engine narrows: its full-text expression finds a
 * superset of the answer (`match-expression.ts`) within the reports asked for; every candidate is
 * then checked against our normalised text with `matchesParagraph`, so the answer is exactly
 * the embedded index's. The matches are scored here too, with the BM25 tables of the whole corpus
 * saved at indexing (`ranking.ts`), so the ranking is the embedded index's as well; the engine
 * computes no relevance (`ranker = none`). After each query `SHOW META` is read on the same
 * connection: an agent that failed or timed out leaves a warning there, and the answer is marked
 * partial.
 */
import { createPool, type Pool, type PoolConnection, type RowDataPacket } from 'mysql2/promise';
import type { RankedScorer } from '../index/bm25.js';
import type { ParagraphTable } from '../index/paragraphs.js';
import type { MatchAnswer, MatchRequest, SearchEngine } from '../search/engine.js';
import { EngineUnavailableError } from '../search/errors.js';
import { matchesParagraph } from '../search/evaluate.js';
import type { PartialAnswer } from '../search/types.js';
import { FRONT_INDEX } from './config.js';
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
}

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
  /** Report position by engine key. */
  readonly #reportOfKey = new Map<number, number>();
  readonly #keyOfReport: number[];

  /** `scorer`: the corpus's BM25 tables, as the embedded index holds them. */
  constructor(table: ParagraphTable, scorer: RankedScorer, options: SphinxEngineOptions) {
    this.#table = table;
    this.#scorer = scorer;
    this.#index = options.index ?? FRONT_INDEX;
    this.#timeoutMs = options.queryTimeoutMs ?? 30_000;
    this.#keyOfReport = table.reports.map((report) => reportKey(report.meta.id));
    this.#keyOfReport.forEach((key, r) => this.#reportOfKey.set(key, r));
    this.#pool = createPool({ host: options.host, port: options.port, connectionLimit: options.connections ?? 8, connectTimeout: 5000, supportBigNumbers: true });
  }

  /** Runs `sql` then `SHOW META` on one connection. */
  async #query(sql: string, values: unknown[]): Promise<{ rows: RowDataPacket[]; meta: Map<string, string> }> {
    let connection: PoolConnection;
    try {
      connection = await this.#pool.getConnection();
    } catch (error) {
      throw new EngineUnavailableError(`检索集群无法连接：${error instanceof Error ? error.message : String(error)}`);
    }
    try {
      const [rows] = await connection.query<RowDataPacket[]>({ sql, values, timeout: this.#timeoutMs });
      const [metaRows] = await connection.query<RowDataPacket[]>({ sql: 'SHOW META', timeout: this.#timeoutMs });
      connection.release();
      const meta = new Map(metaRows.map((row) => [String(row.Variable_name), String(row.Value)]));
      return { rows, meta };
    } catch (error) {
      // A connection that failed mid-query is not reused.
      connection.destroy();
      throw new EngineUnavailableError(`检索集群查询失败：${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** Paragraphs the engine holds (a full scan's `total_found`), with any agent warning. */
  async count(): Promise<{ paragraphs: number; partial?: PartialAnswer }> {
    const { meta } = await this.#query(`SELECT id FROM ${this.#index} LIMIT 0, 1`, []);
    const partial = partialOf(meta);
    return { paragraphs: Number(meta.get('total_found') ?? 0), ...(partial === undefined ? {} : { partial }) };
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
    if (request.reports !== undefined) where.push(`report IN (${reports.map((r) => String(this.#keyOfReport[r] ?? 0)).join(',')})`);
    const sql = `SELECT id FROM ${this.#index}${where.length > 0 ? ` WHERE ${where.join(' AND ')}` : ''} LIMIT 0, ${String(limit)} OPTION max_matches = ${String(limit)}, ranker = none`;
    const { rows, meta } = await this.#query(sql, values);
    const found = Number(meta.get('total_found') ?? rows.length);
    if (found > rows.length) throw new EngineUnavailableError(`检索集群只返回了 ${String(rows.length)} 条候选（共 ${String(found)} 条）`);
    const candidates: number[] = [];
    for (const row of rows) {
      const [key, index] = splitParagraphId(Number(row.id));
      const r = this.#reportOfKey.get(key);
      const start = r === undefined ? undefined : reportStart[r];
      if (r === undefined || start === undefined || start + index >= (reportStart[r + 1] ?? 0)) {
        throw new EngineUnavailableError(`检索集群返回了语料中没有的段落（编号 ${String(row.id)}）：集群索引已过期，请运行 npm run cluster -- index`);
      }
      const id = start + index;
      if (matchesParagraph(request.plan, norms[id] ?? '', paths[pathOf[id] ?? 0] ?? '', scope)) candidates.push(id);
    }
    const ids = Int32Array.from(candidates).sort();
    const scores = request.scoreTerms.length > 0 ? this.#scorer.score(request.scoreTerms, ids) : undefined;
    const partial = partialOf(meta);
    return { ids, scores, ...(partial === undefined ? {} : { partial }) };
  }

  async close(): Promise<void> {
    await this.#pool.end();
  }
}

/** The partial marker for a `SHOW META` answer, if it carries a warning. */
function partialOf(meta: ReadonlyMap<string, string>): PartialAnswer | undefined {
  const warning = meta.get('warning');
  if (warning === undefined || warning === '') return undefined;
  return { missing: agentsInWarning(warning), reasons: [warning] };
}
