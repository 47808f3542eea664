/**
 * `node --import tsx bench/startup.ts [--corpus DIR] [--index DIR] [--runs 5] [--runners tsx,npm,dist]`
 *
 * Start-up against its floor, side by side, taking turns: the server started as a user starts it
 * (`tsx`: the command `npm start` runs; `npm`: `npm start` itself; `dist`: `npm run start:prod`'s
 * command, when `dist/` is built), from spawn to its first answered `/api/search` with the index
 * already saved; and two floors: a bare node process that loads nodejieba's dictionaries and cuts
 * one word (no project code), and one that loads the project's segmenter (`src/text`, with the
 * policy dictionary) through tsx and analyses one word. Prints the medians, the ratios (goal: at
 * most 1.5 at 1× against the bare load), whether any first answer was incomplete, and the load
 * average.
 */
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { isMain, positiveNumber, ROOT, run } from './lib/cli.js';
import { describeMachine } from './lib/machine.js';
import { formatMs, median } from './lib/stats.js';
import { measureStartup, RUNNERS, runnerCommand, type Runner } from './scale/startup.js';

/** The floors: what loading the segmenter costs a process that does nothing else. */
const FLOORS = {
  bare: { label: 'bare node: nodejieba loads its dictionaries, cuts one word', args: ['-e', "require('nodejieba').load(); require('nodejieba').cut('营商环境', false)"] },
  text: { label: 'node --import tsx: the project segmenter (policy dictionary), first analyze()', args: ['--import', 'tsx', '-e', "import('./src/text/index.ts').then((text) => { text.analyze('营商环境'); })"] },
} as const;

/** Milliseconds from spawn to the exit of a floor process. */
export function floorMs(floor: keyof typeof FLOORS): number {
  const started = performance.now();
  const child = spawnSync(process.execPath, FLOORS[floor].args, { cwd: ROOT, encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`bench: the ${floor} floor failed: ${child.stderr}`);
  return performance.now() - started;
}

function runnersOf(value: string | undefined): Runner[] {
  const wanted = (value ?? 'tsx,npm,dist').split(',').filter((name) => name !== '');
  const out: Runner[] = [];
  for (const name of wanted) {
    if (!RUNNERS.includes(name as Runner)) throw new Error(`bench: --runners takes ${RUNNERS.join(', ')}, got "${name}"`);
    try {
      runnerCommand(name as Runner);
      out.push(name as Runner);
    } catch (error) {
      // Only `dist` can be missing: said, not fatal, when it was not asked for by name.
      if (value !== undefined) throw error;
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}; not measured\n`);
    }
  }
  return out;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { corpus: { type: 'string' }, index: { type: 'string' }, runs: { type: 'string' }, runners: { type: 'string' }, smoke: { type: 'boolean', default: false } } });
  const corpusDir = resolve(values.corpus ?? join(ROOT, 'corpus'));
  const indexDir = resolve(values.index ?? join(ROOT, 'var', 'index'));
  const runs = values.smoke ? 1 : positiveNumber('runs', values.runs, 5);
  const runners = runnersOf(values.runners);
  // A first start builds the index when it is missing or stale; not timed.
  await measureStartup({ corpusDir, indexDir, timeoutMs: 600_000 });
  const loadStart = loadavg();
  const floors = { bare: [] as number[], text: [] as number[] };
  const servers = new Map<Runner, number[]>(runners.map((runner) => [runner, []]));
  let partial = 0;
  for (let i = 0; i < runs; i++) {
    floors.bare.push(floorMs('bare'));
    floors.text.push(floorMs('text'));
    for (const runner of runners) {
      const figures = await measureStartup({ corpusDir, indexDir, timeoutMs: 600_000, runner });
      servers.get(runner)?.push(figures.readyMs);
      if (figures.partial) partial++;
    }
  }
  const loadEnd = loadavg();
  const bare = median(floors.bare);
  const text = median(floors.text);
  const rows = [
    `| ${FLOORS.bare.label} | ${formatMs(bare)} | | | ${floors.bare.map(formatMs).join(', ')} |`,
    `| ${FLOORS.text.label} | ${formatMs(text)} | | | ${floors.text.map(formatMs).join(', ')} |`,
    ...[...servers].map(([runner, times]) => {
      const m = median(times);
      return `| server (${runner}: \`${[runnerCommand(runner).command.replace(process.execPath, 'node'), ...runnerCommand(runner).args].join(' ').replaceAll(ROOT, '')}\`): spawn → first answered search | ${formatMs(m)} | ${(m / bare).toFixed(2)}× | ${(m / text).toFixed(2)}× | ${times.map(formatMs).join(', ')} |`;
    }),
  ];
  process.stdout.write(
    [
      `Machine: ${describeMachine()}; load average ${loadStart.map((l) => l.toFixed(1)).join(' ')} at the start, ${loadEnd.map((l) => l.toFixed(1)).join(' ')} at the end.`,
      `Corpus ${corpusDir}, index ${indexDir}; medians of ${String(runs)}, taking turns. First answers incomplete: ${String(partial)} of ${String(runs * runners.length)}.`,
      '',
      '| measure | median ms | ÷ bare | ÷ segmenter | runs ms |',
      '| --- | --- | --- | --- | --- |',
      ...rows,
      '',
    ].join('\n'),
  );
}

if (isMain(import.meta.url)) run('startup', main);
