/**
 * Word bounds for Latin letters and digits. A word typed as `6.2%` must find `增长6.2%`, not the
 * `6.2%` inside `46.2%`; `2023` must not match inside `12023`, nor `eod` inside `geode`. The
 * analyser keeps such runs whole, so a word match may not glue onto a neighbour of the same
 * kind: a digit next to a digit (or across a decimal point), a letter next to a letter. A letter
 * next to a digit is a bound (`pm` of `pm2.5`), as the analyser's sub-terms have it.
 *
 * Phrases (in quotes) are plain substrings and never use this.
 */

import { straddlesWords } from '../text/index.js';

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
const isLetter = (c: string | undefined): boolean => c !== undefined && c >= 'a' && c <= 'z';

/** Whether `a` and `b` (adjacent in normalised text) belong to one Latin or number run. */
function glued(a: string | undefined, b: string | undefined): boolean {
  return (isDigit(a) && isDigit(b)) || (isLetter(a) && isLetter(b));
}

/** Whether a word needle has a Latin or digit edge, and so needs bounds. */
export function needsBounds(needle: string): boolean {
  const first = needle[0];
  const last = needle[needle.length - 1];
  return isDigit(first) || isLetter(first) || isDigit(last) || isLetter(last);
}

/** Whether the occurrence `[start, end)` of a word in `norm` stands on its own. */
function bounded(norm: string, start: number, end: number): boolean {
  const first = norm[start];
  const before = norm[start - 1];
  if (glued(before, first) || (before === '.' && isDigit(first) && isDigit(norm[start - 2]))) return false;
  const last = norm[end - 1];
  const after = norm[end];
  return !(glued(last, after) || (after === '.' && isDigit(last) && isDigit(norm[end + 1])));
}

/** The first occurrence of the word `needle` in `norm` at or after `from` that stands on its own; -1 when none. */
export function indexOfWord(norm: string, needle: string, from = 0): number {
  if (!needsBounds(needle)) return norm.indexOf(needle, from);
  for (let i = norm.indexOf(needle, from); i >= 0; i = norm.indexOf(needle, i + 1)) {
    if (bounded(norm, i, i + needle.length)) return i;
  }
  return -1;
}

/** Most paragraphs per query whose occurrences are checked against the text's word boundaries (the cost stays bounded). */
export const MAX_STRADDLE_CHECKS = 600;

const HAN_WORD = /^\p{Script=Han}{2,}$/u;

/**
 * Whether `norm` holds the Han word `form` as a word at least once: some occurrence does not
 * straddle two words of the text (`straddlesWords`: `民生` in `一刻钟便民生活圈` does). A
 * form that is not a Han word of two characters or more always holds.
 */
export function holdsAsWord(norm: string, form: string): boolean {
  if (!HAN_WORD.test(form)) return true;
  let seen = 0;
  for (let at = norm.indexOf(form); at >= 0; at = norm.indexOf(form, at + 1)) {
    // A flood of occurrences: the first few decide.
    if (++seen > 8 || !straddlesWords(norm, at, at + form.length)) return true;
  }
  return seen === 0;
}
