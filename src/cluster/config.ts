/**
 * `searchd`/`indexer` configuration of a local cluster: one data node per process, each holding
 * its shards as plain indexes fed from row files, and a front whose distributed index asks every
 * node as an agent. Loopback only. Only directives Sphinx 2.2 and Manticore both accept.
 *
 * Indexes are versioned: a shard's index is named by its content (`shard0_<hash>`), the front's
 * distributed index by its shards' (`policy_<hash>`). A re-index adds the new versions beside the
 * ones served (a `SIGHUP` makes `searchd` read its config again) and the manifest names the new
 * front index last; the previous generation stays served until the next re-index, so a web front
 * still on it never meets a paragraph it does not know.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { FIELDS, tokenCharsetSpec } from './match-expression.js';

/** Name of the distributed index the search queries (with its version, see `frontIndexName`). */
export const FRONT_INDEX = 'policy';

/** Timeouts of the front towards its agents (milliseconds). */
export const AGENT_TIMEOUTS = { connect: 1000, query: 5000 } as const;

/** A data node of the local cluster. */
export interface NodeSpec {
  name: string;
  /** Port of the agent protocol (the front's). */
  apiPort: number;
  /** Port of SphinxQL (checks and direct questions). */
  sqlPort: number;
  /** Shards it serves. */
  shards: string[];
}

/** One generation the cluster serves: the front's distributed index and each shard's index in it. */
export interface ServedGeneration {
  /** Name of the distributed index (`policy_<hash>`). */
  index: string;
  /** Index name of each shard (`shard0` → `shard0_<hash>`). */
  shards: Record<string, string>;
}

/** The whole local cluster. */
export interface ClusterSpec {
  dir: string;
  nodes: NodeSpec[];
  front: { sqlPort: number };
  /** Agent timeouts of the front. */
  timeouts?: { connect: number; query: number };
  /** The generations served: the current one first, then the previous one while fronts may still use it. */
  served: ServedGeneration[];
}

/** Index name of a shard's version built from content `hash` (`shardHash`). */
export function shardIndexName(shard: string, hash: string): string {
  return `${shard}_${hash.slice(0, 16)}`;
}

/** Name of the distributed index over the shard indexes `shards` (by shard name). */
export function frontIndexName(shards: Readonly<Record<string, string>>): string {
  const hash = createHash('sha256').update(JSON.stringify(Object.entries(shards).sort(([a], [b]) => a.localeCompare(b)))).digest('hex');
  return `${FRONT_INDEX}_${hash.slice(0, 16)}`;
}

/** The index names node `node` serves (every served generation's versions of its shards). */
export function nodeIndexes(spec: ClusterSpec, node: NodeSpec): string[] {
  return [...new Set(spec.served.flatMap((generation) => node.shards.map((shard) => generation.shards[shard] ?? shard)))];
}

/** Directory of a node (or the front). */
export function nodeDir(dir: string, name: string): string {
  return join(dir, name);
}

/** Row file of a shard's index. */
export function shardRowsFile(dir: string, index: string): string {
  return join(dir, 'rows', `${index}.tsv`);
}

/** The config file of a node or the front. */
export function configFile(dir: string, name: string): string {
  return join(nodeDir(dir, name), 'searchd.conf');
}

/** Values a report filter may list: past any corpus's number of reports (see `searchdSection`). */
export const MAX_FILTER_VALUES = 1_048_576;

function section(head: string, lines: readonly string[]): string {
  return `${head}\n{\n${lines.map((line) => `  ${line}`).join('\n')}\n}\n`;
}

function searchdSection(dir: string, name: string, listen: readonly string[]): string {
  const home = nodeDir(dir, name);
  return section('searchd', [
    ...listen.map((address) => `listen = ${address}`),
    `log = ${join(home, 'searchd.log')}`,
    `query_log = ${join(home, 'query.log')}`,
    `pid_file = ${join(home, 'searchd.pid')}`,
    'binlog_path =',
    'workers = threads',
    // The default of 5 pending connections made agents time out connecting (`connect() timed out`)
    // when a front sent several searches at once on a loaded machine.
    'listen_backlog = 128',
    'max_packet_size = 128M',
    // A report filter lists report keys (`report IN (…)`); the engine's default cap of 4,096
    // values refused a level filter at 6,000 reports. The cap is only a sanity check (it sizes
    // nothing), so it is set past any corpus: a national archive is about 70,000 reports.
    `max_filter_values = ${String(MAX_FILTER_VALUES)}`,
    'read_timeout = 10',
    'seamless_rotate = 1',
    'preopen_indexes = 1',
    'unlink_old = 1',
  ]);
}

/** Config of data node `node`: its shards' sources and indexes, and `searchd` on loopback. */
export function nodeConfig(spec: ClusterSpec, node: NodeSpec): string {
  const home = nodeDir(spec.dir, node.name);
  const chars = tokenCharsetSpec();
  const parts = nodeIndexes(spec, node).flatMap((shard) => [
    section(`source ${shard}`, [
      'type = tsvpipe',
      `tsvpipe_command = cat ${shardRowsFile(spec.dir, shard)}`,
      `tsvpipe_field = ${FIELDS.text}`,
      `tsvpipe_field = ${FIELDS.path}`,
      'tsvpipe_attr_uint = report',
      'tsvpipe_attr_uint = level',
      'tsvpipe_attr_uint = year',
      'tsvpipe_attr_string = region',
    ]),
    section(`index ${shard}`, [
      `source = ${shard}`,
      `path = ${join(home, shard)}`,
      'docinfo = extern',
      // Every letter, digit and ideograph is a token of its own.
      `charset_table = ${chars}`,
      'ngram_len = 1',
      `ngram_chars = ${chars}`,
      'min_word_len = 1',
      'html_strip = 0',
    ]),
  ]);
  return [
    ...parts,
    section('indexer', ['mem_limit = 512M']),
    searchdSection(spec.dir, node.name, [`127.0.0.1:${String(node.apiPort)}`, `127.0.0.1:${String(node.sqlPort)}:mysql41`]),
  ].join('\n');
}

/** Config of the front: a distributed index over every node's shards per served generation. */
export function frontConfig(spec: ClusterSpec): string {
  const timeouts = spec.timeouts ?? AGENT_TIMEOUTS;
  const indexes = spec.served.map((generation) => {
    const agents = spec.nodes.filter((node) => node.shards.length > 0).map((node) => `agent = 127.0.0.1:${String(node.apiPort)}:${node.shards.map((shard) => generation.shards[shard] ?? shard).join(',')}`);
    return section(`index ${generation.index}`, ['type = distributed', ...agents, `agent_connect_timeout = ${String(timeouts.connect)}`, `agent_query_timeout = ${String(timeouts.query)}`]);
  });
  return [...indexes, searchdSection(spec.dir, 'front', [`127.0.0.1:${String(spec.front.sqlPort)}:mysql41`])].join('\n');
}
