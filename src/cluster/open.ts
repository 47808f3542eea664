/**
 * Opening the search over a cluster: the corpus is read here (hits, highlights, snippets and the
 * reader are built from our own text), the cluster's manifest and ranking statistics must have
 * been built from the same corpus and analyser, and the front must answer with every paragraph;
 * otherwise a clear error.
 */
import { loadCorpus, type CorpusProblem, type CorpusWarning } from '../ingest/index.js';
import { fingerprintOf } from '../index/index.js';
import { buildParagraphTable } from '../index/paragraphs.js';
import { EngineSearchService } from '../search/engine-service.js';
import type { PartialAnswer } from '../search/types.js';
import { addCorpusTerms } from '../text/index.js';
import { ClusterError } from './local.js';
import { readManifest, readVocabulary } from './manifest.js';
import { readRanking } from './ranking.js';
import { SphinxEngine } from './sphinx-engine.js';

/** Options of `openClusterSearch`. */
export interface OpenClusterOptions {
  corpusDir: string;
  /** Directory holding the cluster's `manifest.json`, `vocabulary.json` and `ranking.bin`. */
  clusterDir: string;
  host: string;
  port: number;
  /** Milliseconds a query may take (default 30 s). */
  queryTimeoutMs?: number;
}

/** An opened cluster search. */
export interface OpenedCluster {
  service: EngineSearchService;
  engine: SphinxEngine;
  problems: CorpusProblem[];
  warnings: CorpusWarning[];
  paragraphs: number;
  /** Set when some agents did not answer the start-up check. */
  partial?: PartialAnswer;
}

/** Opens the search over the cluster; throws `ClusterError` (in Chinese) when it cannot serve this corpus. */
export async function openClusterSearch(options: OpenClusterOptions): Promise<OpenedCluster> {
  const { reports, problems, warnings } = await loadCorpus(options.corpusDir);
  addCorpusTerms(reports);
  const manifest = readManifest(options.clusterDir);
  if (manifest === undefined) throw new ClusterError(`${options.clusterDir} 中没有集群清单：先运行 npm run cluster -- up`);
  const fingerprint = fingerprintOf(options.corpusDir, reports);
  const stale = (['corpus', 'analyzer', 'paragraphs'] as const).filter((key) => manifest.fingerprint[key] !== fingerprint[key]);
  if (stale.length > 0) throw new ClusterError(`集群索引与语料不一致（${stale.join('、')} 不同）：运行 npm run cluster -- index 重建变化的分片`);
  const table = buildParagraphTable(reports, undefined);
  const ranking = readRanking(options.clusterDir, fingerprint, table.blocks.length);
  if ('reason' in ranking) throw new ClusterError(`集群的排序统计不能用（${ranking.reason}）：运行 npm run cluster -- index`);
  // The generation's own distributed index: a re-index adds the next one beside it.
  const engine = new SphinxEngine(table, ranking.scorer, { host: options.host, port: options.port, index: manifest.index, ...(options.queryTimeoutMs === undefined ? {} : { queryTimeoutMs: options.queryTimeoutMs }) });
  let counted: Awaited<ReturnType<SphinxEngine['count']>>;
  try {
    counted = await engine.count();
  } catch (error) {
    await engine.close();
    throw new ClusterError(`检索集群 ${options.host}:${String(options.port)} 无法使用：${error instanceof Error ? error.message : String(error)}`);
  }
  const expected = table.blocks.length;
  if (counted.partial === undefined && counted.paragraphs !== expected) {
    await engine.close();
    throw new ClusterError(`检索集群有 ${String(counted.paragraphs)} 段，语料有 ${String(expected)} 段：运行 npm run cluster -- index`);
  }
  // Before it answers: a first search must not spend its time budget reading the corpus's spellings.
  const service = new EngineSearchService(table, readVocabulary(options.clusterDir), engine, ranking.scorer.tables).prepare();
  return { service, engine, problems, warnings, paragraphs: counted.paragraphs, ...(counted.partial === undefined ? {} : { partial: counted.partial }) };
}
