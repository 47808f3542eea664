/**
 * The search backend the server uses, chosen by its environment: the embedded index (default), or
 * a SphinxQL cluster (`SEARCH_BACKEND=sphinxql` with `SPHINX_HOST`, `SPHINX_PORT`, `CLUSTER_DIR`,
 * as `npm run cluster -- up` prints them). A cluster that cannot serve at start is an error,
 * unless `SEARCH_FALLBACK=embedded`: then the embedded index serves, and the log says why.
 */
import type { BuildProgress } from '../index/index.js';
import { CoreSearchService, openSearch } from '../search/index.js';
import type { SearchService } from '../search/types.js';
import type { CorpusProblem, CorpusWarning } from '../ingest/index.js';
import { ClusterError } from './local.js';
import { openClusterSearch } from './open.js';

/** Where the cluster is, from the environment. */
export interface ClusterSettings {
  host: string;
  port: number;
  clusterDir: string;
  /** Serve from the embedded index when the cluster cannot serve at start. */
  fallback: boolean;
}

function port(value: string | undefined): number {
  const n = Number(value);
  if (value === undefined || !Number.isInteger(n) || n < 1 || n > 65535) throw new ClusterError(`SPHINX_PORT 应为 1–65535 的整数，收到“${value ?? ''}”`);
  return n;
}

/** The cluster settings of `env`, or `undefined` for the embedded index; throws `ClusterError` on bad values. */
export function clusterSettings(env: NodeJS.ProcessEnv): ClusterSettings | undefined {
  const backend = env.SEARCH_BACKEND ?? 'embedded';
  if (backend === 'embedded' || backend === '') return undefined;
  if (backend !== 'sphinxql') throw new ClusterError(`SEARCH_BACKEND 应为 embedded 或 sphinxql，收到“${backend}”`);
  const fallback = env.SEARCH_FALLBACK ?? '';
  if (fallback !== '' && fallback !== 'embedded') throw new ClusterError(`SEARCH_FALLBACK 只能为 embedded，收到“${fallback}”`);
  const clusterDir = env.CLUSTER_DIR;
  if (clusterDir === undefined || clusterDir === '') throw new ClusterError('SEARCH_BACKEND=sphinxql 需要 CLUSTER_DIR（npm run cluster -- up 会打印）');
  return { host: env.SPHINX_HOST ?? '127.0.0.1', port: port(env.SPHINX_PORT), clusterDir, fallback: fallback === 'embedded' };
}

/**
 * The cluster opened by `open` (the search over it, or its generations for a server), or why the
 * embedded index serves instead: only a `ClusterError` with a fallback configured; anything else is thrown.
 */
export async function openCluster<T>(settings: ClusterSettings, open: () => Promise<T>): Promise<{ opened: T } | { fallback: string }> {
  try {
    return { opened: await open() };
  } catch (error) {
    if (!settings.fallback || !(error instanceof ClusterError)) throw error;
    return { fallback: error.message };
  }
}

/** The chosen backend, opened (without the live corpus the server adds to the embedded index). */
export interface OpenedBackend {
  service: SearchService;
  kind: 'embedded' | 'sphinxql';
  problems: CorpusProblem[];
  warnings: CorpusWarning[];
  /** What to log about how it was opened. */
  details: Record<string, string | number>;
  /** Releases the engine's connections. */
  close: () => Promise<void>;
}

/** Opens the backend `env` names (the CLIs' and tests' way; the server also watches the corpus). */
export async function openBackend(options: { corpusDir: string; indexDir: string; env: NodeJS.ProcessEnv; onProgress?: (progress: BuildProgress) => void }): Promise<OpenedBackend> {
  const settings = clusterSettings(options.env);
  const cluster = settings === undefined ? undefined : await openCluster(settings, () => openClusterSearch({ corpusDir: options.corpusDir, clusterDir: settings.clusterDir, host: settings.host, port: settings.port }));
  if (cluster !== undefined && 'opened' in cluster) {
    const { opened } = cluster;
    return {
      service: opened.service,
      kind: 'sphinxql',
      problems: opened.problems,
      warnings: opened.warnings,
      details: { paragraphs: opened.paragraphs, ...(opened.partial === undefined ? {} : { partial: opened.partial.reasons.join('; ') }) },
      close: () => opened.engine.close(),
    };
  }
  const opened = await openSearch({ corpusDir: options.corpusDir, indexDir: options.indexDir, ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }) });
  return {
    service: new CoreSearchService(opened.service),
    kind: 'embedded',
    problems: opened.problems,
    warnings: opened.warnings,
    details: { index: opened.index.source, ...(cluster === undefined ? {} : { fallback: cluster.fallback }) },
    close: () => Promise.resolve(),
  };
}
