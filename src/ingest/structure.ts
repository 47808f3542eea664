import type { SourceLine } from './lines.js';
import { MARKER_RANK, type MarkerKind } from './markers.js';
import type { Layout, Unit } from './reflow.js';

/** A heading or paragraph before offsets, anchors and section paths are assigned. */
export interface RawBlock {
  type: 'heading' | 'paragraph';
  text: string;
  /** Rank for nesting (headings only): lower ranks enclose higher ones. */
  rank: number;
  from: number;
  to: number;
}

/** A paragraph break (or join) the rules decided on thin evidence. */
export interface Doubt {
  /** Body line where the decision was made. */
  line: number;
  /** What was decided. */
  decision: 'joined-across-blank' | 'fused-heading';
  /** The text around the spot, for a reader to judge. */
  context: string;
}

const STOP = /[。！？!?]/;
const ANY_PUNCT = /[，。、；：！？,.;:!?]/;
/** Longest first sentence of a run-in heading; a `——` lead sentence may be longer. */
const MAX_RUN_IN = 60;
const MAX_DASH_RUN_IN = 160;
/** A marker item that is a single sentence longer than this is a list item, not a heading. */
const MAX_SINGLE_SENTENCE_HEADING = 40;
const MAX_HEADING = 80;
const MAX_BARE_HEADING = 30;

function unitText(lines: readonly SourceLine[]): string {
  return lines.map((l) => l.clean).join('');
}

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
  let bareDepth = 0;
  let lastWasBare = false;
  let seenHeading = false;
  for (const unit of units) {
    const first = unit.lines[0];
    const last = unit.lines[unit.lines.length - 1];
    if (first === undefined || last === undefined) continue;
    const text = unitText(unit.lines);
    const chars = Array.from(text);
    const from = first.n;
    const to = last.n;
    const marker: MarkerKind | null = first.marker;
    const paragraph = (): void => {
      blocks.push({ type: 'paragraph', text, rank: 0, from, to });
      lastWasBare = false;
    };
    if (marker !== null && !first.bullet) {
      const rank = MARKER_RANK[marker];
      const stop = chars.findIndex((c) => STOP.test(c));
      if (stop < 0) {
        if (chars.length <= MAX_HEADING) {
          blocks.push({ type: 'heading', text, rank, from, to });
          seenHeading = true;
          lastWasBare = false;
        } else {
          doubts.push({ line: from, decision: 'fused-heading', context: chars.slice(0, 40).join('') });
          paragraph();
        }
        continue;
      }
      const head = chars.slice(0, stop + 1).join('');
      const rest = chars.slice(stop + 1).join('');
      const single = rest === '';
      const limit = single ? (marker === 'dash' || marker === 'num' ? MAX_SINGLE_SENTENCE_HEADING : MAX_RUN_IN) : marker === 'dash' ? MAX_DASH_RUN_IN : MAX_RUN_IN;
      if (stop + 1 > limit) {
        if (!single) doubts.push({ line: from, decision: 'fused-heading', context: chars.slice(0, 40).join('') });
        paragraph();
        continue;
      }
      const splitLine = lineAt(unit.lines, stop);
      blocks.push({ type: 'heading', text: head, rank, from, to: single ? to : splitLine });
      seenHeading = true;
      lastWasBare = false;
      if (!single) blocks.push({ type: 'paragraph', text: rest, rank: 0, from: lineAt(unit.lines, stop + 1), to });
      continue;
    }
    const bare =
      !first.bullet &&
      !ANY_PUNCT.test(text.replace(/\d\.\d/g, '')) &&
      chars.length <= MAX_BARE_HEADING &&
      (layout.kind === 'wrapped' || unit.lines.length === 1);
    if (bare) {
      if (!seenHeading || (layout.kind === 'lines' && first.blanksBefore >= 3)) bareDepth = 0;
      else if (lastWasBare) bareDepth++;
      blocks.push({ type: 'heading', text, rank: bareDepth / 10, from, to });
      seenHeading = true;
      lastWasBare = true;
      continue;
    }
    paragraph();
  }
  return { blocks, doubts };
}
