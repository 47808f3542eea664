import { expect } from 'chai';
import { highlight, mergeRanges } from '../../src/search/highlight.js';
import { snippet } from '../../src/search/snippet.js';
import type { Range } from '../../src/search/types.js';

describe('search/highlight', () => {
  describe('#highlight', () => {
    it('marks every non-overlapping occurrence, merged and sorted', () => {
      expect(highlight('营商环境优化营商', ['营商', '环境'])).to.deep.equal([
        [0, 4],
        [6, 8],
      ]);
      expect(highlight('aaaa', ['aa'])).to.deep.equal([[0, 4]]);
      expect(highlight('数字经济', ['数字经济', '经济'])).to.deep.equal([[0, 4]]);
      expect(highlight('数字经济', [])).to.deep.equal([]);
    });
  });
  describe('#mergeRanges', () => {
    it('joins touching ranges only when asked', () => {
      const ranges = (): Range[] => [
        [4, 6],
        [0, 2],
        [2, 4],
        [5, 7],
      ];
      expect(mergeRanges(ranges())).to.deep.equal([[0, 7]]);
      expect(mergeRanges(ranges(), false)).to.deep.equal([
        [0, 2],
        [2, 4],
        [4, 7],
      ]);
    });
  });
});

describe('search/snippet', () => {
  const long = `${'甲'.repeat(200)}营商环境${'乙'.repeat(10)}优化${'丙'.repeat(200)}`;
  describe('#snippet', () => {
    it('shows a short paragraph whole', () => {
      expect(snippet('营商环境优化提升。', [[0, 4]])).to.deep.equal({ text: '营商环境优化提升。', highlights: [[0, 4]] });
    });
    it('centres a 120-character window on the matches, with ellipses and re-based highlights', () => {
      const result = snippet(long, [
        [200, 204],
        [214, 216],
      ]);
      // The cluster spans 200–216; 104 characters of slack, 52 before it.
      expect(result.text).to.equal(`…${'甲'.repeat(52)}营商环境${'乙'.repeat(10)}优化${'丙'.repeat(52)}…`);
      expect(result.highlights).to.deep.equal([
        [53, 57],
        [67, 69],
      ]);
    });
    it('picks the densest cluster of matches', () => {
      const text = `营商${'甲'.repeat(300)}环境环境环境${'乙'.repeat(100)}`;
      const result = snippet(text, [
        [0, 2],
        [302, 304],
        [304, 306],
        [306, 308],
      ]);
      expect(result.highlights).to.have.length(3);
      expect(result.text.startsWith('…') && result.text.endsWith('…')).to.equal(true);
      expect(result.text.length).to.equal(122);
    });
    it('starts at the beginning without matches', () => {
      const result = snippet(long, []);
      expect(result.text).to.equal(`${'甲'.repeat(120)}…`);
      expect(result.highlights).to.deep.equal([]);
    });
    it('keeps the window inside the text at its end', () => {
      const result = snippet(long, [[414, 416]]);
      expect(result.text).to.equal(`…${long.slice(296)}`);
      expect(result.highlights).to.deep.equal([[119, 121]]);
    });
  });
});
