/**
 * The one analyser: text → search terms, the same code for indexing and for querying.
 *
 * Pipeline, on `normalize(text)` (same length as `text`, so every offset is an offset into the
 * original, displayed text):
 *
 * 1. **Runs.** The text is split into Latin/number runs and Han runs; everything else
 *    (punctuation, spaces, symbols such as ①) separates terms and is never a term.
 * 2. **Latin and numbers stay whole.** A run of Latin letters and digits, with `.` or `-` inside
 *    and an optional trailing `%`/`‰`, is one term: `6.2%`, `5.04`, `pm2.5`, `5g`, `eod`, `2023`,
 *    `v-park`. jieba never sees it (it would cut `2023` into `2 0 2 3`). So `6.2%` finds only
 *    6.2%, never a paragraph with a 6 and a 2.
 * 3. **Han runs** are segmented by jieba with the policy dictionary (see `segment.ts`).
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
import { cutWords, innerWords } from './segment.js';
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
 * Latin/number runs and Han runs, on normalised (lower-case, half-width) text. The Latin/number
 * alternative comes first and is greedy, so `pm2.5` and `6.2%` are taken whole.
 */
const RUN = /([a-z0-9]+(?:[.-][a-z0-9]+)*[%‰]?)|(\p{Script=Han}+)/gu;
const ENDS_WITH_DIGIT = /[0-9]$/;
const LETTERS_OR_NUMBER = /[a-z]+|[0-9]+(?:\.[0-9]+)*/g;

/**
 * Turns `text` into search terms with offsets into `text`. The same function serves indexing
 * and querying (see the module comment for what each mode emits and why they always agree).
 */
export function analyze(text: string, options?: AnalyzeOptions): Token[] {
  const since = performance.now();
  const tokens = analyzeText(text, { ...DEFAULT_OPTIONS, ...options });
  recordAnalyze(since);
  return tokens;
}

function analyzeText(text: string, { mode }: Required<AnalyzeOptions>): Token[] {
  const withSubTerms = mode === 'index';
  const norm = normalize(text);
  const tokens: Token[] = [];
  const push = (start: number, end: number): void => {
    const term = norm.slice(start, end);
    if (!isStopWord(term)) tokens.push({ term, start, end });
  };

  let previousEnd = -1;
  let previousIsNumber = false;
  for (const match of norm.matchAll(RUN)) {
    const start = match.index;
    const run = match[0];
    if (match[1] !== undefined) {
      push(start, start + run.length);
      if (withSubTerms) latinSubTerms(run, start, push);
      previousIsNumber = ENDS_WITH_DIGIT.test(run);
    } else {
      let at = start;
      for (const word of cutWords(run)) {
        push(at, at + word.length);
        if (withSubTerms) {
          for (const span of innerWords(word)) push(at + span.start, at + span.end);
          if (at === start && previousIsNumber && previousEnd === start && word.length > 1) {
            const first = String.fromCodePoint(word.codePointAt(0) ?? 0);
            push(at, at + first.length);
          }
        }
        at += word.length;
      }
      if (at !== start + run.length) throw new Error(`text: jieba lost characters of "${run}"`);
      previousIsNumber = false;
    }
    previousEnd = start + run.length;
  }

  if (withSubTerms) dedupeAndSort(tokens);
  return tokens;
}

/** Sub-terms of a Latin/number run (index mode), see step 4 of the module comment. */
function latinSubTerms(run: string, offset: number, push: (start: number, end: number) => void): void {
  const last = run.at(-1);
  if (last === '%' || last === '‰') push(offset, offset + run.length - 1);
  const body = last === '%' || last === '‰' ? run.slice(0, -1) : run;
  const hyphenParts = body.split('-');
  let at = 0;
  for (const part of hyphenParts) {
    if (hyphenParts.length > 1) push(offset + at, offset + at + part.length);
    const pieces = [...part.matchAll(LETTERS_OR_NUMBER)];
    if (pieces.length > 1) {
      for (const piece of pieces) {
        if (piece[0].length >= 2) push(offset + at + piece.index, offset + at + piece.index + piece[0].length);
      }
    }
    at += part.length + 1;
  }
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
