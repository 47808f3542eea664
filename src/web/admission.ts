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
  /**
   * A waiting request expected to cost at most this many milliseconds (its priority, see
   * `priorityOf`) is granted its turn as soon as the previous one ends, in the same turn of the
   * event loop, rather than on the next: a cheap search then does not pay a loop turn of its own.
   * 0 grants every turn on a later loop turn.
   */
  cheapMs: number;
  /**
   * How long, from a loop turn's first grant, cheap requests may follow one another in that turn;
   * past it the loop reads new requests (which may be cheaper) before the next grant.
   */
  sliceMs: number;
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
  cheapMs: 2,
  sliceMs: 5,
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

/** Who is asking: the client's address and its connection, and what kind of request it is. */
export interface Requester {
  address: string;
  connection: object;
  /**
   * The request's kind (its route and the shape of its query, `kindOf`): requests of a kind cost
   * about the same, so a kind's past cost predicts a new request's, whoever sends it — fifty new
   * addresses sending a costly kind wait behind the cheap kinds of the others.
   */
  kind?: string;
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
 * Priority of a new request (lower runs first): its expected cost — the larger of its kind's
 * average and the average of what is known of its client and its connection, 1 ms when nothing
 * is — times one more than the requests its client already has running or waiting, so that a
 * client flooding the queue with cheap requests still lets every other client's next request go
 * before its own.
 */
function priorityOf(client: Usage, connection: Usage, kind: Usage | undefined): number {
  const known = [client.averageMs, connection.averageMs].filter((ms) => ms !== undefined);
  const ofClient = known.length === 0 ? 1 : known.reduce((a, b) => a + b, 0) / known.length;
  const expected = Math.max(1, ofClient, kind?.averageMs ?? 1);
  return expected * (1 + client.active);
}

/** Kinds of request remembered at most (the least recently seen are forgotten first). */
const MAX_KINDS = 2000;

/** `n` rounded up to a power of two (0 stays 0): sizes within a factor of two are one kind. */
function bucket(n: number): number {
  return n <= 0 ? 0 : 2 ** Math.ceil(Math.log2(n));
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
  readonly #kinds = new Map<string, Usage>();
  #pumping = false;
  /** When the current run of grants began (the last grant made on a loop turn of its own). */
  #sliceStart = 0;
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

  #kind(kind: string | undefined, now: number): Usage | undefined {
    if (kind === undefined) return undefined;
    let usage = this.#kinds.get(kind);
    if (usage === undefined) {
      const oldest = this.#kinds.keys().next();
      if (this.#kinds.size >= MAX_KINDS && oldest.done !== true) this.#kinds.delete(oldest.value);
      usage = { averageMs: undefined, active: 0, lastSeen: now };
    }
    this.#kinds.delete(kind);
    this.#kinds.set(kind, usage);
    return usage;
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
    const kind = this.#kind(who.kind, now);
    const priority = priorityOf(client, connection, kind);
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
              if (kind !== undefined) record(kind, end - granted, end);
              this.#next(end);
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
      this.#sliceStart = this.options.clock();
      while (this.#running < this.options.concurrency && this.#waiting.length > 0) this.#grant(this.#best());
    });
  }

  /**
   * After a turn ends at `now`: the best waiting request goes at once when it is cheap and the
   * slice lasts (it would be chosen first on the next loop turn anyway, unless a cheaper one
   * arrives meanwhile, which then waits at most the slice), else on a later loop turn.
   */
  #next(now: number): void {
    if (this.#running < this.options.concurrency && now - this.#sliceStart < this.options.sliceMs) {
      const best = this.#best();
      if ((this.#waiting[best]?.priority ?? Infinity) <= this.options.cheapMs) {
        this.#grant(best);
        return;
      }
    }
    this.#schedule();
  }

  /** Index of the waiting request to run next: lowest priority, then first come. */
  #best(): number {
    let best = 0;
    for (let i = 1; i < this.#waiting.length; i++) {
      const a = this.#waiting[i];
      const b = this.#waiting[best];
      if (a !== undefined && b !== undefined && (a.priority < b.priority || (a.priority === b.priority && a.arrived < b.arrived))) best = i;
    }
    return best;
  }

  #grant(at: number): void {
    const [waiter] = this.#waiting.splice(at, 1);
    if (waiter === undefined) return;
    clearTimeout(waiter.timer);
    this.#running++;
    waiter.admit();
  }
}

/**
 * The kind of a request: its route, the number of words and alternatives of its query and the
 * query's length (each rounded up to a power of two), and the page size asked for.
 */
export function kindOf(req: Request): string {
  const route: unknown = req.route;
  const path = typeof route === 'object' && route !== null && 'path' in route ? String(route.path) : req.path;
  const q = typeof req.query.q === 'string' ? req.query.q : '';
  const terms = q.split(/[\s|｜]+|\bOR\b|ＯＲ/u).filter((t) => t !== '').length;
  const size = typeof req.query.size === 'string' ? req.query.size.slice(0, 8) : '';
  return `${req.baseUrl}${path} t${String(bucket(terms))} c${String(bucket(Array.from(q).length))} s${size}`;
}

/** The client of a request: its address (as `trust proxy` allows), its connection and its kind. */
export function requesterOf(req: Request): Requester {
  const socket: Socket = req.socket;
  return { address: req.ip ?? socket.remoteAddress ?? 'unknown', connection: socket, kind: kindOf(req) };
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
