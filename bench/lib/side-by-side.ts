/**
 * Times several engines on the same queries in one process, interleaved: for every round and
 * every query each engine runs once, in an order that rotates from round to round, so that
 * drift in the machine's load (it is shared) falls on all engines alike.
 */
import { QUERY_KINDS, type BenchQuery, type QueryKind } from './queries.js';
import { summarize, type Summary } from './stats.js';

/** An engine's answer when it times itself (a server's own elapsed time, without the round trip). */
export interface SelfTimed {
  total: number;
  ms: number;
}

/**
 * One engine: answers a query and returns how many paragraphs match (or that with its own
 * time). Asynchronous engines are awaited inside the timing.
 */
export interface TimedEngine {
  name: string;
  run: (query: string) => number | SelfTimed | Promise<number | SelfTimed>;
}

export interface SideBySideOptions {
  /** Rounds run first and not recorded (JIT warm-up, caches). */
  warmup: number;
  /** Recorded rounds. */
  rounds: number;
  /** Called after each round (warm-up included) with the round number from 1. */
  onRound?: (round: number, of: number) => void;
}

/** Everything measured: per engine, per query, the samples and the match count. */
export interface SideBySide {
  engines: string[];
  queries: readonly BenchQuery[];
  /** `samples[engine][query]`: wall-clock milliseconds of each recorded round. */
  samples: number[][][];
  /**
   * `cpu[engine][query]`: CPU milliseconds of the process (all threads) during each recorded
   * run. On a shared machine a wall-clock outlier with no CPU outlier is time spent waiting for
   * a core, not work.
   */
  cpu: number[][][];
  /** `totals[engine][query]`: matches the engine reported. */
  totals: number[][];
  /** `wall[engine][query]`: wall-clock milliseconds, also for a self-timed engine (whose `samples` are its own time). */
  wall: number[][][];
}

export async function runSideBySide(engines: readonly TimedEngine[], queries: readonly BenchQuery[], options: SideBySideOptions): Promise<SideBySide> {
  const samples = engines.map(() => queries.map((): number[] => []));
  const wall = engines.map(() => queries.map((): number[] => []));
  const cpu = engines.map(() => queries.map((): number[] => []));
  const totals = engines.map(() => queries.map(() => -1));
  for (let round = 0; round < options.warmup + options.rounds; round++) {
    const record = round >= options.warmup;
    for (const [q, query] of queries.entries()) {
      for (let k = 0; k < engines.length; k++) {
        const e = (k + round + q) % engines.length;
        const engine = engines[e];
        if (engine === undefined) continue;
        const cpuBefore = process.cpuUsage();
        const started = process.hrtime.bigint();
        let answer = engine.run(query.q);
        if (answer instanceof Promise) answer = await answer;
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        const cpuSpent = process.cpuUsage(cpuBefore);
        const total = typeof answer === 'number' ? answer : answer.total;
        if (record) {
          samples[e]?.[q]?.push(typeof answer === 'number' ? ms : answer.ms);
          wall[e]?.[q]?.push(ms);
          cpu[e]?.[q]?.push((cpuSpent.user + cpuSpent.system) / 1000);
        }
        (totals[e] as number[])[q] = total;
      }
    }
    options.onRound?.(round + 1, options.warmup + options.rounds);
  }
  return { engines: engines.map((engine) => engine.name), queries, samples, wall, cpu, totals };
}

/**
 * p50/p99 of one engine over every recorded sample of every query of `kind` (or all), wall
 * clock by default or CPU time.
 */
export function kindSummary(result: SideBySide, engine: number, kind: QueryKind | 'all', clock: 'wall' | 'cpu' | 'roundtrip' = 'wall'): Summary {
  const all: number[] = [];
  const source = clock === 'wall' ? result.samples : clock === 'cpu' ? result.cpu : result.wall;
  result.queries.forEach((query, q) => {
    if (kind === 'all' || query.kind === kind) all.push(...(source[engine]?.[q] ?? []));
  });
  return summarize(all);
}

/** Per kind (and `all`), per engine: p50 and p99 (wall clock, or CPU time). */
export function summariesByKind(result: SideBySide, clock: 'wall' | 'cpu' | 'roundtrip' = 'wall'): Record<QueryKind | 'all', Summary[]> {
  const out = {} as Record<QueryKind | 'all', Summary[]>;
  for (const kind of [...QUERY_KINDS, 'all'] as const) out[kind] = result.engines.map((_, e) => kindSummary(result, e, kind, clock));
  return out;
}

/** Queries where an engine's match count differs from the reference engine's (the first by default). */
export function disagreements(result: SideBySide, reference = 0): { engine: string; q: string; expected: number; got: number }[] {
  const out: { engine: string; q: string; expected: number; got: number }[] = [];
  result.queries.forEach((query, q) => {
    const expected = result.totals[reference]?.[q] ?? -1;
    result.engines.forEach((name, e) => {
      const got = result.totals[e]?.[q] ?? -1;
      if (e !== reference && got !== expected) out.push({ engine: name, q: query.q, expected, got });
    });
  });
  return out;
}
