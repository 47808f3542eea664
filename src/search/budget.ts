/**
 * Time budgets. The in-process search is synchronous work on the server's only thread: a
 * costly query (a hundred alternatives, a page of a hundred hits) holds every other request
 * until it ends. A budget bounds that: the evaluation runs over the corpus in windows of
 * paragraphs (in corpus order) and stops taking new windows once the deadline has passed, so
 * the answer is exact for a prefix of the corpus and says how far it got (`Coverage`).
 */
import { EMPTY, seek, union } from '../index/postings.js';
import type { TextProofs } from './evaluate.js';
import type { PartialAnswer } from './types.js';

/** A deadline on the search's clock. */
export interface Budget {
  /** Whether the deadline has passed. */
  expired(): boolean;
  /** Milliseconds left (0 once expired; `Infinity` without a limit). */
  remaining(): number;
}

/** No limit: the work runs to the end. */
export const UNLIMITED: Budget = { expired: () => false, remaining: () => Infinity };

/** A budget of `limitMs` milliseconds from now on `clock` (`performance.now` by default). */
export function budget(limitMs: number, clock: () => number = () => performance.now()): Budget {
  if (limitMs === Infinity) return UNLIMITED;
  const deadline = clock() + limitMs;
  return {
    expired: () => clock() >= deadline,
    remaining: () => Math.max(0, deadline - clock()),
  };
}

/** Paragraphs the first window holds at least; later windows grow with the measured rate. */
export const FIRST_WINDOW = 256;

/** Share of the remaining time a window is sized to fill (the rate is measured, not promised). */
const WINDOW_FILL = 0.8;

/** The part of `allowed` (sorted; every paragraph when `undefined`) in `[from, to)`. */
export function windowOf(allowed: Int32Array | undefined, from: number, to: number): Int32Array {
  if (allowed === undefined) {
    const out = new Int32Array(to - from);
    for (let i = 0; i < out.length; i++) out[i] = from + i;
    return out;
  }
  return allowed.subarray(seek(allowed, from, 0), seek(allowed, to, 0));
}

/** Adds one window's proofs to those of the windows before it (windows are disjoint). */
function mergeProofs(into: TextProofs, window: TextProofs): void {
  for (const [leaf, proof] of window) {
    const before = into.get(leaf);
    if (before === undefined) {
      into.set(leaf, proof);
      continue;
    }
    const domain = before.domain === undefined || proof.domain === undefined ? undefined : union(before.domain, proof.domain);
    into.set(leaf, { domain, inText: union(before.inText, proof.inText) });
  }
}

/** Matches found within a budget: every match among paragraphs `[0, searched)`. */
export interface Windowed {
  ids: Int32Array;
  /** Paragraphs examined, a prefix of the corpus (`paragraphs` when complete). */
  searched: number;
}

/**
 * Runs `run` (an evaluation restricted to a sorted window of `allowed`) over the corpus of
 * `paragraphs`, window after window, until done or until `limit` expires; at least one window
 * is always run. Without a limit, one call over everything (no windowing cost).
 */
export function windowed(
  paragraphs: number,
  allowed: Int32Array | undefined,
  limit: Budget,
  proofs: TextProofs,
  run: (within: Int32Array | undefined, proofs: TextProofs) => Int32Array,
  clock: () => number = () => performance.now(),
): Windowed {
  if (limit === UNLIMITED) return { ids: run(allowed, proofs), searched: paragraphs };
  const parts: Int32Array[] = [];
  let from = 0;
  let size = Math.min(paragraphs, Math.max(FIRST_WINDOW, Math.ceil(paragraphs / 16)));
  while (from < paragraphs) {
    const to = Math.min(paragraphs, from + size);
    const started = clock();
    const found = new Map() as TextProofs;
    parts.push(run(windowOf(allowed, from, to), found));
    mergeProofs(proofs, found);
    const tookMs = Math.max(0.01, clock() - started);
    const done = to - from;
    from = to;
    if (limit.expired()) break;
    size = Math.max(FIRST_WINDOW, Math.floor((done / tookMs) * limit.remaining() * WINDOW_FILL));
  }
  const total = parts.reduce((n, part) => n + part.length, 0);
  if (parts.length === 1) return { ids: parts[0] ?? EMPTY, searched: from };
  const ids = new Int32Array(total);
  let n = 0;
  for (const part of parts) {
    ids.set(part, n);
    n += part.length;
  }
  return { ids, searched: from };
}

/** What a partial answer says when the time limit stopped it after `searched` of `paragraphs`. */
export function timeCoverage(searched: number, paragraphs: number): PartialAnswer {
  return { missing: [], reasons: [`time limit reached after ${String(searched)} of ${String(paragraphs)} paragraphs`], searched, paragraphs };
}
