/**
 * `npm start`: opens the search service on the bundled corpus (building the index when the
 * saved one is missing or stale), then serves the site on PORT (3000); refuses to start when
 * no report could be read. SIGTERM and SIGINT finish the requests in flight before exiting.
 *
 * Environment: PORT, HOST (all interfaces by default), BASE_URL (absolute site address for
 * citations), CORPUS_DIR and INDEX_DIR (default `corpus/` and `var/index/`); SEARCH_BACKEND
 * (`embedded` or `sphinxql`), SPHINX_HOST, SPHINX_PORT, CLUSTER_DIR and SEARCH_FALLBACK for a
 * cluster (`src/cluster/backend.ts`; `npm run cluster -- up` prints them).
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { progressBar } from '../index/index.js';
import { openBackend } from '../cluster/backend.js';
import { createApp } from '../web/app.js';
import { consoleLogger } from '../web/logger.js';
import { listen, shutdown } from '../web/server.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function port(value: string | undefined): number {
  if (value === undefined || value === '') return 3000;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`serve: PORT must be an integer from 0 to 65535, got "${value}"`);
  return n;
}

async function main(): Promise<void> {
  const started = performance.now();
  const corpusDir = process.env.CORPUS_DIR ?? join(ROOT, 'corpus');
  const indexDir = process.env.INDEX_DIR ?? join(ROOT, 'var', 'index');
  const bar = progressBar();
  const opened = await openBackend({ corpusDir, indexDir, env: process.env, onProgress: bar.update });
  bar.done();
  for (const problem of opened.problems) consoleLogger.error('corpus file skipped', { ...problem });
  for (const warning of opened.warnings) consoleLogger.info('corpus file read with a warning', { file: warning.file, warning: warning.message });
  if (opened.service.documents().length === 0) throw new Error(`serve: no report could be read from ${corpusDir}`);
  if (opened.details.fallback !== undefined) consoleLogger.error('cluster unavailable, serving from the embedded index', { reason: opened.details.fallback });
  const app = createApp({ service: opened.service, ...(process.env.BASE_URL ? { baseUrl: process.env.BASE_URL } : {}), logger: consoleLogger });
  const { server, url } = await listen(app, port(process.env.PORT), process.env.HOST);
  consoleLogger.info(`serving ${url}`, {
    documents: opened.service.documents().length,
    backend: opened.kind,
    ...opened.details,
    readyMs: Math.round(performance.now() - started),
  });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    consoleLogger.info('shutting down', { signal });
    void shutdown(server).then((clean) => {
      consoleLogger.info(clean ? 'stopped' : 'stopped, connections cut after timeout');
      void opened.close().finally(() => process.exit(clean ? 0 : 1));
    });
  };
  process.once('SIGTERM', () => {
    stop('SIGTERM');
  });
  process.once('SIGINT', () => {
    stop('SIGINT');
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
