import { expect } from 'chai';
import fc from 'fast-check';
import { buildNgramTables, countOccurrences, NgramIndex } from '../../src/index/ngram.js';

const TEXTS = ['营商环境优化', '优化营商服务', '环境保护', '增长6.2%', 'pm2.5浓度', 'aaaa'];

function ngramIndex(texts: string[]): NgramIndex {
  return new NgramIndex(texts, buildNgramTables(texts));
}

describe('index/ngram', () => {
  describe('NgramIndex#find', () => {
    const index = ngramIndex(TEXTS);
    it('finds a substring that crosses word boundaries', () => {
      expect(Array.from(index.find('境优'))).to.deep.equal([0]);
      expect(Array.from(index.find('营商'))).to.deep.equal([0, 1]);
    });
    it('finds single characters, digits, % and Latin', () => {
      expect(Array.from(index.find('境'))).to.deep.equal([0, 2]);
      expect(Array.from(index.find('6.2%'))).to.deep.equal([3]);
      expect(Array.from(index.find('2.5浓'))).to.deep.equal([4]);
    });
    it('rejects candidates whose bigrams are all present but not in sequence', () => {
      // 营商 and 商环 … are in 0 only; 优化营 is in 1, 化营商环 in none.
      expect(Array.from(index.find('化营商环'))).to.deep.equal([]);
    });
    it('finds repeated characters', () => {
      expect(Array.from(index.find('aaa'))).to.deep.equal([5]);
    });
    it('restricts to the given paragraphs', () => {
      expect(Array.from(index.find('营商', Int32Array.from([1, 2])))).to.deep.equal([1]);
      expect(Array.from(index.find('优化营商', Int32Array.from([0, 1])))).to.deep.equal([1]);
    });
    it('finds nothing for an unknown character', () => {
      expect(Array.from(index.find('猫'))).to.deep.equal([]);
    });
    it('agrees with a scan on random texts', () => {
      const text = fc.string({ unit: fc.constantFrom('a', 'b', 'c', '中', '国'), maxLength: 30 });
      fc.assert(
        fc.property(fc.array(text, { minLength: 1, maxLength: 12 }), fc.string({ unit: fc.constantFrom('a', 'b', 'c', '中', '国'), minLength: 1, maxLength: 5 }), (texts, needle) => {
          const expected = texts.flatMap((t, i) => (t.includes(needle) ? [i] : []));
          expect(Array.from(ngramIndex(texts).find(needle))).to.deep.equal(expected);
        }),
      );
    });
  });

  describe('NgramIndex#occurs', () => {
    const index = ngramIndex(TEXTS);
    it('says whether any paragraph holds the needle', () => {
      expect(index.occurs('境优')).to.equal(true);
      expect(index.occurs('化营商环')).to.equal(false);
      expect(index.occurs('猫')).to.equal(false);
      expect(index.occurs('6.2%')).to.equal(true);
      expect(index.occurs('')).to.equal(true);
    });
    it('agrees with find on random texts', () => {
      const unit = fc.constantFrom('a', 'b', 'c', '中', '国');
      fc.assert(
        fc.property(fc.array(fc.string({ unit, maxLength: 30 }), { minLength: 1, maxLength: 12 }), fc.string({ unit, minLength: 1, maxLength: 5 }), (texts, needle) => {
          const built = ngramIndex(texts);
          expect(built.occurs(needle)).to.equal(built.find(needle).length > 0);
        }),
      );
    });
  });

  describe('#countOccurrences', () => {
    it('counts non-overlapping occurrences from the left', () => {
      expect(countOccurrences('aaaa', 'aa')).to.equal(2);
      expect(countOccurrences('aaa', 'aa')).to.equal(1);
      expect(countOccurrences('高质量发展高质量发展', '高质量发展')).to.equal(2);
      expect(countOccurrences('abc', '')).to.equal(0);
    });
  });
});
