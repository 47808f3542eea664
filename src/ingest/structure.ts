import type { SourceLine } from './lines.js';
import { findOrdinalLeads, promoteLeadSentences } from './leads.js';
import { MARKER_RANK, STOP, type Marker, type MarkerKind } from './markers.js';
import { unitText, type Layout, type Unit } from './reflow.js';

/** A heading or paragraph before offsets, anchors and section paths are assigned. */
export interface RawBlock {
  type: 'heading' | 'paragraph';
  text: string;
  /**
   * Rank for nesting (headings only): lower ranks enclose higher ones. `null` for a bare
   * sub-heading, which nests one step below the heading enclosing it.
   */
  rank: number | null;
  /** Numbering scheme of a heading's marker (`（一）`, `1.` …), if it has one. */
  scheme?: MarkerKind;
  from: number;
  to: number;
}

/** A paragraph break, join or heading the rules decided on thin evidence. */
export interface Doubt {
  /** Body line where the decision was made (the line after the break or join). */
  line: number;
  /** What was decided: a paragraph break, a join, or where a heading ends. */
  decision: 'break' | 'join' | 'heading';
  /** Why it is doubtful. */
  why: string;
  /** The text around the spot (`|` marks it), for a reader to judge. */
  context: string;
}


const SENTENCE_STOP = /[。！？；!?;]/;
const ENDS_COLON = /[：:]$/;
/** Bare headings that open a top-level part: `2023年工作回顾`, `展望2024：…`, `加强政府自身建设`. */
const TOP_BARE =
  /^(?:(?:19|20)\d{2}年.{0,8}(?:回顾|任务|安排|工作)$|(?:回顾|展望|奋进|决胜)(?:19|20)\d{2}|[^，：]{2,8}：[^，：]{2,14}$|.{0,8}(?:政府自身建设|满意政府|服务型政府)$)/;
/** Longest first sentence of a run-in heading; a `——` lead sentence may be longer. */
const MAX_RUN_IN = 60;
const MAX_DASH_RUN_IN = 160;
/** A marker item that is a single sentence longer than this is a list item, not a heading. */
const MAX_SINGLE_SENTENCE_HEADING = 40;
const MAX_HEADING = 80;
const MAX_BARE_HEADING = 40;
/** Markdown `#` headings rank above every numbering scheme. */
const ATX_RANK = -1;


/** The source line holding character `offset` of the unit text. */
function lineAt(lines: readonly SourceLine[], offset: number): number {
  let pos = 0;
  for (const line of lines) {
    pos += Array.from(line.clean).length;
    if (offset < pos) return line.n;
  }
  return lines[lines.length - 1]?.n ?? 0;
}

/** Splits units into headings and paragraphs and ranks the headings. */
export function classify(units: readonly Unit[], layout: Layout): { blocks: RawBlock[]; doubts: Doubt[] } {
  const blocks: RawBlock[] = [];
  const doubts: Doubt[] = [];
  let seenHeading = false;
  const isBare = (unit: Unit | undefined): boolean => {
    if (unit === undefined) return false;
    const text = unitText(unit.lines);
    return (
      unit.lines[0]?.bullet === false &&
      unit.lines[0].marker === null &&
      /[\p{L}\p{N}]/u.test(text) &&
      !SENTENCE_STOP.test(text) &&
      !ENDS_COLON.test(text) &&
      Array.from(text).length <= MAX_BARE_HEADING
    );
  };
  const isProse = (unit: Unit | undefined): boolean =>
    unit !== undefined && (unit.lines[0]?.bullet === true || unit.lines.some((l) => SENTENCE_STOP.test(l.clean) || /[，、,]/.test(l.clean)));
  // In a blank-separated file a bare line is a heading only if text follows it (directly or
  // after a sub-heading); bare lines followed by bare lines are captions and table cells.
  const leadsText = (k: number): boolean => {
    const next = units[k + 1];
    if (next?.lines[0]?.marker != null) return true;
    // A new text box (an indented line) does not belong to the caption before it.
    if (next?.lines[0]?.indented === true) return false;
    if (isProse(next)) return true;
    // Two single-line headings in a row: a part and its first section.
    return units[k]?.lines.length === 1 && isBare(next) && isProse(units[k + 2]);
  };
  const ordinalLeads = findOrdinalLeads(units);
  for (const [k, unit] of units.entries()) {
    const first = unit.lines[0];
    const last = unit.lines[unit.lines.length - 1];
    if (first === undefined || last === undefined) continue;
    const text = unitText(unit.lines);
    const chars = Array.from(text);
    const from = first.n;
    const to = last.n;
    const marker: Marker | null = first.marker ?? (ordinalLeads.has(k) ? { kind: 'shi', spaced: false } : null);
    const paragraph = (): void => {
      blocks.push({ type: 'paragraph', text, rank: 0, from, to });
    };
    if (first.atx > 0) {
      // A Markdown heading encloses everything numbered below it.
      blocks.push({ type: 'heading', text, rank: ATX_RANK + first.atx / 10, ...(first.marker === null ? {} : { scheme: first.marker.kind }), from, to });
      seenHeading = true;
      continue;
    }
    if (marker !== null && !first.bullet) {
      const rank = MARKER_RANK[marker.kind];
      const stop = chars.findIndex((c) => STOP.test(c));
      if (marker.spaced && (stop >= 0 || chars.length > MAX_HEADING)) {
        paragraph();
        continue;
      }
      if (stop < 0) {
        if (chars.length <= MAX_HEADING) {
          blocks.push({ type: 'heading', text, rank, scheme: marker.kind, from, to });
          seenHeading = true;
            } else {
          doubts.push({ line: from, decision: 'heading', why: 'marker line runs into the body with no sentence end', context: chars.slice(0, 40).join('') });
          paragraph();
        }
        continue;
      }
      const head = chars.slice(0, stop + 1).join('');
      const rest = chars.slice(stop + 1).join('');
      const single = rest === '';
      const listLike = marker.kind === 'dash' || marker.kind === 'num';
      const limit = single ? (listLike ? MAX_SINGLE_SENTENCE_HEADING : MAX_RUN_IN) : marker.kind === 'dash' ? MAX_DASH_RUN_IN : MAX_RUN_IN;
      if (stop + 1 > limit) {
        if (!single) doubts.push({ line: from, decision: 'heading', why: 'first sentence after a marker too long for a heading', context: chars.slice(0, 40).join('') });
        paragraph();
        continue;
      }
      const splitLine = lineAt(unit.lines, stop);
      blocks.push({ type: 'heading', text: head, rank, scheme: marker.kind, from, to: single ? to : splitLine });
      seenHeading = true;
      if (!single) blocks.push({ type: 'paragraph', text: rest, rank: 0, from: lineAt(unit.lines, stop + 1), to });
      continue;
    }
    const bare = isBare(unit) && (layout.kind === 'wrapped' || leadsText(k));
    if (bare) {
      const top = !seenHeading || TOP_BARE.test(text) || (layout.kind === 'lines' && first.blanksBefore >= 3);
      blocks.push({ type: 'heading', text, rank: top ? 0 : null, from, to });
      seenHeading = true;
      continue;
    }
    paragraph();
  }
  promoteLeadSentences(blocks);
  return { blocks, doubts };
}
