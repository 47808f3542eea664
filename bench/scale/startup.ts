/**
 * Server ready time: from spawning `tsx src/cli/serve.ts` (with CORPUS_DIR, INDEX_DIR and a free
 * PORT) to the first answered `GET /api/search`, with the index already saved. The clock starts
 * before the process is spawned, so it includes node and tsx starting, ingest, the fingerprint
 * check, loading the index and the first search.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from '../lib/cli.js';
import { freePort } from '../lib/free-port.js';


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
}

/** Milliseconds from spawn to the first 200 answer to a search, and the answer's total. */
export async function measureStartup(options: StartupOptions): Promise<{ readyMs: number; total: number }> {
  const port = await freePort();
  const started = performance.now();
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: '127.0.0.1', CORPUS_DIR: options.corpusDir, INDEX_DIR: options.indexDir };
  if (options.nodeOptions !== undefined) env.NODE_OPTIONS = options.nodeOptions;
  const child = spawn(process.execPath, [join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(ROOT, 'src', 'cli', 'serve.ts')], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
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
          const body = (await response.json()) as { total?: unknown };
          const readyMs = performance.now() - started;
          return { readyMs, total: typeof body.total === 'number' ? body.total : -1 };
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
