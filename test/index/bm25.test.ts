import { expect } from 'chai';
import { exportRanked, RankedScorer, toMiniSearch } from '../../src/index/bm25.js';
import { buildParagraphTable } from '../../src/index/paragraphs.js';
import { buildRanked, TERMS_SEARCH } from '../../src/index/ranked.js';
import { range } from '../../src/index/postings.js';
import { buildRankedTables, mergeRanked } from '../../src/index/shards.js';
import { SMALL_REPORTS } from '../search/fixtures.js';

describe('index/bm25', () => {
  const table = buildParagraphTable(SMALL_REPORTS);
  const miniSearch = buildRanked(table);
  const scorer = new RankedScorer(exportRanked(miniSearch));
  const all = range(table.blocks.length);
  const QUERIES = [['营商'], ['营商', '环境'], ['数字', '经济', '发展'], ['高质量', '发展'], ['6.2%'], ['2023', '回顾'], ['不存在的词']];

  /** MiniSearch's own scores, by paragraph number. */
  function miniSearchScores(search: typeof miniSearch, terms: string[]): number[] {
    const scores = new Array<number>(table.blocks.length).fill(0);
    for (const result of search.search({ combineWith: 'OR', queries: terms }, TERMS_SEARCH)) scores[result.id as number] = result.score;
    return scores;
  }

  describe('RankedScorer#score', () => {
    it("gives MiniSearch's scores for every paragraph", () => {
      for (const terms of QUERIES) {
        const ours = Array.from(scorer.score(terms, all));
        const theirs = miniSearchScores(miniSearch, terms);
        ours.forEach((score, id) => expect(score, `${terms.join(' ')} #${String(id)}`).to.be.closeTo(theirs[id] ?? Number.NaN, 1e-9));
        expect(ours.some((score) => score > 0)).to.equal(terms[0] !== '不存在的词');
      }
    });
    it('scores only the candidates given, in their order', () => {
      const candidates = Int32Array.from([1, 4, 6]);
      const theirs = miniSearchScores(miniSearch, ['营商', '发展']);
      expect(Array.from(scorer.score(['营商', '发展'], candidates))).to.deep.equal([1, 4, 6].map((id) => theirs[id]));
    });
  });

  describe('RankedScorer#score (many candidates)', () => {
    // Enough paragraphs that lists shorter than the candidates are walked instead of sought.
    const many = buildParagraphTable(Array.from({ length: 12 }, (_, i) => SMALL_REPORTS.map((report) => ({ ...report, meta: { ...report.meta, id: `${report.meta.id}${String(i)}` } }))).flat());
    const manySearch = buildRanked(many);
    const manyScorer = new RankedScorer(exportRanked(manySearch));
    it("gives MiniSearch's scores, walking or seeking alike", () => {
      expect(many.blocks.length).to.equal(120);
      for (const terms of QUERIES) {
        const theirs = new Array<number>(many.blocks.length).fill(0);
        for (const result of manySearch.search({ combineWith: 'OR', queries: terms }, TERMS_SEARCH)) theirs[result.id as number] = result.score;
        const walked = Array.from(manyScorer.score(terms, range(many.blocks.length)));
        walked.forEach((score, id) => expect(score, `${terms.join(' ')} #${String(id)}`).to.be.closeTo(theirs[id] ?? Number.NaN, 1e-9));
        // Fewer than 64 candidates are always sought: the same scores, to the bit.
        const few = Int32Array.from({ length: 40 }, (_, i) => i * 3);
        expect(Array.from(manyScorer.score(terms, few))).to.deep.equal(Array.from(few, (id) => walked[id]));
      }
    });
  });

  describe('#toMiniSearch', () => {
    it('restores a MiniSearch index that scores alike', () => {
      const restored = toMiniSearch(scorer.tables);
      expect(restored.documentCount).to.equal(miniSearch.documentCount);
      expect(restored.termCount).to.equal(miniSearch.termCount);
      for (const terms of QUERIES) expect(miniSearchScores(restored, terms)).to.deep.equal(miniSearchScores(miniSearch, terms));
    });
  });

  describe('#buildRankedTables (shards)', () => {
    const whole = exportRanked(miniSearch);
    it('gives the tables of one MiniSearch over every paragraph, whatever the shard size', () => {
      for (const size of [1, 3, 4, 7, 1000]) {
        const sharded = buildRankedTables(table, undefined, undefined, size);
        expect({ ...sharded, averages: [] }, `shards of ${String(size)}`).to.deep.equal({ ...whole, averages: [] });
        sharded.averages.forEach((average, f) => expect(average).to.be.closeTo(whole.averages[f] ?? Number.NaN, 1e-12));
      }
    });
    it("scores as MiniSearch does over the whole corpus, to 1e-9", () => {
      const sharded = new RankedScorer(buildRankedTables(table, undefined, undefined, 3));
      for (const terms of QUERIES) {
        const theirs = miniSearchScores(miniSearch, terms);
        Array.from(sharded.score(terms, all)).forEach((score, id) => expect(score, `${terms.join(' ')} #${String(id)}`).to.be.closeTo(theirs[id] ?? Number.NaN, 1e-9));
      }
    });
    it('merges an empty corpus', () => {
      const empty = buildRankedTables(buildParagraphTable([]));
      expect([empty.terms, Array.from(empty.offsets), empty.documentCount]).to.deep.equal([[], [0], 0]);
      expect(mergeRanked([empty], 0).ids.length).to.equal(0);
    });
    it('rejects a shard size that is not a positive integer', () => {
      expect(() => buildRankedTables(table, undefined, undefined, 0)).to.throw('index: shard size must be a positive integer, got 0');
    });
  });
});
