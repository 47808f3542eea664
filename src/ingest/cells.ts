import type { Layout, Unit } from './reflow.js';
import { unitText } from './reflow.js';

/** Longest text of a table cell or an infographic label. */
const MAX_CELL = 20;
/** Cells in a row before a run counts as a table. */
const MIN_CELLS = 4;
/** Figures among the cells (`5.0%以上`, `2.0%`): a table of figures, not a list of captions. */
const MIN_VALUES = 2;
/** A cell that is punctuated is a sentence, not a cell. */
const PUNCTUATED = /[，。；：！？、,;:!?“”]/;
/** A figure: a number opening the cell. */
const VALUE = /^[+\-−]?\d/;
/** A cell that continues the one before it (`居民收入增长` / `与经济增长`). */
const CONTINUES = /^[与和及并或、]/;

function isCell(unit: Unit): boolean {
  const first = unit.lines[0];
  if (first === undefined || first.marker !== null || first.bullet || first.atx > 0) return false;
  const text = unitText(unit.lines);
  return Array.from(text).length <= MAX_CELL && !PUNCTUATED.test(text) && /[\p{L}\p{N}]/u.test(text);
}

function join(units: readonly Unit[]): Unit {
  return { lines: units.flatMap((u) => u.lines) };
}

/**
 * Rows of a run of cells: a label with its figure (`地区生产总值增长` + `5.0%以上`). A cell
 * that continues its label is joined first; then cells pair up, a figure always closing its row.
 */
function rows(run: readonly Unit[]): Unit[] {
  const cells: Unit[][] = [];
  for (const unit of run) {
    const last = cells[cells.length - 1];
    if (last !== undefined && CONTINUES.test(unitText(unit.lines))) last.push(unit);
    else cells.push([unit]);
  }
  const out: Unit[] = [];
  let row: Unit[] = [];
  let count = 0;
  for (const cell of cells) {
    row.push(...cell);
    count++;
    if (count >= 2 || VALUE.test(unitText(cell.flatMap((u) => u.lines)))) {
      out.push(join(row));
      row = [];
      count = 0;
    }
  }
  if (row.length > 0) out.push(join(row));
  return out;
}

/**
 * A table or infographic in a blank-separated text file arrives one cell per line group
 * (`地区生产总值` `增长` / `5.0%` `以上` / `一般公共预算` `收入增长` / `2.0%` …). Left alone,
 * every cell would be a paragraph (and a label before a label a heading), so a search for
 * `"地区生产总值增长5.0%"` would find nothing. A run of at least four short unpunctuated
 * units with at least two figures among them is read as label–figure rows instead: each row
 * one unit, its cells run together as the layout printed them.
 */
export function mergeTableCells(units: readonly Unit[], layout: Layout): Unit[] {
  if (layout.kind !== 'lines') return [...units];
  const out: Unit[] = [];
  let run: Unit[] = [];
  const close = (): void => {
    const values = run.filter((u) => VALUE.test(unitText(u.lines))).length;
    if (run.length >= MIN_CELLS && values >= MIN_VALUES) out.push(...rows(run));
    else out.push(...run);
    run = [];
  };
  for (const unit of units) {
    // A cell group starts a text box of its own; an indented line begins the next box.
    if (isCell(unit) && !(run.length > 0 && unit.lines[0]?.indented === true)) run.push(unit);
    else {
      close();
      out.push(unit);
    }
  }
  close();
  return out;
}
