import { mergeTableCells } from './cells.js';
import { CorpusError } from './errors.js';
import { parseFrontMatter } from './frontmatter.js';
import { stripMarker } from './markers.js';
import { prepareLines, type DroppedLine, type SourceLine } from './lines.js';
import { detectLayout, reflow, type Layout } from './reflow.js';
import { undoubleRuns } from './repair.js';
import { classify, type Doubt, type RawBlock } from './structure.js';
import type { Block, HeadingBlock, ParagraphBlock, Report } from './types.js';
import { displayWidth } from './width.js';

/** A line printed twice by the source layout, and what the parser kept of it. */
export interface Repair {
  /** Body line. */
  line: number;
  /** The line as printed (extraction spaces removed). */
  from: string;
  /** The line as kept. */
  to: string;
}

/** Everything the parser found out about one file: the report and how it was read. */
export interface Analysis {
  report: Report;
  /** The report's own title line in the body (not a block), extraction spaces removed. */
  titleLine: string | null;
  /** Lines removed on purpose: page numbers and the title line. */
  dropped: DroppedLine[];
  /** Lines printed twice, undoubled. */
  repairs: Repair[];
  /** Paragraph breaks and headings decided on thin evidence. */
  doubts: Doubt[];
  /** Layout the paragraphs were reflowed by. */
  layout: Layout;
  /** The body exactly as in the file. */
  body: string;
}

const TITLE_PUNCT = /[，。、；：！？,;:!?]/;

/** The first four characters after the numbering marker: parallel headings share them. */
function siblingOpening(text: string): string {
  return Array.from(stripMarker(text)).slice(0, 4).join('');
}

/** Normalises line ends and a byte-order mark, so files from any editor parse the same. */
export function normaliseNewlines(raw: string): string {
  return raw.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
}

/** The first line is the report's title when it stands alone and names the report. */
function isTitleLine(lines: readonly SourceLine[], title: string): boolean {
  const first = lines[0];
  if (first === undefined || first.marker !== null || first.bullet || TITLE_PUNCT.test(first.clean)) return false;
  const next = lines[1];
  if (next !== undefined && next.blanksBefore === 0) return false;
  const plainTitle = title.replace(/\s/g, '');
  return plainTitle.includes(first.clean) || first.clean.endsWith('报告');
}

function repairLines(lines: SourceLine[]): Repair[] {
  const repairs: Repair[] = [];
  for (const line of lines) {
    const fixed = undoubleRuns(line.clean);
    if (fixed === null) continue;
    repairs.push({ line: line.n, from: line.clean, to: fixed });
    line.clean = fixed;
    line.trimmed = fixed;
    line.width = displayWidth(fixed);
    line.repaired = true;
  }
  return repairs;
}

/** Assigns anchors, ordinals, offsets and section paths. */
function finish(raw: readonly RawBlock[]): { text: string; blocks: Block[]; paragraphs: ParagraphBlock[] } {
  const blocks: Block[] = [];
  const paragraphs: ParagraphBlock[] = [];
  const open: { rank: number; sub: boolean; text: string; scheme: string | undefined }[] = [];
  let offset = 0;
  let headings = 0;
  for (const b of raw) {
    const start = offset;
    const end = start + b.text.length;
    offset = end + 1;
    const lines = { from: b.from, to: b.to };
    if (b.type === 'heading') {
      let rank: number;
      if (b.rank === null) {
        // A bare sub-heading: a sibling of the previous one, a child of what encloses it, or a
        // numbered heading that lost its number, if it opens like the numbered one before it
        // (`坚定不移统筹发展安全…` after `六、坚定不移促进共同富裕…`).
        while (open[open.length - 1]?.sub === true) open.pop();
        const enclosing = open[open.length - 1];
        const sameOpening = enclosing !== undefined && siblingOpening(enclosing.text) === siblingOpening(b.text);
        if (sameOpening) open.pop();
        rank = sameOpening ? enclosing.rank : (enclosing?.rank ?? 0) + 0.5;
      } else {
        rank = b.rank;
        // A heading numbered like an open one is its sibling, whatever their ranks: `（三）`
        // run into a paragraph after `## （二）`, a Word heading style, closes it.
        const sibling = b.scheme === undefined ? -1 : open.findIndex((h) => h.scheme === b.scheme);
        if (sibling >= 0) open.length = sibling;
        while (open.length > 0 && (open[open.length - 1]?.rank ?? -1) >= rank) open.pop();
      }
      open.push({ rank, sub: b.rank === null, text: b.text, scheme: b.scheme });
      headings++;
      const heading: HeadingBlock = { type: 'heading', level: open.length, text: b.text, anchor: `h${String(headings)}`, start, end, lines };
      blocks.push(heading);
    } else {
      const ordinal = paragraphs.length + 1;
      const paragraph: ParagraphBlock = {
        type: 'paragraph',
        ordinal,
        text: b.text,
        anchor: `p${String(ordinal)}`,
        sectionPath: open.map((h) => h.text),
        start,
        end,
        lines,
      };
      blocks.push(paragraph);
      paragraphs.push(paragraph);
    }
  }
  return { text: raw.map((b) => b.text).join('\n'), blocks, paragraphs };
}

/** Parses a corpus file and reports how it was read. Throws {@link CorpusError}. */
export function analyzeReport(file: string, raw: string): Analysis {
  if (raw.includes('\u0000')) throw new CorpusError(file, 'binary content (NUL bytes), expected UTF-8 text');
  const { meta, body } = parseFrontMatter(file, normaliseNewlines(raw));
  const prepared = prepareLines(body);
  const dropped = [...prepared.dropped];
  let lines = prepared.lines;
  if (lines.length === 0) throw new CorpusError(file, 'empty: no text after the front matter');
  let titleLine: string | null = null;
  const first = lines[0];
  if (first !== undefined && isTitleLine(lines, meta.title)) {
    titleLine = first.clean;
    dropped.push({ n: first.n, text: first.clean, reason: 'title' });
    lines = lines.slice(1);
  }
  const repairs = repairLines(lines);
  const layout = detectLayout(lines);
  const flowed = reflow(lines, layout);
  const classified = classify(mergeTableCells(flowed.units, layout), layout);
  const doubts = [...flowed.doubts, ...classified.doubts].sort((a, b) => a.line - b.line);
  const rawBlocks = classified.blocks;
  const { text, blocks, paragraphs } = finish(rawBlocks);
  dropped.sort((a, b) => a.n - b.n);
  return { report: { meta, file, text, blocks, paragraphs }, titleLine, dropped, repairs, doubts, layout, body };
}

/** Parses a whole corpus file (front matter included) into a report. Throws {@link CorpusError}. */
export function parseReport(file: string, raw: string): Report {
  return analyzeReport(file, raw).report;
}
