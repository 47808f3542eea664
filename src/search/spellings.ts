/**
 * The ways the corpus writes a word or phrase that a reader would not tell apart from it (see
 * `src/text/fold.ts`): with transparent characters inside (`专精特新“小巨人`, `PM 2.5`,
 * `地区生产总值|增长5.0%`, a zero-width space) and with compatibility characters for their
 * forms (`ⅲ` for `iii`, `㎡` for `m2`).
 *
 * One pass over the texts records, for each pair of characters, the runs of transparent
 * characters the corpus puts between them, and which compatibility characters it uses. A
 * needle's spellings are then its characters with, between each pair, nothing or one of the
 * runs recorded for that pair, and each compatibility form replaced by the characters seen for
 * it. Every spelling is an exact string of the corpus's normalised text, so matching, counting
 * and highlighting stay exact substring operations on the original offsets: a highlight covers
 * the characters from the first to the last of a match, the skipped ones inside included.
 *
 * The cost is bounded: a needle is read once, at most `MAX_RUNS` runs are kept per pair, and at
 * most `MAX_SPELLINGS` spellings per needle are tried (the plainest first: fewest insertions).
 */
import { pairKey, readSpellingTable, type SpellingTable } from '../index/spelling-table.js';
import { squeeze } from '../text/index.js';
import { formsOf } from './evaluate.js';
import type { Plan } from './plan.js';

export { MAX_RUN_LENGTH, MAX_RUNS } from '../index/spelling-table.js';

/** Most spellings of one needle (the needle itself included). */
export const MAX_SPELLINGS = 32;

/** What the corpus writes between characters and which compatibility characters it uses. */
export class Spellings {
  /** `a␀b` → runs of transparent characters seen between `a` and `b`; form → characters seen for it (`spelling-table.ts`). */
  readonly #table: SpellingTable;
  /** Lengths (in code points) of the compatibility forms, longest first. */
  readonly #formLengths: number[];

  /** Reads `texts` (normalised, each one unit: a paragraph or one heading), or takes a table read before (saved with the index). */
  constructor(texts: Iterable<string> | SpellingTable) {
    this.#table = isTable(texts) ? texts : readSpellingTable(texts);
    this.#formLengths = [...new Set([...this.#table.compat.keys()].map((form) => Array.from(form).length))].sort((a, b) => b - a);
  }

  /**
   * The spellings of `needle` (normalised) that the corpus may hold: its transparent characters
   * dropped, then each gap between two characters either closed or filled with a run the
   * corpus puts there, and compatibility forms written as the characters the corpus uses. The
   * needle as given comes first. At most `MAX_SPELLINGS`.
   */
  of(needle: string): string[] {
    const chars = Array.from(squeeze(needle));
    if (chars.length === 0) return [needle];
    // Pieces: each a list of ways to write one stretch of the needle.
    const pieces: string[][] = [];
    for (let i = 0; i < chars.length; ) {
      let taken = false;
      for (const length of this.#formLengths) {
        if (length > chars.length - i) continue;
        const seen = this.#table.compat.get(chars.slice(i, i + length).join(''));
        if (seen === undefined) continue;
        pieces.push([chars.slice(i, i + length).join(''), ...seen]);
        i += length;
        taken = true;
        break;
      }
      if (!taken) pieces.push([chars[i++] ?? '']);
    }
    // Grow the spellings piece by piece, plainest first, never past the bound.
    let forms: string[] = pieces[0] ?? [''];
    for (let p = 1; p < pieces.length; p++) {
      const next: string[] = [];
      const options = pieces[p] ?? [];
      for (const form of forms) {
        const last = lastChar(form);
        for (const option of options) {
          if (next.length >= MAX_SPELLINGS) break;
          next.push(form + option);
        }
        for (const option of options) {
          const runs = this.#table.runs.get(pairKey(last, firstChar(option))) ?? [];
          for (const run of runs) {
            if (next.length >= MAX_SPELLINGS) break;
            next.push(form + run + option);
          }
        }
      }
      forms = next;
    }
    const out = [needle, ...forms.filter((form) => form !== needle)];
    return out.slice(0, MAX_SPELLINGS);
  }
}

function isTable(value: Iterable<string> | SpellingTable): value is SpellingTable {
  return typeof value === 'object' && 'runs' in value && 'compat' in value;
}

function lastChar(text: string): string {
  const code = text.charCodeAt(text.length - 1);
  return code >= 0xdc00 && code <= 0xdfff && text.length >= 2 ? text.slice(-2) : text.slice(-1);
}

function firstChar(text: string): string {
  return String.fromCodePoint(text.codePointAt(0) ?? 0);
}

/**
 * Gives every word and phrase of `plan` its spellings (`Leaf.spellings`), in place; a needle
 * (and each variant) keeps its own form first. Proximity operands are matched as typed.
 */
export function spellPlan(plan: Plan, spellings: Spellings): void {
  switch (plan.kind) {
    case 'leaf': {
      const map = new Map<string, readonly string[]>();
      for (const needle of plan.run === undefined || plan.needles.includes(plan.run) ? plan.needles : [...plan.needles, plan.run]) {
        const forms = new Set<string>();
        for (const form of formsOf(plan, needle)) for (const spelled of spellings.of(form)) forms.add(spelled);
        map.set(needle, [...forms]);
      }
      plan.spellings = map;
      return;
    }
    case 'and':
      for (const child of [...plan.positive, ...plan.negative]) spellPlan(child, spellings);
      return;
    case 'or':
      for (const child of plan.children) spellPlan(child, spellings);
      return;
    case 'not':
      spellPlan(plan.child, spellings);
      return;
    case 'near':
      return;
  }
}
