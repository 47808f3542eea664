import { expect } from 'chai';
import { indexOfWord, needsBounds } from '../../src/search/bounds.js';
import { occurrences } from '../../src/search/highlight.js';

describe('search/bounds', () => {
  describe('#needsBounds', () => {
    it('is true for a needle with a Latin or digit edge only', () => {
      expect(['6.2%', '2023', 'pm2.5', 'eod', '5g', '增长6.2', '营商环境', '%', '“两新”'].map(needsBounds)).to.deep.equal([true, true, true, true, true, true, false, false, false]);
    });
  });

  describe('#indexOfWord', () => {
    const cases: [string, string, number][] = [
      ['增长46.2%，增长6.2%', '6.2%', 10],
      ['增长46.2%', '6.2%', -1],
      ['达到12023人', '2023', -1],
      ['2023年', '2023', 0],
      ['增长6.25%', '6.2', -1],
      ['第6.2条', '6', -1],
      ['geode与eod项目', 'eod', 6],
      ['pm2.5年均浓度', 'pm', 0],
      ['pm2.5年均浓度', '2.5', 2],
      ['5g全连接工厂', '5g', 0],
      ['高质量发展', '发展', 3],
    ];
    for (const [norm, needle, at] of cases) {
      it(`finds "${needle}" in "${norm}" at ${String(at)}`, () => {
        expect(indexOfWord(norm, needle)).to.equal(at);
      });
    }
  });

  describe('#occurrences', () => {
    it('bounds only the needles given as words', () => {
      const norm = '增长46.2%，增长6.2%';
      expect(occurrences(norm, ['6.2%'], new Set(['6.2%']))).to.deep.equal([[10, 14]]);
      expect(occurrences(norm, ['6.2%'])).to.deep.equal([[3, 7], [10, 14]]);
    });
  });
});
