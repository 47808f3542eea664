/**
 * jieba frequencies for policy terms, in the spirit of jieba's `suggest_freq`.
 *
 * jieba (accurate mode, no HMM) picks the cut of a run whose words have the largest product of
 * `frequency / total`. A user-dictionary word without a frequency gets the median weight, which
 * left 79 of 1,744 policy terms cut apart even alone (标准地 → 标准/地, 一件事 → 一件/事). A
 * single large frequency for all of them (20,000, above any two-word product) kept them whole
 * but let short terms swallow characters of ordinary words in running text (创新活力 →
 * 创/新活力, 清单制度 → 清单制/度, 区域创新高地 → 创/新高地), so 创新 no longer found those
 * paragraphs.
 *
 * So each term gets `POLICY_TERM_BOOST` times the score of its best cut without it: alone it
 * always wins (by that factor), in a sentence it wins only where the characters around it do
 * not form likelier words. Terms are scored shortest first, so a longer term that contains a
 * shorter one (智改数转网联 ⊃ 智改数转) is measured against that term's weight too.
 */
import { readFileSync } from 'node:fs';

/** How many times likelier than its best cut without it a policy term is made. */
export const POLICY_TERM_BOOST = 10;

/** Stock dictionary figures jieba's scores depend on. */
export interface StockFrequencies {
  /** Sum of all stock frequencies (jieba's denominator). */
  total: number;
  /** Smallest stock frequency; jieba gives it to a character not in the dictionary. */
  min: number;
  /** Frequencies of the stock words asked for. */
  words: Map<string, number>;
}

/**
 * Reads the stock dictionary (`word frequency tag` lines), keeping the frequencies of the words
 * in `wanted` only (the whole dictionary is 349k words; policy terms need a few thousand).
 */
export function readStockFrequencies(path: string, wanted: ReadonlySet<string>): StockFrequencies {
  const words = new Map<string, number>();
  let total = 0;
  let min = Infinity;
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const first = line.indexOf(' ');
    if (first < 0) continue;
    const second = line.indexOf(' ', first + 1);
    const frequency = Number(line.slice(first + 1, second < 0 ? undefined : second));
    if (!Number.isFinite(frequency)) throw new Error(`text: stock dictionary line "${line}" has no frequency`);
    total += frequency;
    if (frequency < min) min = frequency;
    const word = line.slice(0, first);
    if (wanted.has(word)) words.set(word, frequency);
  }
  return { total, min, words };
}

/** Every substring of every term, the stock words a frequency computation can need. */
export function substringsOf(terms: Iterable<string>): Set<string> {
  const out = new Set<string>();
  for (const term of terms) {
    const chars = Array.from(term);
    for (let i = 0; i < chars.length; i++) {
      for (let j = i + 1; j <= chars.length; j++) out.add(chars.slice(i, j).join(''));
    }
  }
  return out;
}

/**
 * Frequencies for `terms` (`POLICY_TERM_BOOST` × the score of the best cut of each without it),
 * given the stock figures and the frequencies already assigned to other policy terms. Returns a
 * new map holding `assigned` plus the new terms.
 */
export function policyFrequencies(
  terms: Iterable<string>,
  stock: StockFrequencies,
  assigned: ReadonlyMap<string, number> = new Map(),
): Map<string, number> {
  const result = new Map(assigned);
  const order = [...new Set(terms)].filter((t) => !result.has(t));
  order.sort((a, b) => Array.from(a).length - Array.from(b).length || (a < b ? -1 : a > b ? 1 : 0));
  const logTotal = Math.log(stock.total);
  const weight = (word: string, single: boolean): number | undefined => {
    const frequency = stock.words.get(word) ?? result.get(word) ?? (single ? stock.min : undefined);
    return frequency === undefined ? undefined : Math.log(frequency) - logTotal;
  };
  for (const term of order) {
    const chars = Array.from(term);
    // best[i]: log score of the best cut of the first i characters, the term itself excluded.
    const best = new Array<number>(chars.length + 1).fill(-Infinity);
    best[0] = 0;
    for (let i = 0; i < chars.length; i++) {
      const from = best[i] ?? -Infinity;
      if (from === -Infinity) continue;
      for (let j = i + 1; j <= chars.length; j++) {
        if (i === 0 && j === chars.length) continue;
        const w = weight(chars.slice(i, j).join(''), j === i + 1);
        if (w !== undefined && from + w > (best[j] ?? -Infinity)) best[j] = from + w;
      }
    }
    const score = best[chars.length] ?? -Infinity;
    result.set(term, Math.max(1, Math.ceil(POLICY_TERM_BOOST * Math.exp(score + logTotal))));
  }
  return result;
}
