import { expect } from 'chai';
import type { Field, ParsedQuery, QueryFilters, QueryNode } from '../../src/query/index.js';
import { describeQuery, formatQuery, parseQuery, QueryError } from '../../src/query/index.js';
import { invariantViolations } from './invariants.js';

const t = (text: string, start: number, end: number, field: Field = 'any'): QueryNode => ({ kind: 'term', text, field, span: [start, end] });
const p = (text: string, start: number, end: number, field: Field = 'any'): QueryNode => ({ kind: 'phrase', text, field, span: [start, end] });
const and = (...children: QueryNode[]): QueryNode => ({ kind: 'and', children });
const or = (...children: QueryNode[]): QueryNode => ({ kind: 'or', children });
const not = (child: QueryNode, start: number, end: number): QueryNode => ({ kind: 'not', child, span: [start, end] });
const noFilters = (): QueryFilters => ({ level: [], doc: [], year: [] });

interface Case {
  query: string;
  root: QueryNode | null;
  filters?: Partial<QueryFilters>;
  notes?: string[];
}

const CASES: Case[] = [
  // words, AND, whitespace
  { query: '营商环境', root: t('营商环境', 0, 4) },
  { query: '营商环境 -疫情', root: and(t('营商环境', 0, 4), not(t('疫情', 6, 8), 5, 8)) },
  { query: '高质量发展　乡村振兴', root: and(t('高质量发展', 0, 5), t('乡村振兴', 6, 10)) },
  { query: ' \t营商环境\n', root: t('营商环境', 2, 6) },
  { query: 'a\u0000b\u200bc', root: and(t('a', 0, 1), t('b\u200bc', 2, 5)) },
  // A zero-width character inside a word joins (it is not seen); at a word's edge it separates.
  { query: '高质\u200b量发展 营商\u2060环境\u200b', root: and(t('高质\u200b量发展', 0, 6), t('营商\u2060环境', 7, 12)) },
  { query: '😀 经济', root: and(t('😀', 0, 2), t('经济', 3, 5)) },
  { query: '', root: null },
  { query: '  　 ', root: null },
  // OR
  { query: '"新质生产力" OR 低空经济', root: or(p('新质生产力', 0, 7), t('低空经济', 11, 15)) },
  { query: 'a b OR c', root: and(t('a', 0, 1), or(t('b', 2, 3), t('c', 7, 8))) },
  { query: 'a OR b OR c', root: or(t('a', 0, 1), t('b', 5, 6), t('c', 10, 11)) },
  { query: '科技|人才', root: or(t('科技', 0, 2), t('人才', 3, 5)) },
  { query: '科技 ｜ 人才 教育', root: and(or(t('科技', 0, 2), t('人才', 5, 7)), t('教育', 8, 10)) },
  { query: 'or Or', root: and(t('or', 0, 2), t('Or', 3, 5)) },
  { query: '"OR"', root: p('OR', 0, 4) },
  // parentheses
  { query: '(a OR b) c', root: and(or(t('a', 1, 2), t('b', 6, 7)), t('c', 9, 10)) },
  { query: '（营商环境 OR 人才）', root: or(t('营商环境', 1, 5), t('人才', 9, 11)) },
  { query: '(a (b c))', root: and(t('a', 1, 2), t('b', 4, 5), t('c', 6, 7)) },
  { query: '((a))', root: t('a', 2, 3) },
  { query: '(a OR b) OR c', root: or(t('a', 1, 2), t('b', 6, 7), t('c', 12, 13)) },
  { query: '(a)OR(b c)', root: or(t('a', 1, 2), and(t('b', 6, 7), t('c', 8, 9))) },
  { query: '国内生产总值（GDP）', root: t('国内生产总值（GDP）', 0, 11) },
  { query: 'GDP(亿元) 增长', root: and(t('GDP(亿元)', 0, 7), t('增长', 8, 10)) },
  { query: '(一)加强', root: and(t('一', 1, 2), t('加强', 3, 5)) },
  { query: '一）加强', root: t('一）加强', 0, 4) },
  { query: '(国内生产总值（GDP） OR 增加值)', root: or(t('国内生产总值（GDP）', 1, 12), t('增加值', 16, 19)) },
  // exclusion
  { query: '-"疫情防控" 经济', root: and(not(p('疫情防控', 1, 7), 0, 7), t('经济', 8, 10)) },
  { query: '经济 -(疫情 OR 防控)', root: and(t('经济', 0, 2), not(or(t('疫情', 5, 7), t('防控', 11, 13)), 3, 14)) },
  { query: 'x -(a -b)', root: and(t('x', 0, 1), not(and(t('a', 4, 5), not(t('b', 7, 8), 6, 8)), 2, 9)) },
  { query: '-a b', root: and(not(t('a', 1, 2), 0, 2), t('b', 3, 4)) },
  { query: 'x (-a -b)', root: and(t('x', 0, 1), not(t('a', 4, 5), 3, 5), not(t('b', 7, 8), 6, 8)) },
  { query: 'V-PARK', root: t('V-PARK', 0, 6) },
  { query: '2023-2024 a-', root: and(t('2023-2024', 0, 9), t('a-', 10, 12)) },
  { query: '经济 -OR', root: and(t('经济', 0, 2), not(t('OR', 4, 6), 3, 6)) },
  // phrases
  { query: '“新质生产力”', root: p('新质生产力', 0, 7) },
  { query: '「低空经济」 『四群八链』', root: and(p('低空经济', 0, 6), p('四群八链', 7, 13)) },
  { query: 'a "b c" d', root: and(t('a', 0, 1), p('b c', 2, 7), t('d', 8, 9)) },
  { query: 'a"b"', root: and(t('a', 0, 1), p('b', 1, 4)) },
  { query: '" 营商环境 "', root: p('营商环境', 0, 8) },
  { query: '"a OR (b" c', root: and(p('a OR (b', 0, 9), t('c', 10, 11)) },
  { query: '“高质量发展"', root: p('高质量发展', 0, 7) },
  // fields
  { query: 'heading:科技创新 level:区|县', root: t('科技创新', 8, 12, 'heading'), filters: { level: ['区', '县'] } },
  { query: 'heading:"科技创新" 人才', root: and(p('科技创新', 8, 14, 'heading'), t('人才', 15, 17)) },
  { query: '标题：科技创新', root: t('科技创新', 3, 7, 'heading') },
  { query: 'HEADING:x', root: t('x', 8, 9, 'heading') },
  { query: 'heading:(a OR b)', root: or(t('a', 9, 10, 'heading'), t('b', 14, 15, 'heading')) },
  { query: 'a -heading:b', root: and(t('a', 0, 1), not(t('b', 11, 12, 'heading'), 2, 12)) },
  { query: 'heading:-x', root: t('-x', 8, 10, 'heading') },
  { query: '目标：2024', root: t('目标：2024', 0, 7) },
  { query: '__proto__:x 12:30', root: and(t('__proto__:x', 0, 11), t('12:30', 12, 17)) },
  // filters
  { query: '四群八链 doc:qu-01 year:2024', root: t('四群八链', 0, 4), filters: { doc: ['qu-01'], year: [2024] } },
  {
    query: '级别:区 文档:qu-01 年份：2024 经济',
    root: t('经济', 22, 24),
    filters: { level: ['区'], doc: ['qu-01'], year: [2024] },
  },
  { query: 'level:区,市 LEVEL:市，镇', root: null, filters: { level: ['区', '市', '镇'] } },
  { query: 'doc:QU-01｜qu-02', root: null, filters: { doc: ['qu-01', 'qu-02'] } },
  { query: 'year:２０２４ 经济', root: t('经济', 10, 12), filters: { year: [2024] } },
  // repairs
  { query: '"营商环境', root: p('营商环境', 0, 5), notes: ['已在末尾补上缺少的右引号'] },
  { query: '"" 人才', root: t('人才', 3, 5), notes: ['已忽略空的引号'] },
  { query: '"\u0001\u200b　" 人才 「 』 」', root: and(t('人才', 6, 8), p('』', 9, 14)), notes: ['已忽略空的引号'] },
  { query: 'a -', root: t('a', 0, 1), notes: ['已忽略没有跟着词语的“-”'] },
  { query: '-', root: null, notes: ['已忽略没有跟着词语的“-”'] },
  { query: '--a b', root: and(not(t('a', 2, 3), 1, 3), t('b', 4, 5)), notes: ['已忽略没有跟着词语的“-”'] },
  { query: 'a OR', root: t('a', 0, 1), notes: ['已忽略末尾多余的“OR”'] },
  { query: '| a', root: t('a', 2, 3), notes: ['已忽略开头多余的“|”'] },
  { query: 'a OR OR b', root: or(t('a', 0, 1), t('b', 8, 9)), notes: ['已忽略重复的“OR”'] },
  { query: '() a', root: t('a', 3, 4), notes: ['已忽略空的括号'] },
  { query: 'a OR () b', root: or(t('a', 0, 1), t('b', 8, 9)), notes: ['已忽略空的括号'] },
  { query: '-() a', root: t('a', 4, 5), notes: ['已忽略空的括号', '已忽略没有跟着词语的“-”'] },
  { query: '(a b', root: and(t('a', 1, 2), t('b', 3, 4)), notes: ['已在末尾补上缺少的右括号'] },
  { query: '（（a', root: t('a', 2, 3), notes: ['已在末尾补上缺少的右括号'] },
  { query: 'a ”b」', root: and(t('a', 0, 1), t('b', 3, 4)), notes: ['已忽略多余的右引号“””', '已忽略多余的右引号“」”'] },
  { query: 'heading: a', root: t('a', 9, 10), notes: ['已忽略没有跟着词语的“heading:”'] },
  { query: '- - -', root: null, notes: ['已忽略没有跟着词语的“-”'] },
];

interface ErrorCase {
  query: string;
  detail: string;
  position: number;
  length: number;
}

const UNKNOWN = '可用的字段有 heading（标题）、level（级别）、doc（文档）、year（年份）';
const ONLY_NOT = '不能只有排除条件：“-”需要和至少一个要查找的词并列，例如“营商环境 -疫情”';
const NESTED = (name: string): string => `筛选条件“${name}”只能放在查询的最外层，不能放在括号、OR 或排除条件里`;

const ERRORS: ErrorCase[] = [
  { query: 'a)', detail: '多余的右括号“)”', position: 1, length: 1 },
  { query: '(a)) b', detail: '多余的右括号“)”', position: 3, length: 1 },
  { query: 'a ）', detail: '多余的右括号“）”', position: 2, length: 1 },
  { query: 'title:x', detail: `未知的字段“title”，${UNKNOWN}`, position: 0, length: 6 },
  { query: 'constructor:x', detail: `未知的字段“constructor”，${UNKNOWN}`, position: 0, length: 12 },
  { query: '经济 Foo:bar', detail: `未知的字段“Foo”，${UNKNOWN}`, position: 3, length: 4 },
  { query: 'level:州', detail: '级别“州”无效，可选：省、市、区、县、镇', position: 6, length: 1 },
  { query: 'level:区|地级市', detail: '级别“地级市”无效，可选：省、市、区、县、镇', position: 8, length: 3 },
  { query: '经济 level:', detail: '筛选条件“level:”缺少取值', position: 3, length: 6 },
  { query: 'level:区|', detail: '筛选条件“level:”里有多余的分隔符“|”', position: 7, length: 1 },
  { query: 'year:,2024', detail: '筛选条件“year:”里有多余的分隔符“,”', position: 5, length: 1 },
  { query: 'doc:qu_01', detail: '文档编号“qu_01”无效：只能由小写字母、数字和“-”组成', position: 4, length: 5 },
  { query: 'year:24', detail: '年份“24”无效：应为四位数字，如 2024', position: 5, length: 2 },
  { query: 'year:2024,abcd', detail: '年份“abcd”无效：应为四位数字，如 2024', position: 10, length: 4 },
  { query: 'a (level:区)', detail: NESTED('level:'), position: 3, length: 7 },
  { query: 'a OR 年份:2024', detail: NESTED('年份:'), position: 5, length: 7 },
  { query: 'a -doc:qu-01', detail: NESTED('doc:'), position: 3, length: 9 },
  { query: 'heading:(level:区)', detail: NESTED('level:'), position: 9, length: 7 },
  { query: '-疫情', detail: ONLY_NOT, position: 0, length: 1 },
  { query: '-a -"b"', detail: ONLY_NOT, position: 0, length: 1 },
  { query: 'level:区 -疫情', detail: ONLY_NOT, position: 8, length: 1 },
  { query: 'x (-a -b) OR c', detail: ONLY_NOT, position: 3, length: 1 },
  { query: 'a OR -b', detail: '排除条件“-”不能作为 OR 的一项', position: 5, length: 1 },
  { query: '-(-a) x', detail: '排除条件里不能再直接套排除条件', position: 2, length: 1 },
  { query: `${'abcdefghij'.repeat(3)}:x`, detail: `未知的字段“abcdefghijabcdefghij…”，${UNKNOWN}`, position: 0, length: 31 },
  { query: `year:a${'😀'.repeat(12)}`, detail: `年份“a${'😀'.repeat(9)}…”无效：应为四位数字，如 2024`, position: 5, length: 25 },
  { query: `${'('.repeat(33)}a`, detail: '括号嵌套过深（最多 32 层）', position: 32, length: 1 },
];

function expected(c: Case): ParsedQuery {
  return { source: c.query, root: c.root, filters: { ...noFilters(), ...c.filters }, notes: c.notes ?? [] };
}

describe('query', () => {
  describe('#parseQuery', () => {
    for (const c of CASES) {
      it(`parses ${JSON.stringify(c.query)}`, () => {
        const parsed = parseQuery(c.query);
        expect(parsed).to.deep.equal(expected(c));
        expect(invariantViolations(c.query, parsed)).to.deep.equal([]);
      });
    }

    for (const c of ERRORS) {
      it(`rejects ${JSON.stringify(c.query)} at ${String(c.position)}`, () => {
        expect(() => parseQuery(c.query))
          .to.throw(QueryError)
          .that.is.an.instanceOf(Error)
          .and.includes({
            name: 'QueryError',
            detail: c.detail,
            position: c.position,
            length: c.length,
            message: `query: ${c.detail}（位置 ${String(c.position + 1)}）`,
          });
      });
    }
  });

  describe('#formatQuery', () => {
    const table: [string, string][] = [
      ['营商环境 -疫情', '营商环境 -疫情'],
      ['a  (b c)  ｜ d', 'a (b c) OR d'],
      ['-(a OR b) x', '-(a OR b) x'],
      ['x -(a b)', 'x -(a b)'],
      ['heading:(a b)', 'heading:a heading:b'],
      ['“新质生产力”', '"新质生产力"'],
      ['「他说"好"」', '「他说"好"」'],
      ['heading:"低空 经济"', 'heading:"低空 经济"'],
      // A last word holding an open parenthesis must not take the group's.
      ['* --( x -heading:🌀(', '* -(x -heading:🌀( )'],
    ];
    for (const [query, formatted] of table) {
      it(`prints ${JSON.stringify(query)} as ${JSON.stringify(formatted)}`, () => {
        const { root } = parseQuery(query);
        expect(root && formatQuery(root)).to.equal(formatted);
      });
    }
    it('reads a group whose last word holds an open parenthesis back as the same tree', () => {
      const { root } = parseQuery('a /SEN (b OR c（');
      const again = parseQuery(root === null ? '' : formatQuery(root)).root;
      expect(JSON.stringify(again, (key, value: unknown) => (key === 'span' ? undefined : value))).to.equal(JSON.stringify(root, (key, value: unknown) => (key === 'span' ? undefined : value)));
    });
  });

  describe('#describeQuery', () => {
    it('prints the tree then the filters', () => {
      expect(describeQuery(parseQuery('年份:2024 heading:科技创新 级别：区，县 doc:QU-01'))).to.equal('heading:科技创新 level:区|县 doc:qu-01 year:2024');
    });
    it('prints nothing for an empty query', () => {
      expect(describeQuery(parseQuery('  '))).to.equal('');
    });
  });
});
