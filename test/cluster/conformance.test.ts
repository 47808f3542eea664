/**
 * Conformance: the same queries against the embedded index and a two-node SphinxQL cluster, on
 * the bundled corpus and on the 10× generated one. Identical paragraph sets (engine level),
 * totals, facets, per-report counts and comparisons (service level); ranking may differ, and the
 * overlap of the top 10 is reported.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { generateInto } from '../../bench/scale/generate.js';
import { CORPUS_DIR } from '../../src/ingest/index.js';
import { parseQuery } from '../../src/query/index.js';
import { EmbeddedEngine, IndexSearchService, openSearch } from '../../src/search/index.js';
import type { SearchIndex } from '../../src/index/index.js';
import { compile } from '../../src/search/plan.js';
import { bundledCorpus } from '../search/fixtures.js';
import { conformanceQueries } from './queries.js';
import { sphinxAvailable, startTestCluster, type TestCluster } from './helpers.js';

/** Random queries per corpus, after the benchmark mix. */
const RANDOM_QUERIES = 500;

interface Side {
  index: SearchIndex;
  core: IndexSearchService;
}

function suite(name: string, open: () => Promise<{ side: Side; corpusDir: string; cleanup: () => void }>): void {
  describe(name, function () {
    let side: Side;
    let cluster: TestCluster | undefined;
    let cleanup = (): void => undefined;
    let queries: string[];

    before(async function () {
      if (!sphinxAvailable()) this.skip();
      const opened = await open();
      side = opened.side;
      cleanup = opened.cleanup;
      cluster = await startTestCluster(opened.corpusDir, 2);
      queries = conformanceQueries(side.index.table, RANDOM_QUERIES);
    });

    after(async () => {
      if (cluster !== undefined) await cluster.stop();
      cleanup();
    });

    function running(): TestCluster {
      if (cluster === undefined) throw new Error('cluster: not started');
      return cluster;
    }

    it('runs on two real nodes, each holding part of the corpus', () => {
      const { shards, nodes } = running().outcome.manifest;
      expect(nodes).to.have.length(2);
      expect(shards.map((shard) => shard.paragraphs).reduce((a, b) => a + b, 0)).to.equal(side.index.table.blocks.length);
      for (const shard of shards) expect(shard.paragraphs).to.be.greaterThan(0);
    });

    it('finds exactly the paragraphs the embedded index finds, for every query, in the text and with the headings', async () => {
      const embedded = new EmbeddedEngine(side.index);
      let checked = 0;
      for (const q of queries) {
        const root = parseQuery(q).root;
        const plan = root === null ? null : compile(root);
        if (plan === null) continue;
        for (const scope of ['text', 'section'] as const) {
          const request = { plan, reports: undefined, scoreTerms: [], scope };
          const expected = embedded.matchNow(request).ids;
          const got = await running().opened.engine.match(request);
          expect(got.partial, q).to.equal(undefined);
          expect(Array.from(got.ids), `${q} (${scope})`).to.deep.equal(Array.from(expected));
        }
        checked++;
      }
      expect(checked).to.be.greaterThan(RANDOM_QUERIES);
    });

    it('answers totals, facets and per-report counts identically; reports the top-10 overlap', async () => {
      let overlap = 0;
      let ranked = 0;
      for (const q of queries) {
        const expected = side.core.search(q, { size: 10 });
        const got = await running().opened.service.search(q, { size: 10 });
        expect(got.total, q).to.equal(expected.total);
        expect(got.headingMatches, q).to.equal(expected.headingMatches);
        expect(got.facets, q).to.deep.equal(expected.facets);
        expect(got.notes, q).to.deep.equal(expected.notes);
        if (expected.total === 0) continue;
        const top = new Set(expected.hits.map((hit) => `${hit.docId}#${hit.anchor}`));
        overlap += got.hits.filter((hit) => top.has(`${hit.docId}#${hit.anchor}`)).length / top.size;
        ranked++;
      }
      console.log(`      top-10 overlap with the embedded ranking (${name}): ${(100 * overlap / ranked).toFixed(1)}% over ${String(ranked)} queries with hits`);
    });

    it('compares across reports identically', async () => {
      for (const q of queries.slice(0, 150)) expect(await running().opened.service.compare(q), q).to.deep.equal(side.core.compare(q));
    });
  });
}

describe('cluster/conformance (embedded index vs. two-node SphinxQL cluster)', function () {
  this.timeout(900_000);

  suite('bundled corpus', async () => {
    const opened = await bundledCorpus();
    return { side: { index: opened.index.index, core: opened.service }, corpusDir: CORPUS_DIR, cleanup: () => undefined };
  });

  suite('10× generated corpus', async () => {
    const root = mkdtempSync(join(tmpdir(), 'policy-x10-'));
    const corpusDir = join(root, 'corpus');
    generateInto(CORPUS_DIR, corpusDir, { factor: 10 });
    const opened = await openSearch({ corpusDir, indexDir: join(root, 'index') });
    return { side: { index: opened.index.index, core: opened.service }, corpusDir, cleanup: () => {
        rmSync(root, { recursive: true, force: true });
      },
    };
  });
});
