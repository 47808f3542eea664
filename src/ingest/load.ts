import { readdirSync, type Dirent } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { decodeCorpusFile } from './decode.js';
import { readEntry, readEntrySync, type EntryRead } from './entries.js';
import { CorpusError } from './errors.js';
import { analyzeReport, type Analysis } from './parse.js';
import type { Report } from './types.js';

/** A corpus file that was skipped, and why. */
export interface CorpusProblem {
  /** File name (base name). */
  file: string;
  /** What is wrong, e.g. `ingest: x.txt: front matter "level" is missing`. */
  reason: string;
}

/** A corpus file that loaded, with something its owner should know (read as GB18030). */
export interface CorpusWarning {
  /** File name (base name). */
  file: string;
  /** What to know, e.g. `ingest: x.txt: read as GB18030 (GBK) text; …`. */
  message: string;
}

/** Reports that loaded, in file-name order, the files that did not, and notes on some that did. */
export interface LoadedCorpus {
  reports: Report[];
  problems: CorpusProblem[];
  warnings: CorpusWarning[];
}

/**
 * Corpus files are `.txt` or `.md`, not hidden. Any other file in the directory is reported as
 * not read; hidden files and subdirectories are left alone.
 */
export function isCorpusFile(name: string): boolean {
  return /\.(?:txt|md)$/i.test(name) && !name.startsWith('.');
}

function byName(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A file's bytes, or why it was not read (a Word file, a directory named `x.txt`, no permission, a FIFO). */
type ReadResult = EntryRead;

/** A directory's entries in name order: corpus files to read, and other visible files as problems. */
function sortEntries(entries: readonly Dirent[]): Array<{ name: string; error?: string }> {
  const visible = entries.filter((entry) => !entry.name.startsWith('.') && (isCorpusFile(entry.name) || entry.isFile() || entry.isSymbolicLink()));
  return visible
    .map(({ name }) => (isCorpusFile(name) ? { name } : { name, error: `ingest: ${name}: not a .txt or .md file; convert it to UTF-8 text` }))
    .sort((a, b) => byName(a.name, b.name));
}

/** Analyses of the files that loaded, in name order, with the problems and warnings by file. */
export interface AnalyzedCorpus {
  analyses: Analysis[];
  problems: CorpusProblem[];
  warnings: CorpusWarning[];
}

/** Parses already-read files (in name order), collecting problems instead of throwing. */
function collect(files: readonly ReadResult[]): AnalyzedCorpus {
  const analyses: Analysis[] = [];
  const problems: CorpusProblem[] = [];
  const warnings: CorpusWarning[] = [];
  const ids = new Map<string, string>();
  for (const file of files) {
    const { name } = file;
    if ('error' in file) {
      problems.push({ file: name, reason: file.error });
      continue;
    }
    const { bytes } = file;
    try {
      const { text, encoding } = decodeCorpusFile(name, bytes);
      const analysis = analyzeReport(name, text);
      const { id } = analysis.report.meta;
      const other = ids.get(id);
      if (other !== undefined) throw new CorpusError(name, `front matter "id" "${id}" is already used by ${other}`);
      ids.set(id, name);
      analyses.push(analysis);
      if (encoding === 'gb18030') {
        warnings.push({ file: name, message: `ingest: ${name}: read as GB18030 (GBK) text, not UTF-8; save it as UTF-8 to be sure` });
      }
    } catch (error) {
      if (!(error instanceof CorpusError)) throw error;
      problems.push({ file: name, reason: error.message });
    }
  }
  return { analyses, problems, warnings };
}

function readSync(dir: string): ReadResult[] {
  return sortEntries(readdirSync(dir, { withFileTypes: true })).map((entry): ReadResult => {
    if (entry.error !== undefined) return { name: entry.name, error: entry.error };
    return readEntrySync(dir, entry.name);
  });
}

/**
 * Loads every `.txt`/`.md` file in `dir`, in file-name order. A bad file (missing or invalid
 * metadata, empty, binary, UTF-16, duplicate id) is listed in `problems` and skipped, and so
 * is any other visible file (`report.docx`) and any entry that cannot be read (a directory
 * named `x.txt`, a dangling link, no permission; a FIFO or device, never opened); the rest
 * load, a file read as GB18030 with a line in `warnings`.
 */
export async function loadCorpus(dir: string): Promise<LoadedCorpus> {
  const files = await Promise.all(
    sortEntries(await readdir(dir, { withFileTypes: true })).map(async (entry): Promise<ReadResult> => {
      if (entry.error !== undefined) return { name: entry.name, error: entry.error };
      return readEntry(dir, entry.name);
    }),
  );
  const { analyses, problems, warnings } = collect(files);
  return { reports: analyses.map((a) => a.report), problems, warnings };
}

/** Synchronous {@link loadCorpus}, for command-line tools. */
export function loadCorpusSync(dir: string): LoadedCorpus {
  const { analyses, problems, warnings } = collect(readSync(dir));
  return { reports: analyses.map((a) => a.report), problems, warnings };
}

/** Like {@link loadCorpusSync}, with how each file was read (for checks and reports). */
export function analyzeCorpusSync(dir: string): AnalyzedCorpus {
  return collect(readSync(dir));
}
