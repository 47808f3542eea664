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
 * Splits a body into kept lines and dropped page numbers. A page number is 1–3 digits alone on
 * a line with at least two blank lines before it and a blank line (or the end) after it: that
 * is how the PDF pages were extracted, and a figure inside text never sits like that.
 */
export function prepareLines(body: string): { lines: SourceLine[]; dropped: DroppedLine[] } {
  const raw = body.split('\n');
  const lines: SourceLine[] = [];
  const dropped: DroppedLine[] = [];
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
