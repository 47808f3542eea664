import { expect } from 'chai';
import fc from 'fast-check';
import { markWhole, topOrder } from '../../src/search/rank.js';

describe('search/rank', () => {
  describe('#topOrder', () => {
    it('orders by score, ties in position order', () => {
      expect(topOrder(Float64Array.from([1, 3, 2, 3, 0]), 5)).to.deep.equal([1, 3, 2, 0, 4]);
      expect(topOrder(Float64Array.from([1, 3, 2, 3, 0]), 2)).to.deep.equal([1, 3]);
    });
    it('gives the head of the full ordering, whether it sorts or keeps a heap', () => {
      fc.assert(
        fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 200 }), fc.integer({ min: 0, max: 60 }), (values, count) => {
          const scores = Float64Array.from(values);
          const full = values.map((_, i) => i).sort((a, b) => (values[b] ?? 0) - (values[a] ?? 0) || a - b);
          expect(topOrder(scores, count)).to.deep.equal(full.slice(0, count));
        }),
      );
    });
  });

  describe('#markWhole', () => {
    const list = (...values: number[]): Int32Array => Int32Array.from(values);
    const texts = ['甲', '乙甲', '乙', '甲乙', '丙', '甲'];
    const holds = (id: number): boolean => texts[id]?.includes('甲') ?? false;
    it('takes what the evaluation proved and reads only the texts outside its domain', () => {
      const read: number[] = [];
      const reading = (id: number): boolean => {
        read.push(id);
        return holds(id);
      };
      // Proved over paragraphs 1–3: 1 and 3 hold the word; 0, 4 and 5 are read.
      expect(markWhole(list(0, 1, 2, 3, 4, 5), list(1, 3), list(1, 2, 3), reading)).to.deep.equal([0, 1, 3, 5]);
      expect(read).to.deep.equal([0, 4, 5]);
    });
    it('reads nothing when the proof covers every paragraph', () => {
      expect(markWhole(list(1, 2, 5), list(0, 1, 3, 5), undefined, () => expect.fail('read a text'))).to.deep.equal([0, 2]);
    });
    it('agrees with reading every text', () => {
      const sorted = fc.uniqueArray(fc.integer({ min: 0, max: 5 }), { maxLength: 6 }).map((values) => Int32Array.from(values.sort((a, b) => a - b)));
      fc.assert(
        fc.property(sorted, sorted, (ids, domain) => {
          const inText = domain.filter(holds);
          const expected = Array.from(ids).flatMap((id, i) => (holds(id) ? [i] : []));
          expect(markWhole(ids, inText, domain, holds)).to.deep.equal(expected);
        }),
      );
    });
  });
});
