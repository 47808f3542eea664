/**
 * `npx tsx bench/cluster.ts [--factors 10,100] [--rounds 10] [--seconds 10] [--write]`
 *
 * The search on the embedded index against a SphinxQL cluster of one node and of two nodes
 * (`searchd` on loopback, the front's distributed index over them), on generated corpora of the
 * given sizes, in one run: build time and size; p50/p99 per query kind of the benchmark mix (page 1
 * with facets, highlights and snippets, through the same `SearchService` answers, engines
 * interleaved); throughput with 4 requests in flight; memory of each process. `--write` puts the
 * result under `## Cluster (SphinxQL)` in BENCHMARKS.md (`--no-embedded`: the cluster alone, when
 * the embedded build would not finish in time on a loaded machine).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { generateInto } from './scale/generate.js';
import { CORPUS_DIR, loadCorpus } from '../src/ingest/index.js';
import { downCluster, runningPid, upCluster, type IndexOutcome } from '../src/cluster/local.js';
import { readManifest, vocabularyFile, writeManifest } from '../src/cluster/manifest.js';
import { rankingFile } from '../src/cluster/ranking.js';
import { openClusterSearch, type OpenedCluster } from '../src/cluster/open.js';
import { CoreSearchService, openSearch } from '../src/search/index.js';
import type { SearchService } from '../src/search/types.js';
import { addCorpusTerms } from '../src/text/index.js';
import { isMain, positiveNumber, ROOT, run } from './lib/cli.js';
import { writeSection } from './lib/benchmarks-file.js';
import { describeMachine } from './lib/machine.js';
import { QUERY_KINDS, QUERY_MIX } from './lib/queries.js';
import { formatMB, formatMs, markdownTable, summarize } from './lib/stats.js';

const WORK = join(ROOT, 'var', 'bench-cluster');

interface Engine {
  name: string;
  service: SearchService;
}

/** Resident memory of a process in bytes (from /proc), 0 when unknown. */
function rssOf(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const match = /VmRSS:\s+(\d+) kB/u.exec(readFileSync(`/proc/${String(pid)}/status`, 'utf8'));
    return Number(match?.[1] ?? 0) * 1024;
  } catch {
    return 0;
  }
}

async function latency(engines: readonly Engine[], rounds: number): Promise<Map<string, Map<string, number[]>>> {
  const samples = new Map(engines.map((engine) => [engine.name, new Map(QUERY_KINDS.map((kind) => [kind as string, [] as number[]]))]));
  for (const engine of engines) for (const { q } of QUERY_MIX) await engine.service.search(q);
  for (let round = 0; round < rounds; round++) {
    for (const { kind, q } of QUERY_MIX) {
      for (const engine of engines) {
        const started = performance.now();
        await engine.service.search(q);
        samples.get(engine.name)?.get(kind)?.push(performance.now() - started);
      }
    }
  }
  return samples;
}

/** Searches per second with `inFlight` requests at a time for `seconds`. */
async function throughput(service: SearchService, seconds: number, inFlight: number): Promise<number> {
  const until = performance.now() + seconds * 1000;
  let done = 0;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (performance.now() < until) {
      const query = QUERY_MIX[next++ % QUERY_MIX.length];
      if (query !== undefined) await service.search(query.q);
      done++;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: inFlight }, worker));
  return done / ((performance.now() - started) / 1000);
}

/** A one-node cluster directory holding the two shards of the two-node cluster in `from`. */
function seedOneNode(from: string, to: string): void {
  const manifest = readManifest(from);
  if (manifest === undefined) throw new Error(`bench: no cluster in ${from}`);
  mkdirSync(join(to, 'node0'), { recursive: true });
  manifest.nodes.forEach((node) => {
    for (const file of readdirSync(join(from, node.name))) if (/^shard\d+_[0-9a-f]+\.sp\w$/u.test(file)) copyFileSync(join(from, node.name, file), join(to, 'node0', file));
  });
  copyFileSync(vocabularyFile(from), vocabularyFile(to));
  copyFileSync(rankingFile(from), rankingFile(to));
  writeManifest(to, { ...manifest, running: false });
}

/**
 * What a web front costs: a fresh node process opening the search over the cluster (corpus read,
 * paragraph table, fingerprint and count checks) and answering one search; its RSS and time.
 */
function frontCost(corpusDir: string, clusterDir: string, port: number): { rss: number; readyMs: number } {
  const script = [
    "import { openClusterSearch } from './src/cluster/open.ts';",
    'const started = performance.now();',
    `const opened = await openClusterSearch({ corpusDir: ${JSON.stringify(corpusDir)}, clusterDir: ${JSON.stringify(clusterDir)}, host: '127.0.0.1', port: ${String(port)} });`,
    "await opened.service.search('营商环境');",
    'const readyMs = performance.now() - started;',
    'globalThis.gc?.();',
    'process.stdout.write(JSON.stringify({ rss: process.memoryUsage().rss, readyMs }));',
    'await opened.engine.close();',
  ].join('\n');
  const result = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 20 });
  if (result.status !== 0) throw new Error(`bench: front process failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as { rss: number; readyMs: number };
}

interface FactorResult {
  factor: number;
  markdown: string;
}

async function measureFactor(factor: number, rounds: number, seconds: number, withEmbedded: boolean): Promise<FactorResult> {
  const root = join(WORK, `x${String(factor)}`);
  rmSync(root, { recursive: true, force: true });
  const corpusDir = join(root, 'corpus');
  const generated = generateInto(CORPUS_DIR, corpusDir, { factor });
  const { reports } = await loadCorpus(corpusDir);
  addCorpusTerms(reports);
  const paragraphs = reports.reduce((sum, report) => sum + report.paragraphs.length, 0);
  const load = loadavg()[0] ?? 0;

  let started = performance.now();
  const embedded = withEmbedded ? await openSearch({ corpusDir, indexDir: join(root, 'index'), rebuild: true }) : undefined;
  const embeddedMs = performance.now() - started;
  const clusters: { nodes: number; outcome: IndexOutcome; wallMs: number; opened: OpenedCluster; dir: string }[] = [];
  try {
    // Two nodes with a shard each; then one node serving the same two shards (their index files
    // copied, so the one-node cluster finds them current and indexes nothing).
    for (const nodes of [2, 1]) {
      const dir = join(root, `cluster${String(nodes)}`);
      if (nodes === 1) seedOneNode(join(root, 'cluster2'), dir);
      started = performance.now();
      const outcome = await upCluster({ dir, corpusDir, reports, nodes, shardsPerNode: 2 / nodes });
      const wallMs = performance.now() - started;
      const opened = await openClusterSearch({ corpusDir, clusterDir: dir, host: '127.0.0.1', port: outcome.manifest.front.sqlPort });
      clusters.unshift({ nodes, outcome, wallMs, opened, dir });
    }
    const engines: Engine[] = [
      ...(embedded === undefined ? [] : [{ name: 'embedded', service: new CoreSearchService(embedded.service) }]),
      ...clusters.map((cluster) => ({ name: `${String(cluster.nodes)} node${cluster.nodes > 1 ? 's' : ''}`, service: cluster.opened.service })),
    ];
    // Each phase's figures on stderr as they come: a long run that fails late keeps them.
    const progress = (what: string, value: unknown): void => {
      process.stderr.write(`bench/cluster ${String(factor)}x ${what}: ${JSON.stringify(value)} (load ${(loadavg()[0] ?? 0).toFixed(1)})\n`);
    };
    progress('build', { embeddedMs, clusters: clusters.map((cluster) => ({ nodes: cluster.nodes, wallMs: cluster.wallMs, analysisMs: cluster.outcome.analysisMs, rowsMs: cluster.outcome.rowsMs, indexerMs: cluster.outcome.indexerMs, bytes: cluster.outcome.indexBytes })) });
    const samples = await latency(engines, rounds);
    progress('latency p50', Object.fromEntries([...samples].map(([name, byKind]) => [name, summarize([...byKind.values()].flat()).p50])));
    const rates = new Map<string, number>();
    for (const engine of engines) rates.set(engine.name, await throughput(engine.service, seconds, 4));
    progress('throughput', Object.fromEntries(rates));
    const two = clusters.find((cluster) => cluster.nodes === 2);
    let front: { rss: number; readyMs: number } | string | undefined;
    try {
      front = two === undefined ? undefined : frontCost(corpusDir, two.dir, two.outcome.manifest.front.sqlPort);
    } catch (error) {
      // The rest of the measurements stand without it.
      front = `not measured (${error instanceof Error ? error.message.split('\n')[0] ?? '' : String(error)})`;
    }
    const loadAfter = loadavg()[0] ?? 0;
    const rate = (name: string): number => rates.get(name) ?? 0;
    const memory = clusters.map((cluster) => {
      const names = [...cluster.outcome.manifest.nodes.map((node) => node.name), 'front'];
      return `${String(cluster.nodes)} node${cluster.nodes > 1 ? 's' : ''}: ${names.map((name) => `${name} ${formatMB(rssOf(runningPid(cluster.dir, name)))} MB`).join(', ')}`;
    });

    const buildRows = [
      ...(embedded === undefined ? [] : [['embedded (normalise, n-grams, analyse, MiniSearch; saved)', formatMs(embeddedMs), formatMB(embedded.index.savedBytes ?? 0)]]),
      ...clusters.map((cluster) => [
        cluster.outcome.indexed.length === 0
          ? `${String(cluster.nodes)}-node cluster, the same shard files (start and wait only)`
          : `${String(cluster.nodes)}-node cluster (analysis for ranking and vocabulary ${formatMs(cluster.outcome.analysisMs)} ms, rows ${formatMs(cluster.outcome.rowsMs)} ms, indexer ${formatMs(cluster.outcome.indexerMs)} ms; start and wait included)`,
        formatMs(cluster.wallMs),
        formatMB(cluster.outcome.indexBytes),
      ]),
    ];
    const header = ['kind', ...engines.flatMap((engine) => [`${engine.name} p50`, `${engine.name} p99`])];
    const latencyRows = [...QUERY_KINDS, 'all'].map((kind) => [
      kind,
      ...engines.flatMap((engine) => {
        const byKind = samples.get(engine.name);
        const list = kind === 'all' ? [...(byKind?.values() ?? [])].flat() : (byKind?.get(kind) ?? []);
        const summary = summarize(list);
        return [formatMs(summary.p50), formatMs(summary.p99)];
      }),
    ]);
    const rateRows = engines.map((engine) => [engine.name, rate(engine.name).toFixed(1)]);
    const growth = rate('1 node') > 0 ? `; two nodes against one: ×${(rate('2 nodes') / rate('1 node')).toFixed(2)}` : '';
    const markdown = [
      `### ${String(factor)}× (${String(reports.length)} reports, ${String(paragraphs)} paragraphs, ${(generated.characters / 1e6).toFixed(1)} M characters; load average ${load.toFixed(1)} at the start, ${loadAfter.toFixed(1)} at the end)`,
      '',
      markdownTable(['build', 'ms', 'MB'], buildRows),
      '',
      `Page 1 of the benchmark mix (${String(rounds)} rounds, engines interleaved; ms):`,
      '',
      markdownTable(header, latencyRows),
      '',
      'Throughput, 4 searches in flight (searches per second; the nodes share this machine\'s 2 cores with the front and the client):',
      '',
      markdownTable(['engine', 'searches/s'], rateRows),
      '',
      `Throughput growth${growth === '' ? ': –' : growth.slice(1)}.`,
      '',
      `Resident memory of the engine processes: ${memory.join('; ')}. A web front on its own (fresh process: corpus, paragraph table, checks, one search): ${front === undefined ? '–' : typeof front === 'string' ? front : `${formatMB(front.rss)} MB RSS, ready in ${formatMs(front.readyMs)} ms`}; this benchmark process (both sides loaded): ${formatMB(process.memoryUsage().rss)} MB.`,
    ].join('\n');
    return { factor, markdown };
  } finally {
    for (const cluster of clusters) {
      await cluster.opened.engine.close();
      downCluster(cluster.dir);
    }
    rmSync(root, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { factors: { type: 'string', default: '10' }, rounds: { type: 'string' }, seconds: { type: 'string' }, write: { type: 'boolean', default: false }, 'no-embedded': { type: 'boolean', default: false } } });
  const factors = values.factors.split(',').map((value) => positiveNumber('factors', value, 10));
  const rounds = positiveNumber('rounds', values.rounds, 10);
  const seconds = positiveNumber('seconds', values.seconds, 10);
  const parts: string[] = [];
  for (const factor of factors) {
    const result = await measureFactor(factor, rounds, seconds, !values['no-embedded']);
    process.stdout.write(`${result.markdown}\n\n`);
    parts.push(result.markdown);
  }
  const section = [
    '## Cluster (SphinxQL)',
    '',
    `\`npx tsx bench/cluster.ts --factors ${factors.join(',')} --rounds ${String(rounds)} --seconds ${String(seconds)} --write\`. ${describeMachine()} searchd 2.2.11 (Debian sphinxsearch) on loopback.`,
    'The same `SearchService` answers over three engines: the embedded index in process, and a cluster of one or two `searchd` data nodes behind a distributed front (`npm run cluster -- up`). Every cluster answer is the embedded one (`test/cluster/conformance.test.ts`); times include the check of every candidate against our text.',
    '',
    ...parts.flatMap((part) => [part, '']),
  ].join('\n');
  if (values.write) writeSection(section);
}

if (isMain(import.meta.url)) run('bench/cluster', main);
