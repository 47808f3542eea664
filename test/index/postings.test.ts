import { expect } from 'chai';
import fc from 'fast-check';
import { countByRange, intersect, range, subtract, union } from '../../src/index/postings.js';

const list = (...values: number[]): Int32Array => Int32Array.from(values);
const sortedSet = fc.uniqueArray(fc.integer({ min: 0, max: 300 }), { maxLength: 120 }).map((values) => Int32Array.from(values.sort((a, b) => a - b)));

describe('index/postings', () => {
  describe('#intersect', () => {
    it('keeps the values in both lists', () => {
      expect(Array.from(intersect(list(1, 3, 5, 7), list(3, 4, 5, 8)))).to.deep.equal([3, 5]);
    });
    it('gallops through a much longer list', () => {
      expect(Array.from(intersect(list(50, 999), range(1000)))).to.deep.equal([50, 999]);
    });
    it('agrees with set intersection', () => {
      fc.assert(
        fc.property(sortedSet, sortedSet, (a, b) => {
          const expected = Array.from(a).filter((v) => b.includes(v));
          expect(Array.from(intersect(a, b))).to.deep.equal(expected);
        }),
      );
    });
  });

  describe('#union', () => {
    it('merges without duplicates', () => {
      expect(Array.from(union(list(1, 4), list(2, 4, 6)))).to.deep.equal([1, 2, 4, 6]);
    });
    it('agrees with set union', () => {
      fc.assert(
        fc.property(sortedSet, sortedSet, (a, b) => {
          const expected = [...new Set([...a, ...b])].sort((x, y) => x - y);
          expect(Array.from(union(a, b))).to.deep.equal(expected);
        }),
      );
    });
  });

  describe('#subtract', () => {
    it('removes the values of the second list', () => {
      expect(Array.from(subtract(list(1, 2, 3, 4), list(2, 4, 9)))).to.deep.equal([1, 3]);
    });
    it('agrees with set difference', () => {
      fc.assert(
        fc.property(sortedSet, sortedSet, (a, b) => {
          expect(Array.from(subtract(a, b))).to.deep.equal(Array.from(a).filter((v) => !b.includes(v)));
        }),
      );
    });
  });

  describe('#countByRange', () => {
    // Ranges [0, 3), [3, 3) (empty), [3, 7), [7, 10).
    const starts = list(0, 3, 3, 7, 10);
    const rangeOf = list(0, 0, 0, 2, 2, 2, 2, 3, 3, 3);
    it('counts the values of each range holding any, in range order', () => {
      const { ranges, counts } = countByRange(list(1, 2, 4, 9), starts, rangeOf);
      expect([Array.from(ranges), Array.from(counts)]).to.deep.equal([
        [0, 2, 3],
        [2, 1, 1],
      ]);
      expect(Array.from(countByRange(list(), starts, rangeOf).ranges)).to.deep.equal([]);
    });
    it('agrees with counting value by value', () => {
      const ids = fc.uniqueArray(fc.integer({ min: 0, max: 9 }), { maxLength: 10 }).map((values) => Int32Array.from(values.sort((a, b) => a - b)));
      fc.assert(
        fc.property(ids, (values) => {
          const expected = new Map<number, number>();
          for (const v of values) expected.set(rangeOf[v] ?? -1, (expected.get(rangeOf[v] ?? -1) ?? 0) + 1);
          const { ranges, counts } = countByRange(values, starts, rangeOf);
          expect(Array.from(ranges, (r, i) => [r, counts[i]])).to.deep.equal([...expected].sort((a, b) => a[0] - b[0]));
        }),
      );
    });
  });
});
