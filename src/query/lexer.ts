/**
 * The query lexer: turns the query string into tokens, one at a time, so that errors surface
 * in reading order. Which characters are operators depends on where they stand:
 *
 * - `(` `（` open a group only at the start of a token; inside a word they are text and the
 *   matching `)` `）` is text too (`国内生产总值（GDP）`). A closing parenthesis that is not
 *   text closes the innermost open group; when none is open, an ASCII `)` is an error, a
 *   full-width `）` inside a word is text (`一）`) and one at the start of a token is an error.
 * - `-` excludes only at the start of a token and directly followed by something to exclude;
 *   elsewhere (`V-PARK`, `2023-2024`) it is text; a `-` with nothing after it is dropped.
 * - `"` `＂` `“` `「` `『` start a phrase anywhere; nothing inside a phrase is an operator.
 * - `|` `｜` are always OR; the word `OR` (or full-width `ＯＲ`, as a Chinese input method types
 *   it) is OR only as a whole word in upper case.
 * - `/SEN`, `/NEAR n` and their aliases are operators only as whole words (`proximity.ts`).
 */
import type { Span } from './ast.js';
import { clip, QueryError } from './errors.js';
import { proximityOperator, type ProximityOperator } from './proximity.js';

/** The words that are the OR operator: `OR`, and `ＯＲ` as full-width input gives it. */
const OR_WORDS: ReadonlySet<string> = new Set(['OR', 'ＯＲ']);

/** Deepest nesting of parentheses accepted; bounds the parser's recursion on hostile input. */
export const MAX_GROUP_DEPTH = 32;

/** A filter name as written in queries, after aliases are resolved. */
export type FilterKey = 'level' | 'doc' | 'year';

/** One alternative of a filter value as typed (`区` in `level:区|市`). */
export interface RawValue {
  text: string;
  span: Span;
}

export type Token =
  | { kind: 'open'; span: Span }
  | { kind: 'close'; span: Span }
  | { kind: 'or'; text: string; span: Span }
  | { kind: 'not'; span: Span }
  | { kind: 'word'; text: string; span: Span }
  | { kind: 'near'; operator: ProximityOperator; text: string; span: Span }
  | { kind: 'phrase'; text: string; span: Span; closed: boolean }
  | { kind: 'field'; span: Span }
  | { kind: 'filter'; key: FilterKey; name: string; values: RawValue[]; valueSpan: Span; span: Span };

/**
 * Field names accepted before `:` or `：`, ASCII ones matched case-insensitively. A Map, not an
 * object literal, so that `constructor:` or `__proto__:` are unknown fields rather than prototype hits.
 */
const FIELD_NAMES: ReadonlyMap<string, 'heading' | FilterKey> = new Map([
  ['heading', 'heading'],
  ['标题', 'heading'],
  ['level', 'level'],
  ['级别', 'level'],
  ['doc', 'doc'],
  ['文档', 'doc'],
  ['year', 'year'],
  ['年份', 'year'],
]);
const CHINESE_FIELD_NAMES = ['标题', '级别', '文档', '年份'] as const;

/** The list of known fields, for the unknown-field error. */
export const KNOWN_FIELDS_TEXT = 'heading（标题）、level（级别）、doc（文档）、year（年份）';

/** Which characters close a phrase opened by a given quote. */
const PHRASE_CLOSERS: ReadonlyMap<string, string> = new Map([
  ['"', '"”＂'],
  ['＂', '"”＂'],
  ['“', '”"＂'],
  ['「', '」'],
  ['『', '』'],
]);
/** Closing quotes met outside a phrase: dropped with a note. */
const STRAY_CLOSERS = '”」』';

/** Whitespace (ASCII, full-width, other Unicode spaces, zero-width space) and control characters separate words. */
export function isSeparator(c: string): boolean {
  const code = c.charCodeAt(0);
  return (
    code <= 0x20 ||
    (code >= 0x7f && code <= 0xa0) ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200b) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}
/** Zero-width space, non-joiner, joiner, word joiner, zero-width no-break space (BOM), soft hyphen (`dropZeroWidth` in `src/text` drops them from a word). */
const isZeroWidth = (c: string): boolean => c === '\u200b' || c === '\u200c' || c === '\u200d' || c === '\u2060' || c === '\ufeff' || c === '\u00ad';

/** `text` without leading and trailing separators (see {@link isSeparator}). */
export function trimSeparators(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && isSeparator(text.charAt(start))) start++;
  while (end > start && isSeparator(text.charAt(end - 1))) end--;
  return text.slice(start, end);
}

const isBar = (c: string): boolean => c === '|' || c === '｜';
const isOpen = (c: string): boolean => c === '(' || c === '（';
const isClose = (c: string): boolean => c === ')' || c === '）';
const isQuote = (c: string): boolean => PHRASE_CLOSERS.has(c);
const isStrayCloser = (c: string): boolean => STRAY_CLOSERS.includes(c);
const isAsciiLetter = (c: string): boolean => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
const isAsciiNameChar = (c: string): boolean => isAsciiLetter(c) || (c >= '0' && c <= '9') || c === '_';
const isColon = (c: string | undefined): boolean => c === ':' || c === '：';

/** Can an exclusion's operand start with this character? */
function startsOperand(c: string | undefined): boolean {
  return c !== undefined && !isSeparator(c) && !isBar(c) && c !== '-' && !isClose(c) && !isStrayCloser(c);
}

/** Where the lexer stands: anywhere, right after `-`, or right after `heading:`. */
type Mode = 'free' | 'afterNot' | 'afterField';

export class Lexer {
  private pos = 0;
  private depth = 0;
  private mode: Mode = 'free';
  private ahead: Token | undefined;
  private aheadRead = false;

  constructor(
    private readonly input: string,
    private readonly note: (text: string) => void,
  ) {}

  /** The next token without consuming it; `undefined` at the end. */
  peek(): Token | undefined {
    if (!this.aheadRead) {
      this.ahead = this.read();
      this.aheadRead = true;
    }
    return this.ahead;
  }

  /** Consumes and returns the next token. */
  take(): Token | undefined {
    const token = this.peek();
    this.aheadRead = false;
    this.ahead = undefined;
    return token;
  }

  /** Groups still open at the end of the input. */
  get openGroups(): number {
    return this.depth;
  }

  private read(): Token | undefined {
    const input = this.input;
    for (;;) {
      const start = this.pos;
      const c = input[start];
      if (c === undefined) return undefined;
      if (isSeparator(c)) {
        this.pos++;
        this.mode = 'free';
        continue;
      }
      const mode = this.mode;
      this.mode = 'free';
      if (isBar(c)) {
        this.pos++;
        return { kind: 'or', text: c, span: [start, start + 1] };
      }
      if (isClose(c)) {
        if (this.depth === 0) throw new QueryError(`多余的右括号“${c}”`, start);
        this.depth--;
        this.pos++;
        return { kind: 'close', span: [start, start + 1] };
      }
      if (isOpen(c)) {
        if (this.depth >= MAX_GROUP_DEPTH) {
          throw new QueryError(`括号嵌套过深（最多 ${String(MAX_GROUP_DEPTH)} 层）`, start);
        }
        this.depth++;
        this.pos++;
        return { kind: 'open', span: [start, start + 1] };
      }
      if (isQuote(c)) return this.readPhrase(c);
      if (isStrayCloser(c)) {
        this.note(`已忽略多余的右引号“${c}”`);
        this.pos++;
        continue;
      }
      if (c === '-' && mode !== 'afterField') {
        this.pos++;
        if (startsOperand(input[this.pos])) {
          this.mode = 'afterNot';
          return { kind: 'not', span: [start, start + 1] };
        }
        this.note('已忽略没有跟着词语的“-”');
        continue;
      }
      if (mode === 'free' && OR_WORDS.has(input.slice(start, start + 2)) && isOpen(input.charAt(start + 2))) {
        // `OR(…)`: the operator touching a group, not a word with a parenthesis inside.
        this.pos += 2;
        return { kind: 'or', text: input.slice(start, start + 2), span: [start, start + 2] };
      }
      if (mode !== 'afterField') {
        const field = this.readField();
        if (field) return field;
      }
      const word = this.readWord();
      if (mode === 'free' && OR_WORDS.has(word.text)) return { kind: 'or', text: word.text, span: word.span };
      const operator = mode === 'free' ? proximityOperator(word.text) : undefined;
      if (operator !== undefined) return { kind: 'near', operator, text: word.text, span: word.span };
      return word;
    }
  }

  private readPhrase(open: string): Token {
    const closers = PHRASE_CLOSERS.get(open) ?? open;
    const start = this.pos;
    const input = this.input;
    for (let i = start + 1; i < input.length; i++) {
      if (closers.includes(input.charAt(i))) {
        this.pos = i + 1;
        return { kind: 'phrase', text: input.slice(start + 1, i), span: [start, i + 1], closed: true };
      }
    }
    this.pos = input.length;
    return { kind: 'phrase', text: input.slice(start + 1), span: [start, input.length], closed: false };
  }

  /** A `name:` prefix at the current position: `heading:` or a filter; unknown ASCII names with `:` are errors. */
  private readField(): Token | undefined {
    const input = this.input;
    const start = this.pos;
    let end = start;
    if (isAsciiLetter(input.charAt(start))) {
      while (end < input.length && isAsciiNameChar(input.charAt(end))) end++;
    } else {
      const alias = CHINESE_FIELD_NAMES.find((name) => input.startsWith(name, start));
      if (alias === undefined) return undefined;
      end = start + alias.length;
    }
    const colon = input[end];
    if (!isColon(colon)) return undefined;
    const name = input.slice(start, end);
    const field = FIELD_NAMES.get(name.toLowerCase());
    if (field === undefined) {
      if (colon === ':') {
        throw new QueryError(`未知的字段“${clip(name)}”，可用的字段有 ${KNOWN_FIELDS_TEXT}`, start, end + 1 - start);
      }
      return undefined;
    }
    this.pos = end + 1;
    if (field === 'heading') {
      this.mode = 'afterField';
      return { kind: 'field', span: [start, end + 1] };
    }
    return this.readFilterValue(field, input.slice(start, end + 1), start);
  }

  private readFilterValue(key: FilterKey, name: string, start: number): Token {
    const input = this.input;
    const valueStart = this.pos;
    const values: RawValue[] = [];
    let altStart = valueStart;
    let i = valueStart;
    for (; i <= input.length; i++) {
      const c = input.charAt(i);
      const atEnd = i === input.length || isSeparator(c) || isOpen(c) || isClose(c) || isQuote(c) || isStrayCloser(c);
      if (atEnd || isBar(c) || c === ',' || c === '，') {
        values.push({ text: input.slice(altStart, i), span: [altStart, i] });
        altStart = i + 1;
      }
      if (atEnd) break;
    }
    this.pos = i;
    return { kind: 'filter', key, name, values, valueSpan: [valueStart, i], span: [start, i] };
  }

  private readWord(): Token & { kind: 'word' } {
    const input = this.input;
    const start = this.pos;
    let local = 0;
    let i = start;
    for (; i < input.length; i++) {
      const c = input.charAt(i);
      if (isSeparator(c) || isBar(c) || isQuote(c) || isStrayCloser(c)) {
        // A zero-width character is not seen: between two characters of a word it joins them
        // (`高质\u200b量发展` is `高质量发展`, as pasted from a web page); elsewhere it separates.
        if (isZeroWidth(c) && continuesWord(input, i)) continue;
        break;
      }
      if (isOpen(c)) {
        local++;
      } else if (isClose(c)) {
        if (local > 0) local--;
        else if (this.depth > 0) break;
        else if (c === ')') {
          this.pos = i;
          throw new QueryError('多余的右括号“)”', i);
        }
      }
    }
    this.pos = i;
    return { kind: 'word', text: input.slice(start, i), span: [start, i] };
  }
}

/** Whether the zero-width characters from `at` are followed by a character that goes on a word. */
function continuesWord(input: string, at: number): boolean {
  let j = at;
  while (j < input.length && isZeroWidth(input.charAt(j))) j++;
  const next = input.charAt(j);
  return next !== '' && !isSeparator(next) && !isBar(next) && !isQuote(next) && !isStrayCloser(next);
}
