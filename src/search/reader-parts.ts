/**
 * How the reader splits a long report into parts. A report of tens of thousands of paragraphs
 * shown whole is a page of tens of megabytes that takes seconds to render on the only thread;
 * shown a part at a time, every page is bounded. A part ends before a main heading once it holds
 * enough paragraphs (a section is read whole when it can be), and at the latest after
 * `paragraphs` paragraphs or `blocks` blocks. A report within those bounds is one part, as
 * before. Anchors (`p12`, `h3`) are numbered in document order, so the part holding one is found
 * by binary search over the parts' last numbers, without a table per anchor.
 */
import type { Block, Report } from '../ingest/types.js';

/** Bounds of one part; defaults in {@link READER_PARTS}. */
export interface ReaderPartOptions {
  /** Most paragraphs in a part. */
  paragraphs: number;
  /** Most blocks (paragraphs and headings) in a part. */
  blocks: number;
  /** Paragraphs a part holds before it may end at a main heading. */
  sectionBreakFrom: number;
  /** Heading levels that may start a part (1 = the report's main sections). */
  sectionLevels: number;
}

/** Defaults of {@link ReaderPartOptions}. */
export const READER_PARTS: ReaderPartOptions = { paragraphs: 300, blocks: 600, sectionBreakFrom: 150, sectionLevels: 2 };

/** One part: its blocks `[from, to)` of the report, and what it holds. */
export interface ReaderPart {
  /** Index of its first block in the report's `blocks`. */
  from: number;
  /** One past its last block. */
  to: number;
  /** Number of its first paragraph (the next one's when it holds none). */
  firstParagraph: number;
  /** Number of its last paragraph (the previous one's when it holds none). */
  lastParagraph: number;
  /** Headings numbered up to the end of this part (for `hN` anchors). */
  lastHeading: number;
}

/** Splits `blocks` into parts. */
export function splitParts(blocks: readonly Block[], options: ReaderPartOptions = READER_PARTS): ReaderPart[] {
  const parts: ReaderPart[] = [];
  let from = 0;
  let paragraphs = 0;
  let headings = 0;
  let firstParagraph = 1;
  let inPart = 0;
  blocks.forEach((block, i) => {
    const full = inPart >= options.paragraphs || i - from >= options.blocks;
    const atSection = block.type === 'heading' && block.level <= options.sectionLevels && inPart >= options.sectionBreakFrom;
    if (i > from && (full || atSection)) {
      parts.push({ from, to: i, firstParagraph, lastParagraph: paragraphs, lastHeading: headings });
      from = i;
      firstParagraph = paragraphs + 1;
      inPart = 0;
    }
    if (block.type === 'heading') headings++;
    else {
      paragraphs++;
      inPart++;
    }
  });
  parts.push({ from, to: blocks.length, firstParagraph, lastParagraph: paragraphs, lastHeading: headings });
  return parts;
}

const cache = new WeakMap<Report, ReaderPart[]>();

/** The parts of `report` (computed once per report). */
export function partsOf(report: Report): ReaderPart[] {
  let parts = cache.get(report);
  if (parts === undefined) {
    parts = splitParts(report.blocks);
    cache.set(report, parts);
  }
  return parts;
}

/**
 * The part (1-based) holding `anchor` (`p12` or `h3`) in `parts`, or `undefined` for an anchor
 * of no such form or beyond the report.
 */
export function partOfAnchor(parts: readonly ReaderPart[], anchor: string): number | undefined {
  // Read by hand, not by a regular expression: every hit of every answer asks.
  const kind = anchor.charCodeAt(0);
  if ((kind !== P && kind !== H) || anchor.length < 2 || anchor.length > 10) return undefined;
  let n = 0;
  for (let i = 1; i < anchor.length; i++) {
    const digit = anchor.charCodeAt(i) - ZERO;
    if (digit < 0 || digit > 9) return undefined;
    n = n * 10 + digit;
  }
  if (n < 1) return undefined;
  const paragraphs = kind === P;
  // The first part whose running count reaches n.
  let lo = 0;
  let hi = parts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const part = parts[mid];
    if (part !== undefined && (paragraphs ? part.lastParagraph : part.lastHeading) >= n) hi = mid;
    else lo = mid + 1;
  }
  return lo < parts.length ? lo + 1 : undefined;
}

const P = 'p'.charCodeAt(0);
const H = 'h'.charCodeAt(0);
const ZERO = '0'.charCodeAt(0);
