/**
 * The proximity operators as typed: `/SEN` (`同句`) and `/NEAR n` (`邻近n`). Each is a whole
 * word of its own; the distance may be attached (`/NEAR10`, `邻近10`) or the next word
 * (`/NEAR 10`, `/邻近 10`). A bare `邻近` without digits stays an ordinary word, and so does
 * anything else with a `/` in it (`2023/2024`).
 */

/** Largest distance `/NEAR` accepts, in characters: about a long paragraph. */
export const MAX_NEAR_DISTANCE = 1000;

/** What an operator word says: same sentence, or a distance (`undefined` when the distance is the next word). */
export interface ProximityOperator {
  within: 'sentence' | 'chars';
  /** Digits attached to the operator, folded to ASCII; `undefined` when none. */
  digits?: string;
}

const SENTENCE = /^(?:[/／](?:sen|同句)|同句)$/iu;
const NEAR = /^[/／](?:near|邻近)([0-9０-９]*)$/iu;
const BARE_NEAR = /^邻近([0-9０-９]+)$/u;

/** Full-width digits to ASCII. */
export function asciiDigits(text: string): string {
  return text.replace(/[０-９]/gu, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}

/** The operator a word spells, or `undefined` for an ordinary word. */
export function proximityOperator(word: string): ProximityOperator | undefined {
  if (SENTENCE.test(word)) return { within: 'sentence' };
  const near = NEAR.exec(word) ?? BARE_NEAR.exec(word);
  if (near === null) return undefined;
  const digits = near[1] ?? '';
  return digits === '' ? { within: 'chars' } : { within: 'chars', digits: asciiDigits(digits) };
}

/** Whether a word is a distance (`10`, `１０`). */
export function isDistance(word: string): boolean {
  return /^[0-9０-９]+$/u.test(word);
}

/** The operator as the formatter writes it. */
export function operatorText(within: 'sentence' | number): string {
  return within === 'sentence' ? '/SEN' : `/NEAR ${String(within)}`;
}
