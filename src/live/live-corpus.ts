/**
 * The live corpus: serves one generation at a time and replaces it when the corpus folder
 * changes. The new index is built in a worker thread (searches keep answering from the current
 * one meanwhile), saved, loaded here and swapped in by one assignment, so a request sees the old
 * generation or the new one, never a half-built one. A build that fails, or a corpus with no
 * readable report at all, leaves the current generation served and is reported.
 */
import { analyzerVersion } from '../text/index.js';
import { reasonInChinese, type CorpusProblem } from '../ingest/index.js';
import { loadIndex } from '../index/index.js';
import { CoreSearchService, IndexSearchService, type OpenedSearch } from '../search/index.js';
import { originalsIn, type Generation, type Generations, type GenerationStatus, type LeftOutFile } from '../search/generation.js';
import { BuildThread } from './builder.js';
import { Inbox, type Importer } from './inbox.js';
import { LIVE_DEFAULTS, type LiveOptions } from './options.js';
import type { BuildReply } from './protocol.js';
import type { Snapshot } from './snapshot.js';
import { FolderWatcher } from './watcher.js';

/** Where the live corpus says what it did (the server's logger fits). */
export interface LiveLogger {
  info(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** The corpus problems of ingest as files left out, with the reason in Chinese. */
export function leftOutOf(problems: readonly CorpusProblem[]): LeftOutFile[] {
  return problems.map((p) => ({ file: p.file, reason: reasonInChinese(p.reason, p.file), detail: p.reason }));
}

/** What starts a live corpus: the index opened at start-up and the corpus snapshot taken before it. */
export interface LiveStart {
  opened: OpenedSearch;
  /** Snapshot of the corpus folder taken before `opened` read it (a change during start-up is then seen). */
  snapshot: Snapshot;
  /** Imports an inbox file into the corpus; text files only by default. */
  importer?: Importer;
  logger: LiveLogger;
}

/** A swap with how long its steps took, in milliseconds. */
interface BuildTiming {
  at: string;
  generation: number;
  documents: number;
  ingestMs: number;
  buildMs: number;
  /** Loading the saved index and swapping, on the serving thread. */
  swapMs: number;
}

export class LiveCorpus implements Generations {
  readonly options: LiveOptions;
  readonly #logger: LiveLogger;
  readonly #listeners = new Set<(next: Generation, previous: Generation) => void>();
  readonly #thread: BuildThread;
  readonly #watcher: FolderWatcher;
  readonly #inbox: Inbox | undefined;
  #current: Generation;
  #building = false;
  #lastAttemptAt: string | undefined;
  #lastBuild: BuildTiming | undefined;
  readonly #problems: Array<{ at: string; message: string }> = [];

  private constructor(start: LiveStart, options: LiveOptions) {
    this.options = options;
    this.#logger = start.logger;
    const service = new CoreSearchService(start.opened.service);
    this.#current = { number: 1, builtAt: new Date(), service, leftOut: leftOutOf(start.opened.problems), originalFile: originalsIn(options.corpusDir, service) };
    this.#thread = new BuildThread({ maxHeapMb: options.maxHeapMb });
    this.#watcher = new FolderWatcher(options.corpusDir, options, start.snapshot, () => this.#rebuild());
    this.#inbox =
      options.inboxDir === undefined
        ? undefined
        : new Inbox({
            dir: options.inboxDir,
            corpusDir: options.corpusDir,
            timing: options,
            ...(start.importer ? { importer: start.importer } : {}),
            report: (message) => {
              this.#report(message);
            },
            imported: (name, written) => {
              this.#logger.info('inbox file imported', { file: name, corpusFiles: written });
            },
          });
  }

  /** Serves `start.opened` and watches the corpus (and the inbox) from now on. */
  static async start(start: LiveStart, options: Partial<LiveOptions> & Pick<LiveOptions, 'corpusDir' | 'indexDir'>): Promise<LiveCorpus> {
    const live = new LiveCorpus(start, { ...LIVE_DEFAULTS, inboxDir: undefined, ...options });
    live.#thread.warm();
    live.#watcher.start();
    await live.#inbox?.start();
    return live;
  }

  current(): Generation {
    return this.#current;
  }

  onSwap(listener: (next: Generation, previous: Generation) => void): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  status(): GenerationStatus {
    return {
      building: this.#building,
      ...(this.#lastAttemptAt !== undefined ? { lastAttemptAt: this.#lastAttemptAt } : {}),
      ...(this.#lastBuild !== undefined ? { lastBuild: { ...this.#lastBuild } } : {}),
      problems: this.#problems.map((p) => ({ ...p })),
      notImported: this.#inbox?.rejected() ?? [],
    };
  }

  /** Looks at the inbox and the corpus now and resolves once any change is served (tests, tools). */
  async refresh(): Promise<Generation> {
    await this.#inbox?.check();
    await this.#watcher.check();
    return this.#current;
  }

  /** Stops watching and the build thread. */
  async close(): Promise<void> {
    await this.#inbox?.close();
    await this.#watcher.close();
    await this.#thread.close();
  }

  #report(message: string): void {
    this.#problems.push({ at: new Date().toISOString(), message });
    if (this.#problems.length > this.options.problemsKept) this.#problems.splice(0, this.#problems.length - this.options.problemsKept);
    this.#logger.error('live corpus problem', { message });
  }

  async #rebuild(): Promise<void> {
    this.#building = true;
    try {
      const reply = await this.#thread.build({ corpusDir: this.options.corpusDir, indexDir: this.options.indexDir });
      this.#swap(reply);
    } catch (error) {
      this.#report(`索引未更新，继续使用第 ${String(this.#current.number)} 版：${error instanceof Error ? error.message : String(error)}`);
    } finally {
      this.#building = false;
      this.#lastAttemptAt = new Date().toISOString();
    }
  }

  /** Loads the built index and makes it current, in one synchronous step (no query runs in between). */
  #swap(reply: BuildReply & { ok: true }): void {
    const started = performance.now();
    const previous = this.#current;
    if (reply.reports.length === 0 && previous.service.documents().length > 0) {
      throw new Error(`live: no report could be read from ${this.options.corpusDir}`);
    }
    // Index and queries must be cut by the same segmenter (the build thread replays this one's).
    if (analyzerVersion() !== reply.fingerprint.analyzer) throw new Error(`live: analyser ${analyzerVersion()} differs from the build's ${reply.fingerprint.analyzer}`);
    const loaded = loadIndex(reply.file, reply.reports, reply.fingerprint);
    if ('reason' in loaded) throw new Error(`live: ${loaded.reason}`);
    const service = new CoreSearchService(new IndexSearchService(loaded.index).prepare());
    const next: Generation = {
      number: previous.number + 1,
      builtAt: new Date(),
      service,
      leftOut: leftOutOf(reply.problems),
      originalFile: originalsIn(this.options.corpusDir, service),
    };
    this.#current = next;
    const swapMs = performance.now() - started;
    this.#lastBuild = { at: next.builtAt.toISOString(), generation: next.number, documents: reply.reports.length, ingestMs: Math.round(reply.ingestMs), buildMs: Math.round(reply.buildMs), swapMs: Math.round(swapMs) };
    this.#logger.info('index swapped', { ...this.#lastBuild, leftOut: next.leftOut.length });
    for (const problem of reply.problems) this.#logger.error('corpus file skipped', { ...problem });
    for (const listener of this.#listeners) {
      try {
        listener(next, previous);
      } catch (error) {
        this.#report(`live: a swap listener failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
}
