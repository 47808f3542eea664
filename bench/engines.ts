/**
 * `node --expose-gc --import tsx bench/engines.ts [--corpus DIR] [--rounds 20] [--warmup 3] [--smoke]`
 *
 * Side by side, in one process, warm: the search core (what the API does: candidates, phrase
 * check, ranking, facets, highlights, snippets of the first page), a brute-force `includes`
 * scan of every paragraph, and FlexSearch fed by the same `analyze()`, over the fixed query mix.
 * Then each engine's build time, saved size, load time and heap. Prints markdown tables and
 * writes the raw figures to `var/bench/engines.json`.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadCorpus } from '../src/ingest/index.js';
import { openIndex } from '../src/index/index.js';
import { IndexSearchService } from '../src/search/index.js';
import { addCorpusTerms } from '../src/text/index.js';
import { isMain, positiveNumber, ROOT, run } from './lib/cli.js';
import { viewCorpus } from './lib/corpus-view.js';
import { buildFlex, exportFlex, flexSearch, importFlex } from './lib/flex.js';
import { describeMachine, machine } from './lib/machine.js';
import { canCollect, sampleMemory } from './lib/memory.js';
import { QUERY_KINDS, QUERY_MIX } from './lib/queries.js';
import { scanSearch } from './lib/scan.js';
import { disagreements, runSideBySide, summariesByKind } from './lib/side-by-side.js';
import { smokeCorpus } from './lib/smoke.js';
import { formatMB, formatMs, formatRatio, markdownTable } from './lib/stats.js';

/** Build, size, load and memory of one engine. */
export interface Footprint {
  engine: string;
  buildMs: number;
  savedBytes: number | null;
  loadMs: number | null;
  heapBytes: number;
  rssAfter: number;
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
  const built = openIndex({ reports, corpusDir, indexDir, rebuild: true });
  const buildMs = built.buildMs;
  const savedBytes = built.savedBytes ?? 0;
  let before = sampleMemory();
  const loaded = openIndex({ reports, corpusDir, indexDir });
  if (loaded.source !== 'loaded') throw new Error(`bench: the saved index was not loaded: ${loaded.reason ?? ''}`);
  const ours = new IndexSearchService(loaded.index);
  let after = sampleMemory();
  footprints.push({ engine: 'ours', buildMs, savedBytes, loadMs: loaded.loadMs, heapBytes: after.heapUsed + after.arrayBuffers - before.heapUsed - before.arrayBuffers, rssAfter: after.rss });

  before = after;
  const scanStarted = performance.now();
  const view = viewCorpus(reports);
  const scanBuildMs = performance.now() - scanStarted;
  after = sampleMemory();
  footprints.push({ engine: 'scan', buildMs: scanBuildMs, savedBytes: null, loadMs: null, heapBytes: after.heapUsed + after.arrayBuffers - before.heapUsed - before.arrayBuffers, rssAfter: after.rss });

  before = after;
  const flexStarted = performance.now();
  let flexBuilt: ReturnType<typeof buildFlex> | undefined = buildFlex(view);
  const flexBuildMs = performance.now() - flexStarted;
  const exported = exportFlex(flexBuilt);
  flexBuilt = undefined;
  const flexLoadStarted = performance.now();
  const flex = importFlex(view, exported.parts);
  const flexLoadMs = performance.now() - flexLoadStarted;
  exported.parts.length = 0;
  after = sampleMemory();
  footprints.push({ engine: 'flexsearch', buildMs: flexBuildMs, savedBytes: exported.bytes, loadMs: flexLoadMs, heapBytes: after.heapUsed + after.arrayBuffers - before.heapUsed - before.arrayBuffers, rssAfter: after.rss });

  log(`timing ${String(QUERY_MIX.length)} queries × ${String(rounds)} rounds (+${String(warmup)} warm-up) × 3 engines`);
  const result = runSideBySide(
    [
      { name: 'ours', run: (q) => ours.search(q).total },
      { name: 'scan', run: (q) => scanSearch(view, q).total },
      { name: 'flexsearch', run: (q) => flexSearch(flex, q).total },
    ],
    QUERY_MIX,
    { warmup, rounds },
  );
  const byKind = summariesByKind(result);
  const cpuByKind = summariesByKind(result, 'cpu');
  const end = sampleMemory();

  const latency = markdownTable(
    ['kind', 'ours p50', 'ours p99', 'scan p50', 'scan p99', 'FlexSearch p50', 'FlexSearch p99', 'scan ÷ ours (p50)', 'FlexSearch ÷ ours (p50)'],
    [...QUERY_KINDS, 'all' as const].map((kind) => {
      const [o, s, f] = byKind[kind];
      if (o === undefined || s === undefined || f === undefined) throw new Error('bench: missing summary');
      return [kind, formatMs(o.p50), formatMs(o.p99), formatMs(s.p50), formatMs(s.p99), formatMs(f.p50), formatMs(f.p99), formatRatio(s.p50 / o.p50), formatRatio(f.p50 / o.p50)];
    }),
  );
  const cpuTable = markdownTable(
    ['kind', 'ours p50 CPU', 'ours p99 CPU', 'scan p50 CPU', 'scan p99 CPU', 'FlexSearch p50 CPU', 'FlexSearch p99 CPU'],
    [...QUERY_KINDS, 'all' as const].map((kind) => [kind, ...cpuByKind[kind].flatMap((s) => [formatMs(s.p50), formatMs(s.p99)])]),
  );
  const footprintTable = markdownTable(
    ['engine', 'build ms', 'saved MB', 'load ms', 'heap MB', 'process RSS after, MB'],
    footprints.map((f) => [
      f.engine,
      formatMs(f.buildMs),
      f.savedBytes === null ? '–' : formatMB(f.savedBytes),
      f.loadMs === null ? '–' : formatMs(f.loadMs),
      formatMB(f.heapBytes),
      formatMB(f.rssAfter),
    ]),
  );
  const differ = disagreements(result);
  const summary = [
    `Machine: ${describeMachine()}`,
    `Corpus: ${String(reports.length)} reports, ${String(paragraphs)} paragraphs, ${characters.toLocaleString('en')} characters; ${String(QUERY_MIX.length)} queries × ${String(rounds)} rounds after ${String(warmup)} warm-up rounds; times in ms.`,
    '',
    latency,
    '',
    'CPU time of the process during each run (all threads; on a shared machine, wall-clock outliers without CPU outliers are waits for a core):',
    '',
    cpuTable,
    '',
    footprintTable,
    '',
    differ.length === 0
      ? 'All three engines return the same number of paragraphs for every query.'
      : `Match counts that differ from ours:\n${differ.map((d) => `- ${d.engine} \`${d.q}\`: ${String(d.got)} (ours ${String(d.expected)})`).join('\n')}`,
  ].join('\n');
  process.stdout.write(`${summary}\n`);
  mkdirSync(resolve(out, '..'), { recursive: true });
  writeFileSync(
    out,
    `${JSON.stringify({ machine: machine(), corpus: { dir: corpusDir, reports: reports.length, paragraphs, characters, ingestMs }, rounds, warmup, byKind, cpuByKind, footprints, totals: result.totals, queries: QUERY_MIX, peakRss: end.maxRss }, null, 1)}\n`,
  );
  if (smoke) rmSync(corpusDir, { recursive: true, force: true });
}

if (isMain(import.meta.url)) run('engines', main);
