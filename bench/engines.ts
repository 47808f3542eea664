/**
 * `node --expose-gc --import tsx bench/engines.ts [--corpus DIR] [--rounds 20] [--warmup 3] [--smoke]`
 *
 * Side by side, in one process, warm, interleaved query by query: the search core (what the API
 * does: candidates, phrase check, ranking, facets, highlights, snippets of the first page), a
 * brute-force scan of every paragraph with the core's semantics, FlexSearch and Orama fed by the
 * same `analyze()`, SQLite FTS5 with the trigram tokenizer, and Groonga (its HTTP server on
 * loopback, its own elapsed time; skipped with a message when `groonga` is not installed), over
 * the fixed query mix. Every engine's match counts are checked against the scan. Then each
 * engine's build time and CPU, saved size, load time and heap. Prints markdown tables and
 * writes the raw figures to `var/bench/engines.json`.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadCorpus } from '../src/ingest/index.js';
import { openIndex } from '../src/index/index.js';
import { IndexSearchService } from '../src/search/index.js';
import { addCorpusTerms } from '../src/text/index.js';
import { isMain, positiveNumber, ROOT, run } from './lib/cli.js';
import { viewCorpus } from './lib/corpus-view.js';
import { buildFlex, exportFlex, flexSearch, importFlex } from './lib/flex.js';
import { buildFts5, fts5Search, needsFallback, openFts5 } from './lib/fts5.js';
import { groongaMissing, groongaSearch, groongaVersion, loadGroonga, startGroonga, stopGroonga, type GroongaEngine } from './lib/groonga.js';
import { describeMachine, machine } from './lib/machine.js';
import { canCollect, sampleMemory } from './lib/memory.js';
import { buildOrama, exportOrama, importOrama, oramaSearch } from './lib/orama.js';
import { QUERY_KINDS, QUERY_MIX, type BenchQuery } from './lib/queries.js';
import { scanSearch, strictScanIds } from './lib/scan.js';
import { disagreements, kindSummary, runSideBySide, summariesByKind, type TimedEngine } from './lib/side-by-side.js';
import { smokeCorpus } from './lib/smoke.js';
import { formatMB, formatMs, formatRatio, markdownTable } from './lib/stats.js';

/** Build, size, load and memory of one engine. */
export interface Footprint {
  engine: string;
  buildMs: number;
  /** CPU time of the build (all threads of this process; the server's for Groonga). */
  buildCpuMs: number;
  savedBytes: number | null;
  loadMs: number | null;
  heapBytes: number;
  rssAfter: number;
}

function cpuMs(since: NodeJS.CpuUsage): number {
  const spent = process.cpuUsage(since);
  return (spent.user + spent.system) / 1000;
}

/**
 * Builds an engine, saves it and loads the saved form back as its server would: the build's
 * wall-clock and CPU time, the load's time, and what was saved. The built form is dropped
 * before the load, so the heap measured after is the loaded engine's.
 */
function buildSaveLoad<B, S, L>(build: () => B, save: (built: B) => S, load: (saved: S) => L): { engine: L; saved: S; buildMs: number; buildCpuMs: number; loadMs: number } {
  const cpu = process.cpuUsage();
  let started = performance.now();
  let built: B | undefined = build();
  const buildMs = performance.now() - started;
  const buildCpuMs = cpuMs(cpu);
  const saved = save(built);
  built = undefined;
  started = performance.now();
  const engine = load(saved);
  return { engine, saved, buildMs, buildCpuMs, loadMs: performance.now() - started };
}

function heapGrowth(before: ReturnType<typeof sampleMemory>, after: ReturnType<typeof sampleMemory>): number {
  return after.heapUsed + after.arrayBuffers - before.heapUsed - before.arrayBuffers;
}

function filesBytes(dir: string, prefix: string): number {
  return readdirSync(dir)
    .filter((name) => name.startsWith(prefix))
    .reduce((sum, name) => sum + statSync(join(dir, name)).size, 0);
}

/** CPU milliseconds a child process has used so far (Linux `/proc`, clock ticks of 10 ms). */
function childCpuMs(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  try {
    const fields = readFileSync(`/proc/${String(pid)}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN;
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      corpus: { type: 'string' },
      rounds: { type: 'string' },
      warmup: { type: 'string' },
      out: { type: 'string' },
      smoke: { type: 'boolean', default: false },
    },
  });
  const smoke = values.smoke;
  const corpusDir = smoke ? smokeCorpus() : resolve(values.corpus ?? join(ROOT, 'corpus'));
  const rounds = smoke ? 1 : positiveNumber('rounds', values.rounds, 20);
  const warmup = smoke ? 0 : positiveNumber('warmup', values.warmup, 3);
  const workDir = smoke ? join(corpusDir, '.bench') : join(ROOT, 'var', 'bench');
  const indexDir = join(workDir, 'engines-index');
  const out = resolve(values.out ?? join(workDir, 'engines.json'));
  const log = (line: string): void => {
    process.stderr.write(`${line}\n`);
  };
  if (!canCollect()) log('note: run with --expose-gc for heap figures after a full collection');
  const loadStart = loadavg();

  const ingestStarted = performance.now();
  const { reports } = await loadCorpus(corpusDir);
  addCorpusTerms(reports);
  const ingestMs = performance.now() - ingestStarted;
  const paragraphs = reports.reduce((sum, report) => sum + report.paragraphs.length, 0);
  const characters = reports.reduce((sum, report) => sum + report.text.length, 0);
  log(`corpus ${corpusDir}: ${String(reports.length)} reports, ${String(paragraphs)} paragraphs, ${characters.toLocaleString('en')} characters (ingest ${formatMs(ingestMs)} ms)`);

  const footprints: Footprint[] = [];
  // Ours: build and save, then load the saved file as the server does; the heap figure is the loaded index.
  rmSync(indexDir, { recursive: true, force: true });
  mkdirSync(workDir, { recursive: true });
  let cpu = process.cpuUsage();
  const built = openIndex({ reports, corpusDir, indexDir, rebuild: true });
  const oursBuildCpu = cpuMs(cpu);
  let before = sampleMemory();
  const loaded = openIndex({ reports, corpusDir, indexDir });
  if (loaded.source !== 'loaded') throw new Error(`bench: the saved index was not loaded: ${loaded.reason ?? ''}`);
  const ours = new IndexSearchService(loaded.index);
  let after = sampleMemory();
  footprints.push({ engine: 'ours', buildMs: built.buildMs, buildCpuMs: oursBuildCpu, savedBytes: built.savedBytes ?? 0, loadMs: loaded.loadMs, heapBytes: heapGrowth(before, after), rssAfter: after.rss });

  before = after;
  cpu = process.cpuUsage();
  let started = performance.now();
  const view = viewCorpus(reports);
  const scanBuildMs = performance.now() - started;
  after = sampleMemory();
  footprints.push({ engine: 'scan', buildMs: scanBuildMs, buildCpuMs: cpuMs(cpu), savedBytes: null, loadMs: null, heapBytes: heapGrowth(before, after), rssAfter: after.rss });

  before = after;
  const flexsearch = buildSaveLoad(
    () => buildFlex(view),
    (built) => exportFlex(built),
    (saved) => importFlex(view, saved.parts),
  );
  const flex = flexsearch.engine;
  flexsearch.saved.parts.length = 0;
  after = sampleMemory();
  footprints.push({ engine: 'flexsearch', buildMs: flexsearch.buildMs, buildCpuMs: flexsearch.buildCpuMs, savedBytes: flexsearch.saved.bytes, loadMs: flexsearch.loadMs, heapBytes: heapGrowth(before, after), rssAfter: after.rss });

  before = after;
  const fts5File = join(workDir, 'engines-fts5.sqlite');
  rmSync(fts5File, { force: true });
  const sqlite = buildSaveLoad(
    () => buildFts5(view, fts5File),
    (built) => {
      built.db.close();
    },
    () => openFts5(view, fts5File),
  );
  const fts5 = sqlite.engine;
  after = sampleMemory();
  footprints.push({ engine: 'fts5', buildMs: sqlite.buildMs, buildCpuMs: sqlite.buildCpuMs, savedBytes: statSync(fts5File).size, loadMs: sqlite.loadMs, heapBytes: heapGrowth(before, after), rssAfter: after.rss });

  before = after;
  const oramaSteps = buildSaveLoad(
    () => buildOrama(view),
    (built) => exportOrama(built),
    (saved) => importOrama(view, saved.json),
  );
  const orama = oramaSteps.engine;
  const oramaBytes = oramaSteps.saved.bytes;
  // The export's JSON is not part of the loaded engine's heap.
  oramaSteps.saved.json = '';
  after = sampleMemory();
  footprints.push({ engine: 'orama', buildMs: oramaSteps.buildMs, buildCpuMs: oramaSteps.buildCpuMs, savedBytes: oramaBytes, loadMs: oramaSteps.loadMs, heapBytes: heapGrowth(before, after), rssAfter: after.rss });

  const engines: TimedEngine[] = [
    { name: 'ours', run: (q) => ours.search(q).total },
    { name: 'scan', run: (q) => scanSearch(view, q).total },
    { name: 'flexsearch', run: (q) => flexSearch(flex, q).total },
    { name: 'fts5', run: (q) => fts5Search(fts5, q).total },
    { name: 'orama', run: (q) => oramaSearch(orama, q).total },
  ];
  const missing = groongaMissing();
  let groonga: GroongaEngine | undefined;
  const groongaDir = join(workDir, 'engines-groonga');
  try {
    if (missing === undefined) {
      rmSync(groongaDir, { recursive: true, force: true });
      mkdirSync(groongaDir, { recursive: true });
      started = performance.now();
      let server = await startGroonga(view, groongaDir, { create: true });
      await loadGroonga(server);
      const groongaBuildMs = performance.now() - started;
      const groongaBuildCpu = childCpuMs(server.child.pid);
      await stopGroonga(server);
      started = performance.now();
      server = await startGroonga(view, groongaDir, { create: false });
      await groongaSearch(server, '营商环境');
      const groongaLoadMs = performance.now() - started;
      groonga = server;
      footprints.push({ engine: 'groonga', buildMs: groongaBuildMs, buildCpuMs: groongaBuildCpu, savedBytes: filesBytes(groongaDir, 'groonga.db'), loadMs: groongaLoadMs, heapBytes: 0, rssAfter: Number.NaN });
      const engine = server;
      engines.push({ name: 'groonga', run: (q) => groongaSearch(engine, q) });
    } else {
      log(`skipped groonga: ${missing}`);
    }

    log(`timing ${String(QUERY_MIX.length)} queries × ${String(rounds)} rounds (+${String(warmup)} warm-up) × ${String(engines.length)} engines`);
    const result = await runSideBySide(engines, QUERY_MIX, { warmup, rounds });
    const loadEnd = loadavg();
    const names = result.engines;
    const scanAt = names.indexOf('scan');
    const byKind = summariesByKind(result);
    const cpuByKind = summariesByKind(result, 'cpu');
    const kinds = [...QUERY_KINDS, 'all' as const];
    const p50Table = markdownTable(
      ['kind', ...names.map((name) => `${name} p50`), ...names.slice(1).map((name) => `${name} ÷ ours`)],
      kinds.map((kind) => {
        const row = byKind[kind];
        const ours50 = row[0]?.p50 ?? Number.NaN;
        return [kind, ...row.map((s) => formatMs(s.p50)), ...row.slice(1).map((s) => formatRatio(s.p50 / ours50))];
      }),
    );
    const p99Table = markdownTable(
      ['kind', ...names.map((name) => `${name} p99`)],
      kinds.map((kind) => [kind, ...byKind[kind].map((s) => formatMs(s.p99))]),
    );
    const cpuTable = markdownTable(
      ['kind', ...names.flatMap((name) => (name === 'groonga' ? [] : [`${name} p50 CPU`, `${name} p99 CPU`]))],
      kinds.map((kind) => [kind, ...cpuByKind[kind].flatMap((s, e) => (names[e] === 'groonga' ? [] : [formatMs(s.p50), formatMs(s.p99)]))]),
    );
    // FTS5 apart: queries its trigram index answers alone, and those needing the instr() fallback.
    const fts5At = names.indexOf('fts5');
    const fallback = QUERY_MIX.map((query) => needsFallback(view, query.q));
    const split = (wanted: boolean): { kind: string; queries: BenchQuery[] }[] =>
      kinds.map((kind) => ({ kind, queries: QUERY_MIX.filter((query, q) => fallback[q] === wanted && (kind === 'all' || query.kind === kind)) }));
    const fts5Rows: string[][] = [];
    for (const wanted of [false, true]) {
      for (const { kind, queries } of split(wanted)) {
        if (queries.length === 0) continue;
        const subset = { ...result, queries: result.queries, samples: result.samples.map((perEngine) => perEngine.map((samples, q) => (queries.includes(QUERY_MIX[q] as BenchQuery) ? samples : []))) };
        const f = kindSummary(subset, fts5At, 'all');
        const o = kindSummary(subset, 0, 'all');
        fts5Rows.push([wanted ? 'with 1–2-character terms (instr fallback)' : 'trigram only', kind, String(queries.length), formatMs(f.p50), formatMs(f.p99), formatMs(o.p50), formatMs(o.p99), formatRatio(f.p50 / o.p50)]);
      }
    }
    const fts5Table = markdownTable(['FTS5 queries', 'kind', 'queries', 'FTS5 p50', 'FTS5 p99', 'ours p50', 'ours p99', 'FTS5 ÷ ours p50'], fts5Rows);
    const groongaAt = names.indexOf('groonga');
    const roundTrip = groongaAt < 0 ? '' : `Groonga's figures are its own elapsed time; with the HTTP round trip on loopback its p50 over all queries is ${formatMs(kindSummary(result, groongaAt, 'all', 'roundtrip').p50)} ms.`;
    const footprintTable = markdownTable(
      ['engine', 'build ms', 'build CPU ms', 'saved MB', 'load ms', 'heap MB', 'process RSS after, MB'],
      footprints.map((f) => [
        f.engine,
        formatMs(f.buildMs),
        formatMs(f.buildCpuMs),
        f.savedBytes === null ? '–' : formatMB(f.savedBytes),
        f.loadMs === null ? '–' : formatMs(f.loadMs),
        f.engine === 'groonga' ? '–' : formatMB(f.heapBytes),
        Number.isNaN(f.rssAfter) ? '–' : formatMB(f.rssAfter),
      ]),
    );
    const differ = disagreements(result, scanAt);
    // Where nothing holds every word, ours and the scan relax the query; no peer does.
    const strict = QUERY_MIX.map((query) => strictScanIds(view, query.q).length);
    const relaxed = QUERY_MIX.filter((_, q) => strict[q] !== result.totals[scanAt]?.[q]).map((query) => `\`${query.q}\``);
    const summary = [
      `Machine: ${describeMachine()}; load average ${loadStart.map((l) => l.toFixed(1)).join(' ')} at the start, ${loadEnd.map((l) => l.toFixed(1)).join(' ')} at the end.`,
      `Corpus: ${String(reports.length)} reports, ${String(paragraphs)} paragraphs, ${characters.toLocaleString('en')} characters; ${String(QUERY_MIX.length)} queries × ${String(rounds)} rounds after ${String(warmup)} warm-up rounds; times in ms.${groongaAt < 0 ? ` Groonga skipped: ${missing ?? ''}.` : ` ${groongaVersion()}.`}`,
      '',
      p50Table,
      '',
      p99Table,
      '',
      roundTrip,
      '',
      'FTS5 apart (a trigram index cannot answer a one- or two-character term):',
      '',
      fts5Table,
      '',
      'CPU time of the process during each run (all threads; on a shared machine, wall-clock outliers without CPU outliers are waits for a core):',
      '',
      cpuTable,
      '',
      footprintTable,
      '',
      differ.length === 0
        ? 'Every engine returns the scan\'s number of paragraphs for every query.'
        : `Match counts that differ from the scan's:\n${differ.map((d) => `- ${d.engine} \`${d.q}\`: ${String(d.got)} (scan ${String(d.expected)})`).join('\n')}`,
      relaxed.length === 0 ? '' : `\nRelaxed by ours and the scan (nothing holds every word; the peers, which do not relax, find nothing): ${relaxed.join(', ')}.`,
    ].join('\n');
    process.stdout.write(`${summary}\n`);
    mkdirSync(resolve(out, '..'), { recursive: true });
    writeFileSync(
      out,
      `${JSON.stringify({ machine: machine(), loadavg: { start: loadStart, end: loadEnd }, corpus: { dir: corpusDir, reports: reports.length, paragraphs, characters, ingestMs }, rounds, warmup, engines: names, byKind, cpuByKind, footprints, totals: result.totals, strictTotals: strict, queries: QUERY_MIX, fallback, peakRss: sampleMemory().maxRss }, null, 1)}\n`,
    );
  } finally {
    fts5.db.close();
    if (groonga !== undefined) await stopGroonga(groonga);
  }
  if (smoke) rmSync(corpusDir, { recursive: true, force: true });
}

if (isMain(import.meta.url)) run('engines', main);
