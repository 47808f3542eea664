/**
 * `npx tsx bench/scale/run.ts --factor 10 [--phase all|build|query|startup] [--heap 8192] [--runner tsx|npm|dist]`
 *
 * The scale benchmark at one corpus size: 1 is the bundled corpus, any other factor a corpus
 * generated into `var/scale/xN` (made on first use). Each phase runs in its own node process
 * (`measure.ts`) with `--max-old-space-size=heap` and `--expose-gc`, one after another, never
 * in parallel: build (progress on stderr, saved size), query (load time, memory, p50/p99 per
 * kind for the index and the scan), start-up (server ready time, median of `--startup-runs`, the
 * server started as `--runner` says: `tsx` is what `npm start` runs, the default; `startup.ts`).
 * Figures are merged into `bench/scale/results/xN.json`; `plot.ts` turns them into the table
 * and the SVG.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { isMain, positiveNumber, ROOT, run } from '../lib/cli.js';
import { machine, type Machine } from '../lib/machine.js';
import { median } from '../lib/stats.js';
import { generateInto } from './generate.js';
import type { BuildFigures, QueryFigures } from './measure.js';
import { measureStartup, RUNNERS, type Runner } from './startup.js';

/** Everything measured at one size. */
export interface ScaleResult {
  factor: number;
  corpusDir: string;
  machine: Machine;
  /** Old-space limit the phases ran with, in MB. */
  heapLimitMB: number;
  build?: BuildFigures & Provenance;
  query?: QueryFigures & Provenance;
  startup?: {
    runsMs: number[];
    medianMs: number;
    /** CPU milliseconds of each start (all threads) when its first answer arrived, where it could be read. */
    cpuMs: number[];
    total: number;
    /** Starts whose first answer was incomplete (should be none). */
    partialRuns: number;
    nodeOptions: string;
    runner: Runner;
    /** One-minute load average when the first start began. */
    loadAverageBefore: number;
  } & Omit<Provenance, 'command'>;
}

/** When and how a phase ran; the machine is shared, so its load is part of the record. */
export interface Provenance {
  command: string;
  measuredAt: string;
  /** One-minute load average when the phase ended (2 cores: above 2 means waiting for CPU). */
  loadAverage: number;
}

/** Where results are kept (committed: they are what BENCHMARKS.md and the plot show). */
export const RESULTS_DIR = join(ROOT, 'bench', 'scale', 'results');

/** No single phase may run longer than this. */
const PHASE_TIMEOUT_MS = 9.5 * 60 * 1000;

function tag(factor: number): string {
  return `x${String(factor).replace('.', 'p')}`;
}

/** Runs `measure.ts` in a fresh process and parses its JSON line. */
async function measure(args: string[], heapMB: number): Promise<{ figures: unknown; command: string }> {
  const nodeArgs = [`--max-old-space-size=${String(heapMB)}`, '--expose-gc', '--import', 'tsx', join(ROOT, 'bench', 'scale', 'measure.ts'), ...args];
  const command = `node ${nodeArgs.join(' ').replaceAll(ROOT, '')}`;
  process.stderr.write(`$ ${command}\n`);
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, nodeArgs, { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
    }, PHASE_TIMEOUT_MS);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      const last = out.trim().split('\n').pop() ?? '';
      if (code !== 0) {
        reject(new Error(`bench: measure ${args.join(' ')} failed (${signal ?? `exit ${String(code)}`})`));
        return;
      }
      try {
        resolveRun({ figures: JSON.parse(last) as unknown, command });
      } catch {
        reject(new Error(`bench: measure printed no figures: ${last.slice(0, 200)}`));
      }
    });
  });
}

function readResult(file: string): Partial<ScaleResult> {
  if (!existsSync(file)) return {};
  return JSON.parse(readFileSync(file, 'utf8')) as Partial<ScaleResult>;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      factor: { type: 'string' },
      phase: { type: 'string', default: 'all' },
      heap: { type: 'string' },
      rounds: { type: 'string' },
      warmup: { type: 'string' },
      'startup-runs': { type: 'string' },
      runner: { type: 'string', default: 'tsx' },
      smoke: { type: 'boolean', default: false },
    },
  });
  const smoke = values.smoke;
  const factor = smoke ? 0.1 : positiveNumber('factor', values.factor, 1);
  const heapMB = positiveNumber('heap', values.heap, 8192);
  const rounds = smoke ? 1 : positiveNumber('rounds', values.rounds, 30);
  const warmup = smoke ? 0 : Math.floor(Number(values.warmup ?? '2'));
  const startupRuns = smoke ? 1 : positiveNumber('startup-runs', values['startup-runs'], 3);
  const runner = values.runner as Runner;
  if (!RUNNERS.includes(runner)) throw new Error(`bench: --runner must be one of ${RUNNERS.join(', ')}, got "${values.runner}"`);
  const phases = values.phase === 'all' ? ['build', 'query', 'startup'] : [values.phase];
  for (const phase of phases) if (!['build', 'query', 'startup'].includes(phase)) throw new Error(`bench: --phase must be all, build, query or startup, got "${phase}"`);

  const scratch = smoke ? join(tmpdir(), `bench-scale-smoke-${String(process.pid)}`) : join(ROOT, 'var', 'scale');
  const corpusDir = factor === 1 ? join(ROOT, 'corpus') : join(scratch, tag(factor));
  const indexDir = join(scratch, `index-${tag(factor)}`);
  const resultsDir = smoke ? join(scratch, 'results') : RESULTS_DIR;
  const file = join(resultsDir, `${tag(factor)}.json`);
  if (factor !== 1 && (!existsSync(corpusDir) || readdirSync(corpusDir).length === 0)) {
    process.stderr.write(`generating ${corpusDir}\n`);
    generateInto(join(ROOT, 'corpus'), corpusDir, { factor });
  }
  const result: ScaleResult = { ...readResult(file), factor, corpusDir: corpusDir.replace(ROOT, ''), machine: machine(), heapLimitMB: heapMB };
  const stamp = (): { measuredAt: string; loadAverage: number } => ({ measuredAt: new Date().toISOString(), loadAverage: loadavg()[0] ?? 0 });
  const save = (): void => {
    mkdirSync(resultsDir, { recursive: true });
    writeFileSync(file, `${JSON.stringify(result, null, 1)}\n`);
  };

  if (phases.includes('build')) {
    const { figures, command } = await measure(['--phase', 'build', '--corpus', corpusDir, '--index', indexDir], heapMB);
    result.build = { ...(figures as BuildFigures), command, ...stamp() };
    save();
    process.stderr.write(`build ${(result.build.buildMs / 1000).toFixed(1)} s, saved ${(result.build.savedBytes / 1e6).toFixed(1)} MB\n`);
  }
  if (phases.includes('query')) {
    const args = ['--phase', 'query', '--corpus', corpusDir, '--index', indexDir, '--rounds', String(rounds), '--warmup', String(warmup)];
    const { figures, command } = await measure(args, heapMB);
    result.query = { ...(figures as QueryFigures), command, ...stamp() };
    save();
    process.stderr.write(`load ${(result.query.loadMs / 1000).toFixed(2)} s, heap ${(result.query.memory.heapUsed / 1e6).toFixed(0)} MB\n`);
  }
  if (phases.includes('startup')) {
    const nodeOptions = `--max-old-space-size=${String(heapMB)}`;
    const runsMs: number[] = [];
    const cpuMs: number[] = [];
    let total = -1;
    let partialRuns = 0;
    const loadAverageBefore = loadavg()[0] ?? 0;
    for (let i = 0; i < startupRuns; i++) {
      const ready = await measureStartup({ corpusDir, indexDir, timeoutMs: PHASE_TIMEOUT_MS / startupRuns, nodeOptions, runner });
      runsMs.push(ready.readyMs);
      if (ready.cpuMs !== undefined) cpuMs.push(ready.cpuMs);
      total = ready.total;
      if (ready.partial) partialRuns++;
      process.stderr.write(`server ready in ${(ready.readyMs / 1000).toFixed(2)} s${ready.cpuMs === undefined ? '' : ` (CPU ${(ready.cpuMs / 1000).toFixed(2)} s)`}${ready.partial ? ' (first answer partial)' : ''}\n`);
    }
    result.startup = { runsMs, medianMs: median(runsMs), cpuMs, total, partialRuns, nodeOptions, runner, loadAverageBefore, ...stamp() };
    save();
  }
  process.stdout.write(`${file}\n`);
  if (smoke) rmSync(scratch, { recursive: true, force: true });
}

if (isMain(import.meta.url)) run('scale', main);
