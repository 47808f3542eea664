/**
 * Server ready time: from spawning the server as a user starts it (with CORPUS_DIR, INDEX_DIR
 * and a free PORT) to the first answered `GET /api/search`, with the index already saved. The
 * clock starts before the process is spawned, so it includes node (and tsx, or npm) starting,
 * the fingerprint check, loading the index, what is read before serving, and the first search.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../lib/cli.js';
import { freePort } from '../lib/free-port.js';

/**
 * How the server is started: `tsx` is the command `npm start` runs (`node --import tsx
 * src/cli/serve.ts`), `npm` is `npm start` itself (npm's own start included), `dist` is the
 * command of `npm run start:prod` (`node dist/cli/serve.js`, after `npm run build:prod`).
 */
export type Runner = 'tsx' | 'npm' | 'dist';

/** Every runner, in the order benchmarks list them. */
export const RUNNERS: readonly Runner[] = ['tsx', 'npm', 'dist'];

/** Options of {@link measureStartup}. */
export interface StartupOptions {
  corpusDir: string;
  indexDir: string;
  /** Give up after this many milliseconds. */
  timeoutMs: number;
  /** Extra `NODE_OPTIONS` for the server (e.g. a larger heap). */
  nodeOptions?: string;
  /** The query of the first search. */
  query?: string;
  /** How the server is started (`tsx`, as `npm start` runs it, by default). */
  runner?: Runner;
}

/** What one start gave. */
export interface StartupFigures {
  /** Milliseconds from spawn to the first 200 answer to a search. */
  readyMs: number;
  /**
   * CPU milliseconds (user and system, all threads) the server process had used when its first
   * answer arrived, from `/proc` (Linux; `undefined` elsewhere, and for `npm`, whose server is
   * a process of its own). On a shared machine the wall time waits for a core; the CPU time
   * does not.
   */
  cpuMs?: number;
  /** The first answer's `total`. */
  total: number;
  /** Whether the first answer said it was incomplete (`partial`). */
  partial: boolean;
}

/** The command line of `runner` (throws when `dist` is asked for and not built). */
export function runnerCommand(runner: Runner): { command: string; args: string[] } {
  switch (runner) {
    case 'tsx':
      return { command: process.execPath, args: ['--import', 'tsx', join(ROOT, 'src', 'cli', 'serve.ts')] };
    case 'npm':
      return { command: 'npm', args: ['start', '--silent'] };
    case 'dist': {
      const entry = join(ROOT, 'dist', 'cli', 'serve.js');
      if (!existsSync(entry)) throw new Error(`bench: ${entry} is missing; run \`npm run build:prod\` first`);
      return { command: process.execPath, args: [entry] };
    }
  }
}

/** Clock ticks per second of `/proc/<pid>/stat` (USER_HZ: 100 on every Linux Node runs on). */
const TICKS_PER_SECOND = 100;

/** CPU milliseconds (user and system) process `pid` has used, from `/proc`; `undefined` where it cannot be read. */
export function processCpuMs(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${String(pid)}/stat`, 'latin1');
    // Fields after the command name (which may hold spaces), from the third: utime and stime are the 14th and 15th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? (ticks * 1000) / TICKS_PER_SECOND : undefined;
  } catch {
    return undefined;
  }
}

/** Starts the server once and times it to its first answered search; stops it afterwards. */
export async function measureStartup(options: StartupOptions): Promise<StartupFigures> {
  const port = await freePort();
  const { command, args } = runnerCommand(options.runner ?? 'tsx');
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: '127.0.0.1', CORPUS_DIR: options.corpusDir, INDEX_DIR: options.indexDir };
  if (options.nodeOptions !== undefined) env.NODE_OPTIONS = options.nodeOptions;
  const started = performance.now();
  const child = spawn(command, args, { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-2000);
  });
  let exited: number | null | undefined;
  child.once('exit', (code) => {
    exited = code;
  });
  const url = `http://127.0.0.1:${String(port)}/api/search?q=${encodeURIComponent(options.query ?? '营商环境')}`;
  try {
    for (;;) {
      if (exited !== undefined) throw new Error(`bench: server exited with ${String(exited)} before answering: ${stderr.trim()}`);
      if (performance.now() - started > options.timeoutMs) throw new Error(`bench: server not ready after ${String(options.timeoutMs)} ms`);
      try {
        const response = await fetch(url);
        if (response.status === 200) {
          const readyMs = performance.now() - started;
          const cpuMs = options.runner === 'npm' ? undefined : processCpuMs(child.pid);
          const body = (await response.json()) as { total?: unknown; partial?: unknown };
          return { readyMs, ...(cpuMs === undefined ? {} : { cpuMs }), total: typeof body.total === 'number' ? body.total : -1, partial: body.partial !== undefined };
        }
      } catch {
        // Not listening yet.
      }
      await new Promise((resolveWait) => setTimeout(resolveWait, 10));
    }
  } finally {
    if (exited === undefined) {
      const gone = new Promise((resolveExit) => child.once('exit', resolveExit));
      child.kill('SIGTERM');
      await gone;
    }
  }
}
