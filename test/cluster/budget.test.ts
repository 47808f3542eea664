/** The default time budget of a front on a cluster, sized to the corpus. */
import { expect } from 'chai';
import { CLUSTER_BUDGET, clusterBudgetMs, withClusterBudget } from '../../src/cluster/budget.js';
import { clusterEnvironment } from '../../src/cluster/local.js';
import type { ClusterManifest } from '../../src/cluster/manifest.js';

describe('cluster/budget', () => {
  describe('#clusterBudgetMs', () => {
    it('gives 10 µs per paragraph rounded up to 50 ms, at least 250 ms and at most 10 s', () => {
      expect([0, 1, 1518, 15_232, 25_001, 152_279, 304_000, 760_000, 2_000_000].map(clusterBudgetMs)).to.deep.equal([250, 250, 250, 250, 300, 1550, 3050, 7600, 10_000]);
      expect(CLUSTER_BUDGET.minMs).to.be.above(50);
    });

    it('refuses a paragraph count that is not a non-negative number, quoting it', () => {
      expect(() => clusterBudgetMs(-1)).to.throw('cluster: a paragraph count must be a non-negative number, got -1');
      expect(() => clusterBudgetMs(Number.NaN)).to.throw(/got NaN/u);
    });
  });

  describe('#withClusterBudget', () => {
    it('keeps the budget the environment gives (even 0) and sizes it to the corpus otherwise', () => {
      const settings: { concurrency?: number; budgetMs?: number } = { concurrency: 2 };
      expect(withClusterBudget(settings, 152_279)).to.deep.equal({ concurrency: 2, budgetMs: 1550 });
      expect(withClusterBudget({ budgetMs: 80 }, 152_279)).to.deep.equal({ budgetMs: 80 });
      expect(withClusterBudget({ budgetMs: 0 }, 152_279)).to.deep.equal({ budgetMs: 0 });
    });
  });

  describe('#clusterEnvironment', () => {
    it('prints the budget for the corpus of the manifest beside the rest of the front\'s settings', () => {
      const shard = (name: string, paragraphs: number) => ({ name, hash: 'h', index: `${name}_h`, reports: 1, paragraphs });
      const manifest = {
        corpusDir: '/srv/corpus',
        front: { sqlPort: 9306 },
        shards: [shard('shard0', 100_000), shard('shard1', 52_279)],
      } as unknown as ClusterManifest;
      expect(clusterEnvironment('/srv/cluster', manifest)).to.deep.equal({
        SEARCH_BACKEND: 'sphinxql',
        SPHINX_HOST: '127.0.0.1',
        SPHINX_PORT: '9306',
        CLUSTER_DIR: '/srv/cluster',
        CORPUS_DIR: '/srv/corpus',
        SEARCH_BUDGET_MS: '1550',
      });
    });
  });
});
