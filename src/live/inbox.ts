/**
 * The inbox: a folder where a user drops documents (PDF, Word, web pages, text) to be imported
 * into the corpus. Each settled file is handed to the importer, which writes the corpus file(s);
 * an imported file moves to `imported/` inside the inbox, so nothing a user dropped is deleted.
 * A file that cannot be imported stays where it is, is listed with why (in Chinese), and is
 * tried again only once it changes. The corpus watcher then picks the new corpus files up.
 */
import { mkdir, readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { CorpusError, analyzeReport, decodeCorpusFile, isCorpusFile, reasonInChinese } from '../ingest/index.js';
import type { LeftOutFile } from '../search/generation.js';
import { FolderWatcher, type WatchTiming } from './watcher.js';

/** Where imported files go, inside the inbox. */
export const IMPORTED_FOLDER = 'imported';

/** Label of the inbox in the lists users read. */
const INBOX_LABEL = '收件箱';

/** A refusal an importer words for the user (in Chinese). */
export class ImportRefusal extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportRefusal';
  }
}

/**
 * Imports the document at `path` into `corpusDir` and returns the corpus file names written.
 * Throws {@link ImportRefusal} (or ingest's `CorpusError`) for a document it cannot import.
 */
export type Importer = (path: string, corpusDir: string) => Promise<string[]>;

/** Writes `bytes` as `dir/name` so that a reader of `dir` sees the old file or the new one: a hidden temporary file, then a rename. */
export async function writeAtomically(dir: string, name: string, bytes: Uint8Array | string): Promise<void> {
  const temporary = join(dir, `.${name}.${String(process.pid)}.tmp`);
  await writeFile(temporary, bytes);
  await rename(temporary, join(dir, name));
}

/**
 * The importer for text files (`.txt`, `.md` with front matter): checks the file reads as a
 * report, then copies it into the corpus under its name. Other formats are refused.
 */
export const textImporter: Importer = async (path, corpusDir) => {
  const name = path.slice(path.lastIndexOf('/') + 1);
  if (!isCorpusFile(name)) throw new ImportRefusal(`暂不能导入 ${extname(name) || '无扩展名'} 文件：收件箱目前只接受带元数据的 .txt 或 .md 文本`);
  const bytes = await readFile(path);
  analyzeReport(name, decodeCorpusFile(name, bytes).text);
  await writeAtomically(corpusDir, name, bytes);
  return [name];
};

/** The Chinese reason an import failed. */
function reasonOf(error: unknown, name: string): { reason: string; detail: string } {
  if (error instanceof CorpusError) return { reason: reasonInChinese(error.message, error.file), detail: error.message };
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof ImportRefusal || /[\u4e00-\u9fff]/u.test(message)) return { reason: message, detail: message };
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
    this.#importer = options.importer ?? textImporter;
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
        const written = await this.#importer(path, this.#options.corpusDir);
        await this.#keep(name);
        this.#failed.delete(name);
        this.#options.imported?.(name, written);
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
