/**
 * The ranked tables (`bm25.ts`) as sections of a container file, and back: written by the saved
 * index and by a cluster's indexing (whose front scores candidates with the same BM25), read with
 * every bound checked, since a posting outside the corpus would make scoring read past a table.
 */
import type { RankedTables } from './bm25.js';
import type { Container, SectionValue } from './container.js';

/** The header field describing the ranked sections (what the sections alone do not say). */
export function rankedHeader(tables: RankedTables): { averages: number[]; termCount: number } {
  return { averages: tables.averages, termCount: tables.terms.length };
}

/** The ranked tables as named sections (`ranked.*`). */
export function rankedSections(tables: RankedTables): Record<string, SectionValue> {
  return {
    'ranked.terms': tables.terms,
    'ranked.offsets': tables.offsets,
    'ranked.ids': tables.ids,
    'ranked.tfs': tables.tfs,
    ...Object.fromEntries(tables.lengths.map((array, f) => [`ranked.lengths.${String(f)}`, array])),
  };
}

/** Throws unless every id of `ids` is a paragraph of a corpus of `paragraphCount`, naming `what`. */
export function checkIds(ids: Int32Array, what: string, paragraphCount: number): void {
  // A posting outside the corpus would make the search read past its tables. One tight pass
  // for the extremes (millions of postings at scale), then name the culprit.
  let low = 0;
  let high = 0;
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i] ?? 0;
    if (id < low) low = id;
    else if (id > high) high = id;
  }
  if (low < 0) throw new Error(`${what} holds paragraph ${String(low)}`);
  if (high >= paragraphCount) throw new Error(`${what} holds paragraph ${String(high)}`);
}

/** The ranked tables of an opened, checked container over `paragraphCount` paragraphs; throws when they do not fit. */
export function readRankedTables(container: Container, paragraphCount: number): RankedTables {
  const info = container.header.ranked as { averages?: unknown; termCount?: unknown } | undefined;
  const averages = info?.averages;
  const termCount = info?.termCount;
  if (!Array.isArray(averages) || !averages.every((a) => typeof a === 'number') || typeof termCount !== 'number') throw new Error('ranked header is malformed');
  const terms = termCount === 0 ? [] : container.text('ranked.terms');
  const offsets = container.u32('ranked.offsets');
  const ids = container.i32('ranked.ids');
  const tfs = container.u16('ranked.tfs');
  const lengths = averages.map((_, f) => container.u16(`ranked.lengths.${String(f)}`));
  if (terms.length !== termCount || offsets.length !== terms.length * lengths.length + 1 || offsets[offsets.length - 1] !== ids.length || tfs.length !== ids.length) {
    throw new Error('ranked offsets do not match its postings');
  }
  if (lengths.some((array) => array.length !== paragraphCount)) throw new Error('ranked field lengths do not match the corpus');
  checkIds(ids, 'ranked index', paragraphCount);
  return { terms, offsets, ids, tfs, lengths, averages, documentCount: paragraphCount };
}
