/**
 * `npm start`: opens the search service on the bundled corpus (building the index when the
 * saved one is missing or stale), then serves the site on PORT (3000); refuses to start when
 * no report could be read. SIGTERM and SIGINT finish the requests in flight before exiting.
 *
 * The corpus is live: a file added, changed or removed in CORPUS_DIR (or a document dropped in
 * INBOX_DIR) is indexed in a worker thread and swapped in while the site keeps answering. Served
 * from a cluster (SEARCH_BACKEND=sphinxql), the site swaps in what the cluster was re-indexed with.
 *
 * Environment: PORT, HOST (all interfaces by default), BASE_URL (absolute site address for
 * citations), CORPUS_DIR and INDEX_DIR (default `corpus/` and `var/index/`), INBOX_DIR (`inbox/`;
 * `off` for none), POLL_MS (how often the folders are polled besides being watched, 2000); the
 * admission gate's SEARCH_BUDGET_MS (50 ms; from a cluster, sized to its corpus), SEARCH_CONCURRENCY, SEARCH_QUEUE, SEARCH_PER_CLIENT,
 * SEARCH_MAX_WAIT_MS; TRUST_PROXY (Express `trust proxy`, e.g. `loopback` behind a local
 * reverse proxy); ALLOWED_HOSTS (hosts trusted from the `Host` header when BASE_URL is unset;
 * localhost by default).
 */
import type { Server } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { progressBar } from '../index/index.js';
import { clusterSettings, openCluster } from '../cluster/backend.js';
import { withClusterBudget } from '../cluster/budget.js';
import { ClusterGenerations } from '../cluster/generations.js';
import { LIVE_DEFAULTS, LiveCorpus, snapshot } from '../live/index.js';
import { openSearch } from '../search/index.js';
import type { AdmissionOptions } from '../web/admission.js';
import { createApp } from '../web/app.js';
import { parseAllowedHosts } from '../web/public-address.js';
import { consoleLogger } from '../web/logger.js';
import { listen, shutdown } from '../web/server.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function port(value: string | undefined): number {
  if (value === undefined || value === '') return 3000;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`serve: PORT must be an integer from 0 to 65535, got "${value}"`);
  return n;
}

/** POLL_MS: milliseconds between polls of the corpus and inbox folders. */
function pollMs(value: string | undefined): number {
  if (value === undefined || value === '') return LIVE_DEFAULTS.pollMs;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 100 || n > 3_600_000) throw new Error(`serve: POLL_MS must be an integer from 100 to 3600000, got "${value}"`);
  return n;
}

/** INBOX_DIR: the inbox folder, `inbox/` by default, none when `off`. */
function inboxDir(value: string | undefined): string | undefined {
  if (value === 'off') return undefined;
  return value === undefined || value === '' ? join(ROOT, 'inbox') : value;
}

/** The gate's settings given in the environment (the others keep their defaults). */
function admissionFromEnv(env: NodeJS.ProcessEnv): Partial<AdmissionOptions> {
  const names = { budgetMs: 'SEARCH_BUDGET_MS', concurrency: 'SEARCH_CONCURRENCY', queue: 'SEARCH_QUEUE', perClient: 'SEARCH_PER_CLIENT', maxWaitMs: 'SEARCH_MAX_WAIT_MS' } as const;
  const out: Partial<AdmissionOptions> = {};
  for (const [key, name] of Object.entries(names) as Array<[keyof typeof names, string]>) {
    const value = env[name];
    if (value === undefined || value === '') continue;
    const n = Number(value);
    if (!Number.isInteger(n) || n < (key === 'budgetMs' ? 0 : 1)) throw new Error(`serve: ${name} must be a whole number, got "${value}"`);
    out[key] = n;
  }
  return out;
}

/** The site's settings from the environment, whatever serves the searches: its address, the proxy, the gate. */
function siteSettings(env: NodeJS.ProcessEnv) {
  return {
    ...(env.BASE_URL ? { baseUrl: env.BASE_URL } : {}),
    ...(env.TRUST_PROXY ? { trustProxy: env.TRUST_PROXY } : {}),
    allowedHosts: [...parseAllowedHosts(env.ALLOWED_HOSTS)],
    admission: admissionFromEnv(env),
    logger: consoleLogger,
  };
}

/**
 * The site served from a cluster. The cluster is re-indexed by its own command (`npm run cluster
 * -- index`); the site follows its manifest and swaps in the re-indexed corpus.
 */
async function serveCluster(generations: ClusterGenerations, started: number): Promise<{ server: Server; close: () => Promise<void> }> {
  const { opened } = generations;
  for (const problem of opened.problems) consoleLogger.error('corpus file skipped', { ...problem });
  for (const warning of opened.warnings) consoleLogger.info('corpus file read with a warning', { file: warning.file, warning: warning.message });
  if (opened.partial !== undefined) consoleLogger.error('cluster nodes did not answer at start', { reasons: opened.partial.reasons.join('; ') });
  const site = siteSettings(process.env);
  // A cluster answer costs far more than an embedded one: unless SEARCH_BUDGET_MS says otherwise,
  // the budget is sized to the corpus (see `clusterBudgetMs`).
  const admission = withClusterBudget(site.admission, opened.paragraphs);
  const app = createApp({ generations, ...site, admission });
  const { server, url } = await listen(app, port(process.env.PORT), process.env.HOST);
  consoleLogger.info(`serving ${url}`, { documents: opened.service.documents().length, backend: 'sphinxql', paragraphs: opened.paragraphs, budgetMs: admission.budgetMs, readyMs: Math.round(performance.now() - started) });
  return { server, close: () => generations.close() };
}

/** The site served from the embedded index, with the live corpus. */
async function serveEmbedded(corpusDir: string, indexDir: string, started: number): Promise<{ server: Server; close: () => Promise<void> }> {
  const liveOptions = { corpusDir, indexDir, inboxDir: inboxDir(process.env.INBOX_DIR), pollMs: pollMs(process.env.POLL_MS) };
  // Taken before the corpus is read, so that a change made during start-up is picked up after it.
  const before = await snapshot(corpusDir);
  const bar = progressBar();
  const opened = await openSearch({ corpusDir, indexDir, onProgress: bar.update });
  bar.done();
  for (const problem of opened.problems) consoleLogger.error('corpus file skipped', { ...problem });
  for (const warning of opened.warnings) consoleLogger.info('corpus file read with a warning', { file: warning.file, warning: warning.message });
  if (opened.service.documents().length === 0) throw new Error(`serve: no report could be read from ${corpusDir}`);
  const warnings: string[] = [];
  if (opened.index.saveError !== undefined) {
    // The index was built in memory: serve it; the next start builds it again.
    warnings.push(`索引无法保存，仅在内存中提供服务（下次启动将重新建立）：${opened.index.saveError}`);
    consoleLogger.error('index not saved; serving it from memory', { error: opened.index.saveError });
  }
  // Before serving: a first search must not spend its time budget reading the corpus's spellings.
  opened.service.prepare();
  const live = await LiveCorpus.start({ opened, snapshot: before, logger: consoleLogger }, liveOptions);
  const app = createApp({ generations: live, ...siteSettings(process.env), warnings });
  const { server, url } = await listen(app, port(process.env.PORT), process.env.HOST);
  consoleLogger.info(`serving ${url}`, {
    documents: opened.service.documents().length,
    backend: 'embedded',
    index: opened.index.source,
    ...(opened.index.reason !== undefined ? { reason: opened.index.reason } : {}),
    readyMs: Math.round(performance.now() - started),
    watching: corpusDir,
    inbox: liveOptions.inboxDir ?? 'off',
    pollMs: liveOptions.pollMs,
  });
  return { server, close: () => live.close() };
}

async function main(): Promise<void> {
  const started = performance.now();
  // Listened for before anything is served: a supervisor may stop the server the moment it
  // reads "serving", before the start-up's last step has returned.
  const state: { running?: { server: Server; close: () => Promise<void> }; stopping: boolean } = { stopping: false };
  const stop = (signal: string) => {
    if (state.stopping) return;
    state.stopping = true;
    consoleLogger.info('shutting down', { signal });
    const { running } = state;
    const done = running === undefined ? Promise.resolve(true) : Promise.all([shutdown(running.server), running.close()]).then(([clean]) => clean);
    void done.then((clean) => {
      consoleLogger.info(clean ? 'stopped' : 'stopped, connections cut after timeout');
      // Writes to a pipe are asynchronous: exit once the log lines have left, or a supervisor
      // reading the pipe never sees how the server stopped.
      process.stdout.write('', () => process.exit(clean ? 0 : 1));
    });
  };
  process.once('SIGTERM', () => {
    stop('SIGTERM');
  });
  process.once('SIGINT', () => {
    stop('SIGINT');
  });

  const corpusDir = process.env.CORPUS_DIR ?? join(ROOT, 'corpus');
  const indexDir = process.env.INDEX_DIR ?? join(ROOT, 'var', 'index');
  const settings = clusterSettings(process.env);
  const cluster =
    settings === undefined
      ? undefined
      : await openCluster(settings, () => ClusterGenerations.open({ corpusDir, clusterDir: settings.clusterDir, host: settings.host, port: settings.port, pollMs: pollMs(process.env.POLL_MS), logger: consoleLogger }));
  if (cluster !== undefined && 'fallback' in cluster) consoleLogger.error('cluster unavailable, serving from the embedded index', { reason: cluster.fallback });
  if (cluster !== undefined && 'opened' in cluster && cluster.opened.opened.service.documents().length === 0) throw new Error(`serve: no report could be read from ${corpusDir}`);
  const served = cluster !== undefined && 'opened' in cluster ? await serveCluster(cluster.opened, started) : await serveEmbedded(corpusDir, indexDir, started);
  if (state.stopping) {
    // Stopped while starting: what was started now goes too; the exit above is on its way.
    await Promise.all([shutdown(served.server), served.close()]);
    return;
  }
  state.running = served;
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
