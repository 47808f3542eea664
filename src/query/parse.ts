/**
 * The query language: a query string becomes a boolean tree of terms and phrases plus filters.
 * The full syntax, with examples, is in `SYNTAX.md` (the source of the user help page).
 *
 * Grammar (whitespace, including the full-width space U+3000, separates words):
 *
 * ```text
 * query    := item*                      items are ANDed; filters only here
 * item     := unary (OR unary)*          OR is `OR`, `|` or `｜`; binds tighter than AND
 * unary    := "-" near | near
 * near     := primary (/SEN primary)* | primary /NEAR n primary
 *                                        same sentence or within n characters; binds tightest
 * primary  := "(" query ")" | phrase | "heading:" primary | word | filter
 * phrase   := "…" | “…” | 「…」 | 『…』
 * filter   := level:区|市  doc:qu-01,qu-02  year:2024   (aliases 级别: 文档: 年份:)
 * ```
 *
 * Repairs (with a note in `notes`, never an error): an unclosed quote runs to the end; an
 * empty phrase, empty parentheses, a `-` or `heading:` with nothing after it, a leading,
 * trailing or doubled OR are dropped; unclosed parentheses are closed at the end.
 * Errors ({@link QueryError}, with the position): a stray `)`, an unknown ASCII field name
 * before `:`, an invalid or empty filter value, a filter inside parentheses / OR / an
 * exclusion, an exclusion without a positive sibling (a query of exclusions only, `a OR -b`),
 * a proximity operand that is not a word, a phrase or an OR of them, a `/NEAR` without a
 * distance or chained, `/SEN` and `/NEAR` mixed. A leading or trailing proximity operator is
 * dropped with a note.
 *
 * Filters: a repeated filter adds alternatives (`level:区 level:市` = `level:区|市`), values are
 * de-duplicated in order of appearance, full-width digits and letters count as ASCII, doc ids
 * are lower-cased. Only filters (no words) give `root: null`; so does an empty query.
 *
 * Lexing rules for parentheses, `-` and quotes are in `lexer.ts`. The parser is linear in the
 * input (one pass, no backtracking) and its recursion is bounded by {@link MAX_GROUP_DEPTH}.
 */
import { DOC_ID_MAX_LENGTH, isDocId } from '../ingest/id.js';
import { LEVELS } from '../ingest/types.js';
import type { Field, ParsedQuery, ProximityNode, QueryFilters, QueryNode, Span } from './ast.js';
import { clip, QueryError } from './errors.js';
import { Lexer, trimSeparators, type RawValue, type Token } from './lexer.js';
import { asciiDigits, isDistance, MAX_NEAR_DISTANCE, operatorText } from './proximity.js';

export { MAX_GROUP_DEPTH } from './lexer.js';

/** A filter met while parsing; only allowed at the top level. */
interface FilterItem {
  kind: 'filter';
  token: Token & { kind: 'filter' };
}
type Item = QueryNode | FilterItem;

const isNode = (item: Item): item is QueryNode => item.kind !== 'filter';

const YEAR = /^[0-9]{4}$/;

/** Parses a query string. Throws only {@link QueryError}; never returns an invalid tree. */
export function parseQuery(input: string): ParsedQuery {
  return new Parser(input).parse();
}

class Parser {
  private readonly notes = new Set<string>();
  private readonly lexer: Lexer;
  private readonly filters: QueryFilters = { level: [], doc: [], year: [] };
  /** End offset of the last token consumed, for the spans of exclusions. */
  private lastEnd = 0;

  constructor(private readonly input: string) {
    this.lexer = new Lexer(input, (text) => this.notes.add(text));
  }

  parse(): ParsedQuery {
    const items = this.sequence(false);
    if (this.lexer.openGroups > 0) this.notes.add('已在末尾补上缺少的右括号');
    const children: QueryNode[] = [];
    for (const item of items) {
      if (item.kind === 'filter') this.addFilter(item.token);
      else children.push(item);
    }
    const root = combine('and', children) ?? null;
    if (root) checkExclusions(root, undefined);
    return { source: this.input, root, filters: this.filters, notes: [...this.notes] };
  }

  private take(): Token | undefined {
    const token = this.lexer.take();
    if (token) this.lastEnd = token.span[1];
    return token;
  }

  /** Items up to the end, or (inside a group) up to and including its `)`. */
  private sequence(inGroup: boolean): Item[] {
    const items: Item[] = [];
    for (;;) {
      const token = this.lexer.peek();
      if (token === undefined) break;
      if (token.kind === 'close') {
        this.take();
        break;
      }
      const item = this.orChain();
      if (item === undefined) continue;
      if (inGroup && item.kind === 'filter') throw nestedFilter(item);
      items.push(item);
    }
    return items;
  }

  private orChain(): Item | undefined {
    const operands: Item[] = [];
    let pendingOr: (Token & { kind: 'or' }) | undefined;
    for (;;) {
      const token = this.lexer.peek();
      if (token === undefined || token.kind === 'close') break;
      if (token.kind === 'or') {
        this.take();
        if (operands.length === 0) this.notes.add(`已忽略开头多余的“${token.text}”`);
        else if (pendingOr) this.notes.add(`已忽略重复的“${token.text}”`);
        pendingOr = token;
        continue;
      }
      if (operands.length > 0 && !pendingOr) break;
      // An operand that turns out empty (`()`, `""`) is skipped as if it were not there.
      const orBefore = pendingOr;
      pendingOr = undefined;
      const operand = this.unary();
      if (operand) operands.push(operand);
      else pendingOr = orBefore;
    }
    if (pendingOr) this.notes.add(`已忽略末尾多余的“${pendingOr.text}”`);
    if (operands.length > 1) {
      const filter = operands.find((operand) => operand.kind === 'filter');
      if (filter) throw nestedFilter(filter);
    }
    if (operands.length === 1) return operands[0];
    return combine('or', operands.filter(isNode));
  }

  private unary(): Item | undefined {
    const token = this.lexer.peek();
    if (token?.kind !== 'not') return this.proximity();
    this.take();
    const child = this.proximity();
    if (child === undefined) {
      this.notes.add('已忽略没有跟着词语的“-”');
      return undefined;
    }
    if (child.kind === 'filter') throw nestedFilter(child);
    return { kind: 'not', child, span: [token.span[0], this.lastEnd] };
  }

  /** A primary, or primaries joined by `/SEN` or `/NEAR n`. */
  private proximity(): Item | undefined {
    const first = this.primary();
    let next = this.lexer.peek();
    if (next?.kind !== 'near') return first;
    if (first === undefined) return undefined;
    const operands = [proximityOperand(first, next)];
    let node: ProximityNode | undefined;
    while (next?.kind === 'near') {
      const operator = next;
      this.take();
      const within = this.distance(operator);
      const after = this.lexer.peek();
      if (after === undefined || after.kind === 'close' || after.kind === 'or') {
        this.notes.add(`已忽略末尾多余的“${operator.text}”`);
        break;
      }
      if (node !== undefined && (node.within !== within || within !== 'sentence')) {
        const detail = node.within !== 'sentence' && within !== 'sentence' ? '“/NEAR”（邻近）一次只能连接两项' : '同句（/SEN）和邻近（/NEAR）不能连用';
        throw new QueryError(`${detail}；请分成几组，用空格隔开，例如 甲 /NEAR 5 乙 乙 /NEAR 5 丙`, operator.span[0], operator.span[1] - operator.span[0]);
      }
      if (after.kind === 'not' || after.kind === 'near') throw badOperand(operator);
      const operand = this.primary();
      if (operand === undefined) throw badOperand(operator);
      operands.push(proximityOperand(operand, operator));
      node ??= { kind: 'near', within, operands, field: 'any', span: operator.span };
      next = this.lexer.peek();
    }
    return node ?? first;
  }

  /** The distance of a proximity operator: sentence, attached digits, or the next word. */
  private distance(operator: Token & { kind: 'near' }): 'sentence' | number {
    if (operator.operator.within === 'sentence') return 'sentence';
    let digits = operator.operator.digits;
    let span = operator.span;
    if (digits === undefined) {
      const next = this.lexer.peek();
      if (next?.kind !== 'word' || !isDistance(next.text)) {
        throw new QueryError(`“${operator.text}”后面要写距离（字数），例如 /NEAR 10`, operator.span[0], operator.span[1] - operator.span[0]);
      }
      this.take();
      digits = asciiDigits(next.text);
      span = next.span;
    }
    const distance = Number(digits);
    if (!Number.isSafeInteger(distance) || distance > MAX_NEAR_DISTANCE) {
      throw new QueryError(`邻近距离“${clip(digits)}”过大：最多 ${String(MAX_NEAR_DISTANCE)} 个字`, span[0], span[1] - span[0]);
    }
    return distance;
  }

  /** One operand; consumes at least one token. `undefined` when it turned out empty. */
  private primary(): Item | undefined {
    const token = this.take();
    if (token === undefined) return undefined;
    switch (token.kind) {
      case 'word':
        return { kind: 'term', text: token.text, field: 'any', span: token.span };
      case 'phrase': {
        if (!token.closed) this.notes.add('已在末尾补上缺少的右引号');
        const text = trimSeparators(token.text);
        if (text === '') {
          this.notes.add('已忽略空的引号');
          return undefined;
        }
        return { kind: 'phrase', text, field: 'any', span: token.span };
      }
      case 'open': {
        const items = this.sequence(true);
        const node = combine('and', items.filter(isNode));
        if (node === undefined) this.notes.add('已忽略空的括号');
        return node;
      }
      case 'field': {
        const next = this.lexer.peek();
        const adjacent = next !== undefined && next.span[0] === token.span[1];
        if (!adjacent || (next.kind !== 'word' && next.kind !== 'phrase' && next.kind !== 'open')) {
          this.notes.add(`已忽略没有跟着词语的“${this.input.slice(token.span[0], token.span[1])}”`);
          return undefined;
        }
        const operand = this.primary();
        return operand === undefined || operand.kind === 'filter' ? operand : withField(operand, 'heading');
      }
      case 'filter':
        return { kind: 'filter', token };
      case 'near':
        // Nothing before it to relate (`/SEN 经济`, `a OR /SEN b`).
        this.notes.add(`已忽略开头多余的“${token.text}”`);
        return undefined;
      case 'not':
      case 'or':
      case 'close':
        // The callers never hand these to primary(); reaching here is a parser bug.
        throw new QueryError(`无法解析“${this.input.slice(token.span[0], token.span[1])}”`, token.span[0]);
    }
  }

  private addFilter(token: Token & { kind: 'filter' }): void {
    if (token.valueSpan[0] === token.valueSpan[1]) {
      throw new QueryError(`筛选条件“${token.name}”缺少取值`, token.span[0], token.span[1] - token.span[0]);
    }
    for (const value of token.values) {
      if (value.text === '') {
        // An empty alternative sits next to a separator: before it, or after it when first.
        const at = value.span[0] > token.valueSpan[0] ? value.span[0] - 1 : value.span[1];
        throw new QueryError(`筛选条件“${token.name}”里有多余的分隔符“${this.input.charAt(at)}”`, at);
      }
      const text = toHalfWidth(value.text);
      switch (token.key) {
        case 'level': {
          const level = LEVELS.find((l) => l === text);
          if (level === undefined) throw badValue(value, `级别“${clip(value.text)}”无效，可选：${LEVELS.join('、')}`);
          pushNew(this.filters.level, level);
          break;
        }
        case 'doc': {
          const id = text.toLowerCase();
          const length = Array.from(id).length;
          if (length > DOC_ID_MAX_LENGTH) throw badValue(value, `文档编号“${clip(value.text)}”过长（${String(length)} 个字符），最多 ${String(DOC_ID_MAX_LENGTH)} 个字符`);
          if (!isDocId(id)) throw badValue(value, `文档编号“${clip(value.text)}”无效：只能由小写字母、数字和“-”组成`);
          pushNew(this.filters.doc, id);
          break;
        }
        case 'year':
          if (!YEAR.test(text)) throw badValue(value, `年份“${clip(value.text)}”无效：应为四位数字，如 2024`);
          pushNew(this.filters.year, Number(text));
          break;
      }
    }
  }
}

function badValue(value: RawValue, detail: string): QueryError {
  return new QueryError(detail, value.span[0], value.span[1] - value.span[0]);
}

function nestedFilter(item: FilterItem): QueryError {
  const [start, end] = item.token.span;
  return new QueryError(`筛选条件“${item.token.name}”只能放在查询的最外层，不能放在括号、OR 或排除条件里`, start, end - start);
}

function pushNew<T>(list: T[], value: T): void {
  if (!list.includes(value)) list.push(value);
}

/** Full-width ASCII variants (`２０２４`, `ＱＵ`) to ASCII; one UTF-16 unit each, so offsets hold. */
function toHalfWidth(text: string): string {
  return text.replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}

/** An and/or node over `children`, flattened; one child collapses to it, none to `undefined`. */
function combine(kind: 'and' | 'or', children: QueryNode[]): QueryNode | undefined {
  const flat: QueryNode[] = [];
  for (const child of children) {
    if (child.kind === kind) flat.push(...child.children);
    else flat.push(child);
  }
  if (flat.length <= 1) return flat[0];
  return { kind, children: flat };
}

/** The same tree with every term and phrase restricted to `field`. */
function withField(node: QueryNode, field: Field): QueryNode {
  switch (node.kind) {
    case 'term':
    case 'phrase':
      return { ...node, field };
    case 'and':
    case 'or':
      return { kind: node.kind, children: node.children.map((child) => withField(child, field)) };
    case 'not':
      return { ...node, child: withField(node.child, field) };
    case 'near':
      return { ...node, field };
  }
}

/** An exclusion must sit in an `and` beside at least one positive child. */
function checkExclusions(node: QueryNode, parent: QueryNode | undefined): void {
  if (node.kind === 'term' || node.kind === 'phrase' || node.kind === 'near') return;
  if (node.kind === 'not') {
    if (parent?.kind === 'or') throw new QueryError('排除条件“-”不能作为 OR 的一项', node.span[0]);
    if (parent?.kind === 'not') throw new QueryError('排除条件里不能再直接套排除条件', node.span[0]);
    if (parent?.kind !== 'and') throw onlyExclusions(node.span);
    checkExclusions(node.child, node);
    return;
  }
  if (node.kind === 'and') {
    const first = node.children[0];
    if (first?.kind === 'not' && node.children.every((child) => child.kind === 'not')) throw onlyExclusions(first.span);
  }
  for (const child of node.children) checkExclusions(child, node);
}

/** `item` as an operand of a proximity operator: a text word or phrase, or an OR of them. */
function proximityOperand(item: Item, operator: Token & { kind: 'near' }): ProximityNode['operands'][number] {
  if (item.kind === 'filter') throw nestedFilter(item);
  if ((item.kind === 'term' || item.kind === 'phrase') && item.field === 'any') return item;
  if (item.kind === 'or' && item.children.every((child) => (child.kind === 'term' || child.kind === 'phrase') && child.field === 'any')) return item;
  const inHeading = (node: QueryNode): boolean => (node.kind === 'term' || node.kind === 'phrase') && node.field === 'heading';
  if (inHeading(item) || (item.kind === 'or' && item.children.some(inHeading))) {
    throw new QueryError(`“${operator.text}”两边不能单独限定标题；要在标题里找，请写成 heading:(甲 ${operatorText('sentence')} 乙)`, operator.span[0], operator.span[1] - operator.span[0]);
  }
  throw badOperand(operator);
}

function badOperand(operator: Token & { kind: 'near' }): QueryError {
  return new QueryError(`“${operator.text}”两边只能是词语、短语，或用括号括起的 OR 选项，例如 (科技 OR 人才) /SEN 创新`, operator.span[0], operator.span[1] - operator.span[0]);
}

function onlyExclusions(span: Span): QueryError {
  return new QueryError('不能只有排除条件：“-”需要和至少一个要查找的词并列，例如“营商环境 -疫情”', span[0]);
}
