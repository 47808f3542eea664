import { readdirSync, readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CorpusError } from './errors.js';
import { parseReport } from './parse.js';
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

/** Parses already-read files (in name order), collecting problems instead of throwing. */
function collect(files: readonly { name: string; bytes: Uint8Array }[]): LoadedCorpus {
  const reports: Report[] = [];
  const problems: CorpusProblem[] = [];
  const ids = new Map<string, string>();
  for (const { name, bytes } of files) {
    try {
      const report = parseReport(name, decodeCorpusFile(name, bytes));
      const other = ids.get(report.meta.id);
      if (other !== undefined) {
        throw new CorpusError(name, `front matter "id" "${report.meta.id}" is already used by ${other}`);
      }
      ids.set(report.meta.id, name);
      reports.push(report);
    } catch (error) {
      if (!(error instanceof CorpusError)) throw error;
      problems.push({ file: name, reason: error.message });
    }
  }
  return { reports, problems };
}

/**
 * Loads every `.txt`/`.md` file in `dir`, in file-name order. A bad file (missing or invalid
 * metadata, empty, binary, duplicate id) is listed in `problems` and skipped; the rest load.
 */
export async function loadCorpus(dir: string): Promise<LoadedCorpus> {
  const names = (await readdir(dir)).filter(isCorpusFile).sort(byName);
  const files = await Promise.all(names.map(async (name) => ({ name, bytes: await readFile(join(dir, name)) })));
  return collect(files);
}

/** Synchronous {@link loadCorpus}, for command-line tools. */
export function loadCorpusSync(dir: string): LoadedCorpus {
  const names = readdirSync(dir).filter(isCorpusFile).sort(byName);
  return collect(names.map((name) => ({ name, bytes: readFileSync(join(dir, name)) })));
}
