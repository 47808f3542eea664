import type { Level, ReportMeta } from '../ingest/types.js';
import type { ConcordanceOptions, ConcordanceResult } from './concordance.js';
import type { KeyTerm } from './keyness.js';

export type { ConcordanceLine, ConcordanceOptions, ConcordanceResult, ConcordanceSort } from './concordance.js';
export type { KeyTerm } from './keyness.js';

/** `[start, end)` UTF-16 offsets into a text. */
export type Range = [number, number];

/** Options of one search call; every field optional, defaults merged once in `search.ts`. */
export interface SearchOptions {
  /** 1-based page number. */
  page?: number;
  /** Hits per page, 1–100. */
  size?: number;
  /** `relevance` (default) or `order` (document order: report order, then paragraph number). */
  sort?: 'relevance' | 'order';
  /** Extra level filter, combined with any `level:` in the query. */
  level?: Level[];
  /** Extra document filter, combined with any `doc:` in the query. */
  doc?: string[];
  /**
   * Insist on every word (default `false`): no question word is dropped, no variant is added,
   * and when no paragraph holds all the words the answer is empty instead of relaxed.
   */
  strict?: boolean;
  /**
   * Match each word as typed, as `compare` counts it (default `false`): `营商环境优化` must
   * occur whole, as if quoted. Implies `strict`.
   */
  asTyped?: boolean;
  /**
   * Most milliseconds the search may spend finding matches; once past, it stops and the answer
   * covers a prefix of the corpus (`partial` with `searched`). No limit by default.
   */
  timeLimitMs?: number;
}

/** Options of one comparison. */
export interface CompareOptions {
  /** As in `SearchOptions`: past it, the counts cover a prefix of the corpus (`partial`). */
  timeLimitMs?: number;
}

/** A text with highlight ranges into it. */
export interface MarkedText {
  text: string;
  highlights: Range[];
}

/** The report a hit is in, named the same way by every kind of hit. */
export interface HitReport {
  /** The report's id (`zhenjiang-2024-full`). */
  docId: string;
  /** The report's title. */
  title: string;
  /** Its region label. */
  region: string;
  /** Its administrative level. */
  level: Level;
  /** The year it is for. */
  year: number;
  /** Its edition: 全文, 摘要, 图解 … */
  kind: string;
}

/** One matching paragraph. */
export interface Hit extends HitReport {
  /** Enclosing headings, outermost first. */
  sectionPath: string[];
  /** 1-based paragraph number in the report. */
  paragraph: number;
  /** Fragment id of the paragraph in the reader. */
  anchor: string;
  /** Reader URL of the paragraph, with the query: `/doc/ID?q=…#ANCHOR` (`&part=N` before the anchor in a long report read in parts). */
  url: string;
  /** Full paragraph text. */
  text: string;
  /** Every matched term or phrase in `text`, sorted, non-overlapping. */
  highlights: Range[];
  /** About 120 characters around the best matches; `…` marks cut ends; a short paragraph whole. */
  snippet: MarkedText;
  /** Heading-path matches, one entry per heading in `sectionPath`. */
  sectionHighlights: Range[][];
  /** Relevance score (higher is better); 0 in document order. */
  score: number;
  /**
   * `text`: the paragraph's own text matches (counted in `total` and the facets). `heading`:
   * it matches only when its section headings are read with it (章节标题匹配); such hits come
   * after every text hit and are not counted.
   */
  match: 'text' | 'heading';
  /**
   * Near-identical paragraphs of other documents of the same region and year (a summary, an
   * infographic) folded under this hit (另见); they are still counted in `total` and the facets.
   */
  copies: CopyRef[];
}

/**
 * A section heading whose own text matches the query: a unit of its own, counted in
 * `SearchResult.headings`, never among the paragraphs.
 */
export interface HeadingHit extends HitReport {
  /** The headings above it, outermost first. */
  sectionPath: string[];
  /** Its level in the report's outline (1 is the top). */
  depth: number;
  /** Fragment id of the heading in the reader (`h3`). */
  anchor: string;
  /** Reader URL opening the section at the heading, with the query (`&part=N` in a long report). */
  url: string;
  /** The heading's text as displayed. */
  text: string;
  /** Every matched term or phrase in `text`, sorted, non-overlapping. */
  highlights: Range[];
}

/** A paragraph folded under a hit as a copy of it. */
export interface CopyRef {
  docId: string;
  title: string;
  kind: string;
  paragraph: number;
  anchor: string;
  /** Reader URL of the copy, with the query. */
  url: string;
}

/** Counts over the whole result set, not just the page. */
export interface Facets {
  level: Partial<Record<Level, number>>;
  /** Keyed by document id. */
  doc: Record<string, number>;
}

/** How the query's words were read, for display (the notes say the same in words). */
export interface Reading {
  /** Question and filler words dropped from unquoted words (`如何`, `哪些`), in query order. */
  dropped: string[];
  /** Words also searched in their other forms (`dict/variants.txt`): 同时搜索了. */
  expansions: Array<{ form: string; variants: string[] }>;
  /**
   * Set when no paragraph held all the words (nor held them with its headings): the result then
   * lists the paragraphs holding `matched` of the `required` words (`words`), rarest first, and
   * `total` and the facets count those.
   */
  relaxation: { required: number; matched: number; words: string[] } | null;
  /**
   * 你要找的是不是: the query with a word that occurs nowhere replaced by the word one character
   * away that the reports write most often; `null` when no word needs it (never when strict).
   */
  didYouMean: string | null;
}

/**
 * Set on an answer when part of the corpus was not searched: a cluster node down or too slow, or
 * the request's time limit (`searched`, `timeLimited`). Totals, facets and hits then cover the
 * rest only.
 */
export interface PartialAnswer {
  /** The shards (as the engine names them) that did not answer. */
  missing: string[];
  /** Why, as the engine said it (for logs and the API). */
  reasons: string[];
  /**
   * When a time limit cut the work short: every match among the first `searched` paragraphs
   * (in corpus order: reports as listed, paragraphs in order) of the corpus's `paragraphs`.
   */
  searched?: number;
  /** Paragraphs in the corpus (with `searched`). */
  paragraphs?: number;
  /**
   * Set when the time limit, not a fault, left shards out: cluster nodes that had not answered
   * when the request's time ran out (`missing` names them, when the engine did).
   */
  timeLimited?: boolean;
}

/** The answer to one search. */
export interface SearchResult extends Reading {
  query: string;
  /** Paragraphs whose own text matches the query (the number a result states). */
  total: number;
  /**
   * Further paragraphs offered because they match only through their section headings
   * (`match: 'heading'`), listed after the `total` text hits; pages run over both.
   */
  headingMatches: number;
  /**
   * Section headings whose own text matches the query (units of their own, as the comparison
   * and the reader count them), within the filters; not paragraphs, so never in `total`, the
   * facets or the pages.
   */
  headings: number;
  /**
   * Those headings (the first `HEADING_HITS_LIMIT`), each opening the reader at its section:
   * by relevance, those holding more of the query's words whole first, then the shorter, then in
   * corpus order; in corpus order with `sort: 'order'`. The same on every page.
   */
  headingHits: HeadingHit[];
  /**
   * Paragraphs of `total` folded under another hit as its copies (`Hit.copies`): the text hits
   * listed are `total - folded`, and pages run over `total - folded + headingMatches`.
   */
  folded: number;
  page: number;
  size: number;
  tookMs: number;
  hits: Hit[];
  facets: Facets;
  /** Parser notes (repairs), for display. */
  notes: string[];
  /** Present only when the answer is partial. */
  partial?: PartialAnswer;
}

/** One document's line in a phrase-across-regions comparison. */
export interface CompareRow {
  docId: string;
  title: string;
  region: string;
  level: Level;
  /**
   * Occurrences of the query's words and phrases, each as typed, in the matching paragraphs and
   * headings (overlapping occurrences of two words count once).
   */
  occurrences: number;
  /** Paragraphs whose own text matches. */
  paragraphs: number;
  /** Headings whose own text matches (headings are units of their own). */
  headings: number;
  /** Occurrences of each word of `CompareResult.words` in the same paragraphs and headings. */
  words: number[];
}

/** Phrase across regions: every document, zeros included, in corpus order. */
export interface CompareResult {
  query: string;
  /** The query's words and phrases (those not excluded), as typed, in query order. */
  words: string[];
  totalOccurrences: number;
  totalParagraphs: number;
  totalHeadings: number;
  documents: CompareRow[];
  /** Parser notes (repairs), for display. */
  notes: string[];
  /** Present only when the answer is partial. */
  partial?: PartialAnswer;
}

/** Summary of one document, for listings: its front matter without `source`, and its size. */
export interface DocSummary extends Omit<ReportMeta, 'source'> {
  /** Number of body paragraphs. */
  paragraphs: number;
  /** Characters of its text (headings and paragraphs, whitespace not counted): its length for rates. */
  characters: number;
}

/** Options of `hitList`: a search's filters and order, with a limit instead of pages. */
export interface HitListOptions extends Omit<SearchOptions, 'page' | 'size'> {
  /** Most hits returned, 1–`HIT_LIST_LIMIT` (the default). */
  limit?: number;
}

/** Every hit of a query (up to a limit), for exports. */
export interface HitList {
  query: string;
  /** All paragraphs whose own text matches, even beyond the limit. */
  total: number;
  /** Paragraphs matching only with their section headings (after the others in `hits`). */
  headingMatches: number;
  /** Section headings matching on their own (`SearchResult.headings`): not paragraphs, so not among `hits`. */
  headings: number;
  hits: Hit[];
  notes: string[];
  /** Present only when the answer is partial (a time limit cut the search short). */
  partial?: PartialAnswer;
}

/** Reader view of one document: its blocks with the query's matches marked. */
export interface ReaderDocument {
  summary: DocSummary;
  source: string;
  blocks: Array<{
    type: 'heading' | 'paragraph';
    /** Heading level (headings only). */
    level?: number;
    /** Paragraph number (paragraphs only). */
    paragraph?: number;
    sectionPath: string[];
    text: string;
    anchor: string;
    /** Matches of the query in `text` (empty without a query). */
    highlights: Range[];
  }>;
  /** Anchors of the blocks holding a match, in document order (for previous/next navigation), in every part. */
  matchAnchors: string[];
  /** The part holding each of `matchAnchors` (1-based). */
  matchParts: number[];
  /** The part shown: `blocks` are its blocks only (`reader-parts.ts`; a short report is one part). */
  part: ReaderPartInfo;
  /** Every part of the report, in order (one for a short report). */
  parts: ReaderPartInfo[];
  /** Every heading of the report with the part holding it: the table of contents. */
  outline: Array<{ level: number; text: string; anchor: string; part: number }>;
  /** Present only when the matches marked for navigation are partial. */
  partial?: PartialAnswer;
}

/** One part of a report in the reader. */
export interface ReaderPartInfo {
  /** 1-based. */
  number: number;
  /** Number of its first paragraph (the next one's when it holds none). */
  firstParagraph: number;
  /** Number of its last paragraph. */
  lastParagraph: number;
}

/** Which part of a report to read; the part holding `anchor` wins over `part`; part 1 by default. */
export interface ReaderAt {
  /** 1-based part number; past the last part, the last part. */
  part?: number;
  /** A block's anchor (`p12`, `h3`): the part holding it. */
  anchor?: string;
}

/**
 * The search core over an index held in this process, answering at once. The embedded index
 * implements it (`IndexSearchService`); benchmarks and tests time it directly.
 */
export interface SearchCore {
  /** Documents in corpus order. */
  documents(): DocSummary[];
  /** Run a query string; throws `QueryError` for malformed queries. */
  search(query: string, options?: SearchOptions): SearchResult;
  /** Occurrences per document; throws `QueryError` for malformed queries. */
  compare(query: string, options?: CompareOptions): CompareResult;
  /** Completions for a search box prefix, best first. */
  suggest(prefix: string, limit?: number): string[];
  /** One part of a document for the reader (`at`), with `query`'s matches marked; `undefined` for an unknown id. */
  read(docId: string, query?: string, at?: ReaderAt): ReaderDocument | undefined;
  /** Every hit of a query in the search's order, up to a limit; throws `QueryError` for malformed queries. */
  hitList(query: string, options?: HitListOptions): HitList;
  /** Every occurrence the comparison counts, in context (KWIC); throws `QueryError` for malformed queries. */
  concordance(query: string, options?: ConcordanceOptions): ConcordanceResult;
  /** A report's distinctive terms against the rest of the corpus; `undefined` for an unknown id. */
  distinctiveTerms(docId: string, limit?: number): KeyTerm[] | undefined;
  /** For two or three reports, each one's terms against the others; throws `SearchOptionError` for unknown ids. */
  contrastTerms(docIds: readonly string[], limit?: number): KeyTerm[][];
}

/**
 * What the web layer and the CLI need from search. `src/web` depends on this interface only,
 * never on how it is implemented. Answers are promises because an engine may sit across the
 * network; `documents()` stays synchronous since the list of reports is held in memory by every
 * implementation (requests validate `doc` parameters against it).
 */
export interface SearchService {
  /** Documents in corpus order. */
  documents(): DocSummary[];
  /** Run a query string; rejects with `QueryError` for malformed queries. */
  search(query: string, options?: SearchOptions): Promise<SearchResult>;
  /** Occurrences per document; rejects with `QueryError` for malformed queries. */
  compare(query: string, options?: CompareOptions): Promise<CompareResult>;
  /** Completions for a search box prefix, best first. */
  suggest(prefix: string, limit?: number): Promise<string[]>;
  /** One part of a document for the reader (`at`), with `query`'s matches marked; `undefined` for an unknown id. */
  read(docId: string, query?: string, at?: ReaderAt): Promise<ReaderDocument | undefined>;
  /** Every hit of a query in the search's order, up to a limit; rejects with `QueryError` for malformed queries. */
  hitList(query: string, options?: HitListOptions): Promise<HitList>;
  /** Every occurrence the comparison counts, in context (KWIC); rejects with `QueryError` for malformed queries. */
  concordance(query: string, options?: ConcordanceOptions): Promise<ConcordanceResult>;
  /** A report's distinctive terms against the rest of the corpus; `undefined` for an unknown id. */
  distinctiveTerms(docId: string, limit?: number): Promise<KeyTerm[] | undefined>;
  /** For two or three reports, each one's terms against the others. */
  contrastTerms(docIds: readonly string[], limit?: number): Promise<KeyTerm[][]>;
}
