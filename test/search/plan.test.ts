import { expect } from 'chai';
import type { QueryNode } from '../../src/query/index.js';
import { parseQuery } from '../../src/query/index.js';
import { compile, positiveLeaves } from '../../src/search/plan.js';

const term = (text: string): QueryNode => ({ kind: 'term', text, field: 'any', span: [0, text.length] });

describe('search/plan', () => {
  describe('#compile', () => {
    it('analyses a word into terms and keeps the word whole for ranking', () => {
      expect(compile(term('营商环境优化'))).to.deep.include({ kind: 'leaf', source: 'term', field: 'any', run: '营商环境优化' });
    });
    it('normalises a phrase the way the corpus is normalised', () => {
      const root = parseQuery('"ＰＭ２．５ 年均浓度"').root;
      expect(root === null ? null : compile(root)).to.deep.include({ source: 'phrase', needles: ['pm2.5年均浓度'] });
    });
    it('drops words with nothing to search for, and a tree left empty', () => {
      expect(compile(term(''))).to.equal(null);
      expect(compile({ kind: 'and', children: [term('营商'), term('')] })).to.deep.include({ kind: 'leaf', needles: ['营商'] });
      expect(compile({ kind: 'or', children: [term(''), term('')] })).to.equal(null);
      expect(compile({ kind: 'and', children: [term(''), { kind: 'not', child: term('营商'), span: [0, 3] }] })).to.equal(null);
    });
  });
  describe('#positiveLeaves', () => {
    it('lists the leaves outside exclusions, in query order', () => {
      const root = parseQuery('营商 (科技 OR "人才") -疫情').root;
      const plan = root === null ? null : compile(root);
      expect(plan === null ? [] : positiveLeaves(plan).map((leaf) => leaf.needles.join('+'))).to.deep.equal(['营商', '科技', '人才']);
    });
  });
});
