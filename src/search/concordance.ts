/**
 * The concordance (KWIC): every occurrence of a query as a line of left context, match and
 * right context, from exactly the units and occurrences the comparison counts (matching
 * paragraphs, and headings matching on their own), so that its total is the comparison's.
 */
import { LEVELS, type Level } from '../ingest/types.js';
import type { CompiledQuery, CorpusView, OccurrenceUnit } from './corpus-view.js';
import { SearchOptionError } from './errors.js';
import { resolveTimeLimit } from './options.js';
import { timeCoverage, UNLIMITED, type Budget } from './budget.js';
import type { PartialAnswer, Range } from './types.js';

/** How lines are ordered: corpus order, or alphabetically by the context left or right of the match. */
export type ConcordanceSort = 'order' | 'left' | 'right';

/** Options of a concordance; every field optional, see `DEFAULT_CONCORDANCE_OPTIONS`. */
export interface ConcordanceOptions {
  /** Characters of context on each side, 1–`MAX_CONCORDANCE_WIDTH`. */
  width?: number;
  sort?: ConcordanceSort;
  /** Only reports of these levels (combined with any `level:` in the query). */
  level?: Level[];
  /** Only these reports (combined with any `doc:` in the query). */
  doc?: string[];
  /** Most lines returned, 1–`MAX_CONCORDANCE_LINES`; `total` still counts them all. */
  limit?: number;
  /** As in `SearchOptions`: past it, the lines and `total` cover a prefix of the corpus (`partial`). */
  timeLimitMs?: number;
}

/** Largest context width. */
export const MAX_CONCORDANCE_WIDTH = 100;
/** Most lines one answer holds. */
export const MAX_CONCORDANCE_LINES = 10_000;

export const DEFAULT_CONCORDANCE_OPTIONS: Required<ConcordanceOptions> = { width: 20, sort: 'order', level: [], doc: [], limit: MAX_CONCORDANCE_LINES, timeLimitMs: Infinity };

/** One occurrence in context. */
export interface ConcordanceLine {
  docId: string;
  /** 1-based paragraph number; `null` for an occurrence in a heading. */
  paragraph: number | null;
  /** Fragment id of the paragraph or heading in the reader. */
  anchor: string;
  /** The reader's part of the report holding it (1 for a report read in one part). */
  part: number;
  /** Up to `width` characters before the match, within the same paragraph. */
  left: string;
  match: string;
  /** Up to `width` characters after the match, within the same paragraph. */
  right: string;
}

/** The concordance of one query. */
export interface ConcordanceResult {
  query: string;
  /** Every occurrence (the comparison's `totalOccurrences` under the same filters). */
  total: number;
  width: number;
  sort: ConcordanceSort;
  /** Lines, at most `limit`; fewer than `total` when cut. */
  lines: ConcordanceLine[];
  notes: string[];
  /** Present only when the answer is partial. */
  partial?: PartialAnswer;
}

/** Merges options over the defaults and checks them (`isDocument` tells known ids). */
export function resolveConcordanceOptions(options: ConcordanceOptions | undefined, isDocument: (id: string) => boolean): Required<ConcordanceOptions> {
  const given: Record<string, unknown> = { ...options };
  const pick = (key: keyof ConcordanceOptions): unknown => given[key] ?? DEFAULT_CONCORDANCE_OPTIONS[key];
  const width = pick('width');
  const sort = pick('sort');
  const limit = pick('limit');
  const level = pick('level');
  const doc = pick('doc');
  const timeLimitMs = resolveTimeLimit(given.timeLimitMs);
  if (typeof width !== 'number' || !Number.isInteger(width) || width < 1 || width > MAX_CONCORDANCE_WIDTH) {
    throw new SearchOptionError('width', width, `an integer from 1 to ${String(MAX_CONCORDANCE_WIDTH)}`);
  }
  if (sort !== 'order' && sort !== 'left' && sort !== 'right') throw new SearchOptionError('sort', sort, '"order", "left" or "right"');
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > MAX_CONCORDANCE_LINES) {
    throw new SearchOptionError('limit', limit, `an integer from 1 to ${String(MAX_CONCORDANCE_LINES)}`);
  }
  if (!Array.isArray(level) || !(level as unknown[]).every((value) => LEVELS.some((name) => name === value))) {
    throw new SearchOptionError('level', level, `a list of ${LEVELS.join('/')}`);
  }
  if (!Array.isArray(doc) || !(doc as unknown[]).every((value) => typeof value === 'string' && isDocument(value))) {
    throw new SearchOptionError('doc', doc, 'a list of known document ids');
  }
  return { width, sort, limit, level: level as Level[], doc: doc as string[], timeLimitMs };
}

const collator = new Intl.Collator('zh-CN');

/** `text` read backwards (by code point), for sorting by the characters nearest the match. */
function reversed(text: string): string {
  return Array.from(text).reverse().join('');
}

/**
 * The concordance of `query` over the units the comparison counts: matching paragraphs `ids`
 * and the headings of the reports `inFilter` allows.
 */
export function concordance(
  queryText: string,
  query: CompiledQuery,
  ids: Int32Array,
  inFilter: ReadonlySet<number> | undefined,
  options: Required<ConcordanceOptions>,
  view: CorpusView,
  limit: Budget = UNLIMITED,
): ConcordanceResult {
  const placed: Array<{ line: ConcordanceLine; at: number }> = [];
  let total = 0;
  const { width } = options;
  const counted = view.eachOccurrence(
    query,
    ids,
    inFilter,
    (unit: OccurrenceUnit, ranges: readonly Range[]) => {
      total += ranges.length;
      for (const [start, end] of ranges) {
        placed.push({
          at: unit.at + start,
          line: {
            docId: unit.docId,
            paragraph: unit.paragraph,
            anchor: unit.anchor,
            part: view.partOf(unit.r, unit.anchor),
            left: unit.text.slice(Math.max(0, start - width), start),
            match: unit.text.slice(start, end),
            right: unit.text.slice(end, end + width),
          },
        });
      }
    },
    limit,
  );
  // Corpus order first (headings and paragraphs interleaved as in the report); the sorts are stable on it.
  placed.sort((a, b) => a.at - b.at);
  let ordered = placed.map(({ line }) => line);
  if (options.sort !== 'order') {
    const key = options.sort === 'left' ? (line: ConcordanceLine) => reversed(line.left) : (line: ConcordanceLine) => line.right;
    const keyed = ordered.map((line) => ({ line, key: key(line) }));
    keyed.sort((a, b) => collator.compare(a.key, b.key));
    ordered = keyed.map(({ line }) => line);
  }
  const paragraphs = view.table.blocks.length;
  return {
    query: queryText,
    total,
    width,
    sort: options.sort,
    lines: ordered.slice(0, options.limit),
    notes: query.notes,
    ...(counted < paragraphs ? { partial: timeCoverage(counted, paragraphs) } : {}),
  };
}
