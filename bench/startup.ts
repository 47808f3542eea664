/**
 * `node --import tsx bench/startup.ts [--corpus DIR] [--index DIR] [--runs 5] [--runners tsx,npm,dist]`
 *
 * Start-up against its floor, side by side, taking turns: the server started as a user starts it
 * (`tsx`: the command `npm start` runs; `npm`: `npm start` itself; `dist`: `npm run start:prod`'s
 * command, when `dist/` is built), from spawn to its first answered `/api/search` with the index
 * already saved; and two floors: a bare node process that loads nodejieba's dictionaries and cuts
 * one word (no project code), and one that loads the project's segmenter (`src/text`, with the
 * policy dictionary) through tsx and analyses one word. Prints the medians of wall time and of
 * CPU time (all threads; on a shared machine the wall time also waits for a core), the ratios
 * (goal: at most 1.5 at 1× against the bare load), whether any first answer was incomplete, and
 * the load average.
 */
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { isMain, positiveNumber, ROOT, run } from './lib/cli.js';
import { describeMachine } from './lib/machine.js';
import { formatMs, median } from './lib/stats.js';
import { measureStartup, RUNNERS, runnerCommand, type Runner } from './scale/startup.js';

/** Prints the process's CPU milliseconds (all threads) as its last line. */
const PRINT_CPU = 'const u = process.cpuUsage(); console.log((u.user + u.system) / 1000)';

/** The floors: what loading the segmenter costs a process that does nothing else. */
const FLOORS = {
  bare: { label: 'bare node: nodejieba loads its dictionaries, cuts one word', args: ['-e', `require('nodejieba').load(); require('nodejieba').cut('营商环境', false); ${PRINT_CPU}`] },
  text: { label: 'node --import tsx: the project segmenter (policy dictionary), first analyze()', args: ['--import', 'tsx', '-e', `import('./src/text/index.ts').then((text) => { text.analyze('营商环境'); ${PRINT_CPU}; })`] },
} as const;

/** Milliseconds from spawn to the exit of a floor process, and the CPU milliseconds it used. */
export function floorMs(floor: keyof typeof FLOORS): { wallMs: number; cpuMs: number } {
  const started = performance.now();
  const child = spawnSync(process.execPath, FLOORS[floor].args, { cwd: ROOT, encoding: 'utf8' });
  const wallMs = performance.now() - started;
  if (child.status !== 0) throw new Error(`bench: the ${floor} floor failed: ${child.stderr}`);
  return { wallMs, cpuMs: Number(child.stdout.trim().split('\n').pop()) };
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
  // The compiled code has its own ingest version (its fingerprint hashes the JavaScript, not the
  // TypeScript), so it keeps its own index: sharing one, each start would rebuild the other's.
  const indexFor = (runner: Runner): string => (runner === 'dist' ? `${indexDir}-dist` : indexDir);
  // A first start builds the index when it is missing or stale; not timed.
  for (const runner of new Set(runners.map((r) => (r === 'dist' ? r : 'tsx')))) await measureStartup({ corpusDir, indexDir: indexFor(runner), timeoutMs: 600_000, runner });
  const loadStart = loadavg();
  const floors = { bare: { wall: [] as number[], cpu: [] as number[] }, text: { wall: [] as number[], cpu: [] as number[] } };
  const servers = new Map<Runner, { wall: number[]; cpu: number[] }>(runners.map((runner) => [runner, { wall: [], cpu: [] }]));
  let partial = 0;
  for (let i = 0; i < runs; i++) {
    for (const floor of ['bare', 'text'] as const) {
      const { wallMs, cpuMs } = floorMs(floor);
      floors[floor].wall.push(wallMs);
      floors[floor].cpu.push(cpuMs);
    }
    for (const runner of runners) {
      const figures = await measureStartup({ corpusDir, indexDir: indexFor(runner), timeoutMs: 600_000, runner });
      servers.get(runner)?.wall.push(figures.readyMs);
      if (figures.cpuMs !== undefined) servers.get(runner)?.cpu.push(figures.cpuMs);
      if (figures.partial) partial++;
    }
  }
  const loadEnd = loadavg();
  const bare = { wall: median(floors.bare.wall), cpu: median(floors.bare.cpu) };
  const text = { wall: median(floors.text.wall), cpu: median(floors.text.cpu) };
  const cpuOf = (times: number[]): string => (times.length === 0 ? '–' : `${formatMs(median(times))} (${(median(times) / bare.cpu).toFixed(2)}×, ${(median(times) / text.cpu).toFixed(2)}×)`);
  const command = (runner: Runner): string => [runnerCommand(runner).command.replace(process.execPath, 'node'), ...runnerCommand(runner).args].join(' ').replaceAll(ROOT, '');
  const rows = [
    ...(['bare', 'text'] as const).map((floor) => `| ${FLOORS[floor].label} | ${formatMs(floor === 'bare' ? bare.wall : text.wall)} | | | ${formatMs(floor === 'bare' ? bare.cpu : text.cpu)} | ${floors[floor].wall.map(formatMs).join(', ')} |`),
    ...[...servers].map(([runner, times]) => {
      const m = median(times.wall);
      return `| server (${runner}: \`${command(runner)}\`): spawn → first answered search | ${formatMs(m)} | ${(m / bare.wall).toFixed(2)}× | ${(m / text.wall).toFixed(2)}× | ${cpuOf(times.cpu)} | ${times.wall.map(formatMs).join(', ')} |`;
    }),
  ];
  process.stdout.write(
    [
      `Machine: ${describeMachine()}; load average ${loadStart.map((l) => l.toFixed(1)).join(' ')} at the start, ${loadEnd.map((l) => l.toFixed(1)).join(' ')} at the end.`,
      `Corpus ${corpusDir}, index ${indexDir} (${indexDir}-dist for dist); medians of ${String(runs)}, taking turns. First answers incomplete: ${String(partial)} of ${String(runs * runners.length)}.`,
      '',
      '| measure | median ms | ÷ bare | ÷ segmenter | CPU ms (÷ bare, ÷ segmenter) | runs ms |',
      '| --- | --- | --- | --- | --- | --- |',
      ...rows,
      '',
    ].join('\n'),
  );
}

if (isMain(import.meta.url)) run('startup', main);
