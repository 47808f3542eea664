/**
 * `node --expose-gc --import tsx bench/build.ts [--corpus DIR] [--rounds 3] [--json]`
 *
 * Build CPU side by side, in one process, alternating: ours as a start without a saved index
 * runs it (`openIndex` with `rebuild`: fingerprint, build on every core, save) against SQLite
 * FTS5 with the trigram tokenizer filling and optimising its file from the same normalised
 * texts (what `bench/engines.ts` builds, without its query rounds, which take most of its time
 * at 10×). CPU is the process's, all threads; the medians and their ratio are printed with the
 * load average at the start and the end, since on a shared machine wall time says little.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadCorpus } from '../src/ingest/index.js';
import { openIndex } from '../src/index/index.js';
import { addCorpusTerms } from '../src/text/index.js';
import { isMain, positiveNumber, ROOT, run } from './lib/cli.js';
import { viewCorpus } from './lib/corpus-view.js';
import { buildFts5 } from './lib/fts5.js';
import { describeMachine } from './lib/machine.js';
import { formatMs, formatRatio, median } from './lib/stats.js';

/** CPU milliseconds (all threads) and wall milliseconds of `work`. */
function measure(work: () => void): { cpuMs: number; wallMs: number } {
  const cpu = process.cpuUsage();
  const started = performance.now();
  work();
  const spent = process.cpuUsage(cpu);
  return { cpuMs: (spent.user + spent.system) / 1000, wallMs: performance.now() - started };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { corpus: { type: 'string' }, rounds: { type: 'string' }, json: { type: 'boolean', default: false } } });
  const corpusDir = resolve(values.corpus ?? join(ROOT, 'corpus'));
  const rounds = positiveNumber('rounds', values.rounds, 3);
  const workDir = join(ROOT, 'var', 'bench', 'build');
  mkdirSync(workDir, { recursive: true });
  const loadStart = loadavg();
  const { reports } = await loadCorpus(corpusDir);
  addCorpusTerms(reports);
  const view = viewCorpus(reports);
  const ours: { cpuMs: number; wallMs: number }[] = [];
  const fts5: { cpuMs: number; wallMs: number }[] = [];
  for (let round = 0; round < rounds; round++) {
    ours.push(measure(() => openIndex({ reports, corpusDir, indexDir: join(workDir, 'ours'), rebuild: true })));
    const file = join(workDir, 'fts5.sqlite');
    rmSync(file, { force: true });
    fts5.push(measure(() => buildFts5(view, file).db.close()));
    process.stderr.write(`round ${String(round + 1)}: ours ${formatMs(ours[round]?.cpuMs ?? 0)} ms CPU, fts5 ${formatMs(fts5[round]?.cpuMs ?? 0)} ms CPU (load ${loadavg()[0]?.toFixed(1) ?? '?'})\n`);
  }
  const loadEnd = loadavg();
  const oursCpu = median(ours.map((m) => m.cpuMs));
  const fts5Cpu = median(fts5.map((m) => m.cpuMs));
  const figures = {
    corpus: corpusDir,
    paragraphs: view.norms.length,
    rounds,
    ours: { cpuMs: oursCpu, wallMs: median(ours.map((m) => m.wallMs)), runs: ours },
    fts5: { cpuMs: fts5Cpu, wallMs: median(fts5.map((m) => m.wallMs)), runs: fts5 },
    ratio: oursCpu / fts5Cpu,
    loadavg: { start: loadStart, end: loadEnd },
  };
  if (values.json) {
    process.stdout.write(`${JSON.stringify(figures)}\n`);
    return;
  }
  process.stdout.write(
    `${describeMachine()}; ${String(figures.paragraphs)} paragraphs, ${String(rounds)} rounds alternating; load average ${loadStart.map((l) => l.toFixed(1)).join(' ')} at the start, ${loadEnd.map((l) => l.toFixed(1)).join(' ')} at the end\n` +
      `build CPU, median: ours ${formatMs(oursCpu)} ms (wall ${formatMs(figures.ours.wallMs)}), FTS5 trigram ${formatMs(fts5Cpu)} ms (wall ${formatMs(figures.fts5.wallMs)}); ours ÷ FTS5 ${formatRatio(figures.ratio)}\n`,
  );
}

if (isMain(import.meta.url)) run('build', main);
