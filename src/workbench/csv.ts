/**
 * CSV as Excel opens it: UTF-8 with a byte order mark (without one Excel reads Chinese as the
 * local code page), CR LF line ends, fields quoted per RFC 4180 where needed. Text that a
 * spreadsheet would run as a formula (`=`, `+`, `-`, `@` first) gets a leading `'`, unless it is
 * a plain number.
 */
import type { Cell, Table } from './table.js';

const BOM = '\ufeff';
const EOL = '\r\n';
const FORMULA_START = /^[=+\-@\t\r]/u;
const NUMBER = /^[+-]?[0-9]+(?:\.[0-9]+)?%?$/u;

/** One field, quoted when it holds a quote, a comma or a line break. */
export function csvField(cell: Cell): string {
  let text = typeof cell === 'number' ? String(cell) : cell;
  if (typeof cell === 'string' && FORMULA_START.test(text) && !NUMBER.test(text)) text = `'${text}`;
  return /[",\r\n]/u.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The table as CSV text, header first, starting with the byte order mark. */
export function csv(table: Table): string {
  const lines = [table.columns.map((column) => csvField(column.header)), ...table.rows.map((row) => row.map(csvField))];
  return BOM + lines.map((fields) => fields.join(',')).join(EOL) + EOL;
}
