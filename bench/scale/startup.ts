/**
 * Server ready time: from spawning the server as a user starts it (with CORPUS_DIR, INDEX_DIR
 * and a free PORT) to the first answered `GET /api/search`, with the index already saved. The
 * clock starts before the process is spawned, so it includes node (and tsx, or npm) starting,
 * the fingerprint check, loading the index, what is read before serving, and the first search.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
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
          const body = (await response.json()) as { total?: unknown; partial?: unknown };
          const readyMs = performance.now() - started;
          return { readyMs, total: typeof body.total === 'number' ? body.total : -1, partial: body.partial !== undefined };
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
