/**
 * A cluster on this machine: index the corpus into shards (only the shards whose reports
 * changed), write the configs, start one `searchd` per data node and the front on free loopback
 * ports, wait until each answers, and stop exactly those processes again.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { once } from 'node:events';
import { createConnection } from 'mysql2/promise';
import type { Report } from '../ingest/types.js';
import { fingerprintOf } from '../index/index.js';
import { analyzerVersion } from '../index/analyzer.js';
import { analyseCorpus } from './analysis.js';
import { clusterBudgetMs } from './budget.js';
import { configFile, frontConfig, frontIndexName, nodeConfig, nodeDir, nodeIndexes, shardIndexName, shardRowsFile, type ClusterSpec, type NodeSpec, type ServedGeneration } from './config.js';
import { CLUSTER_FORMAT, readManifest, vocabularyFile, writeManifest, writeVocabulary, type ClusterManifest, type ShardState } from './manifest.js';
import { rankingFile, writeRanking } from './ranking.js';
import { PARAGRAPHS_PER_REPORT, reportKey, shardHash, shardRows, splitShards } from './shards.js';

/** A cluster problem a user can act on (message in Chinese). */
export class ClusterError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ClusterError';
  }
}

/** The programs a local cluster needs. */
const PROGRAMS = ['searchd', 'indexer'] as const;

/** Throws a `ClusterError` saying how to install the engine when a program is missing. */
export function requireEngine(): void {
  const missing = PROGRAMS.filter((program) => spawnSync(program, ['--help'], { stdio: 'ignore' }).error !== undefined);
  if (missing.length > 0) {
    throw new ClusterError(`找不到 ${missing.join('、')}：请先安装检索引擎（Debian/Ubuntu：apt-get install sphinxsearch；或安装 Manticore Search）`);
  }
}

/** Whether `searchd` and `indexer` are installed. */
export function engineInstalled(): boolean {
  try {
    requireEngine();
    return true;
  } catch {
    return false;
  }
}

/** A free TCP port on loopback (asked of the system, then released). */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  await once(server, 'close');
  if (address === null || typeof address === 'string') throw new Error('cluster: no port from the system');
  return address.port;
}

function shardName(k: number): string {
  return `shard${String(k)}`;
}

/** Options of `indexCluster`. */
export interface IndexClusterOptions {
  dir: string;
  corpusDir: string;
  /** The ingested reports of `corpusDir` (corpus terms already added to the analyser). */
  reports: readonly Report[];
  nodes: NodeSpec[];
  front: { sqlPort: number };
  /** Index every shard, changed or not. */
  force?: boolean;
  /** Agent timeouts of the front (milliseconds). */
  timeouts?: { connect: number; query: number };
  /** Follows the analysis: paragraphs analysed of all. */
  onProgress?: (done: number, total: number) => void;
}

/** What `indexCluster` did. */
export interface IndexOutcome {
  manifest: ClusterManifest;
  /** Shards indexed (changed, new, or forced). */
  indexed: string[];
  /** Milliseconds spent writing the changed shards' rows (while the build threads analyse, when they do). */
  rowsMs: number;
  /** Milliseconds spent analysing the corpus for the ranking statistics and the vocabulary, rows written meanwhile included (0 when it had not changed). */
  analysisMs: number;
  /** Milliseconds spent in `indexer`. */
  indexerMs: number;
  /** Bytes of the shards' index files. */
  indexBytes: number;
}

function run(program: string, args: readonly string[]): string {
  const result = spawnSync(program, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.error !== undefined) throw new ClusterError(`无法运行 ${program}：${result.error.message}`);
  const output = `${result.stdout}${result.stderr}`;
  if (result.status !== 0 || /^(FATAL|ERROR):/mu.test(output)) throw new ClusterError(`${program} ${args.join(' ')} 失败：\n${output.trim().split('\n').slice(-8).join('\n')}`);
  return output;
}

/** Extensions of a plain index's files. */
const INDEX_FILES = ['sph', 'spa', 'spd', 'spi', 'spk', 'spm', 'spp', 'sps', 'spe'];

/** Bytes of a shard index's files. */
function shardBytes(dir: string, node: NodeSpec, index: string): number {
  const home = nodeDir(dir, node.name);
  let total = 0;
  for (const ext of INDEX_FILES) {
    const file = resolve(home, `${index}.${ext}`);
    if (existsSync(file)) total += statSync(file).size;
  }
  return total;
}

/** Removes the index files in a node's directory of shard versions it no longer serves. */
function removeUnserved(dir: string, node: NodeSpec, served: readonly string[]): void {
  const home = nodeDir(dir, node.name);
  for (const file of readdirSync(home)) {
    const match = /^(shard\d+_[0-9a-f]+)(?:\.new)?\.sp\w$/u.exec(file);
    if (match !== null && !served.includes(match[1] ?? '')) rmSync(resolve(home, file), { force: true });
  }
}

/** Writes `text` to `file` unless it holds it already; says whether it changed. */
function writeIfChanged(file: string, text: string): boolean {
  if (existsSync(file) && readFileSync(file, 'utf8') === text) return false;
  writeFileSync(file, text);
  return true;
}

/** The pid recorded by a running node, if its process is alive. */
export function runningPid(dir: string, name: string): number | undefined {
  try {
    const pid = Number(readFileSync(resolve(nodeDir(dir, name), 'searchd.pid'), 'utf8').trim());
    if (!Number.isInteger(pid) || pid <= 0) return undefined;
    process.kill(pid, 0);
    return pid;
  } catch {
    return undefined;
  }
}

/**
 * Writes the rows of every shard whose reports changed since the manifest (all with `force`),
 * the configs and the vocabulary, and runs `indexer` on those shards (rotating them into a
 * running node). Refuses report ids whose keys collide and reports too long for the id scheme.
 */
export async function indexCluster(options: IndexClusterOptions): Promise<IndexOutcome> {
  const { dir, reports, nodes } = options;
  const keys = new Map<number, string>();
  for (const report of reports) {
    const key = reportKey(report.meta.id);
    const other = keys.get(key);
    if (other !== undefined) throw new ClusterError(`报告编号“${other}”与“${report.meta.id}”的引擎键相同，请改其中一个编号`);
    keys.set(key, report.meta.id);
    if (report.paragraphs.length >= PARAGRAPHS_PER_REPORT) throw new ClusterError(`报告“${report.meta.id}”段落过多（${String(report.paragraphs.length)}）`);
  }
  const shardCount = nodes.reduce((sum, node) => sum + node.shards.length, 0);
  const shards = splitShards(reports, shardCount);
  const empty = shards.findIndex((list) => list.length === 0);
  if (empty >= 0) throw new ClusterError(`分片 ${shardName(empty)} 没有报告（${String(reports.length)} 份报告分成 ${String(shardCount)} 片）：请减少 --nodes 或 --shards`);
  const previous = readManifest(dir);
  const analyzer = analyzerVersion();
  const plans = shards.map((list, k) => {
    const name = shardName(k);
    const hash = shardHash(list, analyzer);
    const index = shardIndexName(name, hash);
    const node = nodes.find((candidate) => candidate.shards.includes(name));
    const before = previous?.shards.find((shard) => shard.name === name);
    const unchanged = options.force !== true && before?.index === index && node !== undefined && shardBytes(dir, node, index) > 0;
    return { list, name, hash, index, node, unchanged, served: before?.index === index };
  });
  const current: ServedGeneration = { index: '', shards: Object.fromEntries(plans.map((shard) => [shard.name, shard.index])) };
  current.index = frontIndexName(current.shards);
  // The generation served until now stays (for the web fronts still on it) when its shards are
  // where they were; the one before it is dropped.
  const layout = (list: readonly NodeSpec[]): string => JSON.stringify(list.map((node) => node.shards));
  const kept: ServedGeneration[] =
    previous !== undefined && previous.index !== current.index && layout(previous.nodes) === layout(nodes)
      ? [{ index: previous.index, shards: Object.fromEntries(previous.shards.map((shard) => [shard.name, shard.index])) }]
      : [];
  const spec: ClusterSpec = { dir, nodes, front: options.front, served: [current, ...kept], ...(options.timeouts === undefined ? {} : { timeouts: options.timeouts }) };
  mkdirSync(resolve(dir, 'rows'), { recursive: true });
  for (const node of [...nodes, { name: 'front' }]) mkdirSync(nodeDir(dir, node.name), { recursive: true });

  const indexed: string[] = [];
  let rowsMs = 0;
  // Written synchronously, a report at a time, so that they can be written while the build
  // threads analyse (this thread has nothing else to do then).
  const writeRows = (): void => {
    const rowsStarted = performance.now();
    for (const shard of plans) {
      if (shard.unchanged) continue;
      writeRowsFile(shardRowsFile(dir, shard.index), shard.list);
      indexed.push(shard.name);
    }
    rowsMs = performance.now() - rowsStarted;
  };
  const states: ShardState[] = plans.map((shard) => ({ name: shard.name, hash: shard.hash, index: shard.index, reports: shard.list.length, paragraphs: shard.list.reduce((sum, report) => sum + report.paragraphs.length, 0) }));
  // The ranking statistics and the completion vocabulary cover the whole corpus: any change to
  // it analyses every paragraph again (in build threads for a large corpus), as the embedded build does.
  const fingerprint = fingerprintOf(options.corpusDir, reports);
  const statisticsCurrent = previous !== undefined && JSON.stringify(previous.fingerprint) === JSON.stringify(fingerprint) && existsSync(vocabularyFile(dir)) && existsSync(rankingFile(dir));
  const analysisStarted = performance.now();
  if (!statisticsCurrent || options.force === true) {
    const total = states.reduce((sum, shard) => sum + shard.paragraphs, 0);
    const { rankedTables, vocabulary } = analyseCorpus(reports, {
      meanwhile: writeRows,
      ...(options.onProgress === undefined ? {} : { onProgress: (done: number) => options.onProgress?.(done, total) }),
    });
    writeVocabulary(dir, vocabulary);
    writeRanking(dir, rankedTables, fingerprint);
  } else {
    writeRows();
  }
  // The rows were written meanwhile: the analysis is what is left.
  const analysisMs = Math.max(0, performance.now() - analysisStarted - (statisticsCurrent && options.force !== true ? rowsMs : 0));
  const indexerStarted = performance.now();
  for (const node of nodes) {
    const mine = plans.filter((shard) => shard.node === node && !shard.unchanged);
    const changed = writeIfChanged(configFile(dir, node.name), nodeConfig(spec, node));
    const pid = runningPid(dir, node.name);
    // A new version is built beside the one served, then loaded by the config's re-read; a
    // version rebuilt under its own name (the same content, forced) is rotated in place.
    const fresh = mine.filter((shard) => !shard.served || pid === undefined).map((shard) => shard.index);
    const again = mine.filter((shard) => shard.served && pid !== undefined).map((shard) => shard.index);
    if (fresh.length > 0) run('indexer', ['--config', configFile(dir, node.name), '--quiet', ...fresh]);
    if (again.length > 0) run('indexer', ['--config', configFile(dir, node.name), '--rotate', '--quiet', ...again]);
    if (pid !== undefined) {
      if (changed && again.length === 0) process.kill(pid, 'SIGHUP');
      await waitForIndexes(node.sqlPort, fresh, `节点 ${node.name}`);
      await waitForRotation(dir, node, again);
    }
    // The rows are written again whenever a shard changes: no need to keep them.
    for (const index of [...fresh, ...again]) rmSync(shardRowsFile(dir, index), { force: true });
  }
  const frontChanged = writeIfChanged(configFile(dir, 'front'), frontConfig(spec));
  const frontPid = runningPid(dir, 'front');
  if (frontPid !== undefined && frontChanged) {
    process.kill(frontPid, 'SIGHUP');
    await waitForIndexes(options.front.sqlPort, [current.index], '前端');
  }
  // Unloaded by the re-reads above: the files of the versions no generation serves.
  for (const node of nodes) removeUnserved(dir, node, nodeIndexes(spec, node));
  const indexerMs = performance.now() - indexerStarted;
  const manifest: ClusterManifest = {
    format: CLUSTER_FORMAT,
    corpusDir: resolve(options.corpusDir),
    fingerprint,
    index: current.index,
    shards: states,
    nodes,
    front: options.front,
    running: previous?.running ?? false,
  };
  writeManifest(dir, manifest);
  const indexBytes = nodes.reduce((sum, node) => sum + node.shards.reduce((bytes, shard) => bytes + shardBytes(dir, node, current.shards[shard] ?? shard), 0), 0);
  return { manifest, indexed, rowsMs, analysisMs, indexerMs, indexBytes };
}

/** Bytes of rows gathered before each write. */
const ROWS_CHUNK = 1 << 20;

/** Writes the rows of `reports` to `file`, a report at a time (nothing of the shard held at once). */
function writeRowsFile(file: string, reports: readonly Report[]): void {
  const fd = openSync(file, 'w');
  try {
    let chunk: string[] = [];
    let size = 0;
    for (const row of shardRows(reports)) {
      chunk.push(row, '\n');
      size += row.length + 1;
      if (size >= ROWS_CHUNK) {
        writeSync(fd, chunk.join(''));
        chunk = [];
        size = 0;
      }
    }
    if (chunk.length > 0) writeSync(fd, chunk.join(''));
  } finally {
    closeSync(fd);
  }
}

/** Waits until the `searchd` on `port` answers from each of `indexes` (loaded after a `SIGHUP`). */
async function waitForIndexes(port: number, indexes: readonly string[], who: string): Promise<void> {
  if (indexes.length === 0) return;
  const deadline = Date.now() + 60_000;
  const connection = await createConnection({ host: '127.0.0.1', port, connectTimeout: 5000 });
  try {
    for (const index of indexes) {
      for (;;) {
        try {
          await connection.query(`SELECT id FROM ${index} LIMIT 0, 1`);
          break;
        } catch (error) {
          if (Date.now() > deadline) throw new ClusterError(`${who}未在 60 秒内载入新索引 ${index}：${error instanceof Error ? error.message : String(error)}`);
          await new Promise((done) => setTimeout(done, 100));
        }
      }
    }
  } finally {
    await connection.end();
  }
}

/** Waits until a running node has taken the rotated shards in (their `.new` files are gone). */
async function waitForRotation(dir: string, node: NodeSpec, shards: readonly string[]): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (shards.some((shard) => existsSync(resolve(nodeDir(dir, node.name), `${shard}.new.sph`)))) {
    if (Date.now() > deadline) throw new ClusterError(`节点 ${node.name} 未在 60 秒内载入新索引（${shards.join('、')}）`);
    await new Promise((done) => setTimeout(done, 100));
  }
}

/** Resolves once SphinxQL on `port` answers, or throws after `timeoutMs`. */
export async function waitForSql(port: number, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const connection = await createConnection({ host: '127.0.0.1', port, connectTimeout: 1000 });
      await connection.query('SHOW STATUS');
      await connection.end();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw new ClusterError(`127.0.0.1:${String(port)} 上的 searchd 没有应答：${error instanceof Error ? error.message : String(error)}`);
      await new Promise((done) => setTimeout(done, 100));
    }
  }
}

/** Starts the `searchd` of `name` (it puts itself in the background) and waits until it answers. */
export async function startNode(dir: string, name: string, sqlPort: number): Promise<void> {
  if (runningPid(dir, name) !== undefined) throw new ClusterError(`${name} 已在运行（${nodeDir(dir, name)}）`);
  run('searchd', ['--config', configFile(dir, name)]);
  await waitForSql(sqlPort);
}

/** Stops the `searchd` of `name` if it runs (the one whose pid file its config names). */
export function stopNode(dir: string, name: string): boolean {
  if (runningPid(dir, name) === undefined) return false;
  run('searchd', ['--config', configFile(dir, name), '--stopwait']);
  return true;
}

/** Options of `upCluster`. */
export interface UpOptions {
  dir: string;
  corpusDir: string;
  reports: readonly Report[];
  nodes: number;
  /** Shards per node (default 1). */
  shardsPerNode?: number;
  timeouts?: { connect: number; query: number };
  /** Follows the analysis (see `IndexClusterOptions`). */
  onProgress?: (done: number, total: number) => void;
}

/** Indexes and starts a cluster; returns the manifest and the index outcome. */
export async function upCluster(options: UpOptions): Promise<IndexOutcome> {
  requireEngine();
  const previous = readManifest(options.dir);
  if (previous !== undefined && [...previous.nodes.map((node) => node.name), 'front'].some((name) => runningPid(options.dir, name) !== undefined)) {
    throw new ClusterError(`${options.dir} 的集群已在运行：先 npm run cluster -- down`);
  }
  const perNode = options.shardsPerNode ?? 1;
  const nodes: NodeSpec[] = [];
  for (let i = 0; i < options.nodes; i++) {
    nodes.push({ name: `node${String(i)}`, apiPort: await freePort(), sqlPort: await freePort(), shards: Array.from({ length: perNode }, (_, j) => shardName(i * perNode + j)) });
  }
  const front = { sqlPort: await freePort() };
  const outcome = await indexCluster({
    dir: options.dir,
    corpusDir: options.corpusDir,
    reports: options.reports,
    nodes,
    front,
    ...(options.timeouts === undefined ? {} : { timeouts: options.timeouts }),
    ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
  });
  try {
    for (const node of nodes) await startNode(options.dir, node.name, node.sqlPort);
    await startNode(options.dir, 'front', front.sqlPort);
  } catch (error) {
    downCluster(options.dir);
    throw error;
  }
  outcome.manifest.running = true;
  writeManifest(options.dir, outcome.manifest);
  return outcome;
}

/** Stops every process of the cluster in `dir`; returns the names stopped. */
export function downCluster(dir: string): string[] {
  const manifest = readManifest(dir);
  if (manifest === undefined) return [];
  const stopped = ['front', ...manifest.nodes.map((node) => node.name)].filter((name) => stopNode(dir, name));
  manifest.running = false;
  writeManifest(dir, manifest);
  return stopped;
}

/**
 * The environment `npm start` needs to serve from the cluster in `dir`, with the time budget a
 * front gives each search by default for this corpus (`clusterBudgetMs`), to be changed at will.
 */
export function clusterEnvironment(dir: string, manifest: ClusterManifest): Record<string, string> {
  return {
    SEARCH_BACKEND: 'sphinxql',
    SPHINX_HOST: '127.0.0.1',
    SPHINX_PORT: String(manifest.front.sqlPort),
    CLUSTER_DIR: resolve(dir),
    CORPUS_DIR: manifest.corpusDir,
    SEARCH_BUDGET_MS: String(clusterBudgetMs(manifest.shards.reduce((sum, shard) => sum + shard.paragraphs, 0))),
  };
}
