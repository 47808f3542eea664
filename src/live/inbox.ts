/**
 * The inbox: a folder where a user drops documents (PDF, Word, web pages, text) to be imported
 * into the corpus. Each settled file is handed to the importer, which writes the corpus file(s);
 * an imported file moves to `imported/` inside the inbox, so nothing a user dropped is deleted.
 * A file that cannot be imported stays where it is, is listed with why (in Chinese), and is
 * tried again only once it changes. The corpus watcher then picks the new corpus files up.
 */
import { mkdir, readdir, rename, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ImportError, importInto } from '../ingest/formats/index.js';
import { CorpusError, reasonInChinese } from '../ingest/index.js';
import type { LeftOutFile } from '../search/generation.js';
import { FolderWatcher, type WatchTiming } from './watcher.js';

/** Where imported files go, inside the inbox. */
export const IMPORTED_FOLDER = 'imported';

/** Label of the inbox in the lists users read. */
const INBOX_LABEL = '收件箱';

/** What an import wrote, and what the user should still know or do (in Chinese). */
export interface Imported {
  /** Corpus file names written. */
  files: string[];
  /** Fields to fill in, doubtful readings: listed with the server's problems. */
  notes: string[];
}

/**
 * Imports the document at `path` into `corpusDir`. Throws (the import's `ImportError`, ingest's
 * `CorpusError`, or an error with a Chinese message) for a document it cannot import.
 */
export type Importer = (path: string, corpusDir: string) => Promise<Imported>;

/**
 * The importer of `npm run import`: a PDF, Word file, web page or text file becomes a corpus
 * file, its original kept beside it under `originals/` (read in a thread of its own, bounded in
 * time and memory). Fields it could not read are left for the user to fill in; the corpus
 * lists that file as left out, naming the field, until they do.
 */
export const documentImporter: Importer = async (path, corpusDir) => {
  const { written, result } = await importInto(path, corpusDir);
  return { files: written, notes: result.problems };
};

/** The Chinese reason an import failed. */
function reasonOf(error: unknown, name: string): { reason: string; detail: string } {
  if (error instanceof CorpusError) return { reason: reasonInChinese(error.message, error.file), detail: error.message };
  if (error instanceof ImportError) return { reason: error.message.slice(error.message.startsWith(`${error.file}：`) ? error.file.length + 1 : 0), detail: error.message };
  const message = error instanceof Error ? error.message : String(error);
  if (/[\u4e00-\u9fff]/u.test(message)) return { reason: message, detail: message };
  return { reason: `导入 ${name} 时出错：${message}`, detail: message };
}

/** Options of an {@link Inbox}. */
export interface InboxOptions {
  dir: string;
  corpusDir: string;
  timing: WatchTiming;
  importer?: Importer;
  /** Called with a line for the server's problems (in Chinese) when an import fails. */
  report: (message: string) => void;
  /** Called when a file was imported, with the corpus files it became. */
  imported?: (name: string, written: string[]) => void;
}

export class Inbox {
  readonly #options: InboxOptions;
  readonly #importer: Importer;
  readonly #watcher: FolderWatcher;
  /** Files that failed, by name, with the state they failed in (tried again once it changes). */
  readonly #failed = new Map<string, { state: string; entry: LeftOutFile }>();

  constructor(options: InboxOptions) {
    this.#options = options;
    this.#importer = options.importer ?? documentImporter;
    this.#watcher = new FolderWatcher(options.dir, options.timing, '', () => this.#importAll());
  }

  /** Creates the inbox folder when missing and starts watching it. */
  async start(): Promise<void> {
    await mkdir(this.#options.dir, { recursive: true });
    this.#watcher.start();
  }

  /** Imports what the inbox holds now (after the settling check). */
  async check(): Promise<void> {
    await this.#watcher.check();
  }

  async close(): Promise<void> {
    await this.#watcher.close();
  }

  /** Files that could not be imported, with why. */
  rejected(): LeftOutFile[] {
    return [...this.#failed.values()].map(({ entry }) => ({ ...entry }));
  }

  async #importAll(): Promise<void> {
    const { dir } = this.#options;
    const names = (await readdir(dir, { withFileTypes: true })).filter((e) => e.isFile() && !e.name.startsWith('.')).map((e) => e.name);
    for (const name of this.#failed.keys()) if (!names.includes(name)) this.#failed.delete(name);
    for (const name of names.sort()) {
      const path = join(dir, name);
      let state: string;
      try {
        const info = await stat(path);
        state = `${String(info.size)}:${String(info.mtimeMs)}`;
      } catch {
        continue;
      }
      if (this.#failed.get(name)?.state === state) continue;
      try {
        const imported = await this.#importer(path, this.#options.corpusDir);
        await this.#keep(name);
        this.#failed.delete(name);
        for (const note of imported.notes) this.#options.report(`${INBOX_LABEL}/${name}：${note}`);
        this.#options.imported?.(name, imported.files);
      } catch (error) {
        const { reason, detail } = reasonOf(error, name);
        this.#failed.set(name, { state, entry: { file: `${INBOX_LABEL}/${name}`, reason, detail } });
        this.#options.report(`${INBOX_LABEL}/${name} 未导入：${reason}`);
      }
    }
  }

  /** Moves an imported file to `imported/`, under a new name when one of that name is there. */
  async #keep(name: string): Promise<void> {
    const folder = join(this.#options.dir, IMPORTED_FOLDER);
    await mkdir(folder, { recursive: true });
    const taken = new Set(await readdir(folder));
    const dot = name.lastIndexOf('.');
    const [stem, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
    let target = name;
    for (let n = 2; taken.has(target); n++) target = `${stem} (${String(n)})${ext}`;
    await rename(join(this.#options.dir, name), join(folder, target));
  }
}
