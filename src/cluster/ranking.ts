/**
 * The cluster's ranking statistics: the same BM25 tables the embedded index scores with (term
 * frequencies per paragraph and field, field lengths, averages), built from our `analyze()` at
 * indexing and saved as `ranking.bin` beside the manifest. The front scores the candidates the
 * engine found with them, so a cluster ranks exactly as the embedded index does; the engine's
 * own relevance (per-shard statistics, its own formula) is not used.
 */
import { join } from 'node:path';
import { RankedScorer, type RankedTables } from '../index/bm25.js';
import { Container, writeContainerFile } from '../index/container.js';
import type { IndexFingerprint } from '../index/index.js';
import { rankedHeader, rankedSections, readRankedTables } from '../index/ranked-store.js';
import { CLUSTER_FORMAT } from './manifest.js';

export function rankingFile(dir: string): string {
  return join(dir, 'ranking.bin');
}

/** Writes the ranking tables of the corpus with `fingerprint` atomically; returns the bytes written. */
export function writeRanking(dir: string, tables: RankedTables, fingerprint: IndexFingerprint): number {
  return writeContainerFile(rankingFile(dir), { format: CLUSTER_FORMAT, fingerprint, count: tables.documentCount, ranked: rankedHeader(tables) }, rankedSections(tables));
}

/**
 * The scorer saved in `dir` for the corpus with `fingerprint` and `paragraphCount` paragraphs;
 * the reason it cannot be used otherwise (missing, damaged, of another corpus).
 */
export function readRanking(dir: string, fingerprint: IndexFingerprint, paragraphCount: number): { scorer: RankedScorer } | { reason: string } {
  let container: Container;
  try {
    container = Container.open(rankingFile(dir));
  } catch (error) {
    return { reason: (error as NodeJS.ErrnoException).code === 'ENOENT' ? `没有 ${rankingFile(dir)}` : `${rankingFile(dir)} 无法读取：${error instanceof Error ? error.message : String(error)}` };
  }
  try {
    const { header } = container;
    const saved = (header.fingerprint ?? {}) as Partial<IndexFingerprint>;
    if (header.format !== CLUSTER_FORMAT) return { reason: `排序统计的格式为 ${JSON.stringify(header.format)}，应为 ${String(CLUSTER_FORMAT)}` };
    const stale = (['corpus', 'analyzer', 'paragraphs'] as const).filter((key) => saved[key] !== fingerprint[key]);
    if (stale.length > 0) return { reason: `排序统计与语料不一致（${stale.join('、')} 不同）` };
    if (header.count !== paragraphCount) return { reason: `排序统计有 ${JSON.stringify(header.count)} 段，语料有 ${String(paragraphCount)} 段` };
    if (!container.checksumMatches()) return { reason: `${rankingFile(dir)} 已损坏（校验和不符）` };
    return { scorer: new RankedScorer(readRankedTables(container, paragraphCount)) };
  } catch (error) {
    return { reason: `${rankingFile(dir)} 已损坏：${error instanceof Error ? error.message : String(error)}` };
  } finally {
    container.close();
  }
}
