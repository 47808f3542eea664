import type { SourceLine } from './lines.js';

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

/** Sentence-final punctuation, optionally followed by a closing quote or bracket. */
const ENDS_SENTENCE = /[。！？；：!?;:](?:[”’」』）)]*)$/;
const ENDS_STRONG = /[。！？；!?;](?:[”’」』）)]*)$/;
const HAS_STOP = /[。！？；!?;]/;
const INNER_PUNCT = /[，、,；;]/;
const SHORT_CLAUSE_STOP = /^[^，。；、]{1,4}。/;

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

function unclosed(s: string): boolean {
  const count = (c: string): number => s.split(c).length - 1;
  return count('《') > count('》') || count('“') > count('”') || count('（') > count('）');
}

/** Whether a hard-wrapped line `a` ends its paragraph before line `b`. */
function breaksWrapped(a: SourceLine, b: SourceLine, width: number): boolean {
  const full = width - 4;
  const narrow = width - 8;
  const aEnds = ENDS_SENTENCE.test(a.clean);
  if (a.marker !== null && !HAS_STOP.test(a.clean) && a.width < full) return !SHORT_CLAUSE_STOP.test(b.clean);
  if (aEnds && a.width < full) return true;
  if (aEnds && b.width <= full + 1 && !ENDS_SENTENCE.test(b.clean)) return true;
  if (b.marker !== null && (aEnds || a.width < narrow)) return true;
  return !aEnds && a.width < narrow && !unclosed(a.clean);
}

/** Whether, in a blank-separated file, line `a` ends its paragraph before line `b`. */
function breaksLines(unit: readonly SourceLine[], a: SourceLine, b: SourceLine): boolean {
  const aEnds = ENDS_STRONG.test(a.clean) || ENDS_SENTENCE.test(a.clean);
  if (aEnds || b.marker !== null || b.bullet) return true;
  if (a.marker !== null && !HAS_STOP.test(a.clean)) return true;
  if (b.blanksBefore === 0) return false;
  if (b.blanksBefore > 1) return true;
  // A sentence split across a blank line: the unit so far is prose (or a bullet), or `b`
  // is visibly the middle of a sentence.
  const prose = unit.some((l) => INNER_PUNCT.test(l.clean) || HAS_STOP.test(l.clean)) || unit[0]?.bullet === true;
  const middle = INNER_PUNCT.test(b.clean) && !ENDS_SENTENCE.test(b.clean);
  return !(prose || middle);
}

/** Groups lines into units according to the layout. */
export function reflow(lines: readonly SourceLine[], layout: Layout): Unit[] {
  const units: Unit[] = [];
  let current: SourceLine[] = [];
  for (const line of lines) {
    const prev = current[current.length - 1];
    if (prev !== undefined) {
      const brk = layout.kind === 'wrapped' ? breaksWrapped(prev, line, layout.width) : breaksLines(current, prev, line);
      if (brk) {
        units.push({ lines: current });
        current = [];
      }
    }
    current.push(line);
  }
  if (current.length > 0) units.push({ lines: current });
  return units;
}
