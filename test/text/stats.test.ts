import { expect } from 'chai';
import { analyze, analyzerStats, resetAnalyzerStats } from '../../src/text/index.js';

describe('text/stats', () => {
  describe('#analyzerStats', () => {
    it('counts analyze() calls and the nodejieba calls inside them since the last reset', () => {
      analyze('预热');
      resetAnalyzerStats();
      expect(analyzerStats()).to.deep.equal({ analyzeCalls: 0, analyzeMs: 0, jiebaCalls: 0, jiebaMs: 0 });
      analyze('PM2.5 6.2% EOD');
      expect(analyzerStats().analyzeCalls).to.equal(1);
      expect(analyzerStats().jiebaCalls).to.equal(0);
      analyze('推进，“一老一小”', { mode: 'query' });
      const stats = analyzerStats();
      expect(stats.analyzeCalls).to.equal(2);
      // Two Han runs, cut in one call into nodejieba.
      expect(stats.jiebaCalls).to.equal(1);
      expect(stats.analyzeMs, JSON.stringify(stats)).to.be.at.least(stats.jiebaMs);
      expect(stats.jiebaMs, JSON.stringify(stats)).to.be.above(0);
    });
  });
});
