import { expect } from 'chai';
import type { QueryNode } from '../../src/query/index.js';
import { formatQuery, parseQuery, QueryError } from '../../src/query/index.js';
import { proximityOperator } from '../../src/query/proximity.js';
import { invariantViolations } from './invariants.js';

const t = (text: string, start: number, end: number): QueryNode & { kind: 'term' } => ({ kind: 'term', text, field: 'any', span: [start, end] });
const p = (text: string, start: number, end: number): QueryNode & { kind: 'phrase' } => ({ kind: 'phrase', text, field: 'any', span: [start, end] });

describe('query/proximity', () => {
  describe('#proximityOperator', () => {
    it('reads /SEN, /NEAR n and the Chinese aliases as whole words only', () => {
      expect(proximityOperator('/SEN')).to.deep.equal({ within: 'sentence' });
      expect(proximityOperator('/sen')).to.deep.equal({ within: 'sentence' });
      expect(proximityOperator('同句')).to.deep.equal({ within: 'sentence' });
      expect(proximityOperator('／同句')).to.deep.equal({ within: 'sentence' });
      expect(proximityOperator('/NEAR')).to.deep.equal({ within: 'chars' });
      expect(proximityOperator('/NEAR10')).to.deep.equal({ within: 'chars', digits: '10' });
      expect(proximityOperator('邻近１５')).to.deep.equal({ within: 'chars', digits: '15' });
      expect(proximityOperator('/邻近')).to.deep.equal({ within: 'chars' });
      for (const word of ['邻近', '同句话', '2023/2024', '/SENT', 'SEN', 'near10']) expect(proximityOperator(word), word).to.equal(undefined);
    });
  });

  describe('#parseQuery', () => {
    const cases: Array<[string, QueryNode, string[]?]> = [
      ['数字经济 /SEN 产业', { kind: 'near', within: 'sentence', operands: [t('数字经济', 0, 4), t('产业', 10, 12)], field: 'any', span: [5, 9] }],
      ['a 同句 b /sen c', { kind: 'near', within: 'sentence', operands: [t('a', 0, 1), t('b', 5, 6), t('c', 12, 13)], field: 'any', span: [2, 4] }],
      ['a /NEAR 10 "b c"', { kind: 'near', within: 10, operands: [t('a', 0, 1), p('b c', 11, 16)], field: 'any', span: [2, 7] }],
      ['a 邻近５ b', { kind: 'near', within: 5, operands: [t('a', 0, 1), t('b', 6, 7)], field: 'any', span: [2, 5] }],
      [
        '(科技 OR 人才) /SEN 创新 -x',
        {
          kind: 'and',
          children: [
            { kind: 'near', within: 'sentence', operands: [{ kind: 'or', children: [t('科技', 1, 3), t('人才', 7, 9)] }, t('创新', 16, 18)], field: 'any', span: [11, 15] },
            { kind: 'not', child: t('x', 20, 21), span: [19, 21] },
          ],
        },
      ],
      ['c -a /SEN b', { kind: 'and', children: [t('c', 0, 1), { kind: 'not', child: { kind: 'near', within: 'sentence', operands: [t('a', 3, 4), t('b', 10, 11)], field: 'any', span: [5, 9] }, span: [2, 11] }] }],
      ['x OR a /SEN b', { kind: 'or', children: [t('x', 0, 1), { kind: 'near', within: 'sentence', operands: [t('a', 5, 6), t('b', 12, 13)], field: 'any', span: [7, 11] }] }],
      ['heading:(a /SEN b)', { kind: 'near', within: 'sentence', operands: [t('a', 9, 10), t('b', 16, 17)], field: 'heading', span: [11, 15] }],
      ['a /SEN', t('a', 0, 1), ['已忽略末尾多余的“/SEN”']],
      ['/SEN a', t('a', 5, 6), ['已忽略开头多余的“/SEN”']],
      ['邻近 10', { kind: 'and', children: [t('邻近', 0, 2), t('10', 3, 5)] }],
    ];
    for (const [query, root, notes] of cases) {
      it(`parses ${JSON.stringify(query)}`, () => {
        const parsed = parseQuery(query);
        expect(parsed.root).to.deep.equal(root);
        expect(parsed.notes).to.deep.equal(notes ?? []);
        expect(invariantViolations(query, parsed)).to.deep.equal([]);
      });
    }

    const errors: Array<[string, string, number, number]> = [
      ['a /NEAR b', '“/NEAR”后面要写距离（字数），例如 /NEAR 10', 2, 5],
      ['a /NEAR 5000 b', '邻近距离“5000”过大：最多 1000 个字', 8, 4],
      ['a /NEAR 5 b /NEAR 5 c', '“/NEAR”（邻近）一次只能连接两项；请分成几组，用空格隔开，例如 甲 /NEAR 5 乙 乙 /NEAR 5 丙', 12, 5],
      ['a /SEN b 邻近3 c', '同句（/SEN）和邻近（/NEAR）不能连用；请分成几组，用空格隔开，例如 甲 /NEAR 5 乙 乙 /NEAR 5 丙', 9, 3],
      ['heading:a /SEN b', '“/SEN”两边不能单独限定标题；要在标题里找，请写成 heading:(甲 /SEN 乙)', 10, 4],
      ['(a b) /SEN c', '“/SEN”两边只能是词语、短语，或用括号括起的 OR 选项，例如 (科技 OR 人才) /SEN 创新', 6, 4],
      ['a /SEN -b', '“/SEN”两边只能是词语、短语，或用括号括起的 OR 选项，例如 (科技 OR 人才) /SEN 创新', 2, 4],
      ['a /SEN level:区', '筛选条件“level:”只能放在查询的最外层，不能放在括号、OR 或排除条件里', 7, 7],
    ];
    for (const [query, detail, position, length] of errors) {
      it(`rejects ${JSON.stringify(query)} at ${String(position)}`, () => {
        expect(() => parseQuery(query)).to.throw(QueryError).that.includes({ detail, position, length });
      });
    }
  });

  describe('#formatQuery', () => {
    const table: Array<[string, string]> = [
      ['a  同句 b', 'a /SEN b'],
      ['(a | b) 邻近0 "c d"', '(a OR b) /NEAR 0 "c d"'],
      ['x -(a /SEN b)', 'x -a /SEN b'],
      ['heading:（a 同句 b）', 'heading:(a /SEN b)'],
    ];
    for (const [query, formatted] of table) {
      it(`prints ${JSON.stringify(query)} as ${JSON.stringify(formatted)}`, () => {
        const { root } = parseQuery(query);
        expect(root && formatQuery(root)).to.equal(formatted);
        expect(formatQuery(parseQuery(formatted).root ?? t('', 0, 0))).to.equal(formatted);
      });
    }
  });
});
