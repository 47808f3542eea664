/**
 * Text runs with positions → lines → columns → paragraphs and table rows, the way a reader's
 * eye goes over a printed official document: running headers, footers and page numbers
 * dropped, a paragraph cut by a page break joined, two columns read one after the other.
 */
import { isDecoratedPageNumber } from '../lines.js';
import { foldRadicals } from './glyphs.js';
import type { ExtractedBlock } from './types.js';

/** One run of text as the PDF places it; `y` is the baseline, measured from the page top. */
export interface TextRun {
  text: string;
  x: number;
  y: number;
  width: number;
  /** Font size (the height of an em). */
  size: number;
  font: string;
}

/** A page's size and text runs. */
export interface PageText {
  width: number;
  height: number;
  runs: TextRun[];
}

/** Stretch of a line without a wide gap: a table cell, or a column's part of the line. */
interface Segment {
  x0: number;
  x1: number;
  text: string;
}

type Column = 'full' | 'left' | 'right';

interface Line {
  page: number;
  column: Column;
  y: number;
  x0: number;
  x1: number;
  size: number;
  segments: Segment[];
  text: string;
}

/** What the layout pass made of a document. */
export interface Layout {
  blocks: ExtractedBlock[];
  tables: number;
  doubtfulBreaks: number;
  droppedLines: number;
}

/** A gap wider than this many ems splits a line into segments (table cells, columns). */
const SEGMENT_GAP_EM = 0.9;
/** Runs whose baselines differ by less than this share of an em are on one line. */
const SAME_LINE_EM = 0.4;
/** A space goes between runs further apart than this share of an em (Latin words). */
const SPACE_EM = 0.2;
/** Lines of a page checked at its top and bottom for running headers and footers. */
const MARGIN_LINES = 2;
/** Share of the page height at the top and bottom where running headers and footers sit. */
const MARGIN_ZONE = 0.1;
/** Share of pages a header or footer must repeat on. */
const REPEAT_SHARE = 0.4;
/** A first line is indented by two ems; more than this many counts. */
const INDENT_EM = 0.8;
/** A line ending this many ems before the column's right edge is a paragraph's last line. */
const SHORT_EM = 1.5;
/** A gap between lines this many times the usual line pitch is a paragraph break. */
const GAP_PITCH = 1.7;
/** A gap of this many line pitches sets a block apart: a new part of the document. */
const SPACED_PITCH = 1.9;

function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}


const LATIN_END = /[A-Za-z0-9%.,;:)]$/;
const LATIN_START = /^[A-Za-z0-9(]/;

/** Joins runs left to right, with a space where a gap separates them, into segments. */
function segmentsOf(runs: readonly TextRun[], size: number): Segment[] {
  const segments: Segment[] = [];
  let current: Segment | undefined;
  for (const run of runs) {
    const x1 = run.x + run.width;
    if (current !== undefined && run.x - current.x1 < SEGMENT_GAP_EM * size) {
      const gap = run.x - current.x1;
      const space = gap > SPACE_EM * size && !current.text.endsWith(' ') && !run.text.startsWith(' ');
      current.text += (space ? ' ' : '') + run.text;
      current.x1 = Math.max(current.x1, x1);
      continue;
    }
    current = { x0: run.x, x1, text: run.text };
    segments.push(current);
  }
  for (const s of segments) s.text = foldRadicals(s.text).trim();
  return segments.filter((s) => s.text !== '');
}

function makeLine(page: number, column: Column, y: number, size: number, segments: Segment[]): Line {
  return {
    page,
    column,
    y,
    size,
    segments,
    x0: segments[0]?.x0 ?? 0,
    x1: segments[segments.length - 1]?.x1 ?? 0,
    text: segments.map((s) => s.text).join(' '),
  };
}

/** Groups a page's runs into lines, top to bottom. */
function pageLines(page: PageText, n: number): Line[] {
  const runs = [...page.runs].sort((a, b) => a.y - b.y || a.x - b.x);
  const groups: TextRun[][] = [];
  for (const run of runs) {
    const group = groups[groups.length - 1];
    const first = group?.[0];
    if (group !== undefined && first !== undefined && Math.abs(run.y - first.y) < SAME_LINE_EM * Math.max(run.size, first.size)) group.push(run);
    else groups.push([run]);
  }
  const lines: Line[] = [];
  for (const group of groups) {
    group.sort((a, b) => a.x - b.x);
    const size = median(group.map((r) => r.size)) || 10;
    const segments = segmentsOf(group, size);
    if (segments.length > 0) lines.push(makeLine(n, 'full', median(group.map((r) => r.y)), size, segments));
  }
  return lines;
}

/**
 * The x of a gutter between two columns, if the page has one: a vertical band near the middle
 * that most lines do not cross, with full lines of text on both sides reaching up to it.
 */
function findGutter(all: readonly Line[], width: number, height: number): number | null {
  // Running headers and footers span the page above and below the columns.
  const lines = all.filter((l) => height === 0 || (l.y > height * MARGIN_ZONE && l.y < height * (1 - MARGIN_ZONE)));
  if (lines.length < 4) return null;
  const size = median(lines.map((l) => l.size));
  for (let step = 0; step <= 20; step++) {
    const x = width * (0.4 + step * 0.01);
    const crossing = lines.filter((l) => l.segments.some((s) => s.x0 < x && s.x1 > x)).length;
    if (crossing > lines.length * 0.25) continue;
    const left = lines.filter((l) => l.segments.some((s) => s.x1 <= x));
    const right = lines.filter((l) => l.segments.some((s) => s.x0 >= x));
    if (left.length < 2 || right.length < 2) continue;
    // Column text runs up to the gutter; table cells stop short of it at random.
    const reach = Math.max(...left.map((l) => Math.max(...l.segments.filter((s) => s.x1 <= x).map((s) => s.x1))));
    const full = left.filter((l) => l.segments.some((s) => s.x1 <= x && s.x1 > reach - 2 * size)).length;
    if (full >= left.length * 0.5) return x;
  }
  return null;
}

/** A page's lines in reading order: full-width lines in place, each band of columns left first. */
function readingOrder(lines: readonly Line[], width: number, height: number): Line[] {
  const gutter = findGutter(lines, width, height);
  if (gutter === null) return [...lines];
  const out: Line[] = [];
  let left: Line[] = [];
  let right: Line[] = [];
  const flush = (): void => {
    out.push(...left, ...right);
    left = [];
    right = [];
  };
  for (const line of lines) {
    if (line.segments.some((s) => s.x0 < gutter && s.x1 > gutter)) {
      flush();
      out.push(line);
      continue;
    }
    const l = line.segments.filter((s) => s.x1 <= gutter);
    const r = line.segments.filter((s) => s.x0 >= gutter);
    if (l.length > 0) left.push(makeLine(line.page, 'left', line.y, line.size, l));
    if (r.length > 0) right.push(makeLine(line.page, 'right', line.y, line.size, r));
  }
  flush();
  return out;
}

/** Where a header or footer sits on its page, to a few points. */
const POSITION_STEP = 6;

/**
 * The text with its figures masked, so `— 3 —` and `— 4 —` or `第3页` and `第4页` compare
 * equal, and its height on the page: a running header repeats at one place (the report's
 * title line under it on page 1 is the same text, lower down).
 */
function repeatKey(line: Line): string {
  return `${String(Math.round(line.y / POSITION_STEP))}:${line.text.replace(/\s/g, '').replace(/\d+/g, '#')}`;
}



function isPageNumber(text: string): boolean {
  return isDecoratedPageNumber(text) || /^\s*(?:\d{1,4}|[-—–－]?\s*\d{1,4}\s*[-—–－]?|page\s*\d+)\s*$/i.test(text);
}

/** Drops running headers, footers and page numbers from the top and bottom of each page. */
function dropMargins(pages: readonly Line[][]): { pages: Line[][]; dropped: number } {
  const counts = new Map<string, number>();
  for (const lines of pages) {
    const keys = new Set([...lines.slice(0, MARGIN_LINES), ...lines.slice(-MARGIN_LINES)].map(repeatKey));
    for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const repeated = (line: Line): boolean => pages.length >= 2 && (counts.get(repeatKey(line)) ?? 0) >= Math.max(2, pages.length * REPEAT_SHARE);
  let dropped = 0;
  const kept = pages.map((lines) =>
    lines.filter((line, i) => {
      const margin = i < MARGIN_LINES || i >= lines.length - MARGIN_LINES;
      const drop = margin && (isPageNumber(line.text) || repeated(line));
      if (drop) dropped++;
      return !drop;
    }),
  );
  return { pages: kept, dropped };
}

/** Left and right edge of a column of text, from the lines set in it. */
interface Edges {
  left: number;
  right: number;
  pitch: number;
}

function edgesOf(lines: readonly Line[]): Edges | null {
  if (lines.length < 3) return null;
  const pitches: number[] = [];
  for (let i = 1; i < lines.length; i++) {
    const a = lines[i - 1];
    const b = lines[i];
    if (a !== undefined && b !== undefined && b.y > a.y) pitches.push(b.y - a.y);
  }
  const ends = lines.map((l) => l.x1).sort((a, b) => a - b);
  // Not the commonest start: on a page of one-line paragraphs that is the indented one.
  const starts = lines.map((l) => l.x0).sort((a, b) => a - b);
  return { left: starts[Math.floor(starts.length * 0.05)] ?? 0, right: ends[Math.floor(ends.length * 0.9)] ?? 0, pitch: median(pitches) };
}

/** Edges per page and column, falling back to the document's for columns with few lines. */
function columnEdges(pages: readonly Line[][]): (line: Line) => Edges {
  const byKind = new Map<Column, Line[]>();
  const byPage = new Map<string, Edges | null>();
  for (const lines of pages) {
    for (const column of ['full', 'left', 'right'] as const) {
      const mine = lines.filter((l) => l.column === column && l.segments.length === 1);
      byKind.set(column, [...(byKind.get(column) ?? []), ...mine]);
      const first = lines[0];
      if (first !== undefined) byPage.set(`${String(first.page)}:${column}`, mine.length >= 8 ? edgesOf(mine) : null);
    }
  }
  const docEdges = new Map<Column, Edges | null>();
  for (const [kind, lines] of byKind) docEdges.set(kind, edgesOf(lines));
  return (line) => byPage.get(`${String(line.page)}:${line.column}`) ?? docEdges.get(line.column) ?? { left: line.x0, right: line.x1, pitch: line.size * 1.5 };
}

const ENDS_SENTENCE = /[。！？；：!?;:”’）)]$/;

/** Lines of a table: several cells apart from each other by wide gaps. */
function isTableLine(line: Line): boolean {
  return line.segments.length >= 2 && line.segments.every((s) => Array.from(s.text).length <= 40);
}

/** Runs of table lines → rows of cells, a wrapped cell's lines joined. */
function tableRows(lines: readonly Line[]): string[][] {
  const starts: number[] = [];
  for (const line of lines) {
    for (const s of line.segments) if (!starts.some((x) => Math.abs(x - s.x0) < line.size)) starts.push(s.x0);
  }
  starts.sort((a, b) => a - b);
  const column = (x: number): number => {
    let best = 0;
    for (const [i, start] of starts.entries()) if (start <= x + (lines[0]?.size ?? 10) / 2) best = i;
    return best;
  };
  // Lines of one row sit a line pitch apart; rows are further apart (cell padding, rules).
  const gaps = lines.slice(1).map((l, i) => l.y - (lines[i]?.y ?? l.y));
  const least = Math.min(...gaps);
  const uniform = Math.max(...gaps) < 1.25 * least;
  const rows: string[][] = [];
  lines.forEach((line, i) => {
    if (i === 0 || uniform || (gaps[i - 1] ?? 0) > 1.25 * least) rows.push(starts.map(() => ''));
    const row = rows[rows.length - 1];
    if (row !== undefined) for (const s of line.segments) row[column(s.x0)] = (row[column(s.x0)] ?? '') + s.text;
  });
  return rows.map((row) => row.filter((cell) => cell !== ''));
}

/**
 * The lines of the table starting at `lines[i]`: lines of several cells, and between them
 * lines of one (a wrapped cell) set like the table's (same size, close below the line before,
 * starting where one of its columns starts). A paragraph after the table is not set so.
 */
function tableAt(lines: readonly Line[], i: number): Line[] {
  const first = lines[i];
  if (first === undefined) return [];
  const table: Line[] = [first];
  const starts = first.segments.map((s) => s.x0);
  let pitch = Infinity;
  for (let j = i + 1; j < lines.length; j++) {
    const l = lines[j];
    const before = table[table.length - 1];
    if (l === undefined || before === undefined || l.page !== first.page || l.column !== first.column) break;
    const gap = l.y - before.y;
    const sameSize = Math.abs(l.size - first.size) <= 0.1 * first.size;
    if (!isTableLine(l)) {
      const aligned = starts.some((x) => Math.abs(x - l.x0) <= 0.6 * l.size);
      if (!sameSize || !aligned || gap > 1.6 * Math.min(pitch, 2 * l.size)) break;
    } else if (!sameSize) break;
    if (isTableLine(l)) for (const s of l.segments) if (!starts.some((x) => Math.abs(x - s.x0) < l.size)) starts.push(s.x0);
    pitch = Math.min(pitch, gap);
    table.push(l);
  }
  return table;
}

/** Runs lines together into paragraphs and table rows. */
function paragraphs(pages: readonly Line[][]): { blocks: ExtractedBlock[]; tables: number; doubtful: number } {
  const edges = columnEdges(pages);
  const lines = pages.flat();
  const blocks: ExtractedBlock[] = [];
  let tables = 0;
  let doubtful = 0;
  let text = '';
  let spaced = false;
  const close = (): void => {
    if (text !== '') blocks.push(spaced ? { type: 'paragraph', text, spaced } : { type: 'paragraph', text });
    text = '';
    spaced = false;
  };
  let previous: Line | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line === undefined) continue;
    if (isTableLine(line) && (isTableLine(lines[i + 1] ?? line) || isTableLine(lines[i + 2] ?? line))) {
      const table = tableAt(lines, i);
      const j = i + table.length;
      if (table.filter(isTableLine).length >= 2) {
        close();
        for (const cells of tableRows(table)) if (cells.length > 0) blocks.push({ type: 'row', cells });
        tables++;
        i = j - 1;
        previous = undefined;
        continue;
      }
    }
    if (previous !== undefined) {
      const e = edges(line);
      const pe = edges(previous);
      const indented = line.x0 > e.left + INDENT_EM * line.size;
      const short = previous.x1 < pe.right - SHORT_EM * previous.size;
      const previousIndented = previous.x0 > pe.left + INDENT_EM * previous.size;
      const centred = (l: Line, ed: Edges): boolean => l.x0 > ed.left + INDENT_EM * l.size && Math.abs(l.x0 - ed.left - (ed.right - l.x1)) < 1.5 * l.size && l.x1 < ed.right - SHORT_EM * l.size;
      const sameFlow = previous.page === line.page && previous.column === line.column;
      const gap = sameFlow && line.y - previous.y > GAP_PITCH * Math.max(pe.pitch, line.size);
      const sizeChange = Math.abs(line.size - previous.size) > 0.15 * Math.max(line.size, previous.size);
      // A centred line that fills the measure wraps on to the next (a long title or meeting line).
      const wrapsCentred = centred(line, e) && !previousIndented && !sizeChange && previous.x1 - previous.x0 > 0.85 * (pe.right - pe.left) && !ENDS_SENTENCE.test(previous.text);
      const brk = !wrapsCentred && (indented || short || gap || sizeChange || centred(line, e) || centred(previous, pe) || (previousIndented && short));
      if (brk && short && !indented && !gap && !sizeChange && !ENDS_SENTENCE.test(previous.text)) doubtful++;
      if (!brk && !sameFlow && ENDS_SENTENCE.test(previous.text)) doubtful++;
      if (brk) {
        close();
        spaced = sameFlow && line.y - previous.y > SPACED_PITCH * Math.max(pe.pitch, line.size);
      }
      else if (LATIN_END.test(text) && LATIN_START.test(line.text)) text += ' ';
    }
    text += line.text;
    previous = line;
  }
  close();
  return { blocks, tables, doubtful };
}

/** Lays out a document's pages into blocks in reading order. */
export function layoutPages(pages: readonly PageText[]): Layout {
  const ordered = pages.map((page, i) => readingOrder(pageLines(page, i + 1), page.width, page.height));
  const { pages: kept, dropped } = dropMargins(ordered);
  const { blocks, tables, doubtful } = paragraphs(kept);
  return { blocks, tables, doubtfulBreaks: doubtful, droppedLines: dropped };
}
