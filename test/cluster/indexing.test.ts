/**
 * Indexing into shards: a report's shard and ids depend on its id only; the manifest's corpus
 * fingerprint is checked when the search opens; re-indexing touches only the shards whose reports
 * changed, rotating them into the running nodes.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import request from 'supertest';
import { agentsInWarning } from '../../src/cluster/sphinx-engine.js';
import { ClusterError, indexCluster } from '../../src/cluster/local.js';
import { matchExpression, tokenCharsetSpec } from '../../src/cluster/match-expression.js';
import { ClusterGenerations } from '../../src/cluster/generations.js';
import { openClusterSearch } from '../../src/cluster/open.js';
import { rankingFile } from '../../src/cluster/ranking.js';
import { feedText, paragraphId, shardOf, splitParagraphId } from '../../src/cluster/shards.js';
import { CORPUS_DIR, isCorpusFile, loadCorpus } from '../../src/ingest/index.js';
import { parseQuery } from '../../src/query/index.js';
import { compile, type Plan } from '../../src/search/plan.js';
import { addCorpusTerms } from '../../src/text/index.js';
import { createApp } from '../../src/web/app.js';
import { memoryLogger } from '../web/helpers.js';
import { sphinxAvailable, startTestCluster, type TestCluster } from './helpers.js';

function plan(q: string): Plan {
  const root = parseQuery(q).root;
  const compiled = root === null ? null : compile(root);
  if (compiled === null) throw new Error(`no plan for ${q}`);
  return compiled;
}

describe('cluster/match-expression', () => {
  describe('#matchExpression', () => {
    it('writes phrases of token characters, words in text or path, and leaves exclusions to the check', () => {
      expect(matchExpression(plan('"6.2%"'))).to.equal('(@text "6 2")');
      expect(matchExpression(plan('heading:科技'))).to.equal('(@path "科 技")');
      expect(matchExpression(plan('乡村 -农业'))).to.equal('((@text "乡 村"))');
      expect(matchExpression(plan('乡村 -农业'), 'section')).to.equal('(((@text "乡 村") | (@path "乡 村")))');
      expect(matchExpression(plan('"营商" OR "%"'))).to.equal(null);
      expect(matchExpression(plan('"营商" OR "pm"'))).to.equal('((@text "营 商")) | ((@text "p m"))');
      expect(matchExpression(plan('营商 /NEAR 3 环境'))).to.equal('((@text "营 商")) ((@text "环 境"))');
    });
  });

  describe('#tokenCharsetSpec', () => {
    it('lists digits, Latin letters and the ideograph blocks', () => {
      expect(tokenCharsetSpec()).to.equal('0..9, a..z, U+3400..U+4DBF, U+4E00..U+9FFF, U+F900..U+FAFF, U+20000..U+2FA1F');
    });
  });
});

describe('cluster/shards', () => {
  it('numbers paragraphs by report key and index, reversibly', () => {
    expect(splitParagraphId(paragraphId(12345, 67))).to.deep.equal([12345, 67]);
    expect(shardOf('qu-01', 4)).to.equal(shardOf('qu-01', 4));
  });

  it('turns the tabs and line breaks of the row format into spaces, keeping lengths', () => {
    expect(feedText('a\tb\nc\r\ue000d')).to.equal('a b c \ue000d');
  });

  it('finds the agents named in a SHOW META warning', () => {
    expect(agentsInWarning("agent 127.0.0.1:40145: query timed out; agent 127.0.0.1:40146:shard1: connect() failed")).to.deep.equal(['127.0.0.1:40145', '127.0.0.1:40146:shard1']);
  });
});

describe('cluster/indexing', function () {
  this.timeout(300_000);
  let root = '';
  let corpusDir = '';
  let cluster: TestCluster | undefined;

  before(async function () {
    if (!sphinxAvailable()) this.skip();
    root = mkdtempSync(join(tmpdir(), 'policy-reindex-'));
    corpusDir = join(root, 'corpus');
    mkdirSync(corpusDir);
    for (const name of readdirSync(CORPUS_DIR).filter(isCorpusFile).slice(0, 8)) copyFileSync(join(CORPUS_DIR, name), join(corpusDir, name));
    cluster = await startTestCluster(corpusDir, 2);
  });

  after(async () => {
    if (cluster !== undefined) await cluster.stop();
    if (root !== '') rmSync(root, { recursive: true, force: true });
  });

  it('indexes nothing when nothing changed, and only the changed report’s shard after an edit; a server swaps the re-indexed corpus in, its answer cache emptied', async () => {
    if (cluster === undefined) throw new Error('not started');
    const { manifest } = cluster.outcome;
    const generations = await ClusterGenerations.open({ corpusDir, clusterDir: cluster.dir, host: '127.0.0.1', port: manifest.front.sqlPort, pollMs: 3_600_000, retireMs: 10, logger: memoryLogger() });
    try {
      await reindexWhileServing(cluster, generations);
    } finally {
      await generations.close();
    }
  });

  it('re-indexes under concurrent queries without failing one: the previous generation answers until the new one is swapped in', async () => {
    if (cluster === undefined) throw new Error('not started');
    const { manifest } = cluster.outcome;
    const generations = await ClusterGenerations.open({ corpusDir, clusterDir: cluster.dir, host: '127.0.0.1', port: manifest.front.sqlPort, pollMs: 3_600_000, retireMs: 60_000, logger: memoryLogger() });
    const app = createApp({ generations, admission: { budgetMs: 600_000 }, logger: memoryLogger() });
    const phrase = '"独占鳌头再现于此"';
    const name = readdirSync(corpusDir).filter(isCorpusFile)[1] ?? '';
    const served = generations.current().number;
    const statuses: number[] = [];
    const totals = new Set<number>();
    let running = true;
    const worker = async (): Promise<void> => {
      while (running) {
        for (const q of [phrase, '发展', '高质量发展 OR 新质生产力']) {
          const res = await request(app).get('/api/search').query({ q, size: 100 });
          statuses.push(res.status);
          if (q === phrase) totals.add((res.body as { total: number }).total);
        }
      }
    };
    /** Resolves once `n` more requests were answered. */
    const answered = async (n: number): Promise<void> => {
      const until = statuses.length + n;
      while (statuses.length < until) await new Promise((done) => setTimeout(done, 20));
    };
    const workers = Array.from({ length: 4 }, worker);
    let window = 0;
    try {
      await answered(4);
      writeFileSync(join(corpusDir, name), `${readFileSync(join(corpusDir, name), 'utf8')}\n\n新增一段用于检验轮换的文字：独占鳌头再现于此。\n`);
      const { reports } = await loadCorpus(corpusDir);
      addCorpusTerms(reports);
      const outcome = await indexCluster({ dir: cluster.dir, corpusDir, reports, nodes: manifest.nodes, front: manifest.front });
      expect(outcome.indexed).to.have.length(1);
      expect(outcome.manifest.index).to.not.equal(manifest.index);
      // The nodes serve the new shard; this front has not looked at the manifest yet: it goes on
      // answering from its own generation (before, a query here met paragraphs it did not know).
      const from = statuses.length;
      await answered(8);
      window = statuses.length - from;
      expect(await generations.check()).to.equal(true);
      expect(generations.current().number).to.equal(served + 1);
      const found = await request(app).get('/api/search').query({ q: phrase }).expect(200);
      expect((found.body as { total: number }).total).to.equal(1);
      await answered(4);
    } finally {
      running = false;
      await Promise.all(workers);
      await generations.close();
    }
    expect(window).to.be.at.least(8);
    expect([...new Set(statuses)]).to.deep.equal([200]);
    // Before the swap the phrase was found nowhere; after it, in the edited report (or still not,
    // for a request that began before).
    expect(totals.has(0)).to.equal(true);
    expect([...totals].every((total) => total === 0 || total === 1)).to.equal(true);
  });

  async function reindexWhileServing(cluster: TestCluster, generations: ClusterGenerations): Promise<void> {
    const { manifest } = cluster.outcome;
    const app = createApp({ generations, logger: memoryLogger() });
    const before = await request(app).get('/api/search').query({ q: '"鳌头独占"' }).expect(200);
    expect((before.body as { total: number }).total).to.equal(0);
    const statistics = statSync(rankingFile(cluster.dir)).mtimeMs;
    const again = await indexCluster({ dir: cluster.dir, corpusDir, reports: cluster.reports, nodes: manifest.nodes, front: manifest.front });
    expect(again.indexed).to.deep.equal([]);
    expect(statSync(rankingFile(cluster.dir)).mtimeMs).to.equal(statistics);

    const name = readdirSync(corpusDir).filter(isCorpusFile)[0] ?? '';
    writeFileSync(join(corpusDir, name), `${readFileSync(join(corpusDir, name), 'utf8')}\n\n新增一段用于检验重建的文字：鳌头独占。\n`);
    // The search refuses a corpus the cluster was not built from; a server keeps its generation.
    expect(await generations.check()).to.equal(false);
    let error: unknown;
    try {
      await openClusterSearch({ corpusDir, clusterDir: cluster.dir, host: '127.0.0.1', port: manifest.front.sqlPort });
    } catch (caught) {
      error = caught;
    }
    expect(error).to.be.instanceOf(ClusterError);
    expect((error as Error).message).to.include('集群索引与语料不一致');

    const { reports } = await loadCorpus(corpusDir);
    addCorpusTerms(reports);
    const edited = reports.find((report) => report.file === name);
    if (edited === undefined) throw new Error(`no report from ${name}`);
    const outcome = await indexCluster({ dir: cluster.dir, corpusDir, reports, nodes: manifest.nodes, front: manifest.front });
    expect(outcome.indexed).to.deep.equal([`shard${String(shardOf(edited.meta.id, 2))}`]);
    const reopened = await openClusterSearch({ corpusDir, clusterDir: cluster.dir, host: '127.0.0.1', port: manifest.front.sqlPort });
    try {
      const result = await reopened.service.search('"鳌头独占"');
      expect(result.hits.map((hit) => hit.docId)).to.deep.equal([edited.meta.id]);
    } finally {
      await reopened.engine.close();
    }

    // The server still answers from what it opened (its cached answer included) until it looks
    // at the manifest; then the new generation answers, and nothing cached before is served.
    const cached = await request(app).get('/api/search').query({ q: '"鳌头独占"' }).expect(200);
    expect((cached.body as { total: number }).total).to.equal(0);
    expect(await generations.check()).to.equal(true);
    expect(await generations.check()).to.equal(false);
    const after = await request(app).get('/api/search').query({ q: '"鳌头独占"' }).expect(200);
    expect((after.body as { total: number; hits: { docId: string }[] }).hits.map((hit) => hit.docId)).to.deep.equal([edited.meta.id]);
    const health = await request(app).get('/healthz').expect(200);
    expect((health.body as { generation: number }).generation).to.equal(2);
  }
});
