/**
 * Conformance: the same queries against the embedded index and a two-node SphinxQL cluster, on
 * the bundled corpus and on the 10× generated one. Identical paragraph sets (engine level);
 * identical answers (service level): totals, facets, per-report counts, comparisons, and the
 * ranking itself (the front scores the engine's matches with the corpus's own BM25 tables), so
 * the top 10 overlap fully; and identical bytes from the site's workbench routes (search API,
 * export, KWIC, citations, distinctive terms, the reader) over both.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import type { Express } from 'express';
import { createConnection } from 'mysql2/promise';
import request from 'supertest';
import { generateInto } from '../../bench/scale/generate.js';
import { CORPUS_DIR } from '../../src/ingest/index.js';
import { parseQuery } from '../../src/query/index.js';
import { CoreSearchService, EmbeddedEngine, IndexSearchService, openSearch } from '../../src/search/index.js';
import type { SearchResult, SearchService } from '../../src/search/types.js';
import { createApp } from '../../src/web/app.js';
import { memoryLogger } from '../web/helpers.js';
import type { SearchIndex } from '../../src/index/index.js';
import { compile } from '../../src/search/plan.js';
import { bundledCorpus } from '../search/fixtures.js';
import { conformanceQueries } from './queries.js';
import { sphinxAvailable, startTestCluster, type TestCluster } from './helpers.js';

/** Random queries per corpus, after the benchmark mix. */
const RANDOM_QUERIES = 500;
/** Queries (from the start of the list: the mix, then random ones) asked of every workbench route, per corpus. */
const WORKBENCH_QUERIES = { bundled: 40, generated: 16 } as const;

/** A search answer without its timing. */
function untimed(result: SearchResult): Omit<SearchResult, 'tookMs'> {
  const { tookMs, ...rest } = result;
  expect(tookMs).to.be.a('number');
  return rest;
}

/**
 * The site over `service`, with a fixed clock and address (citations are dated and linked), and
 * a time budget no search reaches (a loaded machine would otherwise cut either side short).
 */
function siteOver(service: SearchService): Express {
  return createApp({ service, admission: { budgetMs: 600_000 }, logger: memoryLogger(), baseUrl: 'https://example.org', now: () => new Date('2026-01-02T03:04:05Z') });
}

/** Status, content type, the count headers and the body of a GET, for comparison. */
async function fetchOf(app: Express, path: string, query: Record<string, string | string[]>): Promise<unknown[]> {
  const response = await request(app).get(path).query(query).buffer(true).parse((res, done) => {
    const chunks: Buffer[] = [];
    res.on('data', (chunk: Buffer) => chunks.push(chunk));
    res.on('end', () => {
      done(null, Buffer.concat(chunks).toString('utf8'));
    });
  });
  const body = response.body as string;
  // The search API's answer carries its own timing; everything else must be byte-identical.
  const comparable = path === '/api/search' && response.status === 200 ? untimed(JSON.parse(body) as SearchResult) : body;
  return [response.status, response.headers['content-type'], response.headers['x-total-count'], response.headers['x-heading-matches'], comparable];
}

interface Side {
  index: SearchIndex;
  core: IndexSearchService;
}

function suite(name: string, workbenchQueries: number, open: () => Promise<{ side: Side; corpusDir: string; cleanup: () => void }>): void {
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

    it('narrows to a few reports, to all but a few, and to every report exactly as the embedded index does', async () => {
      const embedded = new EmbeddedEngine(side.index);
      const count = side.index.table.reports.length;
      const every = Array.from({ length: count }, (_, r) => r);
      // A list (IN), its complement's side (NOT IN: most reports kept) and the whole corpus
      // named report by report (no filter sent), in no particular order.
      const sets = [every.filter((r) => r % 7 === 3), every.filter((r) => r % 7 !== 3).reverse(), every];
      for (const q of queries.slice(0, 60)) {
        const root = parseQuery(q).root;
        const plan = root === null ? null : compile(root);
        if (plan === null) continue;
        for (const reports of sets) {
          const request = { plan, reports, scoreTerms: [], scope: 'text' as const };
          const got = await running().opened.engine.match(request);
          expect(got.partial, q).to.equal(undefined);
          expect(Array.from(got.ids), `${q} (${String(reports.length)} reports)`).to.deep.equal(Array.from(embedded.matchNow(request).ids));
        }
      }
    });

    it("accepts a report list longer than the engine's default cap of 4,096 values", async () => {
      const { manifest } = running().outcome;
      const connection = await createConnection({ host: '127.0.0.1', port: manifest.front.sqlPort });
      try {
        const keys = Array.from({ length: 5000 }, (_, i) => String(i + 1)).join(',');
        const [rows] = await connection.query(`SELECT id FROM ${manifest.index} WHERE report NOT IN (${keys}) LIMIT 0, 1`);
        expect(rows).to.be.an('array').with.length(1);
      } finally {
        await connection.end();
      }
    });

    it('answers identically, ranking included: totals, facets, notes, and the hits of page 1 (and of page 2 for every fifth query) in order', async () => {
      let overlap = 0;
      let ranked = 0;
      for (const q of queries) {
        const expected = side.core.search(q, { size: 10 });
        const got = await running().opened.service.search(q, { size: 10 });
        expect(untimed(got), q).to.deep.equal(untimed(expected));
        // Page 2 for every fifth query: the ranking below the top 10 too, at a fifth of the cost.
        if (expected.total > 10 && queries.indexOf(q) % 5 === 0) expect(untimed(await running().opened.service.search(q, { size: 10, page: 2 })), `${q} (page 2)`).to.deep.equal(untimed(side.core.search(q, { size: 10, page: 2 })));
        if (expected.total === 0) continue;
        const top = new Set(expected.hits.map((hit) => `${hit.docId}#${hit.anchor}`));
        overlap += got.hits.filter((hit) => top.has(`${hit.docId}#${hit.anchor}`)).length / top.size;
        ranked++;
      }
      console.log(`      top-10 overlap with the embedded ranking (${name}): ${(100 * overlap / ranked).toFixed(1)}% over ${String(ranked)} queries with hits`);
      expect(overlap).to.equal(ranked);
    });

    it('serves the workbench identically: search API, export, KWIC, citations, distinctive terms, the reader', async () => {
      const embeddedSite = siteOver(new CoreSearchService(side.core));
      const clusterSite = siteOver(running().opened.service);
      const answered = new Map<string, number>();
      const same = async (path: string, query: Record<string, string | string[]>): Promise<void> => {
        const expected = await fetchOf(embeddedSite, path, query);
        expect(await fetchOf(clusterSite, path, query), `${path} ${JSON.stringify(query)}`).to.deep.equal(expected);
        const route = path.startsWith('/doc/') ? '/doc' : path;
        if (expected[0] === 200) answered.set(route, (answered.get(route) ?? 0) + 1);
      };
      const ids = side.core.documents().map((doc) => doc.id);
      for (const q of queries.slice(0, workbenchQueries)) {
        await same('/api/search', { q, size: '20' });
        await same('/api/export', { q, format: 'csv' });
        await same('/api/export', { q, format: 'csv', of: 'compare' });
        await same('/api/kwic', { q, width: '12' });
        await same('/api/kwic', { q, format: 'csv', sort: 'right' });
        const hits = side.core.search(q, { size: 5 }).hits;
        const refs = hits.map((hit) => `${hit.docId}:${hit.anchor}`);
        if (refs.length > 0) for (const format of ['gbt7714', 'ris', 'bibtex']) await same('/api/cite', { p: refs, format });
        const first = hits[0];
        if (first !== undefined) await same(`/doc/${first.docId}`, { q });
      }
      for (let i = 0; i < Math.min(ids.length, 6); i++) {
        await same('/terms', { docs: ids[i] ?? '' });
        await same('/terms', { docs: [ids[i] ?? '', ids[(i + 1) % ids.length] ?? ''].join(',') });
      }
      // Every route answered (not just failed alike) for most of the queries.
      for (const path of ['/api/search', '/api/export', '/api/kwic', '/api/cite', '/doc']) expect(answered.get(path) ?? 0, path).to.be.greaterThan(workbenchQueries / 2);
      expect(answered.get('/terms') ?? 0, '/terms').to.equal(2 * Math.min(ids.length, 6));
    });

    it('compares across reports identically', async () => {
      for (const q of queries.slice(0, 150)) expect(await running().opened.service.compare(q), q).to.deep.equal(side.core.compare(q));
    });
  });
}

describe('cluster/conformance (embedded index vs. two-node SphinxQL cluster)', function () {
  this.timeout(900_000);

  suite('bundled corpus', WORKBENCH_QUERIES.bundled, async () => {
    const opened = await bundledCorpus();
    return { side: { index: opened.index.index, core: opened.service }, corpusDir: CORPUS_DIR, cleanup: () => undefined };
  });

  suite('10× generated corpus', WORKBENCH_QUERIES.generated, async () => {
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
