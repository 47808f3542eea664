/**
 * Writes an import into a corpus directory: the corpus file `<id>.txt` and the original
 * beside it under `originals/` (`originals/<id><ext>`), each written to a temporary name and
 * renamed, so a reader of the directory never sees half a file.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { importDocument, type ImportOptions, type ImportResult } from './import.js';

/** The directory under the corpus directory that keeps originals; the corpus loader skips it. */
export const ORIGINALS_DIR = 'originals';

async function writeAtomic(path: string, data: string | Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = join(dirname(path), `.${String(process.pid)}-${String(Date.now())}.tmp`);
  await writeFile(temporary, data);
  await rename(temporary, path);
}

/** Paths written by {@link writeImport}. */
export interface WrittenImport {
  corpusFile: string;
  original: string;
}

/**
 * Writes `result`'s corpus file and the original `bytes` into `corpusDir`. A corpus file of
 * the same id already there (the same original imported before) is replaced.
 */
export async function writeImport(corpusDir: string, result: ImportResult, bytes: Uint8Array): Promise<WrittenImport> {
  const original = join(corpusDir, result.originalFile);
  const corpusFile = join(corpusDir, result.corpusFile.name);
  // The original first: a corpus file never names an original that is not there.
  await writeAtomic(original, bytes);
  await writeAtomic(corpusFile, result.corpusFile.text);
  return { corpusFile, original };
}

/**
 * Reads the document at `path`, imports it ({@link importDocument}) and writes it into
 * `corpusDir` ({@link writeImport}): the shape of an inbox importer. Returns the corpus file
 * name written and the result (its `problems` say which fields the user must still fill in).
 * Throws `ImportError` (a Chinese message naming the file) for a file it refuses.
 */
export async function importInto(path: string, corpusDir: string, options?: ImportOptions): Promise<{ written: string[]; result: ImportResult }> {
  const bytes = await readFile(path);
  const result = await importDocument({ name: basename(path), bytes }, options);
  await writeImport(corpusDir, result, bytes);
  return { written: [result.corpusFile.name], result };
}
