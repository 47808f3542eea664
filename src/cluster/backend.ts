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

/** The chosen backend, opened. */
export interface OpenedBackend {
  service: SearchService;
  /** `embedded` or `sphinxql`. */
  kind: 'embedded' | 'sphinxql';
  problems: CorpusProblem[];
  warnings: CorpusWarning[];
  /** What to log about how it was opened. */
  details: Record<string, string | number>;
  /** Releases the engine's connections. */
  close: () => Promise<void>;
}

/** Options of `openBackend`. */
export interface BackendOptions {
  corpusDir: string;
  indexDir: string;
  env: NodeJS.ProcessEnv;
  onProgress?: (progress: BuildProgress) => void;
}

async function openEmbedded(options: BackendOptions, details: Record<string, string | number>): Promise<OpenedBackend> {
  const opened = await openSearch({ corpusDir: options.corpusDir, indexDir: options.indexDir, ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }) });
  return {
    service: new CoreSearchService(opened.service),
    kind: 'embedded',
    problems: opened.problems,
    warnings: opened.warnings,
    details: { ...details, index: opened.index.source, ...(opened.index.reason === undefined ? {} : { reason: opened.index.reason }) },
    close: () => Promise.resolve(),
  };
}

function port(value: string | undefined): number {
  const n = Number(value);
  if (value === undefined || !Number.isInteger(n) || n < 1 || n > 65535) throw new ClusterError(`SPHINX_PORT 应为 1–65535 的整数，收到“${value ?? ''}”`);
  return n;
}

/** Opens the backend the environment names. */
export async function openBackend(options: BackendOptions): Promise<OpenedBackend> {
  const { env } = options;
  const backend = env.SEARCH_BACKEND ?? 'embedded';
  if (backend === 'embedded') return openEmbedded(options, {});
  if (backend !== 'sphinxql') throw new ClusterError(`SEARCH_BACKEND 应为 embedded 或 sphinxql，收到“${backend}”`);
  const fallback = env.SEARCH_FALLBACK ?? '';
  if (fallback !== '' && fallback !== 'embedded') throw new ClusterError(`SEARCH_FALLBACK 只能为 embedded，收到“${fallback}”`);
  const clusterDir = env.CLUSTER_DIR;
  if (clusterDir === undefined || clusterDir === '') throw new ClusterError('SEARCH_BACKEND=sphinxql 需要 CLUSTER_DIR（npm run cluster -- up 会打印）');
  try {
    const opened = await openClusterSearch({ corpusDir: options.corpusDir, clusterDir, host: env.SPHINX_HOST ?? '127.0.0.1', port: port(env.SPHINX_PORT) });
    return {
      service: opened.service,
      kind: 'sphinxql',
      problems: opened.problems,
      warnings: opened.warnings,
      details: { paragraphs: opened.paragraphs, ...(opened.partial === undefined ? {} : { partial: opened.partial.reasons.join('; ') }) },
      close: () => opened.engine.close(),
    };
  } catch (error) {
    if (fallback !== 'embedded' || !(error instanceof ClusterError)) throw error;
    return openEmbedded(options, { fallback: error.message });
  }
}
