/**
 * Copies: near-identical paragraphs in documents of the same region and year — a report's full
 * text, its summary, its infographic. A search shows one hit for them, the full report's first,
 * with the others as 另见 links; counts (totals, facets, comparisons) still count every report's
 * own paragraphs.
 *
 * A paragraph is a copy of another when at least `COPY_CONTAINMENT` of its distinct character
 * bigrams occur in the other, and the other belongs to a document of the same region and year
 * that comes first in `DOCUMENT_ORDER` (the full text before a summary before an infographic).
 * So a summary's one-line digest of a long full-text paragraph is its copy, but a paragraph
 * that says more than the original is not folded away.
 */
import type { ParagraphTable } from '../index/paragraphs.js';

/** Share of a paragraph's distinct bigrams that must occur in its original. */
export const COPY_CONTAINMENT = 0.8;

/** Paragraphs with fewer distinct bigrams (a one-line label) are never folded: too little to tell. */
export const MIN_COPY_BIGRAMS = 8;

/** Which document of a region and year holds the originals: lower first; other kinds after these. */
export const DOCUMENT_ORDER: readonly string[] = ['全文', '摘要', '图解'];

/** The copy relation of a paragraph table. */
export interface Copies {
  /** For each paragraph, the original of its group (itself when it is one, or no copy). */
  root: Int32Array;
  /** For each paragraph, the preference of its document within its group (0 = the original's). */
  rank: Int32Array;
  /** 1 for each paragraph that is the original of some copy. */
  hasCopies: Uint8Array;
  /** Number of paragraphs that are copies of another. */
  count: number;
}

function bigramsOf(norm: string): Set<number> {
  const out = new Set<number>();
  for (let i = 0; i + 1 < norm.length; i++) {
    const a = norm.charCodeAt(i);
    const b = norm.charCodeAt(i + 1);
    // Punctuation and spaces differ between versions of one text; only letters and digits count.
    if (isWordChar(a) && isWordChar(b)) out.add(a * 65536 + b);
  }
  return out;
}

function isWordChar(code: number): boolean {
  return (code >= 0x4e00 && code <= 0x9fff) || (code >= 0x30 && code <= 0x39) || (code >= 0x61 && code <= 0x7a) || (code >= 0x3400 && code <= 0x4dbf);
}

function kindRank(kind: string): number {
  const at = DOCUMENT_ORDER.indexOf(kind);
  return at < 0 ? DOCUMENT_ORDER.length : at;
}

/** Finds the copies among the paragraphs of `table`: one pass per group of documents sharing a region and year. */
export function findCopies(table: ParagraphTable): Copies {
  const { reports, reportStart, norms } = table;
  const total = norms.length;
  const root = Int32Array.from({ length: total }, (_, id) => id);
  const rank = new Int32Array(total);
  const hasCopies = new Uint8Array(total);
  let count = 0;
  const groups = new Map<string, number[]>();
  reports.forEach((report, r) => {
    const key = `${report.meta.region}\u0000${String(report.meta.year)}`;
    const list = groups.get(key) ?? [];
    list.push(r);
    groups.set(key, list);
  });
  for (const members of groups.values()) {
    if (members.length < 2) continue;
    const ordered = [...members].sort((a, b) => kindRank(reports[a]?.meta.kind ?? '') - kindRank(reports[b]?.meta.kind ?? '') || a - b);
    // Bigram → paragraphs of the documents seen so far (those that may hold originals).
    const postings = new Map<number, number[]>();
    ordered.forEach((r, position) => {
      const from = reportStart[r] ?? 0;
      const to = reportStart[r + 1] ?? from;
      const own: Array<[number, Set<number>]> = [];
      for (let id = from; id < to; id++) {
        rank[id] = position;
        const grams = bigramsOf(norms[id] ?? '');
        own.push([id, grams]);
        if (position === 0 || grams.size < MIN_COPY_BIGRAMS) continue;
        const shared = new Map<number, number>();
        for (const gram of grams) for (const other of postings.get(gram) ?? []) shared.set(other, (shared.get(other) ?? 0) + 1);
        let best = -1;
        let bestShared = Math.ceil(grams.size * COPY_CONTAINMENT) - 1;
        for (const [other, n] of shared) {
          if (n > bestShared) {
            best = other;
            bestShared = n;
          }
        }
        if (best >= 0) {
          const original = root[best] ?? best;
          root[id] = original;
          hasCopies[original] = 1;
          count++;
        }
      }
      for (const [id, grams] of own) {
        for (const gram of grams) {
          const list = postings.get(gram);
          if (list === undefined) postings.set(gram, [id]);
          else list.push(id);
        }
      }
    });
  }
  return { root, rank, hasCopies, count };
}

/** An answer's paragraphs with copies folded under one representative each. */
export interface Folded {
  /** Positions in the answer's `ids` of the paragraphs shown (representatives and paragraphs without copies), ascending. */
  shown: number[];
  /** Representative paragraph → the paragraphs folded under it, in corpus order. */
  under: Map<number, number[]>;
}

/**
 * Folds the copies among `ids` (ascending): each group of copies present is shown once, by its
 * member from the most preferred document (the original when present), the others listed under it.
 */
export function fold(ids: Int32Array, copies: Copies): Folded {
  const { root, rank, hasCopies } = copies;
  if (copies.count === 0) return { shown: Array.from(ids, (_, i) => i), under: new Map() };
  const best = new Map<number, number>();
  for (const id of ids) {
    const r = root[id] ?? id;
    if (r === id && hasCopies[id] !== 1) continue;
    const current = best.get(r);
    if (current === undefined || (rank[id] ?? 0) < (rank[current] ?? 0)) best.set(r, id);
  }
  const shown: number[] = [];
  const under = new Map<number, number[]>();
  ids.forEach((id, i) => {
    const representative = best.get(root[id] ?? id);
    if (representative === undefined || representative === id) {
      shown.push(i);
      return;
    }
    const list = under.get(representative) ?? [];
    list.push(id);
    under.set(representative, list);
  });
  return { shown, under };
}
