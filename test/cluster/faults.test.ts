/**
 * Faults of a two-node cluster: a node stopped (SIGSTOP, as a hung machine) or down makes every
 * answer partial, said in the API and on the pages, never silently short; the front down makes
 * requests fail with 503; a cluster unreachable at start is a clear error, or the embedded index
 * when configured as fallback. Each test restores the node it disturbed.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import request from 'supertest';
import { openBackend } from '../../src/cluster/backend.js';
import { ClusterError, runningPid, startNode, stopNode } from '../../src/cluster/local.js';
import { CORPUS_DIR } from '../../src/ingest/index.js';
import { DEFAULT_INDEX_DIR } from '../../src/index/index.js';
import { EngineUnavailableError } from '../../src/search/index.js';
import { budget } from '../../src/search/budget.js';
import { compileQuery } from '../../src/search/corpus-view.js';
import type { Plan } from '../../src/search/plan.js';
import { parseQuery } from '../../src/query/index.js';
import { createApp } from '../../src/web/app.js';
import { memoryLogger } from '../web/helpers.js';
import { sphinxAvailable, startTestCluster, type TestCluster } from './helpers.js';

describe('cluster/faults', function () {
  this.timeout(300_000);
  let cluster: TestCluster | undefined;

  before(async function () {
    if (!sphinxAvailable()) this.skip();
    cluster = await startTestCluster(CORPUS_DIR, 2, { connect: 500, query: 1500 });
  });

  after(async () => {
    if (cluster !== undefined) await cluster.stop();
  });

  function running(): TestCluster {
    if (cluster === undefined) throw new Error('cluster: not started');
    return cluster;
  }

  /** The second node, as the manifest names it. */
  function victim(): { name: string; sqlPort: number; apiPort: number } {
    const node = running().outcome.manifest.nodes[1];
    if (node === undefined) throw new Error('cluster: no second node');
    return node;
  }

  describe('a node that hangs', () => {
    it('makes the answer partial, naming the node, and the API and page say so', async () => {
      const { service } = running().opened;
      const full = await service.search('发展');
      expect(full.partial).to.equal(undefined);
      const pid = runningPid(running().dir, victim().name);
      if (pid === undefined) throw new Error('cluster: node1 not running');
      // A budget no search reaches on a loaded machine: the partial answers here are the node's doing.
      const app = createApp({ service, admission: { budgetMs: 600_000 }, logger: memoryLogger() });
      process.kill(pid, 'SIGSTOP');
      try {
        const partial = await service.search('发展');
        expect(partial.partial?.missing.join(' ')).to.include(String(victim().apiPort));
        expect(partial.total).to.be.greaterThan(0).and.lessThan(full.total);
        const api = await request(app).get('/api/search').query({ q: '发展' });
        expect(api.status).to.equal(200);
        expect((api.body as { partial?: { missing: string[] } }).partial?.missing).to.have.length(1);
        const page = await request(app).get('/search').query({ q: '发展' });
        expect(page.text).to.include('部分检索节点未应答');
        const compare = await request(app).get('/compare').query({ q: '发展' });
        expect(compare.text).to.include('部分检索节点未应答');
      } finally {
        process.kill(pid, 'SIGCONT');
      }
      // The resumed node first works off what queued while it hung: answers stay partial until it catches up.
      const deadline = Date.now() + 30_000;
      let again = await service.search('发展');
      while (again.partial !== undefined && Date.now() < deadline) {
        await new Promise((done) => setTimeout(done, 200));
        again = await service.search('发展');
      }
      expect(again.partial).to.equal(undefined);
      expect(again.total).to.equal(full.total);
      // The partial answer the API gave was not kept: the same site now answers in full.
      const api = await request(app).get('/api/search').query({ q: '发展' });
      expect((api.body as { partial?: unknown; total: number }).partial).to.equal(undefined);
      expect((api.body as { total: number }).total).to.equal(full.total);
    });
  });

  describe('a node that is down', () => {
    it('makes the answer partial until it is back', async () => {
      const { service } = running().opened;
      const full = await service.compare('高质量发展');
      expect(stopNode(running().dir, victim().name)).to.equal(true);
      try {
        const partial = await service.compare('高质量发展');
        expect(partial.partial?.missing.join(' ')).to.include(String(victim().apiPort));
        expect(partial.totalParagraphs).to.be.lessThan(full.totalParagraphs);
      } finally {
        await startNode(running().dir, victim().name, victim().sqlPort);
      }
      expect(await service.compare('高质量发展')).to.deep.equal(full);
    });
  });

  describe('every answer from the engine, with a node down', () => {
    /** A site over the cluster whose budget no search reaches on a loaded machine. */
    const site = () => createApp({ service: running().opened.service, admission: { budgetMs: 600_000 }, logger: memoryLogger(), baseUrl: 'https://example.org' });
    const partialOf = (body: unknown): { missing: string[] } | undefined => (body as { partial?: { missing: string[] } }).partial;
    const cite = { p: ['qu-01:p1', 'shi-01:p2'], format: 'gbt7714' };
    const docId = 'qu-01';

    it('says it is partial: API, exports, concordance, pages, reader; terms, citations and completions stay whole', async () => {
      const app = site();
      const before = {
        terms: (await request(app).get('/terms').query({ docs: docId })).text,
        cite: (await request(app).get('/api/cite').query(cite)).text,
        suggest: (await request(app).get('/api/suggest').query({ q: '高质' })).body as unknown,
        kwic: (await request(app).get('/api/kwic').query({ q: '发展' })).body as { total: number },
        export: await request(app).get('/api/export').query({ q: '发展', format: 'csv' }),
      };
      expect(before.export.headers['x-partial']).to.equal(undefined);
      expect(before.kwic.total).to.be.greaterThan(0);
      expect(stopNode(running().dir, victim().name)).to.equal(true);
      try {
        const fresh = site();
        const apiSearch = await request(fresh).get('/api/search').query({ q: '发展' });
        expect(partialOf(apiSearch.body)?.missing).to.have.length(1);
        expect(partialOf((await request(fresh).get('/api/compare').query({ q: '发展' })).body)?.missing).to.have.length(1);
        const kwic = await request(fresh).get('/api/kwic').query({ q: '发展' });
        expect(partialOf(kwic.body)?.missing).to.have.length(1);
        expect((kwic.body as { total: number }).total).to.be.lessThan(before.kwic.total);
        for (const query of [
          { q: '发展', format: 'csv' },
          { q: '发展', format: 'xlsx' },
          { q: '发展', format: 'csv', of: 'compare' },
        ]) {
          const exported = await request(fresh).get('/api/export').query(query);
          expect(exported.status).to.equal(200);
          expect(exported.headers['x-partial']).to.match(/^shards; missing=127\.0\.0\.1:\d+/u);
          expect(exported.headers['content-disposition']).to.match(/-partial\.(csv|xlsx)/u);
        }
        const kwicCsv = await request(fresh).get('/api/kwic').query({ q: '发展', format: 'csv' });
        expect(kwicCsv.headers['x-partial']).to.match(/^shards; missing=/u);
        for (const [path, query] of [
          ['/search', { q: '发展', level: '区' }],
          ['/compare', { q: '发展', docs: `${docId},shi-01` }],
          ['/kwic', { q: '发展' }],
          [`/doc/${docId}`, { q: '发展' }],
        ] as const) {
          const page = await request(fresh).get(path).query(query);
          expect(page.status, path).to.equal(200);
          expect(page.text, path).to.include('部分检索节点未应答');
        }
        // Distinctive terms and citations are read from the front's own tables: whole.
        expect((await request(fresh).get('/terms').query({ docs: docId })).text).to.equal(before.terms);
        expect((await request(fresh).get('/api/cite').query(cite)).text).to.equal(before.cite);
        // Completions are found in the front's own text while shards are missing: the same.
        expect((await request(fresh).get('/api/suggest').query({ q: '高质' })).body).to.deep.equal(before.suggest);
        // The command line says so too.
        const env = { ...process.env, SEARCH_BACKEND: 'sphinxql', SPHINX_PORT: String(running().outcome.manifest.front.sqlPort), CLUSTER_DIR: running().dir };
        const cli = (script: string, args: string[]) => promisify(execFile)(process.execPath, ['--import', 'tsx', join(import.meta.dirname, '..', '..', 'src', 'cli', script), ...args], { env });
        const [searched, compared, json] = await Promise.all([cli('search.ts', ['发展', '--limit', '1']), cli('compare.ts', ['发展']), cli('search.ts', ['发展', '--json'])]);
        expect(searched.stdout).to.match(/结果不完整：部分检索节点未应答（1 个：127\.0\.0\.1:\d+/u);
        expect(compared.stdout).to.include('结果不完整：部分检索节点未应答');
        expect(partialOf(JSON.parse(json.stdout))?.missing).to.have.length(1);
      } finally {
        await startNode(running().dir, victim().name, victim().sqlPort);
      }
      expect((await request(site()).get('/api/export').query({ q: '发展', format: 'csv' })).text).to.equal(before.export.text);
    });

    it('marks every service answer partial: hits for export, concordance, comparison, reader', async () => {
      const { service } = running().opened;
      const full = await service.hitList('发展');
      expect(full.partial).to.equal(undefined);
      expect(stopNode(running().dir, victim().name)).to.equal(true);
      try {
        const [hits, kwic, compared, read, strict] = await Promise.all([
          service.hitList('发展'),
          service.concordance('发展'),
          service.compare('发展'),
          service.read(docId, '发展'),
          service.search('发展 不存在的词语组合', { strict: true }),
        ]);
        expect(hits.partial?.missing).to.have.length(1);
        expect(hits.total).to.be.lessThan(full.total);
        expect(kwic.partial?.missing).to.have.length(1);
        expect(compared.partial?.missing).to.have.length(1);
        expect(read?.partial?.missing).to.have.length(1);
        expect(strict.partial?.missing).to.have.length(1);
        // Nothing found from part of the corpus is not relaxed into a guess.
        const relaxed = await service.search('发展 不存在的词语组合');
        expect([relaxed.relaxation, relaxed.partial?.missing.length]).to.deep.equal([null, 1]);
      } finally {
        await startNode(running().dir, victim().name, victim().sqlPort);
      }
    });
  });

  describe('the time budget', () => {
    const planOf = (q: string): Plan => {
      const { plan } = compileQuery(parseQuery(q), []);
      if (plan === null) throw new Error(`no plan for ${q}`);
      return plan;
    };

    it('cuts the answer short and says how far it is exact: a prefix of the corpus, or the shards that answered in time', async () => {
      const { engine, service } = running().opened;
      for (const q of ['发展', '经济 OR 建设 OR 改革', '"高质量发展"']) {
        const plan = planOf(q);
        const full = await engine.match({ plan, reports: undefined, scoreTerms: [] });
        const cut = await engine.match({ plan, reports: undefined, scoreTerms: [], limit: budget(0) });
        expect(full.partial, q).to.equal(undefined);
        // A common character's candidates outlast the first stretch checked (at least one always is).
        if (q === '发展') expect(cut.partial, q).to.not.equal(undefined);
        const { searched } = cut.partial ?? {};
        if (cut.partial === undefined) expect(Array.from(cut.ids), q).to.deep.equal(Array.from(full.ids));
        else if (searched !== undefined && cut.partial.missing.length === 0) expect(Array.from(cut.ids), q).to.deep.equal(Array.from(full.ids).filter((id) => id < searched));
        else expect(Array.from(cut.ids).every((id) => full.ids.includes(id)), q).to.equal(true);
        // The services' answers say so.
        const answered = await service.search(q, { timeLimitMs: 0 });
        expect(answered.partial === undefined ? answered.total === full.ids.length : answered.total <= full.ids.length, q).to.equal(true);
        expect((await service.search(q, { timeLimitMs: 600_000 })).total, q).to.equal((await service.search(q)).total);
      }
    });

    it('bounds the wait for a front that hangs: an empty partial answer after the budget and the grace, not a 30 s timeout', async () => {
      const { opened, dir } = running();
      const { service } = opened;
      const pid = runningPid(dir, 'front');
      if (pid === undefined) throw new Error('cluster: front not running');
      await service.search('发展');
      process.kill(pid, 'SIGSTOP');
      let answered: Awaited<ReturnType<typeof service.search>>;
      const app = createApp({ service, admission: { budgetMs: 100 }, logger: memoryLogger() });
      const started = performance.now();
      let page: string;
      let exported: string | undefined;
      try {
        answered = await service.search('发展', { timeLimitMs: 100 });
        page = (await request(app).get('/search').query({ q: '发展' })).text;
        exported = (await request(app).get('/api/export').query({ q: '发展', format: 'csv' })).headers['x-partial'];
      } finally {
        process.kill(pid, 'SIGCONT');
      }
      expect(page).to.include('部分检索节点（1 个）未在时限内应答');
      expect(exported).to.match(/^shards; missing=policy_[0-9a-f]{16}; time-limit$/u);
      const tookMs = performance.now() - started;
      expect([answered.total, answered.partial?.timeLimited, answered.partial?.missing]).to.deep.equal([0, true, [running().outcome.manifest.index]]);
      expect(tookMs).to.be.within(100, 30_000);
      expect((await service.search('发展')).partial).to.equal(undefined);
    });
  });

  describe('the front down', () => {
    it('fails requests with 503, not with an empty answer', async () => {
      const { dir, opened, outcome } = running();
      expect(stopNode(dir, 'front')).to.equal(true);
      try {
        let error: unknown;
        try {
          await opened.service.search('发展');
        } catch (caught) {
          error = caught;
        }
        expect(error).to.be.instanceOf(EngineUnavailableError);
        const api = await request(createApp({ service: opened.service, logger: memoryLogger() })).get('/api/search').query({ q: '发展' });
        expect(api.status).to.equal(503);
      } finally {
        await startNode(dir, 'front', outcome.manifest.front.sqlPort);
      }
      expect((await opened.service.search('发展')).partial).to.equal(undefined);
    });
  });

  describe('openBackend', () => {
    const base = { corpusDir: CORPUS_DIR, indexDir: process.env.INDEX_DIR ?? DEFAULT_INDEX_DIR };

    it('refuses to start on an unreachable cluster with a clear message', async () => {
      let error: unknown;
      try {
        await openBackend({ ...base, env: { SEARCH_BACKEND: 'sphinxql', SPHINX_PORT: '1', CLUSTER_DIR: running().dir } });
      } catch (caught) {
        error = caught;
      }
      expect(error).to.be.instanceOf(ClusterError);
      expect((error as Error).message).to.match(/^检索集群 127\.0\.0\.1:1 无法使用/u);
    });

    it('serves from the embedded index when configured as fallback', async () => {
      const opened = await openBackend({ ...base, env: { SEARCH_BACKEND: 'sphinxql', SPHINX_PORT: '1', CLUSTER_DIR: running().dir, SEARCH_FALLBACK: 'embedded' } });
      expect(opened.kind).to.equal('embedded');
      expect(String(opened.details.fallback)).to.match(/无法使用/u);
      expect((await opened.service.search('营商环境')).total).to.be.greaterThan(0);
    });

    it('serves from the cluster when it answers', async () => {
      const env = { SEARCH_BACKEND: 'sphinxql', SPHINX_PORT: String(running().outcome.manifest.front.sqlPort), CLUSTER_DIR: running().dir };
      const opened = await openBackend({ ...base, env });
      try {
        expect(opened.kind).to.equal('sphinxql');
        expect((await opened.service.search('营商环境')).total).to.be.greaterThan(0);
      } finally {
        await opened.close();
      }
    });
  });
});
