/**
 * The parsed corpus saved with the index, so that a start with a current index neither reads
 * nor parses the corpus again: each report's display text (one text section, `reports.text`)
 * and its metadata and block structure as compact JSON (`reports.blocks`) — a block's text is
 * the slice of the report text its offsets name, so no text is stored twice — together with
 * what ingest said about the corpus (files skipped, warnings) and the quoted terms it added to
 * the segmenter's dictionary.
 */
import type { Block, CorpusProblem, CorpusWarning, Report, ReportMeta } from '../ingest/index.js';

/** What ingest produced besides the reports, kept so a start from the saved index can repeat it. */
export interface CorpusNotes {
  /** `quotedCorpusTerms()` of the reports: the quoted terms offered to the dictionary before the build. */
  terms: string[];
  /** Files ingest skipped, with why. */
  problems: CorpusProblem[];
  /** Files ingest read with a warning. */
  warnings: CorpusWarning[];
}

/** A heading: `[level, level, anchor, start, end, firstLine, lastLine]` (level from 1). */
type SavedHeading = [number, number, string, number, number, number, number];
/** A paragraph: `[0, ordinal, anchor, start, end, firstLine, lastLine, path]` (`path` indexes the report's paths). */
type SavedParagraph = [0, number, string, number, number, number, number, number];
interface SavedReport {
  meta: ReportMeta;
  file: string;
  /** Distinct section paths of the report's paragraphs. */
  paths: string[][];
  blocks: unknown[];
}

/** The two sections of the saved corpus. */
export function encodeReports(reports: readonly Report[]): { texts: string[]; blocks: string[] } {
  const saved: SavedReport[] = reports.map((report) => {
    const pathIndex = new Map<string, number>();
    const paths: string[][] = [];
    const blocks = report.blocks.map((block): SavedHeading | SavedParagraph => {
      if (report.text.slice(block.start, block.end) !== block.text) throw new Error(`index: ${report.file}: a block's text is not the slice of the report text its offsets name`);
      if (block.type === 'heading') return [block.level, block.level, block.anchor, block.start, block.end, block.lines.from, block.lines.to];
      const key = block.sectionPath.join('\n');
      let p = pathIndex.get(key);
      if (p === undefined) {
        p = paths.length;
        pathIndex.set(key, p);
        paths.push(block.sectionPath);
      }
      return [0, block.ordinal, block.anchor, block.start, block.end, block.lines.from, block.lines.to, p];
    });
    return { meta: report.meta, file: report.file, paths, blocks };
  });
  return { texts: reports.map((report) => report.text), blocks: [JSON.stringify(saved)] };
}

function isNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value);
}

/** The reports back from the two sections; throws when they do not fit together. */
export function decodeReports(texts: readonly string[], blocksJson: string): Report[] {
  const saved = JSON.parse(blocksJson) as unknown;
  if (!Array.isArray(saved) || saved.length !== texts.length) throw new Error('saved reports do not match their texts');
  return (saved as SavedReport[]).map((entry, r) => {
    const text = texts[r] ?? '';
    if (typeof entry !== 'object' || !Array.isArray(entry.blocks) || !Array.isArray(entry.paths)) throw new Error(`saved report ${String(r)} is malformed`);
    const slice = (start: unknown, end: unknown): string => {
      if (!isNumber(start) || !isNumber(end) || start < 0 || end < start || end > text.length) throw new Error(`saved report ${String(r)} has a block outside its text`);
      return text.slice(start, end);
    };
    const blocks = entry.blocks.map((saved: unknown): Block => {
      if (!Array.isArray(saved)) throw new Error(`saved report ${String(r)} has a malformed block`);
      const row = saved as unknown[];
      const [kind, number, anchor, start, end, from, to, p] = row;
      if (!isNumber(number) || typeof anchor !== 'string' || !isNumber(from) || !isNumber(to)) throw new Error(`saved report ${String(r)} has a malformed block`);
      const lines = { from, to };
      if (kind === 0) {
        const sectionPath = isNumber(p) ? entry.paths[p] : undefined;
        if (sectionPath === undefined) throw new Error(`saved report ${String(r)} names a missing path`);
        return { type: 'paragraph', ordinal: number, text: slice(start, end), anchor, sectionPath: [...sectionPath], start: start as number, end: end as number, lines };
      }
      if (!isNumber(kind)) throw new Error(`saved report ${String(r)} has a malformed block`);
      return { type: 'heading', level: kind, text: slice(start, end), anchor, start: start as number, end: end as number, lines };
    });
    return { meta: entry.meta, file: entry.file, text, blocks, paragraphs: blocks.filter((block) => block.type === 'paragraph') };
  });
}
