import { markerOf, type Marker } from './markers.js';
import { removeExtractionSpaces } from './spaces.js';
import { displayWidth } from './width.js';

/** One non-blank body line, prepared for reflow. */
export interface SourceLine {
  /** 1-based line number in the body. */
  n: number;
  /** The line with surrounding whitespace and Markdown marks removed, inner spaces kept. */
  trimmed: string;
  /** `trimmed` with extraction spaces removed. */
  clean: string;
  /** Display width of `trimmed`. */
  width: number;
  /** Blank lines (and dropped page numbers) between this line and the previous kept one. */
  blanksBefore: number;
  /** The line was a Markdown or `●` bullet item. */
  bullet: boolean;
  /** Level of a Markdown `#` heading line (1–6), 0 for other lines. */
  atx: number;
  /** The raw line starts with whitespace (a new text box in a multi-column layout). */
  indented: boolean;
  /** The line was printed twice and has been undoubled: a heading of a boxed layout. */
  repaired: boolean;
  /** Heading marker the line starts with. */
  marker: Marker | null;
}

/** A body line the parser removed on purpose, with why. */
export interface DroppedLine {
  n: number;
  text: string;
  reason: 'page-number' | 'title';
}

const PAGE_NUMBER = /^\s*\d{1,3}\s*$/;
const DASHES = '\\-\\u2010-\\u2015\\u2212\\u2500\\uFE58\\uFE63\\uFF0D';
/**
 * A page number in one of the official styles, alone on a line: `— 3 —`, `－3－`, `- 3 -`,
 * `第3页`, `第 3 页 共 20 页`, `共20页 第3页`, `3/20`, `3 / 20`. Such a line is never text.
 */
const DECORATED_PAGE_NUMBER = new RegExp(
  `^\\s*(?:[${DASHES}]+\\s*[0-9０-９]{1,4}\\s*[${DASHES}]+|第\\s*[0-9０-９]{1,4}\\s*页(?:\\s*[，,/／]?\\s*共\\s*[0-9０-９]{1,4}\\s*页)?|共\\s*[0-9０-９]{1,4}\\s*页\\s*[，,/／]?\\s*第\\s*[0-9０-９]{1,4}\\s*页|[0-9０-９]{1,4}\\s*[/／]\\s*[0-9０-９]{1,4})\\s*$`,
);
const PAGE_OF = /^\s*(\d{1,4})\s*[/／]\s*(\d{1,4})\s*$/;

/** A page number in an official style; `a/b` only with a page `a` from 1 to `b` (`2024/1` is a date). */
export function isDecoratedPageNumber(line: string): boolean {
  if (!DECORATED_PAGE_NUMBER.test(line)) return false;
  const of = PAGE_OF.exec(line);
  return of === null || (Number(of[1]) >= 1 && Number(of[1]) <= Number(of[2]));
}

/** Fewest lines between two page numbers (a numbered column has its figures adjacent). */
const MIN_PAGE_GAP = 3;

/** A bare number alone on a line (a page number when its neighbours say so, see below). */
const BARE_NUMBER = /^\s*(\d{1,4})\s*$/;
/** Ends a sentence or clause: a line after it may start a new paragraph. */
const ENDS_CLAUSE = /[。！？；：.!?;:”’）)]$/;
const CJK_EDGE = /[\u3400-\u9fff]/;
const BULLET = /^(?:[-*+]|●|•)\s+/;
const EMPHASIS = /\*\*/g;
const ATX = /^(#{1,6})\s+/;
const ATX_CLOSE = /\s+#+$/;

/**
 * Removes the Markdown marks the summaries use (`**bold**`, leading `- `/`● ` bullets) and
 * those of `#` headings in `.md` files a user adds.
 */
export function stripMarkdown(line: string): { text: string; bullet: boolean; atx: number } {
  const trimmed = line.trim();
  const atx = ATX.exec(trimmed)?.[1]?.length ?? 0;
  if (atx > 0) return { text: trimmed.replace(ATX, '').replace(ATX_CLOSE, '').replace(EMPHASIS, '').trim(), bullet: false, atx };
  const bullet = BULLET.test(trimmed);
  const text = (bullet ? trimmed.replace(BULLET, '') : trimmed).replace(EMPHASIS, '').trim();
  return { text, bullet, atx };
}

/**
 * Indexes of bare-number lines that count up like page numbers: each within two of the one
 * before it, at least a few lines apart (a numbered table column has its figures adjacent).
 */
function pageSequence(raw: readonly string[]): Set<number> {
  const bare: { i: number; value: number }[] = [];
  raw.forEach((line, i) => {
    const m = BARE_NUMBER.exec(line);
    if (m !== null) bare.push({ i, value: Number(m[1]) });
  });
  const found = new Set<number>();
  for (let k = 1; k < bare.length; k++) {
    const a = bare[k - 1];
    const b = bare[k];
    if (a === undefined || b === undefined) continue;
    const step = b.value - a.value;
    if (step >= 1 && step <= 2 && b.i - a.i >= MIN_PAGE_GAP) {
      found.add(a.i);
      found.add(b.i);
    }
  }
  return found;
}

/** The nearest non-blank line before or after `i`, without blank lines between, or undefined. */
function adjacent(raw: readonly string[], i: number, step: 1 | -1): string | undefined {
  const line = raw[i + step];
  return line === undefined || line.trim() === '' ? undefined : line.trim();
}

/**
 * A bare number sitting inside a sentence (`全面推进` / `3` / `政务服务`): a page number
 * the extraction put between the two halves of a paragraph, which must not be glued in.
 */
function interruptsSentence(raw: readonly string[], i: number): boolean {
  const before = adjacent(raw, i, -1);
  const after = adjacent(raw, i, 1);
  if (before === undefined || after === undefined || BARE_NUMBER.test(before) || BARE_NUMBER.test(after)) return false;
  return !ENDS_CLAUSE.test(before) && CJK_EDGE.test(before.slice(-1)) && CJK_EDGE.test(after.charAt(0));
}

/**
 * Splits a body into kept lines and dropped page numbers. A page number is a line in one of
 * the official styles (`— 3 —`, `第3页`, `3/20`, …), or 1–3 digits alone on a line with at
 * least two blank lines before it and a blank line (or the end) after it, as the PDF pages
 * were extracted, or a bare number that counts up with others like page numbers, or one that
 * interrupts a sentence. A figure inside text never sits like that.
 */
export function prepareLines(body: string): { lines: SourceLine[]; dropped: DroppedLine[] } {
  const raw = body.split('\n');
  const lines: SourceLine[] = [];
  const dropped: DroppedLine[] = [];
  const sequence = pageSequence(raw);
  let blanks = 0;
  raw.forEach((line, i) => {
    const n = i + 1;
    if (line.trim() === '') {
      blanks++;
      return;
    }
    const next = raw[i + 1];
    if (PAGE_NUMBER.test(line) && blanks >= 2 && (next === undefined || next.trim() === '')) {
      dropped.push({ n, text: line.trim(), reason: 'page-number' });
      blanks++;
      return;
    }
    if (isDecoratedPageNumber(line) || (BARE_NUMBER.test(line) && (sequence.has(i) || interruptsSentence(raw, i)))) {
      // Dropped without counting as a blank: a page break inside a paragraph is no break.
      dropped.push({ n, text: line.trim(), reason: 'page-number' });
      return;
    }
    const { text, bullet, atx } = stripMarkdown(line);
    if (text === '') {
      blanks++;
      return;
    }
    const clean = removeExtractionSpaces(text);
    lines.push({
      n,
      trimmed: text,
      clean,
      width: displayWidth(text),
      blanksBefore: blanks,
      bullet,
      atx,
      indented: /^\s/.test(line),
      repaired: false,
      marker: markerOf(text, clean),
    });
    blanks = 0;
  });
  return { lines, dropped };
}
