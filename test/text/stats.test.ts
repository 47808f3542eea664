import assert from 'node:assert/strict';
import { analyze, analyzerStats, resetAnalyzerStats } from '../../src/text/index.js';

describe('text/stats', () => {
  describe('#analyzerStats', () => {
    it('counts analyze() calls and the nodejieba calls inside them since the last reset', () => {
      analyze('预热');
      resetAnalyzerStats();
      assert.deepEqual(analyzerStats(), { analyzeCalls: 0, analyzeMs: 0, jiebaCalls: 0, jiebaMs: 0 });
      analyze('PM2.5 6.2% EOD');
      assert.equal(analyzerStats().analyzeCalls, 1);
      assert.equal(analyzerStats().jiebaCalls, 0);
      analyze('推进，“一老一小”', { mode: 'query' });
      const stats = analyzerStats();
      assert.equal(stats.analyzeCalls, 2);
      assert.equal(stats.jiebaCalls, 2);
      assert.ok(stats.analyzeMs >= stats.jiebaMs && stats.jiebaMs > 0, JSON.stringify(stats));
    });
  });
});
