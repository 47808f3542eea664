/**
 * `npm run cluster -- up [--nodes N] [--shards-per-node S] [--corpus DIR] [--dir DIR]`: index
 * the corpus into N·S shards by report, write the configs under `var/cluster/`, start N
 * `searchd` data nodes and the distributed front on free loopback ports, wait until they
 * answer, and print the environment `npm start` needs, one `KEY=VALUE` per line on stdout
 * (everything else goes to stderr, so `export $(npm run --silent cluster -- up)` works).
 * `down` stops exactly those processes; `index [--force]` indexes again the shards whose
 * reports changed (rotating them into the running nodes); `status` says what runs and prints
 * the environment again. Needs `searchd` and `indexer` (Debian: `apt-get install sphinxsearch`).
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CORPUS_DIR, loadCorpus, PROJECT_ROOT } from '../ingest/index.js';
import { clusterEnvironment, downCluster, indexCluster, requireEngine, runningPid, upCluster, ClusterError } from '../cluster/local.js';
import { readManifest } from '../cluster/manifest.js';
import { progressBar } from '../index/index.js';
import { addCorpusTerms } from '../text/index.js';
import { runCommand } from './run.js';

/** Where the local cluster lives by default (git-ignored). */
const DEFAULT_CLUSTER_DIR = resolve(PROJECT_ROOT, 'var', 'cluster');

const USAGE = '用法：npm run cluster -- up [--nodes N] [--shards-per-node S] [--corpus 目录] [--dir 目录] | down | index [--force] | status';

function count(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new ClusterError(`--${name} 应为 1–64 的整数，收到“${value}”`);
  return n;
}

function say(line: string): void {
  process.stderr.write(`${line}\n`);
}

async function readReports(corpusDir: string): Promise<Awaited<ReturnType<typeof loadCorpus>>['reports']> {
  const { reports, problems } = await loadCorpus(corpusDir);
  for (const problem of problems) say(`跳过 ${problem.file}：${problem.reason}`);
  if (reports.length === 0) throw new ClusterError(`${corpusDir} 中没有可读的报告`);
  addCorpusTerms(reports);
  return reports;
}

/**
 * Follows the analysis of the corpus (minutes for a large one): a bar on a terminal, a line at
 * every tenth elsewhere (a log).
 */
function analysisProgress(): { onProgress: (done: number, total: number) => void; done: () => void } {
  if (process.stderr.isTTY) {
    const bar = progressBar();
    return { onProgress: (done, total) => { bar.update({ phase: 'ranked', done, total }); }, done: bar.done };
  }
  const started = performance.now();
  let last = 0;
  return {
    onProgress: (done, total) => {
      const tenth = total === 0 ? 10 : Math.floor((done / total) * 10);
      if (tenth <= last) return;
      last = tenth;
      say(`分析：${String(done)}/${String(total)} 段（${String(tenth * 10)}%，${((performance.now() - started) / 1000).toFixed(0)} 秒）`);
    },
    done: () => undefined,
  };
}

/** How long each part of the indexing took, for the operator. */
function timings(outcome: { rowsMs: number; analysisMs: number; indexerMs: number }): string {
  const s = (ms: number): string => `${(ms / 1000).toFixed(1)} 秒`;
  return `分词分析 ${s(outcome.analysisMs)}（其间写入行 ${s(outcome.rowsMs)}），indexer ${s(outcome.indexerMs)}`;
}

function printEnvironment(dir: string): void {
  const manifest = readManifest(dir);
  if (manifest === undefined) throw new ClusterError(`${dir} 中没有集群`);
  for (const [key, value] of Object.entries(clusterEnvironment(dir, manifest))) process.stdout.write(`${key}=${value}\n`);
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      nodes: { type: 'string' },
      'shards-per-node': { type: 'string' },
      corpus: { type: 'string' },
      dir: { type: 'string' },
      force: { type: 'boolean', default: false },
    },
  });
  const command = positionals[0];
  const dir = resolve(values.dir ?? process.env.CLUSTER_DIR ?? DEFAULT_CLUSTER_DIR);
  switch (command) {
    case 'up': {
      requireEngine();
      const corpusDir = resolve(values.corpus ?? process.env.CORPUS_DIR ?? CORPUS_DIR);
      const nodes = count(values.nodes, 'nodes', 2);
      const reports = await readReports(corpusDir);
      const progress = analysisProgress();
      const outcome = await upCluster({ dir, corpusDir, reports, nodes, shardsPerNode: count(values['shards-per-node'], 'shards-per-node', 1), onProgress: progress.onProgress });
      progress.done();
      say(timings(outcome));
      const paragraphs = outcome.manifest.shards.reduce((sum, shard) => sum + shard.paragraphs, 0);
      say(`集群已启动：${String(nodes)} 个节点、${String(outcome.manifest.shards.length)} 个分片，${String(reports.length)} 份报告 ${String(paragraphs)} 段（索引了 ${outcome.indexed.join('、') || '无变化'}，${(outcome.indexBytes / 1024 / 1024).toFixed(1)} MB）；配置在 ${dir}`);
      printEnvironment(dir);
      return 0;
    }
    case 'down': {
      const stopped = downCluster(dir);
      say(stopped.length === 0 ? '没有在运行的集群进程' : `已停止：${stopped.join('、')}`);
      return 0;
    }
    case 'index': {
      requireEngine();
      const manifest = readManifest(dir);
      if (manifest === undefined) throw new ClusterError(`${dir} 中没有集群：先运行 npm run cluster -- up`);
      const corpusDir = resolve(values.corpus ?? manifest.corpusDir);
      const reports = await readReports(corpusDir);
      const progress = analysisProgress();
      const outcome = await indexCluster({ dir, corpusDir, reports, nodes: manifest.nodes, front: manifest.front, force: values.force, onProgress: progress.onProgress });
      progress.done();
      say(timings(outcome));
      say(outcome.indexed.length === 0 ? '分片都是最新的' : `已重建：${outcome.indexed.join('、')}`);
      return 0;
    }
    case 'status': {
      const manifest = readManifest(dir);
      if (manifest === undefined) throw new ClusterError(`${dir} 中没有集群`);
      for (const name of [...manifest.nodes.map((node) => node.name), 'front']) {
        const pid = runningPid(dir, name);
        say(`${name}: ${pid === undefined ? '未运行' : `运行中（pid ${String(pid)}）`}`);
      }
      printEnvironment(dir);
      return 0;
    }
    default:
      throw new ClusterError(USAGE);
  }
}

runCommand('cluster', main);
