import { ORDINAL_LEAD, STOP } from './markers.js';
import { unitText, type Unit } from './reflow.js';
import type { RawBlock } from './structure.js';

/** Longest one-sentence paragraph that may be a lead-sentence heading. */
const MAX_LEAD = 40;
/** Parallel lead sentences needed before they are read as headings. */
const MIN_LEADS = 3;

const NUMERALS = '一二三四五六七八九十';

/**
 * Units opening with `一是`, `二是`, `三是`… in order, each a short first sentence followed by
 * more text: run-in headings (#22 numbers its review that way). Elsewhere `一是/二是` only
 * enumerate inside a paragraph and stay there.
 */
export function findOrdinalLeads(units: readonly Unit[]): Set<number> {
  const leads = new Set<number>();
  let run: number[] = [];
  const close = (): void => {
    if (run.length >= MIN_LEADS) for (const k of run) leads.add(k);
    run = [];
  };
  units.forEach((unit, k) => {
    const text = unitText(unit.lines);
    const numeral = ORDINAL_LEAD.exec(text)?.[1];
    if (numeral === undefined || unit.lines[0]?.marker != null) return;
    const chars = Array.from(text);
    const stop = chars.findIndex((c) => STOP.test(c));
    if (stop < 0 || stop + 1 > MAX_LEAD || stop + 1 === chars.length) return;
    const position = NUMERALS.indexOf(numeral);
    if (position === 0) close();
    else if (position !== run.length) {
      close();
      return;
    }
    run.push(k);
  });
  close();
  return leads;
}

/**
 * Parallel one-sentence paragraphs that each open a stretch of text (`这一年，我们坚持双轮驱动、
 * 持续发力，以扩大内需积蓄经济发展新动能。` ×6) are section headings without a marker: at
 * least three sharing their first four characters, each followed by an ordinary paragraph.
 */
export function promoteLeadSentences(blocks: RawBlock[]): void {
  const isLead = (b: RawBlock): boolean => {
    const chars = Array.from(b.text);
    return b.type === 'paragraph' && chars.length <= MAX_LEAD && STOP.test(chars[chars.length - 1] ?? '') && !/[。！？；!?;]/.test(chars.slice(0, -1).join(''));
  };
  const groups = new Map<string, number[]>();
  blocks.forEach((b, i) => {
    if (!isLead(b)) return;
    const key = Array.from(b.text).slice(0, 4).join('');
    groups.set(key, [...(groups.get(key) ?? []), i]);
  });
  for (const members of groups.values()) {
    if (members.length < MIN_LEADS) continue;
    const opensText = members.every((i) => {
      const next = blocks[i + 1];
      return next?.type === 'paragraph' && !members.includes(i + 1);
    });
    if (!opensText) continue;
    for (const i of members) {
      const b = blocks[i];
      if (b !== undefined) blocks[i] = { ...b, type: 'heading', rank: null };
    }
  }
}
