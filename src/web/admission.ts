/**
 * Admission control for costly routes. The in-process search is synchronous work on the only
 * thread: whoever runs holds everyone else. So search work runs a few requests at a time from a
 * short queue; the next to run is the waiting request whose client has been the cheapest
 * lately (shortest job first, by each client's average cost per request), so a client sending
 * costly queries back to back, or fifty of them, waits behind the light ones instead of in
 * front of them. Past the queue, past a client's share or after too long a wait, a request is
 * turned away at once with `503` and `Retry-After` — never minutes of waiting. Every admitted
 * request gets a time budget that the routes pass to the search (`timeLimitMs`).
 */
import type { Socket } from 'node:net';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { HttpError } from './errors.js';

/** Settings of the gate; every field has a default in {@link ADMISSION_DEFAULTS}. */
export interface AdmissionOptions {
  /** Requests doing search work at once (1 suits a search in this process; raise it for a remote one). */
  concurrency: number;
  /** Requests waiting for their turn, at most; when full, the costliest client's waiting request is turned away. */
  queue: number;
  /**
   * Requests one client (address) may have running or waiting at once. Below it, a client with
   * many requests waiting still yields: its requests' priority worsens with each one it has.
   */
  perClient: number;
  /** Requests one connection may have running or waiting at once (pipelining beyond it is turned away). */
  perConnection: number;
  /** Longest wait for a turn, in milliseconds, before a `503`. */
  maxWaitMs: number;
  /** Time budget of one admitted request's search work, in milliseconds. */
  budgetMs: number;
  /** Seconds sent in `Retry-After` with a `503`. */
  retryAfterSeconds: number;
  /** Clients remembered at most (the least recently seen idle ones are forgotten first). */
  maxClients: number;
  /** Clock in milliseconds (tests). */
  clock: () => number;
}

/** Defaults of {@link AdmissionOptions}. */
export const ADMISSION_DEFAULTS: AdmissionOptions = {
  concurrency: 1,
  queue: 64,
  perClient: 64,
  perConnection: 2,
  maxWaitMs: 10_000,
  budgetMs: 50,
  retryAfterSeconds: 2,
  maxClients: 10_000,
  clock: () => performance.now(),
};

/** The site is busy: the request was not run (503 with `Retry-After`). */
export class OverloadedError extends HttpError {
  override name = 'OverloadedError';

  constructor(
    message: string,
    /** Seconds after which a retry is welcome. */
    readonly retryAfterSeconds: number,
  ) {
    super(503, message);
  }
}

/** What an admitted request may spend. */
export interface RequestBudget {
  /** Milliseconds of search work left (0 once spent); pass it as `timeLimitMs`. */
  remaining(): number;
}

/** Who is asking: the client's address and its connection. */
export interface Requester {
  address: string;
  connection: object;
}

/** What is remembered of a client or a connection. */
interface Usage {
  /** Moving average of the milliseconds its requests held the gate; `undefined` before the first. */
  averageMs: number | undefined;
  /** Requests running or waiting. */
  active: number;
  lastSeen: number;
}

interface Waiter {
  client: Usage;
  connection: Usage;
  arrived: number;
  /** Lower runs first. */
  priority: number;
  admit: () => void;
  refuse: (error: OverloadedError) => void;
  timer: NodeJS.Timeout;
}

/** Weight of the latest request in a moving average. */
const AVERAGE_WEIGHT = 0.3;

/**
 * Priority of a new request (lower runs first): its expected cost — the average of what is known
 * of its client and its connection, 1 ms when nothing is — times one more than the requests its
 * client already has running or waiting, so that a client flooding the queue with cheap
 * requests still lets every other client's next request go before its own.
 */
function priorityOf(client: Usage, connection: Usage): number {
  const known = [client.averageMs, connection.averageMs].filter((ms) => ms !== undefined);
  const expected = known.length === 0 ? 1 : Math.max(1, known.reduce((a, b) => a + b, 0) / known.length);
  return expected * (1 + client.active);
}

function record(usage: Usage, ms: number, now: number): void {
  usage.averageMs = usage.averageMs === undefined ? ms : usage.averageMs + AVERAGE_WEIGHT * (ms - usage.averageMs);
  usage.lastSeen = now;
}

/** The gate: {@link Admission.enter} waits for a turn; the ticket's `leave()` ends it. */
export class Admission {
  readonly options: AdmissionOptions;
  #running = 0;
  readonly #waiting: Waiter[] = [];
  readonly #clients = new Map<string, Usage>();
  readonly #connections = new WeakMap<object, Usage>();
  #pumping = false;
  /** Requests turned away since the start, by reason (for `/healthz` and the benchmark). */
  readonly refused = { queue: 0, client: 0, connection: 0, wait: 0 };

  constructor(options: Partial<AdmissionOptions> = {}) {
    this.options = { ...ADMISSION_DEFAULTS, ...options };
    for (const key of ['concurrency', 'queue', 'perClient', 'perConnection'] as const) {
      const value = this.options[key];
      if (!Number.isInteger(value) || value < 1) throw new Error(`admission: ${key} must be an integer ≥ 1, got "${String(value)}"`);
    }
  }

  /** Clients remembered now. */
  get clients(): number {
    return this.#clients.size;
  }

  /** Requests running and waiting now. */
  get load(): { running: number; waiting: number } {
    return { running: this.#running, waiting: this.#waiting.length };
  }

  #client(address: string, now: number): Usage {
    let usage = this.#clients.get(address);
    if (usage === undefined) {
      if (this.#clients.size >= this.options.maxClients) this.#forget();
      usage = { averageMs: undefined, active: 0, lastSeen: now };
      this.#clients.set(address, usage);
    }
    // Map order is insertion order: re-inserting keeps the least recently seen first.
    this.#clients.delete(address);
    this.#clients.set(address, usage);
    return usage;
  }

  /** Forgets the least recently seen idle tenth of the clients (memory stays bounded). */
  #forget(): void {
    let drop = Math.max(1, Math.floor(this.options.maxClients / 10));
    for (const [address, usage] of this.#clients) {
      if (drop === 0) break;
      if (usage.active > 0) continue;
      this.#clients.delete(address);
      drop--;
    }
  }

  #connection(connection: object, now: number): Usage {
    let usage = this.#connections.get(connection);
    if (usage === undefined) {
      usage = { averageMs: undefined, active: 0, lastSeen: now };
      this.#connections.set(connection, usage);
    }
    return usage;
  }

  #busy(message: string): OverloadedError {
    return new OverloadedError(`${message}，请约 ${String(this.options.retryAfterSeconds)} 秒后再试`, this.options.retryAfterSeconds);
  }

  /**
   * Waits for a turn; resolves with a ticket whose `leave()` must be called once the work is
   * done, or rejects with `OverloadedError`. `abandoned`, when it settles first (the client
   * went away), removes the request from the queue without an answer.
   */
  enter(who: Requester, abandoned?: Promise<void>): Promise<{ budget: RequestBudget; leave: () => void }> {
    const { clock } = this.options;
    const now = clock();
    const client = this.#client(who.address, now);
    const connection = this.#connection(who.connection, now);
    if (connection.active >= this.options.perConnection) {
      this.refused.connection++;
      return Promise.reject(this.#busy('这个连接上排队的请求过多'));
    }
    if (client.active >= this.options.perClient) {
      this.refused.client++;
      return Promise.reject(this.#busy('您的检索请求过多'));
    }
    const priority = priorityOf(client, connection);
    if (this.#waiting.length >= this.options.queue) {
      // Full: the costliest waiting request makes room for a cheaper newcomer, else the newcomer goes.
      const worst = this.#waiting.reduce((a, b) => (b.priority > a.priority || (b.priority === a.priority && b.arrived > a.arrived) ? b : a));
      if (worst.priority <= priority) {
        this.refused.queue++;
        return Promise.reject(this.#busy('当前检索请求过多'));
      }
      this.refused.queue++;
      this.#drop(worst, this.#busy('当前检索请求过多'));
    }
    client.active++;
    connection.active++;
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        client,
        connection,
        arrived: now,
        priority,
        admit: () => {
          const granted = clock();
          const deadline = granted + this.options.budgetMs;
          let left = false;
          resolve({
            budget: { remaining: () => Math.max(0, deadline - clock()) },
            leave: () => {
              if (left) return;
              left = true;
              this.#running--;
              client.active--;
              connection.active--;
              const end = clock();
              record(client, end - granted, end);
              record(connection, end - granted, end);
              this.#schedule();
            },
          });
        },
        refuse: (error) => {
          client.active--;
          connection.active--;
          reject(error);
        },
        timer: setTimeout(() => {
          this.refused.wait++;
          this.#drop(waiter, this.#busy('等待检索的时间过长'));
        }, this.options.maxWaitMs),
      };
      this.#waiting.push(waiter);
      void abandoned?.then(() => {
        if (this.#waiting.includes(waiter)) this.#drop(waiter, this.#busy('请求已取消'));
      });
      this.#schedule();
    });
  }

  #drop(waiter: Waiter, error: OverloadedError): void {
    const at = this.#waiting.indexOf(waiter);
    if (at < 0) return;
    this.#waiting.splice(at, 1);
    clearTimeout(waiter.timer);
    waiter.refuse(error);
  }

  /**
   * Grants turns on a later turn of the event loop, never at once: requests that arrived
   * meanwhile (parsed in the poll phase) are in the queue when the next one is chosen.
   */
  #schedule(): void {
    if (this.#pumping) return;
    this.#pumping = true;
    setImmediate(() => {
      this.#pumping = false;
      while (this.#running < this.options.concurrency && this.#waiting.length > 0) {
        let best = 0;
        for (let i = 1; i < this.#waiting.length; i++) {
          const a = this.#waiting[i];
          const b = this.#waiting[best];
          if (a !== undefined && b !== undefined && (a.priority < b.priority || (a.priority === b.priority && a.arrived < b.arrived))) best = i;
        }
        const [waiter] = this.#waiting.splice(best, 1);
        if (waiter === undefined) break;
        clearTimeout(waiter.timer);
        this.#running++;
        waiter.admit();
      }
    });
  }
}

/** The client of a request: its address (as `trust proxy` allows) and its connection. */
export function requesterOf(req: Request): Requester {
  const socket: Socket = req.socket;
  return { address: req.ip ?? socket.remoteAddress ?? 'unknown', connection: socket };
}

/** A route handler that does search work within `budget`. */
export type CostlyHandler = (req: Request, res: Response, budget: RequestBudget) => Promise<void>;

/**
 * Wraps a route that does search work: it runs only when admitted, with the request's budget,
 * and its turn ends when the handler has answered (or failed). Any costly route, of the site or
 * the API, goes through this.
 */
export function admitted(gate: Admission, handler: CostlyHandler): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    const gone = new Promise<void>((resolve) => {
      res.once('close', () => {
        resolve();
      });
    });
    const ticket = await gate.enter(requesterOf(req), gone);
    try {
      await handler(req, res, ticket.budget);
    } catch (error) {
      next(error);
    } finally {
      ticket.leave();
    }
  };
}
