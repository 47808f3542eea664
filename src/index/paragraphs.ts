/**
 * The corpus flattened into one table of paragraphs, numbered 0…n−1 in corpus order (report
 * order, then paragraph order), so that a posting list sorted by number is also in document
 * order.
 */
import type { ParagraphBlock, Report } from '../ingest/types.js';
import { normalize } from './analyzer.js';

/** Separator between the headings of a path in its joined form; never part of a query. */
export const PATH_SEPARATOR = '\n';

/** Every paragraph of the corpus, with what matching and display need. */
export interface ParagraphTable {
  /** Reports in corpus order. */
  reports: readonly Report[];
  /** Paragraph blocks, numbered in corpus order. */
  blocks: readonly ParagraphBlock[];
  /** Index in `reports` of each paragraph's report. */
  reportOf: Int32Array;
  /** First paragraph number of each report, plus the total at the end. */
  reportStart: Int32Array;
  /** `normalize(text)` of each paragraph. */
  norms: readonly string[];
  /** Distinct heading paths, joined with `PATH_SEPARATOR` and normalised. */
  paths: readonly string[];
  /** Index in `paths` of each paragraph's heading path. */
  pathOf: Int32Array;
  /** Paragraph numbers under each distinct path, ascending. */
  pathMembers: readonly Int32Array[];
  /** Normalised texts of each report's headings, in document order. */
  headingNorms: readonly (readonly string[])[];
}

/** The heading path of a paragraph, as one string (display form). */
export function joinPath(sectionPath: readonly string[]): string {
  return sectionPath.join(PATH_SEPARATOR);
}

/** Normalised texts read back from a saved index, so a start normalises nothing. */
export interface SavedNorms {
  /** `ParagraphTable.paths`. */
  paths: readonly string[];
  /** `ParagraphTable.headingNorms`, one report after another. */
  headings: readonly string[];
}

/**
 * Builds the table; `norms` and `saved` may be given (from a saved index) to skip normalising
 * again. Saved texts must fit the reports (a count or a length that differs throws).
 */
export function buildParagraphTable(reports: readonly Report[], norms?: readonly string[], saved?: SavedNorms): ParagraphTable {
  const blocks: ParagraphBlock[] = [];
  const reportStart = new Int32Array(reports.length + 1);
  reports.forEach((report, r) => {
    reportStart[r] = blocks.length;
    blocks.push(...report.paragraphs);
  });
  reportStart[reports.length] = blocks.length;
  const reportOf = new Int32Array(blocks.length);
  for (let r = 0; r < reports.length; r++) reportOf.fill(r, reportStart[r], reportStart[r + 1]);
  const ownNorms = norms ?? blocks.map((block) => normalize(block.text));
  const pathIndex = new Map<string, number>();
  const paths: string[] = [];
  const members: number[][] = [];
  const pathOf = new Int32Array(blocks.length);
  blocks.forEach((block, id) => {
    const joined = joinPath(block.sectionPath);
    let p = pathIndex.get(joined);
    if (p === undefined) {
      p = paths.length;
      pathIndex.set(joined, p);
      paths.push(saved === undefined ? normalize(joined) : savedNorm(saved.paths, p, joined, 'path'));
      members.push([]);
    }
    pathOf[id] = p;
    members[p]?.push(id);
  });
  if (saved !== undefined && saved.paths.length !== paths.length) throw new Error(`index: ${String(saved.paths.length)} saved paths for ${String(paths.length)}`);
  let heading = 0;
  const headingNorms = reports.map((report) =>
    report.blocks.flatMap((block) => (block.type !== 'heading' ? [] : [saved === undefined ? normalize(block.text) : savedNorm(saved.headings, heading++, block.text, 'heading')])),
  );
  if (saved !== undefined && saved.headings.length !== heading) throw new Error(`index: ${String(saved.headings.length)} saved headings for ${String(heading)}`);
  return {
    reports,
    blocks,
    reportOf,
    reportStart,
    norms: ownNorms,
    paths,
    pathOf,
    pathMembers: members.map((list) => Int32Array.from(list)),
    headingNorms,
  };
}

/** `texts[i]`, the saved normal form of `text` (normalising keeps a text's length). */
function savedNorm(texts: readonly string[], i: number, text: string, what: string): string {
  const norm = texts[i];
  if (norm?.length !== text.length) throw new Error(`index: saved ${what} ${String(i)} does not fit its text`);
  return norm;
}
