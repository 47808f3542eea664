/**
 * The generations of a site served from a cluster. `npm run cluster -- index` builds the changed
 * shards' new versions beside the served ones (each generation has its own distributed index,
 * see `config.ts`), the ranking statistics and, last, the manifest; the front polls the
 * manifest, and when it names another corpus (fingerprint or shards) opens the search again over
 * the corpus folder and swaps it in at once, so that the paragraph table, the ranking and the
 * cached answers (emptied on a swap) follow the cluster. Until then, and when
 * opening fails (listed in `/healthz`), the previous generation keeps answering.
 */
import { leftOutOf } from '../live/live-corpus.js';
import { originalsIn, type Generation, type Generations, type GenerationStatus } from '../search/generation.js';
import type { Logger } from '../web/logger.js';
import { readManifest, type ClusterManifest } from './manifest.js';
import { openClusterSearch, type OpenClusterOptions, type OpenedCluster } from './open.js';

/** Options of {@link ClusterGenerations}. */
export interface ClusterGenerationsOptions extends OpenClusterOptions {
  /** Milliseconds between looks at the manifest. */
  pollMs: number;
  /** Milliseconds a replaced engine stays open for the requests still using it. */
  retireMs?: number;
  /** Problems kept for `/healthz` (newest). */
  problemsKept?: number;
  logger: Logger;
}

/** What a manifest says about the indexed corpus (a change means a new generation). */
function stampOf(manifest: ClusterManifest | undefined): string {
  if (manifest === undefined) return '';
  return JSON.stringify([manifest.fingerprint, manifest.shards.map((shard) => shard.hash)]);
}

export class ClusterGenerations implements Generations {
  readonly #options: ClusterGenerationsOptions;
  #current: Generation;
  #opened: OpenedCluster;
  #stamp: string;
  #building = false;
  #closed = false;
  #lastAttemptAt: string | undefined;
  #lastBuild: GenerationStatus['lastBuild'];
  readonly #problems: Array<{ at: string; message: string }> = [];
  readonly #listeners = new Set<(next: Generation, previous: Generation) => void>();
  readonly #timer: NodeJS.Timeout;
  readonly #retiring = new Map<NodeJS.Timeout, OpenedCluster>();

  private constructor(opened: OpenedCluster, stamp: string, options: ClusterGenerationsOptions) {
    this.#options = options;
    this.#opened = opened;
    this.#stamp = stamp;
    this.#current = this.#generation(opened, 1);
    this.#timer = setInterval(() => {
      void this.check();
    }, options.pollMs);
    this.#timer.unref();
  }

  /** Opens the search over the cluster (throws `ClusterError` as `openClusterSearch` does) and starts watching its manifest. */
  static async open(options: ClusterGenerationsOptions): Promise<ClusterGenerations> {
    const stamp = stampOf(readManifest(options.clusterDir));
    return new ClusterGenerations(await openClusterSearch(options), stamp, options);
  }

  /** The cluster opened for the current generation. */
  get opened(): OpenedCluster {
    return this.#opened;
  }

  current(): Generation {
    return this.#current;
  }

  onSwap(listener: (next: Generation, previous: Generation) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  status(): GenerationStatus {
    return {
      building: this.#building,
      ...(this.#lastAttemptAt !== undefined ? { lastAttemptAt: this.#lastAttemptAt } : {}),
      ...(this.#lastBuild !== undefined ? { lastBuild: { ...this.#lastBuild } } : {}),
      problems: this.#problems.map((problem) => ({ ...problem })),
      notImported: [],
    };
  }

  #generation(opened: OpenedCluster, number: number): Generation {
    return { number, builtAt: new Date(), service: opened.service, leftOut: leftOutOf(opened.problems), originalFile: originalsIn(this.#options.corpusDir, opened.service) };
  }

  /**
   * Looks at the manifest once and, when it names another indexed corpus than the one served,
   * opens it and swaps it in. Resolves `true` after a swap. (Called by the poll; tests call it.)
   */
  async check(): Promise<boolean> {
    if (this.#building || this.#closed) return false;
    const manifest = readManifest(this.#options.clusterDir);
    const stamp = stampOf(manifest);
    if (manifest === undefined || stamp === this.#stamp) return false;
    this.#building = true;
    const started = performance.now();
    try {
      const opened = await openClusterSearch(this.#options);
      // Closed while opening: nothing to swap into.
      if (this.isClosed()) {
        await opened.engine.close();
        return false;
      }
      this.#swap(opened, stamp, performance.now() - started);
      return true;
    } catch (error) {
      // The same manifest is tried again at the next look (the corpus may still be changing).
      const message = `集群重新索引后无法打开：${error instanceof Error ? error.message : String(error)}`;
      this.#problems.push({ at: new Date().toISOString(), message });
      this.#problems.splice(0, Math.max(0, this.#problems.length - (this.#options.problemsKept ?? 20)));
      this.#options.logger.error('cluster generation not opened', { reason: message });
      return false;
    } finally {
      this.#building = false;
      this.#lastAttemptAt = new Date().toISOString();
    }
  }

  #swap(opened: OpenedCluster, stamp: string, openMs: number): void {
    const previous = this.#current;
    const retired = this.#opened;
    const next = this.#generation(opened, previous.number + 1);
    this.#current = next;
    this.#opened = opened;
    this.#stamp = stamp;
    this.#lastBuild = { at: next.builtAt.toISOString(), generation: next.number, documents: opened.service.documents().length, ingestMs: Math.round(openMs), buildMs: 0, swapMs: 0 };
    this.#options.logger.info('cluster generation swapped', { ...this.#lastBuild, paragraphs: opened.paragraphs });
    for (const listener of this.#listeners) listener(next, previous);
    // Requests that took the previous generation finish on its connections.
    const timer = setTimeout(() => {
      this.#retiring.delete(timer);
      void retired.engine.close();
    }, this.#options.retireMs ?? 60_000);
    timer.unref();
    this.#retiring.set(timer, retired);
  }

  /** Whether `close()` was called. */
  isClosed(): boolean {
    return this.#closed;
  }

  /** Stops watching and closes every engine. */
  async close(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#timer);
    const engines = [this.#opened, ...this.#retiring.values()].map((opened) => opened.engine.close());
    for (const timer of this.#retiring.keys()) clearTimeout(timer);
    this.#retiring.clear();
    await Promise.all(engines);
  }
}
