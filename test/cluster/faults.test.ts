/**
 * Faults of a two-node cluster: a node stopped (SIGSTOP, as a hung machine) or down makes every
 * answer partial, said in the API and on the pages, never silently short; the front down makes
 * requests fail with 503; a cluster unreachable at start is a clear error, or the embedded index
 * when configured as fallback. Each test restores the node it disturbed.
 */
import { expect } from 'chai';
import request from 'supertest';
import { openBackend } from '../../src/cluster/backend.js';
import { ClusterError, runningPid, startNode, stopNode } from '../../src/cluster/local.js';
import { CORPUS_DIR } from '../../src/ingest/index.js';
import { DEFAULT_INDEX_DIR } from '../../src/index/index.js';
import { EngineUnavailableError } from '../../src/search/index.js';
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
      const app = createApp({ service, logger: memoryLogger() });
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
