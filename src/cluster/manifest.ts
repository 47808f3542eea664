/** What a local cluster was built from and where it runs: `manifest.json` in its directory. */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IndexFingerprint } from '../index/index.js';
import type { Vocabulary } from '../index/vocabulary.js';
import type { NodeSpec } from './config.js';

/** Version of the manifest, row and ranking formats (3: versioned index names); a cluster of another version is indexed again. */
export const CLUSTER_FORMAT = 3;

/** One shard as indexed. */
export interface ShardState {
  name: string;
  /** `shardHash` of its reports when indexed. */
  hash: string;
  /** Its index's name in the engine (`shardIndexName`). */
  index: string;
  reports: number;
  paragraphs: number;
}

/** The manifest. */
export interface ClusterManifest {
  format: number;
  corpusDir: string;
  /** The corpus fingerprint (as the saved embedded index has it). */
  fingerprint: IndexFingerprint;
  /** The distributed index of this generation, which the web fronts query (`frontIndexName`). */
  index: string;
  shards: ShardState[];
  nodes: NodeSpec[];
  front: { sqlPort: number };
  /** Set while the processes run. */
  running: boolean;
}

export function manifestFile(dir: string): string {
  return join(dir, 'manifest.json');
}

export function vocabularyFile(dir: string): string {
  return join(dir, 'vocabulary.json');
}

function writeAtomically(file: string, text: string): void {
  writeFileSync(`${file}.tmp`, text);
  renameSync(`${file}.tmp`, file);
}

/** The manifest of the cluster in `dir`, or `undefined` when there is none (or of another format). */
export function readManifest(dir: string): ClusterManifest | undefined {
  let text: string;
  try {
    text = readFileSync(manifestFile(dir), 'utf8');
  } catch {
    return undefined;
  }
  const parsed = JSON.parse(text) as Partial<ClusterManifest>;
  return parsed.format === CLUSTER_FORMAT ? (parsed as ClusterManifest) : undefined;
}

export function writeManifest(dir: string, manifest: ClusterManifest): void {
  writeAtomically(manifestFile(dir), `${JSON.stringify(manifest, null, 2)}\n`);
}

export function writeVocabulary(dir: string, vocabulary: Vocabulary): void {
  writeAtomically(vocabularyFile(dir), JSON.stringify(vocabulary));
}

export function readVocabulary(dir: string): Vocabulary {
  const parsed = JSON.parse(readFileSync(vocabularyFile(dir), 'utf8')) as Partial<Vocabulary>;
  if (!Array.isArray(parsed.terms) || !Array.isArray(parsed.counts)) throw new Error(`cluster: no vocabulary in ${vocabularyFile(dir)}`);
  return { terms: parsed.terms, counts: parsed.counts };
}
