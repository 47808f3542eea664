/**
 * 你要找的是不是: a word that occurs nowhere, one character away from one that does
 * (`营商环竟` → `营商环境`), for words of `MIN_LENGTH` to `MAX_LENGTH` characters. One
 * character is replaced, added or (inside the word) dropped;
 * a replacement is preferred, then an addition, then a drop, and among them the candidate the
 * reports write most often. Only words of `MIN_LENGTH` characters or more are corrected
 * (shorter ones are too ambiguous), and only the first `MAX_WORDS` such words of a query (the
 * cost stays bounded).
 */

/** Shortest word corrected, in characters. */
export const MIN_LENGTH = 3;

/** Longest word corrected, in characters (the probes grow with the length). */
export const MAX_LENGTH = 8;

/** Most words of one query looked at. */
export const MAX_WORDS = 2;

/** Most paragraphs scanned per candidate position. */
const MAX_SCAN = 2000;

/**
 * The ways to look for a correction of `word`: for each position, the text before and after it,
 * and whether a character is replaced there (`replace`), added (`insert`) or the word's own
 * character dropped (`drop`, then `left + right` is the candidate itself).
 */
export function probesOf(word: string): Array<{ left: string; right: string; kind: 'replace' | 'insert' | 'drop' }> {
  const chars = Array.from(word);
  const out: Array<{ left: string; right: string; kind: 'replace' | 'insert' | 'drop' }> = [];
  for (let k = 0; k < chars.length; k++) out.push({ left: chars.slice(0, k).join(''), right: chars.slice(k + 1).join(''), kind: 'replace' });
  for (let k = 1; k < chars.length; k++) out.push({ left: chars.slice(0, k).join(''), right: chars.slice(k).join(''), kind: 'insert' });
  // Dropping the first or last character only shortens the word (营商环竟 → 营商环): inner ones only.
  for (let k = 1; k < chars.length - 1; k++) out.push({ left: chars.slice(0, k).join(''), right: chars.slice(k + 1).join(''), kind: 'drop' });
  return out;
}

/**
 * Counts, in the texts `norms` of paragraphs `ids`, the strings `left + c + right` (one
 * character `c`, for `replace` and `insert`) or `left + right` (`drop`), and adds them to
 * `counts`. Returns the work done: paragraphs scanned plus anchor occurrences looked at.
 *
 * The scan walks the occurrences of one non-empty side (the anchor), so its work is at most one
 * step per occurrence of the anchor in at most `MAX_SCAN` paragraphs. (Walking an empty side
 * with `indexOf('', at + 1)` would never end: past the end of a text it answers the text's length.)
 */
export function countCandidates(norms: readonly string[], ids: Int32Array, probe: { left: string; right: string; kind: 'replace' | 'insert' | 'drop' }, counts: Map<string, number>): number {
  const { left, right, kind } = probe;
  if (left === '' && right === '') return 0;
  const gap = kind === 'drop' ? 0 : 1;
  // The candidate is `left`, `gap` characters (one UTF-16 unit or a surrogate pair), `right`.
  const anchor = left === '' ? right : left;
  let steps = 0;
  let scanned = 0;
  for (const id of ids) {
    if (++scanned > MAX_SCAN || steps >= MAX_STEPS) break;
    steps++;
    const norm = norms[id] ?? '';
    for (let at = norm.indexOf(anchor); at >= 0 && steps < MAX_STEPS; at = norm.indexOf(anchor, at + 1)) {
      steps++;
      const candidate = left === '' ? candidateBefore(norm, at, gap, right) : candidateAfter(norm, at, left, gap, right);
      // A replacement must change the character, and every candidate must be a word's text.
      if (candidate === null || !/^[\p{L}\p{N}]+$/u.test(candidate)) continue;
      counts.set(candidate, (counts.get(candidate) ?? 0) + 1);
    }
  }
  return steps;
}

/** Most anchor occurrences looked at for one probe, whatever the texts hold. */
export const MAX_STEPS = 20_000;

/** The candidate `left + c + right` (or `left + right`) starting at `at`, where `left` occurs; `null` if `right` does not follow. */
function candidateAfter(norm: string, at: number, left: string, gap: number, right: string): string | null {
  const middle = at + left.length;
  const width = gap === 0 ? 0 : charWidth(norm, middle);
  if (gap !== 0 && width === 0) return null;
  if (!norm.startsWith(right, middle + width)) return null;
  return norm.slice(at, middle + width + right.length);
}

/** The candidate `c + right` ending where `right`, found at `at`, ends; `null` at the start of the text. */
function candidateBefore(norm: string, at: number, gap: number, right: string): string | null {
  if (gap === 0) return right;
  if (at === 0) return null;
  const low = norm.charCodeAt(at - 1);
  const pair = at >= 2 && low >= 0xdc00 && low <= 0xdfff && norm.charCodeAt(at - 2) >= 0xd800 && norm.charCodeAt(at - 2) <= 0xdbff;
  return norm.slice(at - (pair ? 2 : 1), at + right.length);
}

/** UTF-16 units of the character at `at` (0 past the end). */
function charWidth(norm: string, at: number): number {
  if (at >= norm.length) return 0;
  const code = norm.charCodeAt(at);
  return code >= 0xd800 && code <= 0xdbff && at + 1 < norm.length ? 2 : 1;
}

/** The most frequent candidate other than `word` itself; `null` when none. */
export function bestCandidate(word: string, counts: ReadonlyMap<string, number>): string | null {
  const length = Array.from(word).length;
  // Same length (a replacement) first, then longer (an addition), then shorter (a drop).
  for (const wanted of [length, length + 1, length - 1]) {
    const best = mostFrequent(word, counts, wanted);
    if (best !== null) return best;
  }
  return null;
}

function mostFrequent(word: string, counts: ReadonlyMap<string, number>, length: number): string | null {
  let best: string | null = null;
  let bestCount = 0;
  for (const [candidate, count] of counts) {
    if (candidate === word || candidate.length < 2 || Array.from(candidate).length !== length) continue;
    if (count > bestCount || (count === bestCount && best !== null && candidate < best)) {
      best = candidate;
      bestCount = count;
    }
  }
  return best;
}

/** A word of a query that occurs nowhere: the needle and the text it was typed as. */
export interface Missing {
  needle: string;
}

/** The needles of `leaves` worth correcting, in query order (at most `MAX_WORDS`). */
export function correctable(needles: readonly string[], occurs: (needle: string) => boolean): string[] {
  const out: string[] = [];
  for (const needle of needles) {
    if (out.length >= MAX_WORDS) break;
    const length = Array.from(needle).length;
    if (length >= MIN_LENGTH && length <= MAX_LENGTH && /^\p{Script=Han}+$/u.test(needle) && !occurs(needle)) out.push(needle);
  }
  return out;
}

/** `query` with each `[needle, correction]` replaced where it was typed as is; `null` when none could be. */
export function correctedQuery(query: string, corrections: ReadonlyArray<readonly [string, string]>): string | null {
  let out = query;
  for (const [needle, correction] of corrections) {
    if (!out.includes(needle)) continue;
    out = out.replace(needle, correction);
  }
  return out === query ? null : out;
}
