import { expect } from 'chai';
import fc from 'fast-check';
import { buildNgramTables } from '../../src/index/ngram-tables.js';
import type { PostingTable } from '../../src/index/ngram.js';

/** The tables by brute force: every key of every text, each text once per key, keys and lists sorted. */
function bruteForce(texts: readonly string[]): { unigrams: [number, number[]][]; bigrams: [number, number[]][] } {
  const uni = new Map<number, Set<number>>();
  const bi = new Map<number, Set<number>>();
  const add = (map: Map<number, Set<number>>, key: number, id: number): void => {
    map.set(key, (map.get(key) ?? new Set()).add(id));
  };
  texts.forEach((text, id) => {
    for (let i = 0; i < text.length; i++) {
      add(uni, text.charCodeAt(i), id);
      if (i > 0) add(bi, text.charCodeAt(i - 1) * 65536 + text.charCodeAt(i), id);
    }
  });
  const sorted = (map: Map<number, Set<number>>): [number, number[]][] => [...map].sort((a, b) => a[0] - b[0]).map(([key, ids]) => [key, [...ids].sort((a, b) => a - b)]);
  return { unigrams: sorted(uni), bigrams: sorted(bi) };
}

function lists(table: PostingTable): [number, number[]][] {
  return Array.from(table.keys, (key, i) => [key, Array.from(table.ids.subarray(table.offsets[i], table.offsets[i + 1]))]);
}

describe('index/ngram-tables', () => {
  describe('#buildNgramTables', () => {
    it('gives every unigram and bigram with the sorted texts holding it, as a brute-force count does', () => {
      // Few distinct characters (many repeats), any code unit (keys past 2^31), and enough keys to grow the hash table.
      const unit = fc.oneof(fc.constantFrom(...Array.from('发展经济高质量 a1'), '\uffff', '\ud83d'), fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)));
      fc.assert(
        fc.property(fc.array(fc.string({ unit, maxLength: 300 }), { maxLength: 40 }), (texts) => {
          const tables = buildNgramTables(texts);
          const expected = bruteForce(texts);
          expect(lists(tables.unigrams)).to.deep.equal(expected.unigrams);
          expect(lists(tables.bigrams)).to.deep.equal(expected.bigrams);
          expect(tables.bigrams.offsets[tables.bigrams.keys.length]).to.equal(tables.bigrams.ids.length);
        }),
        { numRuns: 200 },
      );
    });

    it('reports progress up to the number of texts, never going back', () => {
      const texts = Array.from({ length: 1000 }, (_, i) => `第${String(i)}段`);
      const seen: number[] = [];
      buildNgramTables(texts, (done) => seen.push(done));
      expect(seen.at(-1)).to.equal(1000);
      expect(seen.every((done, i) => i === 0 || done >= (seen[i - 1] ?? 0))).to.equal(true);
    });
  });
});
