/**
 * The one analyser: text → search terms, the same code for indexing and for querying.
 *
 * Pipeline, on `normalize(text)` (same length as `text`, so every offset is an offset into the
 * original, displayed text):
 *
 * 1. **Runs.** The text is split into Latin/number runs and Han runs; everything else
 *    (punctuation, spaces, symbols such as ①) separates terms and is never a term. The runs are
 *    found by one scan with a table of code-unit classes (what the regular expression
 *    `([a-z0-9]+(?:[.-][a-z0-9]+)*[%‰]?)|(\p{Script=Han}+)` matches, without its cost).
 * 2. **Latin and numbers stay whole.** A run of Latin letters and digits, with `.` or `-` inside
 *    and an optional trailing `%`/`‰`, is one term: `6.2%`, `5.04`, `pm2.5`, `5g`, `eod`, `2023`,
 *    `v-park`. jieba never sees it (it would cut `2023` into `2 0 2 3`). So `6.2%` finds only
 *    6.2%, never a paragraph with a 6 and a 2.
 * 3. **Han runs** are segmented by jieba with the policy dictionary (see `segment.ts`), all the
 *    runs of a text in one call (`cutRuns`: each run is still cut as if alone).
 *    Numbers with units: `2023年` → `2023` `年`; `2.4万人` → `2.4` `万` `人`; `50亿元` → `50`
 *    `亿元` (jieba's word), and in index mode also `亿` (see 4), so `50亿` finds it.
 * 4. **Index mode adds sub-terms**, each with its own offsets, so that part of a long term finds
 *    it: the dictionary words inside a word that jieba keeps whole when they stand alone
 *    (共和国 and 人民共和国 in 中华人民共和国, 生产力 in 新质生产力) and the characters no such
 *    word covers (员 in 人人都是招商员); the character right after a number when jieba glued it
 *    to what follows (`亿` of `50亿元`, `年` of `2023年度`, so `50亿` and `2023年` find them); a
 *    number without its `%` (`6.2` of `6.2%`); the parts of a hyphenated run (`v`, `park` of
 *    `v-park`); and the letter and number parts of a mixed run when they are two characters or
 *    longer (`pm`, `2.5` of `pm2.5`, but nothing for `5g`, so `5` does not find 5G).
 * 5. **Query mode emits only the main terms** (steps 2–3, no sub-terms). A word jieba chose in
 *    a sentence is cut the same way when it stands alone, and every sub-term index mode adds is
 *    a word jieba keeps whole alone, a single character, a number or a Latin run; so any term
 *    the index holds, typed as a query, comes back as that same term and finds the paragraph
 *    (`test/text/agreement.test.ts` checks this over the whole corpus). A whole long term typed
 *    as a query stays one precise term instead of a bag of its parts. The search layer still
 *    has to check phrases against the text: a query cut across word boundaries (质生产力) can
 *    yield terms the paragraph's segmentation does not hold.
 * 6. **Stop words:** none (see `stopwords.ts` for the evidence).
 *
 * Tokens are ordered by start, then longest first; `term` is the normalised text of
 * `text.slice(start, end)`.
 */
import { normalize } from './normalize.js';
import { cutRuns, innerWords } from './segment.js';
import { recordAnalyze } from './stats.js';
import { isStopWord } from './stopwords.js';

/** A search term and where it came from. */
export interface Token {
  /** Normalised search term (lower case, half-width, simplified). */
  term: string;
  /** Start offset (UTF-16 code units) in the original text. */
  start: number;
  /** End offset, exclusive. `text.slice(start, end)` is the source of `term`. */
  end: number;
}

/** Options of `analyze`. */
export interface AnalyzeOptions {
  /**
   * `index` (default) emits main terms and the sub-terms that let part of a long term find it;
   * `query` emits main terms only.
   */
  mode?: 'index' | 'query';
}

const DEFAULT_OPTIONS: Required<AnalyzeOptions> = { mode: 'index' };

/**
 * Turns `text` into search terms with offsets into `text`. The same function serves indexing
 * and querying (see the module comment for what each mode emits and why they always agree).
 */
export function analyze(text: string, options?: AnalyzeOptions): Token[] {
  const since = performance.now();
  const tokens = analyzeText(normalize(text), (options?.mode ?? DEFAULT_OPTIONS.mode) === 'index');
  recordAnalyze(since);
  return tokens;
}

/**
 * `analyze()` of a text already normalised: `analyzeNormalized(normalize(text), options)` is
 * `analyze(text, options)`. For a build, which holds every paragraph's normalised text anyway.
 */
export function analyzeNormalized(norm: string, options?: AnalyzeOptions): Token[] {
  const since = performance.now();
  const tokens = analyzeText(norm, (options?.mode ?? DEFAULT_OPTIONS.mode) === 'index');
  recordAnalyze(since);
  return tokens;
}

/** Code-unit classes of the run scanner (step 1), on normalised text. */
const OTHER = 0;
const ALNUM = 1;
const HAN = 2;
const HIGH_SURROGATE = 3;

/**
 * The class of each BMP code unit: `[a-z0-9]`, `\p{Script=Han}`, a high surrogate (its code
 * point is looked up), or anything else. Computed once.
 */
let classTable: Uint8Array | undefined;
const HAN_CHAR = /^\p{Script=Han}$/u;
/** Whether each astral code point met so far is Han. */
const astralHan = new Map<number, boolean>();

function classes(): Uint8Array {
  if (classTable !== undefined) return classTable;
  const table = new Uint8Array(0x10000);
  for (let unit = 0; unit < 0x10000; unit++) {
    if ((unit >= 0x61 && unit <= 0x7a) || (unit >= 0x30 && unit <= 0x39)) table[unit] = ALNUM;
    else if (unit >= 0xd800 && unit <= 0xdbff) table[unit] = HIGH_SURROGATE;
    else if (unit < 0xd800 || unit > 0xdfff) table[unit] = HAN_CHAR.test(String.fromCharCode(unit)) ? HAN : OTHER;
  }
  classTable = table;
  return table;
}

/**
 * Whether BMP code unit `unit` is a Han character, from the run scanner's table (a surrogate is
 * not): the whole-word check reads the Han run around an occurrence with it, at a table lookup
 * per character where a regular expression per character cost a tenth of a search.
 */
export function isHanUnit(unit: number): boolean {
  return classes()[unit] === HAN;
}

/** Length (2) of the Han code point starting with the high surrogate at `i`, or 0. */
function astralHanAt(norm: string, i: number): number {
  const code = norm.codePointAt(i) ?? 0;
  if (code <= 0xffff) return 0;
  let han = astralHan.get(code);
  if (han === undefined) {
    han = HAN_CHAR.test(String.fromCodePoint(code));
    astralHan.set(code, han);
  }
  return han ? 2 : 0;
}

/** Whether code unit `c` is `[a-z0-9]`. */
function isAlnum(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39);
}

/**
 * End of the Latin/number run starting at `i` (an `[a-z0-9]`): what
 * `/[a-z0-9]+(?:[.-][a-z0-9]+)*[%‰]?/` matches there, greedily.
 */
function latinRunEnd(norm: string, i: number): number {
  const n = norm.length;
  let at = i + 1;
  for (;;) {
    while (at < n && isAlnum(norm.charCodeAt(at))) at++;
    const c = norm.charCodeAt(at);
    if ((c === 0x2e || c === 0x2d) && at + 1 < n && isAlnum(norm.charCodeAt(at + 1))) {
      at += 2;
      continue;
    }
    break;
  }
  const c = norm.charCodeAt(at);
  return c === 0x25 || c === 0x2030 ? at + 1 : at;
}

/** End of the Han run starting at `i` (a Han character). */
function hanRunEnd(norm: string, i: number, table: Uint8Array): number {
  const n = norm.length;
  let at = i;
  while (at < n) {
    const kind = table[norm.charCodeAt(at)];
    if (kind === HAN) at++;
    else if (kind === HIGH_SURROGATE) {
      const length = astralHanAt(norm, at);
      if (length === 0) break;
      at += length;
    } else break;
  }
  return at;
}

/** A run of step 1: `[start, end)`, Latin/number or Han. */
interface Run {
  start: number;
  end: number;
  latin: boolean;
}

/** The runs of `norm`, in order (step 1). */
function runsOf(norm: string): Run[] {
  const table = classes();
  const runs: Run[] = [];
  const n = norm.length;
  let i = 0;
  while (i < n) {
    const kind = table[norm.charCodeAt(i)];
    if (kind === ALNUM) {
      const end = latinRunEnd(norm, i);
      runs.push({ start: i, end, latin: true });
      i = end;
    } else if (kind === HAN || (kind === HIGH_SURROGATE && astralHanAt(norm, i) > 0)) {
      const end = hanRunEnd(norm, i, table);
      runs.push({ start: i, end, latin: false });
      i = end;
    } else i += kind === HIGH_SURROGATE && i + 1 < n && (norm.charCodeAt(i + 1) & 0xfc00) === 0xdc00 ? 2 : 1;
  }
  return runs;
}

/** Collects tokens over `norm`, dropping stop words. */
class TokenList {
  readonly tokens: Token[] = [];
  readonly #norm: string;

  constructor(norm: string) {
    this.#norm = norm;
  }

  push(start: number, end: number): void {
    const term = this.#norm.slice(start, end);
    if (!isStopWord(term)) this.tokens.push({ term, start, end });
  }
}

function analyzeText(norm: string, withSubTerms: boolean): Token[] {
  const runs = runsOf(norm);
  const hanRuns: string[] = [];
  for (const run of runs) if (!run.latin) hanRuns.push(norm.slice(run.start, run.end));
  // jieba once for the whole text: each run is still cut on its own (see `cutRuns`).
  const words = hanRuns.length === 0 ? [] : cutRuns(hanRuns);
  const list = new TokenList(norm);
  let next = 0;
  let previousEnd = -1;
  let previousIsNumber = false;
  for (const run of runs) {
    const { start, end } = run;
    if (run.latin) {
      list.push(start, end);
      if (withSubTerms) latinSubTerms(norm.slice(start, end), start, list);
      const last = norm.charCodeAt(end - 1);
      previousIsNumber = last >= 0x30 && last <= 0x39;
    } else {
      let at = start;
      while (at < end) {
        const word = words[next++];
        if (word === undefined) break;
        list.push(at, at + word.length);
        if (withSubTerms) {
          for (const span of innerWords(word)) list.push(at + span.start, at + span.end);
          if (at === start && previousIsNumber && previousEnd === start && word.length > 1) {
            list.push(at, at + ((word.codePointAt(0) ?? 0) > 0xffff ? 2 : 1));
          }
        }
        at += word.length;
      }
      if (at !== end) throw new Error(`text: jieba lost characters of "${norm.slice(start, end)}"`);
      previousIsNumber = false;
    }
    previousEnd = end;
  }
  const { tokens } = list;
  if (withSubTerms && !isOrdered(tokens)) dedupeAndSort(tokens);
  return tokens;
}

/** Sub-terms of a Latin/number run (index mode), see step 4 of the module comment. */
function latinSubTerms(run: string, offset: number, list: TokenList): void {
  const last = run.at(-1);
  if (last === '%' || last === '‰') list.push(offset, offset + run.length - 1);
  const body = last === '%' || last === '‰' ? run.slice(0, -1) : run;
  const hyphenParts = body.split('-');
  let at = 0;
  for (const part of hyphenParts) {
    if (hyphenParts.length > 1) list.push(offset + at, offset + at + part.length);
    const pieces = [...part.matchAll(LETTERS_OR_NUMBER)];
    if (pieces.length > 1) {
      for (const piece of pieces) {
        if (piece[0].length >= 2) list.push(offset + at + piece.index, offset + at + piece.index + piece[0].length);
      }
    }
    at += part.length + 1;
  }
}

const LETTERS_OR_NUMBER = /[a-z]+|[0-9]+(?:\.[0-9]+)*/g;

/** Whether the tokens are already by start, longest first, with no span twice (most texts: nothing to sort). */
function isOrdered(tokens: readonly Token[]): boolean {
  for (let i = 1; i < tokens.length; i++) {
    const a = tokens[i - 1];
    const b = tokens[i];
    if (a === undefined || b === undefined) continue;
    if (a.start > b.start || (a.start === b.start && a.end <= b.end)) return false;
  }
  return true;
}

/** Orders by start, longest first, and drops repeats (a sub-term can coincide with another). */
function dedupeAndSort(tokens: Token[]): void {
  tokens.sort((a, b) => a.start - b.start || b.end - a.end);
  let kept = 0;
  for (const token of tokens) {
    const previous = kept > 0 ? tokens[kept - 1] : undefined;
    if (previous?.start === token.start && previous.end === token.end) continue;
    tokens[kept++] = token;
  }
  tokens.length = kept;
}
