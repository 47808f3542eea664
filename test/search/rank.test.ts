import { expect } from 'chai';
import fc from 'fast-check';
import { topOrder } from '../../src/search/rank.js';

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
});
