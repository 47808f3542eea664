import type { SourceLine } from './lines.js';
import type { Doubt } from './structure.js';

/** How a file's lines relate to its paragraphs. */
export type Layout =
  /** Hard-wrapped at a fixed width (PDF extraction): a paragraph spans many lines. */
  | { kind: 'wrapped'; width: number }
  /** One paragraph per line or per group of adjacent lines, separated by blank lines. */
  | { kind: 'lines' };

/** Lines that read as one paragraph or one heading (before run-in headings are split off). */
export interface Unit {
  lines: SourceLine[];
}

/** A unit's text: its lines' clean text run together. */
export function unitText(lines: readonly SourceLine[]): string {
  return lines.map((l) => l.clean).join('');
}

/** Sentence-final punctuation, optionally followed by a closing quote or bracket. */
const ENDS_SENTENCE = /[。！？；：!?;:](?:[”’」』）)]*)$/;
const HAS_STOP = /[。！？；!?;]/;
const INNER_PUNCT = /[，、,；;]/;
const SHORT_CLAUSE_STOP = /^[^，。；、]{1,4}。/;
/** A clause of at most three characters opening a line: the tail of a split sentence. */
const SHORT_CLAUSE = /^[^，。；、,;]{1,3}[，。；,;]/;
/** A line cut before a short clause (`…整合圆` / `满收官，`) is long; `2023年工作回顾` / `一年来，` is not. */
const MIN_CUT_LINE = 12;
/** A line this short followed by a blank is a label (`一年来`), not half a sentence. */
const MIN_SPLIT_LINE = 6;

/** Minimum share of lines at the wrap width for a file to count as hard-wrapped. */
const WRAPPED_SHARE = 0.3;

/** Finds the wrap width: the most common width of long lines, if enough lines sit at it. */
export function detectLayout(lines: readonly SourceLine[]): Layout {
  const counts = new Map<number, number>();
  for (const line of lines) if (line.width >= 30) counts.set(line.width, (counts.get(line.width) ?? 0) + 1);
  let mode = 0;
  let best = 0;
  for (const [width, count] of counts) {
    if (count > best || (count === best && width > mode)) {
      mode = width;
      best = count;
    }
  }
  const near = lines.filter((l) => l.width >= mode - 4 && l.width <= mode + 2).length;
  if (lines.length >= 20 && near / lines.length >= WRAPPED_SHARE) return { kind: 'wrapped', width: mode };
  return { kind: 'lines' };
}

/**
 * Half-width characters, which the PDF set wider than half a Chinese character: a heading line
 * with a few of them may be full although it measures a column or two short.
 */
function asciiCount(s: string): number {
  let n = 0;
  for (const c of s) if (c !== ' ' && (c.codePointAt(0) ?? 0) < 0x80) n++;
  return n;
}

/** Two full-width punctuation marks in a row (`”“`, `，“`): typeset squeezed into three columns. */
const PUNCT_PAIR = /[“”‘’，。、；：！？（）《》][“”‘’，。、；：！？（）《》]/g;

/** Display width with adjacent punctuation squeezed as the typesetter did. */
function squeezedWidth(line: SourceLine): number {
  return line.width - (line.trimmed.match(PUNCT_PAIR)?.length ?? 0);
}

function unclosed(s: string): boolean {
  const count = (c: string): number => s.split(c).length - 1;
  return count('《') > count('》') || count('“') > count('”') || count('（') > count('）');
}

/**
 * Why a decision between two hard-wrapped lines rests on a column or two: a line after a
 * sentence end that is almost, but not exactly, a first line's width (48), or a line without
 * final punctuation just wide enough (44–45) to be read as wrapped.
 */
function wrappedDoubt(a: SourceLine, b: SourceLine, width: number): string | null {
  const full = width - 4;
  const narrow = width - 8;
  const aEnds = ENDS_SENTENCE.test(a.clean);
  if (aEnds && a.width >= full && b.width < full && ENDS_SENTENCE.test(b.clean)) {
    return 'short line ending a sentence after a full line ending one: a last line or a one-line paragraph';
  }
  if (aEnds && a.width >= full && (b.width === full - 2 || b.width === full - 1 || b.width === full + 1)) {
    return `line after a sentence end is ${String(b.width)} columns wide, a first line is ${String(full)}`;
  }
  if (a.marker !== null && !HAS_STOP.test(a.clean) && a.width >= full && a.width < width - 2 && b.marker === null) {
    const bWidth = squeezedWidth(b);
    if (bWidth >= full && bWidth <= full + 1) return `heading line fills a first line's ${String(full)} columns and so does the next line`;
  }
  if (a.marker !== null && !HAS_STOP.test(a.clean) && a.width >= narrow && a.width < full && b.width >= full + 2 && b.marker === null) {
    return `heading line is ${String(a.width)} columns wide and the next line runs at full width`;
  }
  if (!aEnds && a.marker === null && (a.width === narrow || a.width === narrow + 1)) {
    return `line without final punctuation is ${String(a.width)} columns wide, wrapped lines are ${String(full)}+`;
  }
  return null;
}

/**
 * Whether a hard-wrapped line `a` ends its paragraph before line `b` (`c` follows `b`);
 * `alone`: `a` opened its unit.
 */
function breaksWrapped(a: SourceLine, b: SourceLine, c: SourceLine | undefined, width: number, alone: boolean): boolean {
  const full = width - 4;
  const narrow = width - 8;
  const aEnds = ENDS_SENTENCE.test(a.clean);
  if (a.marker !== null && !HAS_STOP.test(a.clean)) {
    // A heading line: a short one ends the heading; a full one (headings are not indented)
    // ends it when the next line is indented as a paragraph's first line.
    if (a.width + asciiCount(a.trimmed) < full) return !SHORT_CLAUSE_STOP.test(b.clean);
    const bWidth = squeezedWidth(b);
    if (bWidth >= full && bWidth <= full + 1 && !ENDS_SENTENCE.test(b.clean)) return true;
  }
  if (aEnds && a.width < full) return true;
  if (aEnds && b.width <= full + 1 && !ENDS_SENTENCE.test(b.clean)) return true;
  // A short line ending a sentence after a full one: the paragraph's last line, unless it
  // introduces a list (ends in a colon) or is one of a run of one-line items.
  if (aEnds && b.width < full && (/[：:]$/.test(b.clean) || (c !== undefined && c.width < full && ENDS_SENTENCE.test(c.clean)))) return true;
  if (b.marker !== null && (aEnds || a.width < narrow)) return true;
  // A lone line, not full, before an indented first line: a heading without a marker.
  if (alone && !aEnds && a.width < full && b.width >= full && b.width <= full + 1) return true;
  return !aEnds && a.width < narrow && !unclosed(a.clean);
}

/** Whether, in a blank-separated file, line `a` ends its paragraph before line `b`. */
function breaksLines(unit: readonly SourceLine[], a: SourceLine, b: SourceLine): boolean {
  const aEnds = ENDS_SENTENCE.test(a.clean);
  if (aEnds || b.marker !== null || b.bullet || b.indented || a.repaired !== b.repaired) return true;
  // Adjacent lines belong together: a wrapped sentence, a heading or caption over two lines.
  if (b.blanksBefore === 0) return false;
  if (b.blanksBefore > 1) return true;
  // Across one blank line, a sentence split by the layout: `…能` / `力建设。`, `…整合圆` / `满收官，…`.
  if (SHORT_CLAUSE_STOP.test(b.clean) || (SHORT_CLAUSE.test(b.clean) && Array.from(a.clean).length >= MIN_CUT_LINE)) return false;
  // A heading (a marker, no sentence stop yet) ends at a blank line.
  const first = unit[0];
  if (first?.marker != null && !unit.some((l) => HAS_STOP.test(l.clean))) return true;
  // The unit so far is prose (or a bullet), or `b` is visibly the middle of a sentence.
  const prose = unit.some((l) => INNER_PUNCT.test(l.clean) || HAS_STOP.test(l.clean)) || first?.bullet === true;
  const middle = INNER_PUNCT.test(b.clean) && !ENDS_SENTENCE.test(b.clean) && Array.from(a.clean).length >= MIN_SPLIT_LINE;
  return !(prose || middle);
}

function context(a: SourceLine, b: SourceLine): string {
  return `${Array.from(a.clean).slice(-12).join('')}|${Array.from(b.clean).slice(0, 12).join('')}`;
}

/** Groups lines into units according to the layout, noting the decisions made on thin evidence. */
export function reflow(lines: readonly SourceLine[], layout: Layout): { units: Unit[]; doubts: Doubt[] } {
  const units: Unit[] = [];
  const doubts: Doubt[] = [];
  let current: SourceLine[] = [];
  for (const [i, line] of lines.entries()) {
    const prev = current[current.length - 1];
    if (prev !== undefined) {
      const markdownHeading = prev.atx > 0 || line.atx > 0;
      const brk =
        markdownHeading ||
        (layout.kind === 'wrapped'
          ? breaksWrapped(prev, line, lines[i + 1], layout.width, current.length === 1)
          : breaksLines(current, prev, line));
      const why =
        layout.kind === 'wrapped'
          ? wrappedDoubt(prev, line, layout.width)
          : !brk && line.blanksBefore > 0
            ? 'sentence continues across a blank line'
            : null;
      if (why !== null) doubts.push({ line: line.n, decision: brk ? 'break' : 'join', why, context: context(prev, line) });
      if (brk) {
        units.push({ lines: current });
        current = [];
      }
    }
    current.push(line);
  }
  if (current.length > 0) units.push({ lines: current });
  return { units, doubts };
}
