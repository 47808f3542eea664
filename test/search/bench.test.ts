/** The search benchmark, run small: proves it still works and that the scan agrees with the index. */
import { rmSync } from 'node:fs';
import { expect } from 'chai';
import { smokeCorpus } from '../../bench/lib/smoke.js';
import { runSearchBench } from '../../bench/search.js';

describe('bench/search.ts (smoke)', () => {
  it('times the query mix against the scan, with equal result counts, and measures the index', async () => {
    const corpusDir = smokeCorpus();
    try {
      const result = await runSearchBench({ corpusDir, rounds: 1, warmup: 1, startup: false });
      expect(result.disagreements).to.deep.equal([]);
      expect(result.markdown).to.match(/^\| kind \| samples \| ours p50 \| ours p99 \| scan p50 \| scan p99 \|/m);
      expect(result.markdown).to.match(/^\| phrase \| 10 \|/m);
      expect(result.savedBytes).to.be.greaterThan(0);
      expect(result.loadMs).to.be.greaterThan(0);
    } finally {
      rmSync(corpusDir, { recursive: true, force: true });
    }
  });
});
