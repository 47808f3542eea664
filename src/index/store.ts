/**
 * The saved index: one JSON file holding a format version, what it was built from, and the
 * structures that are slow to rebuild (n-gram postings and MiniSearch's ranked index as base64
 * typed arrays, normalised texts, the vocabulary). Written to a temporary file and renamed, so a reader
 * sees the old file or the new one, never half of one. Anything unexpected on reading is
 * reported as a reason to rebuild, never served.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Report } from '../ingest/types.js';
import { RankedScorer, type RankedTables } from './bm25.js';
import { NgramIndex, pathIndex, type NgramTables, type PostingTable } from './ngram.js';
import { buildParagraphTable } from './paragraphs.js';
import type { SearchIndex } from './search-index.js';

/** Bumped whenever the saved layout or the meaning of a saved structure changes. */
export const INDEX_FORMAT = 2;

/** What an index was built from; a saved index is used only when all of it matches. */
export interface IndexFingerprint {
  /** `hashCorpusFiles()` of the corpus directory. */
  corpus: string;
  /** `analyzerVersion()` of the text module. */
  analyzer: string;
  /** `hashParagraphs()` of the ingested reports. */
  paragraphs: string;
}

interface SavedTable {
  keys: string;
  offsets: string;
  ids: string;
}

function encode(array: Uint32Array | Int32Array | Uint16Array): string {
  return Buffer.from(array.buffer, array.byteOffset, array.byteLength).toString('base64');
}

function decodeBytes(text: unknown, what: string, elementSize = 4): ArrayBuffer {
  if (typeof text !== 'string') throw new Error(`${what} is not a string`);
  const bytes = Buffer.from(text, 'base64');
  if (bytes.byteLength % elementSize !== 0) throw new Error(`${what} has ${String(bytes.byteLength)} bytes`);
  // Copy into a fresh, aligned buffer: Node may hand out a slice of a shared pool.
  const out = new ArrayBuffer(bytes.byteLength);
  new Uint8Array(out).set(bytes);
  return out;
}

function saveTable(table: PostingTable): SavedTable {
  return { keys: encode(table.keys), offsets: encode(table.offsets), ids: encode(table.ids) };
}

function loadTable(saved: unknown, what: string, paragraphCount: number): PostingTable {
  const record = asRecord(saved, what);
  const keys = new Uint32Array(decodeBytes(record.keys, `${what}.keys`));
  const offsets = new Uint32Array(decodeBytes(record.offsets, `${what}.offsets`));
  const ids = new Int32Array(decodeBytes(record.ids, `${what}.ids`));
  if (offsets.length !== keys.length + 1 || offsets[keys.length] !== ids.length) {
    throw new Error(`${what} offsets do not match its postings`);
  }
  // A posting outside the corpus would make the search read past its tables.
  for (const id of ids) if (id < 0 || id >= paragraphCount) throw new Error(`${what} holds paragraph ${String(id)}`);
  return { keys, offsets, ids };
}

function saveRanked(tables: RankedTables): Record<string, unknown> {
  return {
    terms: tables.terms,
    offsets: encode(tables.offsets),
    ids: encode(tables.ids),
    tfs: encode(tables.tfs),
    lengths: tables.lengths.map(encode),
    averages: tables.averages,
    documentCount: tables.documentCount,
  };
}

function loadRanked(saved: unknown, paragraphCount: number): RankedTables {
  const record = asRecord(saved, 'ranked');
  const terms = asStrings(record.terms, 'ranked.terms');
  const offsets = new Uint32Array(decodeBytes(record.offsets, 'ranked.offsets'));
  const ids = new Int32Array(decodeBytes(record.ids, 'ranked.ids'));
  const tfs = new Uint16Array(decodeBytes(record.tfs, 'ranked.tfs', 2));
  if (!Array.isArray(record.lengths)) throw new Error('ranked.lengths is not a list');
  const lengths = (record.lengths as unknown[]).map((item, f) => new Uint16Array(decodeBytes(item, `ranked.lengths[${String(f)}]`, 2)));
  const averages = asNumbers(record.averages, 'ranked.averages');
  if (record.documentCount !== paragraphCount) throw new Error(`ranked index holds ${JSON.stringify(record.documentCount)} documents`);
  if (offsets.length !== terms.length * lengths.length + 1 || offsets[offsets.length - 1] !== ids.length || tfs.length !== ids.length) {
    throw new Error('ranked offsets do not match its postings');
  }
  if (averages.length !== lengths.length || lengths.some((array) => array.length !== paragraphCount)) throw new Error('ranked field lengths do not match the corpus');
  for (const id of ids) if (id < 0 || id >= paragraphCount) throw new Error(`ranked index holds paragraph ${String(id)}`);
  return { terms, offsets, ids, tfs, lengths, averages, documentCount: paragraphCount };
}

function asRecord(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`${what} is not an object`);
  return value as Record<string, unknown>;
}

function asStrings(value: unknown, what: string): string[] {
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) throw new Error(`${what} is not a list of strings`);
  return value;
}

function asNumbers(value: unknown, what: string): number[] {
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'number')) throw new Error(`${what} is not a list of numbers`);
  return value;
}

/** Writes `index` to `file` atomically (temporary file, then rename). */
export function saveIndex(file: string, index: SearchIndex, fingerprint: IndexFingerprint): number {
  mkdirSync(dirname(file), { recursive: true });
  const json = JSON.stringify({
    format: INDEX_FORMAT,
    fingerprint,
    count: index.table.blocks.length,
    norms: index.table.norms,
    ngrams: { unigrams: saveTable(index.ngramTables.unigrams), bigrams: saveTable(index.ngramTables.bigrams) },
    ranked: saveRanked(index.ranked.tables),
    vocabulary: index.vocabulary,
  });
  const temporary = `${file}.${String(process.pid)}.tmp`;
  writeFileSync(temporary, json);
  renameSync(temporary, file);
  return Buffer.byteLength(json);
}

/** The outcome of reading a saved index. */
export type LoadOutcome = { index: SearchIndex } | { reason: string };

/**
 * Reads the index saved in `file` for `reports`; returns why it cannot be used instead when the
 * file is missing, damaged, of another format or built from something else.
 */
export function loadIndex(file: string, reports: readonly Report[], fingerprint: IndexFingerprint): LoadOutcome {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return { reason: `no saved index at ${file}` };
  }
  try {
    const saved = asRecord(JSON.parse(text) as unknown, 'index');
    if (saved.format !== INDEX_FORMAT) return { reason: `saved index has format ${JSON.stringify(saved.format)}, expected ${String(INDEX_FORMAT)}` };
    const stored = asRecord(saved.fingerprint, 'fingerprint');
    for (const key of ['corpus', 'analyzer', 'paragraphs'] as const) {
      if (stored[key] !== fingerprint[key]) return { reason: `saved index was built from another ${key === 'analyzer' ? 'analyser' : key}` };
    }
    const count = reports.reduce((sum, report) => sum + report.paragraphs.length, 0);
    if (saved.count !== count) throw new Error(`index holds ${JSON.stringify(saved.count)} paragraphs, corpus ${String(count)}`);
    const norms = asStrings(saved.norms, 'norms');
    if (norms.length !== count) throw new Error(`norms holds ${String(norms.length)} texts`);
    const ngrams = asRecord(saved.ngrams, 'ngrams');
    const ngramTables: NgramTables = {
      unigrams: loadTable(ngrams.unigrams, 'unigrams', count),
      bigrams: loadTable(ngrams.bigrams, 'bigrams', count),
    };
    const vocabularyRecord = asRecord(saved.vocabulary, 'vocabulary');
    const vocabulary = { terms: asStrings(vocabularyRecord.terms, 'vocabulary.terms'), counts: asNumbers(vocabularyRecord.counts, 'vocabulary.counts') };
    if (vocabulary.terms.length !== vocabulary.counts.length) throw new Error('vocabulary lists differ in length');
    const ranked = new RankedScorer(loadRanked(saved.ranked, count));
    const table = buildParagraphTable(reports, norms);
    table.blocks.forEach((block, i) => {
      if (norms[i]?.length !== block.text.length) throw new Error(`norms[${String(i)}] does not match its paragraph`);
    });
    return { index: { table, ngrams: new NgramIndex(norms, ngramTables), ngramTables, pathNgrams: pathIndex(table.paths), ranked, vocabulary } };
  } catch (error) {
    return { reason: `saved index is damaged: ${error instanceof Error ? error.message : String(error)}` };
  }
}
