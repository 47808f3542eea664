/**
 * Notices that a folder changed and says so once it has settled. `fs.watch` gives quick notice
 * but may miss events on some filesystems (network mounts, some containers), so the folder is
 * also polled. A burst of changes (a copy of 30 files, an editor's save in three steps) is
 * debounced into one notice; a file still being written is waited for: the folder's snapshot
 * must stay the same across a settling interval before anyone reads it.
 */
import { watch, type FSWatcher } from 'node:fs';
import { snapshot, type Snapshot } from './snapshot.js';

/** Timing of a {@link FolderWatcher}, in milliseconds. */
export interface WatchTiming {
  /** Quiet time after the last event before the folder is looked at. */
  debounceMs: number;
  /** Interval between the two snapshots that must agree (a file being written changes size or time). */
  settleMs: number;
  /** Interval of the poll that catches what `fs.watch` missed. */
  pollMs: number;
  /** Settling attempts before a folder that keeps changing is taken as it is. */
  maxSettleRounds: number;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

/**
 * Watches `dir` and calls `onChange` with the settled snapshot whenever it differs from the last
 * one handled (`handled` at first). Calls never overlap; a change during a call is handled after
 * it. A failing `onChange` is not retried until the folder changes again: the caller reports it.
 */
export class FolderWatcher {
  readonly dir: string;
  readonly #timing: WatchTiming;
  readonly #onChange: (next: Snapshot) => Promise<void>;
  #handled: Snapshot;
  #watcher: FSWatcher | undefined;
  #debounce: NodeJS.Timeout | undefined;
  #poll: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #again = false;
  #closed = false;

  constructor(dir: string, timing: WatchTiming, handled: Snapshot, onChange: (next: Snapshot) => Promise<void>) {
    this.dir = dir;
    this.#timing = timing;
    this.#handled = handled;
    this.#onChange = onChange;
  }

  /** Starts watching and polling; looks at the folder once at once. */
  start(): this {
    try {
      this.#watcher = watch(this.dir, { persistent: false }, () => {
        this.#kick();
      });
      // A watch that fails later (folder removed and re-created, too many watches) leaves polling.
      this.#watcher.on('error', () => {
        this.#watcher?.close();
        this.#watcher = undefined;
      });
    } catch {
      this.#watcher = undefined;
    }
    this.#poll = setInterval(() => {
      void this.#pollOnce();
    }, this.#timing.pollMs);
    this.#poll.unref();
    this.#kick();
    return this;
  }

  /** Looks at the folder now (after the settling check) and resolves once any change is handled. */
  async check(): Promise<void> {
    await this.#run();
  }

  /** Stops watching; resolves once a call in progress has ended. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#watcher?.close();
    clearTimeout(this.#debounce);
    this.#debounce = undefined;
    clearInterval(this.#poll);
    await this.#running;
  }

  /** Not closed (a method, so that a check after an `await` reads the field again). */
  #open(): boolean {
    return !this.#closed;
  }

  async #pollOnce(): Promise<void> {
    if (this.#running !== undefined || this.#closed) return;
    // A pending look is not put off by the poll: only events restart the quiet time.
    if (this.#debounce === undefined && (await snapshot(this.dir)) !== this.#handled) this.#kick();
  }

  #kick(): void {
    if (this.#closed) return;
    clearTimeout(this.#debounce);
    this.#debounce = setTimeout(() => {
      this.#debounce = undefined;
      void this.#run();
    }, this.#timing.debounceMs);
    this.#debounce.unref();
  }

  #run(): Promise<void> {
    if (this.#running !== undefined) {
      this.#again = true;
      return this.#running;
    }
    this.#running = this.#handle().finally(() => {
      this.#running = undefined;
      if (this.#again) {
        this.#again = false;
        this.#kick();
      }
    });
    return this.#running;
  }

  async #handle(): Promise<void> {
    const settled = await this.#settled();
    if (this.#closed || settled === this.#handled) return;
    this.#handled = settled;
    try {
      await this.#onChange(settled);
    } finally {
      // Changed while it was being handled: look again once quiet.
      if (this.#open() && (await snapshot(this.dir)) !== settled) this.#again = true;
    }
  }

  /** A snapshot equal to the one taken `settleMs` before it (or the last one after the rounds). */
  async #settled(): Promise<Snapshot> {
    let previous = await snapshot(this.dir);
    for (let round = 0; round < this.#timing.maxSettleRounds && !this.#closed; round++) {
      await sleep(this.#timing.settleMs);
      const next = await snapshot(this.dir);
      if (next === previous) return next;
      previous = next;
    }
    return previous;
  }
}
