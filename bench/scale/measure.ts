/**
 * One measurement of the scale benchmark, run by `run.ts` in a fresh node process (so memory
 * figures belong to one phase alone) and printing its figures as one JSON line on stdout:
 *
 * - `--phase build`: ingest the corpus, build the index (progress on stderr) and save it;
 * - `--phase query`: ingest, load the saved index, then time the query mix warm, side by side
 *   with the `includes` scan over the same paragraphs.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadCorpus } from '../../src/ingest/index.js';
import { fingerprintOf, INDEX_FILE, loadIndex, openIndex, progressBar, type BuildProgress } from '../../src/index/index.js';
import { IndexSearchService } from '../../src/search/index.js';
import { addCorpusTerms } from '../../src/text/index.js';
import { isMain, positiveNumber, run } from '../lib/cli.js';
import { viewCorpus } from '../lib/corpus-view.js';
import { sampleMemory, type MemorySample } from '../lib/memory.js';
import { QUERY_MIX } from '../lib/queries.js';
import { scanSearch } from '../lib/scan.js';
import { disagreements, runSideBySide, summariesByKind } from '../lib/side-by-side.js';
import { summarize, type Summary } from '../lib/stats.js';

/** Figures of the build phase. */
export interface BuildFigures {
  phase: 'build';
  reports: number;
  paragraphs: number;
  characters: number;
  ingestMs: number;
  buildMs: number;
  /** Build plus writing the file. */
  buildAndSaveMs: number;
  /** CPU time of the process (all threads) during build and save: steadier than wall time on a shared machine. */
  buildAndSaveCpuMs: number;
  savedBytes: number;
  /** After the build, the index alive. */
  memory: MemorySample;
}

/** Figures of the query phase. */
export interface QueryFigures {
  phase: 'query';
  ingestMs: number;
  /** Reading and checking the saved index (fingerprint included). */
  loadMs: number;
  /** After loading, before any query: reports and index alive. */
  memory: MemorySample;
  /** After the scan's normalised copy of the texts was added. */
  memoryWithScan: MemorySample;
  rounds: number;
  warmup: number;
  /** Per kind: `[ours, scan]`, wall clock. */
  byKind: Record<string, Summary[]>;
  /** Per kind: `[ours, scan]`, CPU time of the process during each run. */
  cpuByKind: Record<string, Summary[]>;
  /** Queries where the scan's count differs from the index's (should be none). */
  disagreements: { q: string; expected: number; got: number }[];
  /** Per query: matches, and `[ours, scan]` p50/p99. */
  perQuery: { q: string; kind: string; total: number; ours: Summary; scan: Summary }[];
}

/**
 * Progress on stderr: the project's bar on a terminal; otherwise a line every 10%, so a run in
 * the background still shows it is alive.
 */
function progress(): { update: (p: BuildProgress) => void; done: () => void } {
  if (process.stderr.isTTY) return progressBar(process.stderr);
  let last = -1;
  const started = performance.now();
  return {
    update: ({ phase, done, total }) => {
      const tenth = Math.floor((done / Math.max(1, total)) * 10);
      if (tenth === last) return;
      last = tenth;
      process.stderr.write(`  build ${String(tenth * 10).padStart(3)}% ${phase} (${((performance.now() - started) / 1000).toFixed(1)} s)\n`);
    },
    done: () => undefined,
  };
}

async function ingest(corpusDir: string): Promise<{ reports: Awaited<ReturnType<typeof loadCorpus>>['reports']; ingestMs: number }> {
  const started = performance.now();
  const { reports, problems } = await loadCorpus(corpusDir);
  if (problems.length > 0) throw new Error(`bench: ${String(problems.length)} corpus files skipped, first: ${problems[0]?.reason ?? ''}`);
  addCorpusTerms(reports);
  return { reports, ingestMs: performance.now() - started };
}

async function measureBuild(corpusDir: string, indexDir: string): Promise<BuildFigures> {
  const { reports, ingestMs } = await ingest(corpusDir);
  const bar = progress();
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const opened = openIndex({ reports, corpusDir, indexDir, rebuild: true, onProgress: bar.update });
  const buildAndSaveMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  bar.done();
  const memory = sampleMemory();
  return {
    phase: 'build',
    reports: reports.length,
    paragraphs: reports.reduce((sum, report) => sum + report.paragraphs.length, 0),
    characters: reports.reduce((sum, report) => sum + report.text.length, 0),
    ingestMs,
    buildMs: opened.buildMs,
    buildAndSaveMs,
    buildAndSaveCpuMs: (cpu.user + cpu.system) / 1000,
    savedBytes: opened.savedBytes ?? 0,
    memory,
  };
}

async function measureQueries(corpusDir: string, indexDir: string, rounds: number, warmup: number): Promise<QueryFigures> {
  const { reports, ingestMs } = await ingest(corpusDir);
  // What openIndex() does at start-up, minus the fallback: a stale or unreadable index fails
  // this phase at once instead of silently rebuilding (minutes at 100×).
  const loadStarted = performance.now();
  const outcome = loadIndex(join(indexDir, INDEX_FILE), reports, fingerprintOf(corpusDir, reports));
  const loadMs = performance.now() - loadStarted;
  if (!('index' in outcome)) throw new Error(`bench: saved index not loaded (${outcome.reason}); run the build phase first`);
  const service = new IndexSearchService(outcome.index);
  const memory = sampleMemory();
  process.stderr.write(`  loaded in ${(loadMs / 1000).toFixed(1)} s; timing the queries\n`);
  const started = performance.now();
  const view = viewCorpus(reports);
  const memoryWithScan = sampleMemory();
  const result = await runSideBySide(
    [
      { name: 'ours', run: (q) => service.search(q).total },
      { name: 'scan', run: (q) => scanSearch(view, q).total },
    ],
    QUERY_MIX,
    {
      rounds,
      warmup,
      onRound: (round, of) => {
        process.stderr.write(`  round ${String(round)}/${String(of)} (${((performance.now() - started) / 1000).toFixed(1)} s)\n`);
      },
    },
  );
  return {
    phase: 'query',
    ingestMs,
    loadMs,
    memory,
    memoryWithScan,
    rounds,
    warmup,
    byKind: summariesByKind(result),
    cpuByKind: summariesByKind(result, 'cpu'),
    disagreements: disagreements(result).map(({ q, expected, got }) => ({ q, expected, got })),
    perQuery: QUERY_MIX.map((query, q) => ({
      q: query.q,
      kind: query.kind,
      total: result.totals[0]?.[q] ?? -1,
      ours: summarize(result.samples[0]?.[q] ?? []),
      scan: summarize(result.samples[1]?.[q] ?? []),
    })),
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      phase: { type: 'string' },
      corpus: { type: 'string' },
      index: { type: 'string' },
      rounds: { type: 'string' },
      warmup: { type: 'string' },
    },
  });
  const { phase, corpus, index } = values;
  if (corpus === undefined || index === undefined) throw new Error('bench: measure needs --corpus and --index');
  let figures: BuildFigures | QueryFigures;
  if (phase === 'build') figures = await measureBuild(corpus, index);
  else if (phase === 'query') figures = await measureQueries(corpus, index, positiveNumber('rounds', values.rounds, 15), Math.floor(Number(values.warmup ?? '2')));
  else throw new Error(`bench: --phase must be build or query, got "${String(phase)}"`);
  process.stdout.write(`${JSON.stringify(figures)}\n`);
}

if (isMain(import.meta.url)) run('measure', main);
