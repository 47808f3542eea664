/**
 * Writes an import into a corpus directory: the corpus file `<id>.txt` and the original
 * beside it under `originals/` (`originals/<id><ext>`), each written to a temporary name and
 * renamed, so a reader of the directory never sees half a file.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { importDocument, type ImportOptions, type ImportResult } from './import.js';
import { frontMatterValues } from './front-matter-values.js';
import { describeSameness, SameText } from './same-text.js';
import { ImportError } from './types.js';

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
  /** Front matter keys whose values a user had filled into the file before, and which were kept. */
  kept: string[];
}

/**
 * The new corpus file text with the front matter values a user edited into the previous one
 * (any key whose value there is not empty and differs from what the import read), so a
 * repeated import never undoes a correction. The body is the new one.
 */
function keepEdits(previous: string, next: string): { text: string; kept: string[] } {
  const old = frontMatterValues(previous).values;
  const { values: fresh, body } = frontMatterValues(next);
  const kept = [...old].filter(([key, value]) => value !== '' && fresh.get(key) !== value && key !== 'original').map(([key]) => key);
  if (kept.length === 0) return { text: next, kept };
  const merged = new Map(fresh);
  for (const key of kept) merged.set(key, old.get(key) ?? '');
  return { text: `---\n${[...merged].map(([k, v]) => `${k}: ${v}`).join('\n')}\n---\n${body}`, kept };
}

/**
 * Writes `result`'s corpus file and the original `bytes` into `corpusDir`. A corpus file of
 * the same id already there (the same original imported before) is replaced, keeping the
 * front matter values a user filled in or corrected.
 */
export async function writeImport(corpusDir: string, result: ImportResult, bytes: Uint8Array): Promise<WrittenImport> {
  const original = join(corpusDir, result.originalFile);
  const corpusFile = join(corpusDir, result.corpusFile.name);
  let previous: string | null = null;
  try {
    previous = await readFile(corpusFile, 'utf8');
  } catch {
    // A first import.
  }
  const { text, kept } = previous === null ? { text: result.corpusFile.text, kept: [] } : keepEdits(previous, result.corpusFile.text);
  // The original first: a corpus file never names an original that is not there.
  await writeAtomic(original, bytes);
  await writeAtomic(corpusFile, text);
  return { corpusFile, original, kept };
}

/**
 * Reads the document at `path`, imports it ({@link importDocument}) and writes it into
 * `corpusDir` ({@link writeImport}): the shape of an inbox importer. Returns the corpus file
 * name written and the result (its `problems` say which fields the user must still fill in,
 * and which report already in the corpus it largely repeats). Throws `ImportError` (a Chinese
 * message naming the file) for a file it refuses, and for a report the corpus already holds
 * in another file (the same report saved from another site or in another format).
 */
export async function importInto(path: string, corpusDir: string, options?: ImportOptions): Promise<{ written: string[]; result: ImportResult }> {
  const bytes = await readFile(path);
  const result = await importDocument({ name: basename(path), bytes }, options);
  const same = (await SameText.read(corpusDir)).find(result.corpusFile.name, result.corpusFile.text);
  if (same?.same === true) throw new ImportError(result.file, describeSameness(same));
  if (same !== null) result.problems.push(`${result.file}：${describeSameness(same)}`);
  await writeImport(corpusDir, result, bytes);
  return { written: [result.corpusFile.name], result };
}
