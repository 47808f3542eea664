/** What a format reader hands on: the document's blocks and how it was read. */

/** One block as the document itself gives it. */
export type ExtractedBlock =
  /** A heading whose level the document states (a Word heading style, an HTML `<h2>`). */
  | { type: 'heading'; level: number; text: string }
  /**
   * A paragraph, or a line whose role the text parser decides (a numbered heading, a title);
   * `spaced`: set apart by a blank line's worth of space (a bare one is then a top-level heading).
   */
  | { type: 'paragraph'; text: string; spaced?: boolean }
  /** One row of a table, its cells in order (empty cells left out). */
  | { type: 'row'; cells: string[] };

/** A document read from its format, before metadata and corpus text. */
export interface ExtractedDocument {
  /** Format the bytes were read as. */
  format: DocumentFormat;
  /** Blocks in reading order. */
  blocks: ExtractedBlock[];
  /** Pages (PDF), or `null` where the format has none. */
  pages: number | null;
  /** Tables found. */
  tables: number;
  /** Paragraph breaks decided on thin evidence (PDF: a short line not followed by an indent …). */
  doubtfulBreaks: number;
  /** Lines dropped as running headers, footers and page numbers. */
  droppedLines: number;
  /** OCR engine used, when the text was recognised from page images. */
  ocr: string | null;
  /** Title the format declares (HTML `<title>`, Word document property), if any. */
  declaredTitle: string | null;
  /** Things the reader noticed that the user should know (in Chinese). */
  notes: string[];
  /** Encoding the text was read in (text and HTML), or `null`. */
  encoding: string | null;
  /**
   * Text files only: the text as received (the corpus parser reflows it), one block above per
   * non-blank line, `lineOf[i]` the 0-based line of block `i`.
   */
  raw?: { text: string; lineOf: number[] };
}

/** Formats the importer reads. */
export type DocumentFormat = 'pdf' | 'docx' | 'html' | 'text';

/**
 * A file the importer refuses: malformed, encrypted, too large, a zip bomb, a name that is not
 * a plain file name, a scan without OCR. The message is in Chinese and names the file.
 */
export class ImportError extends Error {
  /** The file's name as given. */
  readonly file: string;

  constructor(file: string, detail: string) {
    super(`${file}：${detail}`);
    this.name = 'ImportError';
    this.file = file;
  }
}
