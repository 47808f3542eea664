/**
 * `node --import tsx bench/startup.ts [--corpus DIR] [--index DIR] [--runs 5]`
 *
 * Start-up against its floor, side by side: the server (spawned as `npm start` runs it, with the
 * index already saved) from spawn to its first answered `/api/search`, and a bare node process
 * that only loads the segmenter with its dictionaries (the first `analyze()`), spawned the same
 * way, taking turns. Prints the medians, their ratio (goal: at most 1.5 at 1×) and the load
 * average.
 */
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { isMain, positiveNumber, ROOT, run } from './lib/cli.js';
import { describeMachine } from './lib/machine.js';
import { formatMs, median } from './lib/stats.js';
import { measureStartup } from './scale/startup.js';

/** Milliseconds from spawn to the exit of a process that loads the segmenter and analyses one word. */
export function segmenterBaselineMs(): number {
  const started = performance.now();
  const child = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), '-e', "import('./src/text/index.ts').then((text) => { text.analyze('营商环境'); })"], { cwd: ROOT, encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`bench: the segmenter baseline failed: ${child.stderr}`);
  return performance.now() - started;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { corpus: { type: 'string' }, index: { type: 'string' }, runs: { type: 'string' }, smoke: { type: 'boolean', default: false } } });
  const corpusDir = resolve(values.corpus ?? join(ROOT, 'corpus'));
  const indexDir = resolve(values.index ?? join(ROOT, 'var', 'index'));
  const runs = values.smoke ? 1 : positiveNumber('runs', values.runs, 5);
  const loadStart = loadavg();
  // A first start builds the index when it is missing or stale; not timed.
  await measureStartup({ corpusDir, indexDir, timeoutMs: 600_000 });
  const server: number[] = [];
  const baseline: number[] = [];
  for (let i = 0; i < runs; i++) {
    baseline.push(segmenterBaselineMs());
    server.push((await measureStartup({ corpusDir, indexDir, timeoutMs: 600_000 })).readyMs);
  }
  const loadEnd = loadavg();
  const s = median(server);
  const b = median(baseline);
  process.stdout.write(
    [
      `Machine: ${describeMachine()}; load average ${loadStart.map((l) => l.toFixed(1)).join(' ')} at the start, ${loadEnd.map((l) => l.toFixed(1)).join(' ')} at the end.`,
      `Corpus ${corpusDir}, index ${indexDir}; medians of ${String(runs)}, taking turns.`,
      '',
      '| measure | median ms | runs ms |',
      '| --- | --- | --- |',
      `| bare node loading the segmenter (first analyze) | ${formatMs(b)} | ${baseline.map(formatMs).join(', ')} |`,
      `| server: spawn → first answered search | ${formatMs(s)} | ${server.map(formatMs).join(', ')} |`,
      `| ratio | ${(s / b).toFixed(2)}× | |`,
      '',
    ].join('\n'),
  );
}

if (isMain(import.meta.url)) run('startup', main);
