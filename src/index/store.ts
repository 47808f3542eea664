/**
 * The saved index: one binary container file (see `container.ts`) holding a format version and
 * what the index was built from in its header, and as sections the structures that are slow to
 * rebuild: n-gram postings, MiniSearch's ranked index, normalised texts (paragraphs, headings,
 * heading paths), the vocabulary, the corpus's spellings table (`spelling-table.ts`) and the
 * parsed reports themselves (`saved-corpus.ts`), so that a start with a current index reads no
 * corpus file but to fingerprint it, and normalises nothing. Typed arrays are viewed in place; only texts are decoded.
 * Written to a temporary file and renamed, so a reader sees the old file or the new one, never
 * half of one. Anything unexpected on reading is reported as a reason to rebuild, never served:
 * the header's checksum of the section data is compared before any section is used.
 */
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { Report } from '../ingest/types.js';
import { restoreCorpusTerms } from '../text/index.js';
import { analyzerVersion } from './analyzer.js';
import { RankedScorer } from './bm25.js';
import { Container, writeContainer, type SectionValue } from './container.js';
import { NgramIndex, pathIndex, type NgramTables, type PostingTable } from './ngram.js';
import { buildParagraphTable } from './paragraphs.js';
import { checkIds, rankedHeader, rankedSections, readRankedTables } from './ranked-store.js';
import { decodeReports, encodeReports, type CorpusNotes } from './saved-corpus.js';
import { decodeSpellingTable, encodeSpellingTable, spellingTableOf } from './spelling-table.js';
import type { SearchIndex } from './search-index.js';

/**
 * Bumped whenever the saved layout or the meaning of a saved structure changes (4: data
 * checksum; 5: the parsed reports saved, a fast checksum, sections read in pieces; 6: texts in
 * UTF-16, the corpus's spellings table and the normalised headings and heading paths saved).
 */
export const INDEX_FORMAT = 6;

/** What an index was built from; a saved index is used only when all of it matches. */
export interface IndexFingerprint {
  /** `hashCorpusFiles()` of the corpus directory. */
  corpus: string;
  /** `analyzerVersion()` of the text module. */
  analyzer: string;
  /** `ingestVersion()`: the parsing rules the saved reports were read with. */
  ingest: string;
  /** `hashParagraphs()` of the ingested reports. */
  paragraphs: string;
}

/** The fingerprint keys a start checks before it has reports of its own (and so no `paragraphs`). */
type FileKeys = 'corpus' | 'ingest';

function tableSections(name: string, table: PostingTable): Record<string, SectionValue> {
  return { [`${name}.keys`]: table.keys, [`${name}.offsets`]: table.offsets, [`${name}.ids`]: table.ids };
}

function loadTable(container: Container, what: string, paragraphCount: number): PostingTable {
  const keys = container.u32(`${what}.keys`);
  const offsets = container.u32(`${what}.offsets`);
  const ids = container.i32(`${what}.ids`);
  if (offsets.length !== keys.length + 1 || offsets[keys.length] !== ids.length) throw new Error(`${what} offsets do not match its postings`);
  checkIds(ids, what, paragraphCount);
  return { keys, offsets, ids };
}

function escapeRegExp(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|]/gu, '\\$&');
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else; only ESRCH says it is gone.
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/**
 * Removes the temporary files that saves killed before their rename left beside `file` (each as
 * large as the index), also those of earlier formats (`search-index.json.<pid>.tmp`). A file of a
 * running process is a save in progress and stays.
 */
export function removeStaleTemporaries(file: string): string[] {
  // `search-index.bin` → `search-index.<anything>.<pid>.tmp`.
  const stem = basename(file).replace(/\.[^.]*$/u, '');
  const pattern = new RegExp(`^${escapeRegExp(stem)}\\.(?:[^.]+\\.)?(\\d+)\\.tmp$`, 'u');
  let names: string[];
  try {
    names = readdirSync(dirname(file));
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const pid = Number(pattern.exec(name)?.[1] ?? Number.NaN);
    if (!Number.isSafeInteger(pid) || pid <= 0 || isRunning(pid)) continue;
    try {
      unlinkSync(join(dirname(file), name));
      removed.push(name);
    } catch {
      // Removed meanwhile by another start, or not ours to remove: saving does not depend on it.
    }
  }
  return removed;
}

/** The file-system calls a save makes (tests put a full or read-only disk in their place). */
export interface SaveFileSystem {
  /** Creates one folder (its parent exists). */
  mkdirSync: (path: string) => unknown;
  openSync: (path: string, flags: string) => number;
  writeSync: (fd: number, data: Uint8Array) => number;
  closeSync: (fd: number) => void;
  renameSync: (from: string, to: string) => void;
  unlinkSync: (path: string) => void;
}

/** Node's own. */
export const NODE_FILE_SYSTEM: SaveFileSystem = { mkdirSync: (path) => { mkdirSync(path); }, openSync, writeSync, closeSync, renameSync, unlinkSync };

/**
 * Creates `dir` and its missing parents one at a time. Node's recursive `mkdir` never returns
 * for a folder under `/proc` (each level answers ENOENT and it retries the parent), and names no
 * culprit elsewhere; this stops at the first folder that cannot be made and names it.
 */
function makeFolders(dir: string, file: string, fs: SaveFileSystem): void {
  const missing: string[] = [];
  for (let at = resolve(dir); !existsSync(at); at = dirname(at)) {
    missing.push(at);
    if (dirname(at) === at) break;
  }
  for (const folder of missing.reverse()) {
    try {
      fs.mkdirSync(folder);
    } catch (error) {
      if (codeOf(error) === 'EEXIST') continue;
      throw new IndexSaveError(file, codeOf(error), `creating the folder ${folder} (on a read-only, full or virtual file system?)`, error);
    }
  }
}

/** An index that could not be saved (full disk, read-only folder): it can still be served from memory. */
export class IndexSaveError extends Error {
  override name = 'IndexSaveError';

  constructor(
    /** The file that was to be written. */
    readonly file: string,
    /** The system's error code (`ENOSPC`, `EROFS`, `EACCES`, …). */
    readonly code: string,
    step: string,
    cause?: unknown,
  ) {
    super(`index: cannot save ${file}: ${step} failed (${code})`, { cause });
  }
}

function codeOf(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? String(error);
}

/**
 * Writes `index` to `file` atomically (temporary file, then rename); returns its size in bytes.
 * Throws `IndexSaveError` when it cannot, leaving no temporary file behind.
 */
export function saveIndex(
  file: string,
  index: SearchIndex,
  fingerprint: IndexFingerprint,
  notes: CorpusNotes = { terms: [], problems: [], warnings: [] },
  fs: SaveFileSystem = NODE_FILE_SYSTEM,
): number {
  makeFolders(dirname(file), file, fs);
  removeStaleTemporaries(file);
  const ranked = index.ranked.tables;
  const reports = encodeReports(index.table.reports);
  const temporary = `${file}.${String(process.pid)}.tmp`;
  let step = 'creating the temporary file';
  let fd: number | undefined;
  let bytes = 0;
  try {
    const opened = fs.openSync(temporary, 'w');
    fd = opened;
    step = 'writing';
    bytes = writeContainer(
      {
        format: INDEX_FORMAT,
        fingerprint,
        count: index.table.blocks.length,
        reportCount: index.table.reports.length,
        corpus: notes,
        ranked: rankedHeader(ranked),
        vocabularyCount: index.vocabulary.terms.length,
      },
      {
        norms: index.table.norms,
        'reports.text': reports.texts,
        'reports.blocks': reports.blocks,
        ...tableSections('unigrams', index.ngramTables.unigrams),
        ...tableSections('bigrams', index.ngramTables.bigrams),
        ...rankedSections(ranked),
        'vocabulary.terms': index.vocabulary.terms,
        'vocabulary.counts': Int32Array.from(index.vocabulary.counts),
        'headings.norms': index.table.headingNorms.flat(),
        paths: index.table.paths,
        spellings: [encodeSpellingTable(index.spellings ?? spellingTableOf(index.table))],
      },
      (piece) => {
        for (let at = 0; at < piece.byteLength; ) at += fs.writeSync(opened, piece.subarray(at));
      },
    );
    step = 'closing';
    fd = undefined;
    fs.closeSync(opened);
    step = 'renaming the temporary file';
    fs.renameSync(temporary, file);
    return bytes;
  } catch (error) {
    // A full disk must not keep a half-written copy of the index (the next start would leave another).
    if (fd !== undefined) {
      try {
        fs.closeSync(fd);
      } catch {
        // Already failing: the close error says nothing more.
      }
    }
    try {
      fs.unlinkSync(temporary);
    } catch {
      // Never created, or already gone.
    }
    throw new IndexSaveError(file, codeOf(error), step, error);
  }
}

/** The outcome of reading a saved index. */
export type LoadOutcome = { index: SearchIndex } | { reason: string };

function readFailure(file: string, error: unknown): { reason: string } {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return { reason: `no saved index at ${file}` };
  if (code !== undefined) return { reason: `cannot read ${file}: ${code}` };
  return { reason: `saved index is damaged: ${error instanceof Error ? error.message : String(error)}` };
}

/** The header checks that need no section: format, then each fingerprint key given. */
function headerMismatch(container: Container, fingerprint: Partial<IndexFingerprint>): string | undefined {
  const saved = container.header;
  if (saved.format !== INDEX_FORMAT) return `saved index has format ${JSON.stringify(saved.format)}, expected ${String(INDEX_FORMAT)}`;
  const stored = (saved.fingerprint ?? {}) as Record<string, unknown>;
  for (const key of ['corpus', 'analyzer', 'ingest', 'paragraphs'] as const) {
    const expected = fingerprint[key];
    if (expected !== undefined && stored[key] !== expected) return `saved index was built from another ${key === 'analyzer' ? 'analyser' : key}`;
  }
  return undefined;
}

/** Every structure of the index from an opened, checked container, over `reports`. */
function readIndex(container: Container, reports: readonly Report[]): SearchIndex {
  const saved = container.header;
  const count = reports.reduce((sum, report) => sum + report.paragraphs.length, 0);
  if (saved.count !== count) throw new Error(`index holds ${JSON.stringify(saved.count)} paragraphs, corpus ${String(count)}`);
  const norms = count === 0 ? [] : container.text('norms');
  if (norms.length !== count) throw new Error(`norms holds ${String(norms.length)} texts`);
  const ngramTables: NgramTables = {
    unigrams: loadTable(container, 'unigrams', count),
    bigrams: loadTable(container, 'bigrams', count),
  };
  const vocabularyCount = saved.vocabularyCount;
  if (typeof vocabularyCount !== 'number') throw new Error('vocabulary count is missing');
  const vocabulary = {
    terms: vocabularyCount === 0 ? [] : container.text('vocabulary.terms'),
    counts: Array.from(container.i32('vocabulary.counts')),
  };
  if (vocabulary.terms.length !== vocabularyCount || vocabulary.counts.length !== vocabularyCount) throw new Error('vocabulary lists differ in length');
  const ranked = new RankedScorer(readRankedTables(container, count));
  const table = buildParagraphTable(reports, norms, { paths: container.text('paths'), headings: container.text('headings.norms') });
  table.blocks.forEach((block, i) => {
    if (norms[i]?.length !== block.text.length) throw new Error(`norms[${String(i)}] does not match its paragraph`);
  });
  const spellings = decodeSpellingTable(container.text('spellings')[0] ?? '');
  return { table, ngrams: new NgramIndex(norms, ngramTables), ngramTables, pathNgrams: pathIndex(table.paths), ranked, vocabulary, ...(spellings === undefined ? {} : { spellings }) };
}

/**
 * Reads the index saved in `file` for `reports`; returns why it cannot be used instead when the
 * file is missing, unreadable, damaged, of another format or built from something else. Clears
 * the temporary files of killed saves beside it first.
 */
export function loadIndex(file: string, reports: readonly Report[], fingerprint: IndexFingerprint): LoadOutcome {
  return withSavedFile(file, fingerprint, (container) => {
    // After the cheap header checks, so that an index of another corpus is not read for nothing.
    if (!container.checksumMatches()) throw new Error('checksum mismatch');
    return { index: readIndex(container, reports) };
  });
}

/** The saved `file` opened, after clearing the temporaries of killed saves beside it; or why not. */
function openSavedFile(file: string): Container | { reason: string } {
  removeStaleTemporaries(file);
  try {
    return Container.open(file);
  } catch (error) {
    return readFailure(file, error);
  }
}

/**
 * Opens the saved `file` (clearing the temporaries of killed saves beside it first), checks its
 * format and the `fingerprint` keys given, then runs `read`; a missing or unreadable file, a
 * mismatch or anything `read` throws comes back as a reason. The file is closed afterwards.
 */
function withSavedFile<T>(file: string, fingerprint: Partial<IndexFingerprint>, read: (container: Container) => T | { reason: string }): T | { reason: string } {
  const container = openSavedFile(file);
  if (!(container instanceof Container)) return container;
  try {
    const mismatch = headerMismatch(container, fingerprint);
    if (mismatch !== undefined) return { reason: mismatch };
    return read(container);
  } catch (error) {
    return { reason: `saved index is damaged: ${error instanceof Error ? error.message : String(error)}` };
  } finally {
    container.close();
  }
}

/** A saved index with the corpus it was built from, read without the corpus files. */
export interface SavedIndex {
  index: SearchIndex;
  reports: Report[];
  notes: CorpusNotes;
}

function isNotes(value: unknown): value is CorpusNotes {
  const notes = value as Partial<CorpusNotes> | null;
  return typeof notes === 'object' && notes !== null && Array.isArray(notes.terms) && notes.terms.every((t) => typeof t === 'string') && Array.isArray(notes.problems) && Array.isArray(notes.warnings);
}

/**
 * Reads the index saved in `file` with the reports saved in it, when it was built from the
 * corpus files and by the ingest `fileKeys` gives: the file's sections are queued for reading
 * on the thread pool at once, then `fileKeys` is computed and compared, the quoted terms the
 * build added go back into the segmenter's dictionary (loading it: a second or more, while the
 * file is read), the analyser's version is compared, and the data is checked and read. Nothing
 * of the corpus is parsed. Returns why not otherwise.
 */
export async function loadSavedIndex(file: string, fileKeys: () => Pick<IndexFingerprint, FileKeys>): Promise<{ saved: SavedIndex } | { reason: string }> {
  const container = openSavedFile(file);
  if (!(container instanceof Container)) return container;
  const format = headerMismatch(container, {});
  if (format !== undefined) {
    container.close();
    return { reason: format };
  }
  const reading = container.preload();
  // Handled now, so a failed read is not an unhandled rejection while this thread is busy; awaited below.
  reading.catch(() => undefined);
  try {
    // Computed while the file is read; what it throws (an unreadable corpus folder) is the caller's to report, not a damaged index.
    const mismatch = headerMismatch(container, fileKeys());
    if (mismatch !== undefined) return { reason: mismatch };
    return await readSaved(container, reading);
  } finally {
    // The reads use the file: closed once they are over, whatever they gave.
    await reading.catch(() => undefined);
    container.close();
  }
}

/** The rest of {@link loadSavedIndex} once the files' keys matched: anything thrown is a damaged index. */
async function readSaved(container: Container, reading: Promise<void>): Promise<{ saved: SavedIndex } | { reason: string }> {
  try {
    const notes = container.header.corpus;
    if (!isNotes(notes)) throw new Error('corpus notes are malformed');
    restoreCorpusTerms(notes.terms);
    const analyzer = headerMismatch(container, { analyzer: analyzerVersion() });
    if (analyzer !== undefined) return { reason: analyzer };
    await reading;
    if (!container.checksumMatches()) throw new Error('checksum mismatch');
    const reports = decodeReports(container.text('reports.text'), container.text('reports.blocks')[0] ?? '');
    if (reports.length !== container.header.reportCount) throw new Error('report count differs');
    return { saved: { index: readIndex(container, reports), reports, notes } };
  } catch (error) {
    return { reason: `saved index is damaged: ${error instanceof Error ? error.message : String(error)}` };
  }
}
