/** The index as the search module uses it: every structure built from one corpus. */
import type { NgramIndex, NgramTables } from './ngram.js';
import type { ParagraphTable } from './paragraphs.js';
import type { RankedScorer } from './bm25.js';
import type { SpellingTable } from './spelling-table.js';
import type { Vocabulary } from './vocabulary.js';

export interface SearchIndex {
  /** The paragraphs, numbered in corpus order. */
  table: ParagraphTable;
  /** Exact substring search over the normalised paragraphs. */
  ngrams: NgramIndex;
  /** The n-gram postings behind `ngrams` (what is saved). */
  ngramTables: NgramTables;
  /** Exact substring search over the distinct heading paths (`table.paths`). */
  pathNgrams: NgramIndex;
  /** MiniSearch's ranked index (paragraph text and heading path), scored for candidates. */
  ranked: RankedScorer;
  /** Words and phrases for completion. */
  vocabulary: Vocabulary;
  /**
   * The corpus's spellings table (`spelling-table.ts`), when it has been read: saved with the
   * index and read back with it, so a start does not read the corpus for it.
   */
  spellings?: SpellingTable;
}

/** Phases of a build, in order, for progress display. */
export type BuildPhase = 'normalise' | 'ngrams' | 'ranked';

/** A build's progress: `done` of `total` steps overall. */
export interface BuildProgress {
  phase: BuildPhase;
  done: number;
  total: number;
}
