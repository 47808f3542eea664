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

/**
 * What each code unit becomes: full-width → half-width (and the ideographic space → a space),
 * Latin case folded, and NFKC where the form is one character (⾼ → 高, ² → 2), lower case
 * included. One table over the BMP, computed once; a surrogate stays itself, so a character
 * outside the BMP is never folded.
 */
let foldTable: Uint16Array | undefined;

function foldCode(unit: number): number {
  let code = unit;
  if (code >= FULL_WIDTH_FIRST && code <= FULL_WIDTH_LAST) code -= FULL_WIDTH_OFFSET;
  else if (code === IDEOGRAPHIC_SPACE) code = 0x20;
  if (code < 0x80) return code >= 0x41 && code <= 0x5a ? code + 0x20 : code;
  const folded = foldCompatibility(code);
  if (folded !== code) return folded;
  const lower = String.fromCharCode(code).toLowerCase();
  return lower.length === 1 ? lower.charCodeAt(0) : code;
}

function foldCodes(): Uint16Array {
  if (foldTable !== undefined) return foldTable;
  const table = new Uint16Array(0x10000);
  for (let unit = 0; unit < 0x10000; unit++) table[unit] = foldCode(unit);
  foldTable = table;
  return table;
}

/** Code units turned back into a string this many at a time (an argument list has a limit). */
const DECODE_CHUNK = 8192;

/** Full-width → half-width and case folding (length-preserving); `text` itself when nothing changes. */
function foldWidthAndCase(text: string): string {
  const table = foldCodes();
  const n = text.length;
  let first = 0;
  while (first < n && table[text.charCodeAt(first)] === text.charCodeAt(first)) first++;
  if (first === n) return text;
  const codes = new Uint16Array(n - first);
  for (let i = first; i < n; i++) codes[i - first] = table[text.charCodeAt(i)] ?? 0;
  let out = text.slice(0, first);
  // `apply` takes the typed array as it is (spreading it goes through its iterator, several times slower).
  for (let at = 0; at < codes.length; at += DECODE_CHUNK) out += String.fromCharCode.apply(null, codes.subarray(at, at + DECODE_CHUNK) as unknown as number[]);
  return out;
}

/** OpenCC's configuration name for `OPENCC_CONFIG` (its `ConverterBuilder` picks `${from}2s` for `to: 'cn'`). */
const OPENCC_PRESET = 't2s';

/** The code points OpenCC may change: over the BMP a table, beyond it a set; `null` when unknown (always convert). */
interface Changeable {
  bmp: Uint8Array;
  astral: Set<number>;
}

let changeable: Changeable | null | undefined;

/**
 * Every character that stands, in some entry of the preset's dictionaries, where the entry's
 * replacement differs (or every character of an entry whose replacement has another length).
 * A text holding none of them comes out of OpenCC unchanged: each dictionary match then
 * replaces its characters by themselves. Most paragraphs hold none, and skip the conversion.
 */
function changeableCharacters(): Changeable | null {
  if (changeable !== undefined) return changeable;
  const config = (t2cn.configs as Record<string, unknown>)[OPENCC_PRESET];
  if (config === undefined) {
    changeable = null;
    return null;
  }
  const found: Changeable = { bmp: new Uint8Array(0x10000), astral: new Set() };
  const mark = (ch: string): void => {
    const code = ch.codePointAt(0) ?? 0;
    if (code > 0xffff) found.astral.add(code);
    else found.bmp[code] = 1;
  };
  const entry = (key: string, value: string): void => {
    const from = Array.from(key);
    const to = Array.from(value);
    from.forEach((ch, i) => {
      if (from.length !== to.length || ch !== to[i]) mark(ch);
    });
  };
  const walk = (value: unknown): void => {
    if (typeof value === 'string') {
      for (const line of value.split('|')) {
        const [key, ...replacements] = line.split(' ');
        if (key !== undefined) for (const replacement of replacements) entry(key, replacement);
      }
    } else if (Array.isArray(value)) {
      const [key, replacement] = value as unknown[];
      // A [key, replacement] pair; a pair of dictionaries (serialised, so holding spaces) is walked.
      if (value.length === 2 && typeof key === 'string' && typeof replacement === 'string' && !key.includes(' ') && !replacement.includes(' ')) entry(key, replacement);
      else for (const item of value as unknown[]) walk(item);
    } else if (typeof value === 'object' && value !== null) {
      for (const item of Object.values(value)) walk(item);
    }
  };
  walk(config);
  changeable = found;
  return found;
}

/** Whether OpenCC could change anything in `text` (see `changeableCharacters`). */
function mayConvert(text: string): boolean {
  const table = changeableCharacters();
  if (table === null) return true;
  const { bmp, astral } = table;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (bmp[unit] === 1) return true;
    if (unit >= 0xd800 && unit <= 0xdbff && astral.size > 0 && astral.has(text.codePointAt(i) ?? 0)) return true;
  }
  return false;
}

/**
 * Traditional → simplified. The whole string is converted at once so OpenCC's phrase tables see
 * context (乾隆 keeps 乾, 乾燥 becomes 干燥); when that changes the length (never seen on the
 * corpus, but OpenCC allows it), each code point is converted alone and kept only if its length
 * is unchanged.
 */
function simplify(text: string): string {
  if (!mayConvert(text)) return text;
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
