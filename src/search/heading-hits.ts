/**
 * Section headings as units of their own. A heading whose own text matches the query is a hit
 * in its own right (it opens the reader at its section), counted as a heading, never as a
 * paragraph: the search's `headings`, the comparison's `headings` and the reader's matches all
 * count the same headings (`matchesText` on the heading's normalised text).
 *
 * Found by reading the headings of the allowed reports (a few hundred at 1×: fewer characters
 * than one long paragraph list), so every engine gives the same answer from the paragraph table.
 */
import type { HeadingBlock, Report } from '../ingest/types.js';
import { normalize } from '../index/analyzer.js';
import { holdsAsWord, indexOfWord } from './bounds.js';
import { formsOf, matchesText } from './evaluate.js';
import type { Leaf, Plan } from './plan.js';
import { readerUrl, withReport } from './hit-fields.js';
import { partOfAnchor, partsOf } from './reader-parts.js';
import type { HeadingHit, Range } from './types.js';

/** Most heading hits an answer lists (`headings` counts them all). */
export const HEADING_HITS_LIMIT = 50;

/** One heading of the corpus, read once. */
export interface HeadingUnit {
  /** The report's position in corpus order. */
  r: number;
  block: HeadingBlock;
  /** `normalize(block.text)`. */
  norm: string;
  /** The headings above it, outermost first (display text). */
  sectionPath: string[];
  /** Characters of its text (code points), counted once: relevance puts the shorter first. */
  chars: number;
}

/**
 * Every heading of `reports`, in corpus order, with its enclosing headings; `headingNorms` (the
 * paragraph table's, one list per report) spares normalising them again.
 */
export function headingUnits(reports: readonly Report[], headingNorms?: readonly (readonly string[])[]): HeadingUnit[] {
  const out: HeadingUnit[] = [];
  reports.forEach((report, r) => {
    const path: string[] = [];
    const norms = headingNorms?.[r];
    let h = 0;
    for (const block of report.blocks) {
      if (block.type !== 'heading') continue;
      // Keep the enclosing headings only (a level may be skipped: never pad with holes).
      if (path.length > block.level - 1) path.length = Math.max(0, block.level - 1);
      out.push({ r, block, norm: norms?.[h++] ?? normalize(block.text), sectionPath: [...path], chars: codePoints(block.text) });
      path.push(block.text);
    }
  });
  return out;
}

/** Code points of `text` (a surrogate pair is one). */
function codePoints(text: string): number {
  let n = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

/**
 * The units of `units` whose own text matches `plan`, in corpus order, within the reports
 * `allowed` (`undefined`: all) and before report `before` (a time-limited search covers the
 * reports wholly before the paragraph it stopped at).
 */
export function matchingHeadings(units: readonly HeadingUnit[], plan: Plan, allowed: ReadonlySet<number> | undefined, before = Infinity): HeadingUnit[] {
  return units.filter((unit) => unit.r < before && (allowed === undefined || allowed.has(unit.r)) && matchesText(plan, unit.norm));
}

/**
 * How many of the query's words `norm` holds whole, as a reader means them (the ranking's
 * tiers, `rank.ts`: in one of its forms, not only across two words of the text).
 */
function wholeWords(norm: string, leaves: readonly Leaf[]): number {
  let n = 0;
  for (const leaf of leaves) {
    const { run } = leaf;
    if (run === undefined || leaf.field !== 'any') continue;
    const forms = leaf.needles.includes(run) || leaf.spellings?.has(run) === true ? formsOf(leaf, run) : [run];
    if (forms.some((form) => indexOfWord(norm, form) >= 0 && holdsAsWord(norm, form))) n++;
  }
  return n;
}

/**
 * `found` in the order listed: by relevance, the headings holding more of the query's words
 * whole first, then the shorter (a heading that is mostly the query says most about its
 * section), then corpus order; or in corpus order.
 */
export function orderHeadings(found: readonly HeadingUnit[], leaves: readonly Leaf[], sort: 'relevance' | 'order'): HeadingUnit[] {
  if (sort === 'order') return [...found];
  const keyed = found.map((unit, i) => ({ unit, i, whole: wholeWords(unit.norm, leaves), length: unit.chars }));
  keyed.sort((a, b) => b.whole - a.whole || a.length - b.length || a.i - b.i);
  return keyed.map(({ unit }) => unit);
}

/** One heading as a hit: `highlights` its marks, `encodedQuery` from `encodeQuery`. */
export function headingHit(unit: HeadingUnit, report: Report, highlights: Range[], encodedQuery: string): HeadingHit {
  const { meta } = report;
  const { block } = unit;
  const part = partOfAnchor(partsOf(report), block.anchor) ?? 1;
  return withReport(meta, {
    sectionPath: [...unit.sectionPath],
    depth: block.level,
    anchor: block.anchor,
    url: readerUrl(meta.id, encodedQuery, part, block.anchor),
    text: block.text,
    highlights,
  });
}
