/**
 * `searchd`/`indexer` configuration of a local cluster: one data node per process, each holding
 * its shards as plain indexes fed from row files, and a front whose distributed index asks every
 * node as an agent. Loopback only. Only directives Sphinx 2.2 and Manticore both accept.
 */
import { join } from 'node:path';
import { FIELDS, tokenCharsetSpec } from './match-expression.js';

/** Name of the distributed index the search queries. */
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

/** The whole local cluster. */
export interface ClusterSpec {
  dir: string;
  nodes: NodeSpec[];
  front: { sqlPort: number };
  /** Agent timeouts of the front. */
  timeouts?: { connect: number; query: number };
}

/** Directory of a node (or the front). */
export function nodeDir(dir: string, name: string): string {
  return join(dir, name);
}

/** Row file of a shard. */
export function shardRowsFile(dir: string, shard: string): string {
  return join(dir, 'rows', `${shard}.tsv`);
}

/** The config file of a node or the front. */
export function configFile(dir: string, name: string): string {
  return join(nodeDir(dir, name), 'searchd.conf');
}

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
  const parts = node.shards.flatMap((shard) => [
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

/** Config of the front: the distributed index over every node's shards. */
export function frontConfig(spec: ClusterSpec): string {
  const timeouts = spec.timeouts ?? AGENT_TIMEOUTS;
  const agents = spec.nodes.filter((node) => node.shards.length > 0).map((node) => `agent = 127.0.0.1:${String(node.apiPort)}:${node.shards.join(',')}`);
  return [
    section(`index ${FRONT_INDEX}`, ['type = distributed', ...agents, `agent_connect_timeout = ${String(timeouts.connect)}`, `agent_query_timeout = ${String(timeouts.query)}`]),
    searchdSection(spec.dir, 'front', [`127.0.0.1:${String(spec.front.sqlPort)}:mysql41`]),
  ].join('\n');
}
