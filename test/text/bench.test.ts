import { expect } from 'chai';
import { formatSegmentBench, formatSegmentSection, runSegmentBench } from '../../bench/segment.js';

describe('bench/segment', () => {
  describe('#runSegmentBench (--smoke)', () => {
    it('measures throughput, tokens, the dictionary and the stop-word evidence on a sample', () => {
      const r = runSegmentBench({ smoke: true });
      const size = `${String(r.paragraphs)} paragraphs, ${String(r.characters)} characters`;
      expect(r.paragraphs, size).to.be.above(20);
      expect(r.characters, size).to.be.above(5000);
      for (const speed of [r.indexCharsPerSecond, r.indexCharsPerCpuSecond, r.queryCharsPerSecond, r.normalizeCharsPerSecond]) expect(speed, String(speed)).to.be.above(10000);
      expect(r.jiebaShare, String(r.jiebaShare)).to.be.above(0).and.below(1);
      expect(r.indexTokens).to.be.above(r.mainTokens);
      expect(r.distinctTerms).to.be.above(1000);
      expect(r.dictionary.policyTerms).to.equal(r.dictionary.curated + r.dictionary.quoted);
      expect(r.dictionary.recallPolicy, String(r.dictionary.recallPolicy)).to.be.above(0.95);
      expect(r.stock).to.equal(undefined);
      expect(r.stopWords.postingsDropped).to.be.below(r.stopWords.postingsKept);
      expect(r.stopWords.matches.filter((m) => m.query === '的' || m.query === '和').map((m) => m.dropped)).to.deep.equal([0, 0]);
      expect(formatSegmentBench(r)).to.match(/^machine: .*\nchanged against stock jieba: not measured with --smoke\n/ms);
      expect(() => formatSegmentSection(r))
        .to.throw(Error)
        .that.includes({ name: 'Error', message: 'bench: the BENCHMARKS.md section needs a full run (without --smoke)' });
    });
  });
});
