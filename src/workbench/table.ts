/** A table to export: named columns and rows of text and numbers, written as CSV or XLSX. */

/** One column. */
export interface Column {
  /** Header, in Chinese, as the user reads it. */
  header: string;
  /** Width in characters for spreadsheets (about the longest expected value). */
  width: number;
  /** Cells hold web addresses: spreadsheets make them links. */
  link?: boolean;
}

/** Cells are text or numbers. */
export type Cell = string | number;

export interface Table {
  /** Sheet name (at most 31 characters, no `[]:*?/\`). */
  name: string;
  columns: Column[];
  rows: Cell[][];
}
