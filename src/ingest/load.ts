import { readdirSync, readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
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

/** Reports that loaded, in file-name order, and the files that did not. */
export interface LoadedCorpus {
  reports: Report[];
  problems: CorpusProblem[];
}

/** Corpus files are `.txt` or `.md`; anything else in the directory is ignored. */
export function isCorpusFile(name: string): boolean {
  return /\.(?:txt|md)$/i.test(name) && !name.startsWith('.');
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** Decodes a file, refusing binary content and invalid UTF-8. */
export function decodeCorpusFile(file: string, bytes: Uint8Array): string {
  if (bytes.includes(0)) throw new CorpusError(file, 'binary content (NUL bytes), expected UTF-8 text');
  try {
    return UTF8.decode(bytes);
  } catch {
    throw new CorpusError(file, 'not valid UTF-8 text');
  }
}

function byName(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A file's bytes, or why it could not be read (a directory named `x.txt`, no permission). */
type ReadResult = { name: string; bytes: Uint8Array } | { name: string; error: string };

function readError(name: string, error: unknown): ReadResult {
  const code = (error as NodeJS.ErrnoException).code ?? String(error);
  return { name, error: `ingest: ${name}: cannot be read (${code})` };
}

/** Parses already-read files (in name order), collecting problems instead of throwing. */
function collect(files: readonly ReadResult[]): { analyses: Analysis[]; problems: CorpusProblem[] } {
  const analyses: Analysis[] = [];
  const problems: CorpusProblem[] = [];
  const ids = new Map<string, string>();
  for (const file of files) {
    const { name } = file;
    if ('error' in file) {
      problems.push({ file: name, reason: file.error });
      continue;
    }
    const { bytes } = file;
    try {
      const analysis = analyzeReport(name, decodeCorpusFile(name, bytes));
      const { id } = analysis.report.meta;
      const other = ids.get(id);
      if (other !== undefined) throw new CorpusError(name, `front matter "id" "${id}" is already used by ${other}`);
      ids.set(id, name);
      analyses.push(analysis);
    } catch (error) {
      if (!(error instanceof CorpusError)) throw error;
      problems.push({ file: name, reason: error.message });
    }
  }
  return { analyses, problems };
}

function readSync(dir: string): ReadResult[] {
  const names = readdirSync(dir).filter(isCorpusFile).sort(byName);
  return names.map((name) => {
    try {
      return { name, bytes: readFileSync(join(dir, name)) };
    } catch (error) {
      return readError(name, error);
    }
  });
}

/**
 * Loads every `.txt`/`.md` file in `dir`, in file-name order. A bad file (missing or invalid
 * metadata, empty, binary, duplicate id) is listed in `problems` and skipped; the rest load.
 */
export async function loadCorpus(dir: string): Promise<LoadedCorpus> {
  const names = (await readdir(dir)).filter(isCorpusFile).sort(byName);
  const files = await Promise.all(
    names.map(async (name): Promise<ReadResult> => {
      try {
        return { name, bytes: await readFile(join(dir, name)) };
      } catch (error) {
        return readError(name, error);
      }
    }),
  );
  const { analyses, problems } = collect(files);
  return { reports: analyses.map((a) => a.report), problems };
}

/** Synchronous {@link loadCorpus}, for command-line tools. */
export function loadCorpusSync(dir: string): LoadedCorpus {
  const { analyses, problems } = collect(readSync(dir));
  return { reports: analyses.map((a) => a.report), problems };
}

/** Like {@link loadCorpusSync}, with how each file was read (for checks and reports). */
export function analyzeCorpusSync(dir: string): { analyses: Analysis[]; problems: CorpusProblem[] } {
  return collect(readSync(dir));
}
