/**
 * Normalisation for matching, never for display.
 *
 * `normalize()` folds full-width letters, digits and punctuation to ASCII (`ＰＭ２．５` →
 * `pm2.5`), folds compatibility characters whose NFKC form is one character (`⾼` → `高`, see
 * `fold.ts`), folds Latin case, and converts traditional characters to simplified ones with
 * OpenCC (`營商環境` → `营商环境`). Its output has exactly the length of its input and
 * `output[i]` stands for `input[i]`: wherever a conversion would change the length, the original
 * code unit is kept. So an offset found in normalised text is the offset of the same characters
 * in the displayed text, and highlighting never has to guess.
 */
import { ConverterBuilder, type ConverterFunction } from 'opencc-js/core';
import * as t2cn from 'opencc-js/preset/t2cn';
import { removeExtractionSpaces } from '../ingest/spaces.js';
import { foldCompatibility } from './fold.js';

/**
 * OpenCC configuration for traditional → simplified. `t` (OpenCC standard traditional) converts
 * characters and phrases without the regional vocabulary swaps of `twp` (軟體 → 软件), which
 * would change lengths. Part of `analyzerVersion()`.
 */
export const OPENCC_CONFIG = { from: 't', to: 'cn' } as const;

let toSimplified: ConverterFunction | undefined;

/** The converter is built on first use (it indexes its phrase tables), then reused. */
function converter(): ConverterFunction {
  const built = toSimplified ?? ConverterBuilder(t2cn)(OPENCC_CONFIG);
  toSimplified = built;
  return built;
}

const FULL_WIDTH_FIRST = 0xff01;
const FULL_WIDTH_LAST = 0xff5e;
const FULL_WIDTH_OFFSET = 0xfee0;
const IDEOGRAPHIC_SPACE = 0x3000;

/** Full-width → half-width and case folding, one code unit at a time (length-preserving). */
function foldWidthAndCase(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    let code = text.charCodeAt(i);
    if (code >= FULL_WIDTH_FIRST && code <= FULL_WIDTH_LAST) code -= FULL_WIDTH_OFFSET;
    else if (code === IDEOGRAPHIC_SPACE) code = 0x20;
    const ch = String.fromCharCode(code);
    if (code < 0x80) {
      out += code >= 0x41 && code <= 0x5a ? String.fromCharCode(code + 0x20) : ch;
      continue;
    }
    // NFKC where the form is one character (⾼ → 高, ² → 2), lower case included.
    const folded = foldCompatibility(code);
    if (folded !== code) {
      out += String.fromCharCode(folded);
      continue;
    }
    const lower = ch.toLowerCase();
    out += lower.length === 1 ? lower : ch;
  }
  return out;
}

/**
 * Traditional → simplified. The whole string is converted at once so OpenCC's phrase tables see
 * context (乾隆 keeps 乾, 乾燥 becomes 干燥); when that changes the length (never seen on the
 * corpus, but OpenCC allows it), each code point is converted alone and kept only if its length
 * is unchanged.
 */
function simplify(text: string): string {
  const whole = converter()(text);
  if (whole.length === text.length) return whole;
  let out = '';
  for (const ch of text) {
    const converted = converter()(ch);
    out += converted.length === ch.length ? converted : ch;
  }
  return out;
}

/**
 * Normalises text for matching: full-width → half-width, traditional → simplified, Latin case
 * folded. `normalize(s).length === s.length`, and `normalize(s)[i]` corresponds to `s[i]`.
 */
export function normalize(text: string): string {
  if (text === '') return text;
  return simplify(foldWidthAndCase(text));
}

/**
 * Normalises a phrase a user typed: `normalize()`, then the same space removal ingest applies
 * to the corpus (`2023 年` → `2023年`, `PM 2.5` keeps its space), then trim. Unlike
 * `normalize()`, the length may change: a query is never highlighted by offset.
 */
export function normalizeQuery(text: string): string {
  // A query may change length: full NFKC (Ⅲ → III, ㎡ → m2); the text's own forms are tried by the search.
  return removeExtractionSpaces(normalize(text.normalize('NFKC'))).trim();
}
