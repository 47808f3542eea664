/**
 * What a user drops in: a report into the inbox is imported into the corpus and served; a file
 * the inbox cannot import, and a bad file in the corpus, are left out, listed with why (in
 * Chinese) on `/docs` and in `/healthz`, and never take down what is served.
 */
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import request from 'supertest';
import type { Express } from 'express';
import type { LiveCorpus } from '../../src/live/index.js';
import type { Generation } from '../../src/search/generation.js';
import { createApp } from '../../src/web/app.js';
import { memoryLogger } from '../web/helpers.js';
import { reportFile, SEED_FILES, startLive, tempCorpus } from './helpers.js';

describe('Inbox', function () {
  this.timeout(300_000);
  let dirs: ReturnType<typeof tempCorpus>;
  let live: LiveCorpus;
  let app: Express;
  const swaps: Array<[number, number]> = [];

  before(async () => {
    dirs = tempCorpus();
    mkdirSync(dirs.inboxDir);
    live = await startLive(dirs);
    live.onSwap((next: Generation, previous: Generation) => {
      swaps.push([previous.number, next.number]);
    });
    app = createApp({ generations: live, logger: memoryLogger() });
  });

  after(async () => {
    await live.close();
    rmSync(dirs.root, { recursive: true, force: true });
  });

  describe('#import', () => {
    it('imports a text report dropped in the inbox, keeps the dropped file under imported/ and serves the report', async () => {
      writeFileSync(join(dirs.inboxDir, 'inbox-01.txt'), reportFile('inbox-01', ['发展羽衣甘蓝特色种植，带动农户增收。']));
      const generation = await live.refresh();
      expect(generation.number).to.equal(2);
      expect(existsSync(join(dirs.corpusDir, 'inbox-01.txt'))).to.equal(true);
      expect(readdirSync(dirs.inboxDir)).to.deep.equal(['imported']);
      expect(readdirSync(join(dirs.inboxDir, 'imported'))).to.deep.equal(['inbox-01.txt']);
      const found = await request(app).get(`/api/search?q=${encodeURIComponent('羽衣甘蓝')}`);
      expect(found.body).to.deep.include({ total: 1 });
      expect((found.body as { hits: Array<{ docId: string }> }).hits.map((h) => h.docId)).to.deep.equal(['inbox-01']);
    });

    it('tells the swap listeners, with the new generation and the one it replaced', () => {
      expect(swaps).to.deep.equal([[1, 2]]);
    });

    it('leaves a file it cannot import in the inbox, lists it with why, and does not try it again until it changes', async () => {
      writeFileSync(join(dirs.inboxDir, '2024年报告.pdf'), Buffer.from('%PDF-1.7\n%broken\n'));
      await live.refresh();
      await live.refresh();
      expect(live.status().notImported).to.deep.equal([
        {
          file: '收件箱/2024年报告.pdf',
          reason: '暂不能导入 .pdf 文件：收件箱目前只接受带元数据的 .txt 或 .md 文本',
          detail: '暂不能导入 .pdf 文件：收件箱目前只接受带元数据的 .txt 或 .md 文本',
        },
      ]);
      expect(live.status().problems.map((p) => p.message)).to.deep.equal(['收件箱/2024年报告.pdf 未导入：暂不能导入 .pdf 文件：收件箱目前只接受带元数据的 .txt 或 .md 文本']);
      expect(existsSync(join(dirs.inboxDir, '2024年报告.pdf'))).to.equal(true);
      expect(live.current().number).to.equal(2);
    });

    it('refuses a text file without front matter, naming what is missing in Chinese', async () => {
      writeFileSync(join(dirs.inboxDir, 'notes.txt'), '只是一些笔记。\n');
      await live.refresh();
      expect(live.status().notImported.find((f) => f.file === '收件箱/notes.txt')?.reason).to.equal('缺少文件开头的元数据（第一行应为“---”）');
    });
  });

  describe('#leftOut', () => {
    it('leaves a bad corpus file out and keeps serving the other reports', async () => {
      writeFileSync(join(dirs.corpusDir, 'bad-year.txt'), reportFile('bad-year', ['全面推进乡村振兴。']).replace('year: 2024', 'year: 二〇二四'));
      const generation = await live.refresh();
      expect(generation.number).to.equal(3);
      expect(generation.leftOut).to.deep.equal([
        {
          file: 'bad-year.txt',
          reason: '年份“二〇二四”无效，应为 1949 至 2100 年的四位数',
          detail: 'ingest: bad-year.txt: front matter "year" must be a four-digit year from 1949 to 2100, got "二〇二四"',
        },
      ]);
      expect(generation.service.documents()).to.have.length(SEED_FILES.length + 1);
    });

    it('lists the files left out and not imported on /docs, with the reasons in Chinese', async () => {
      const page = await request(app).get('/docs');
      expect(page.status).to.equal(200);
      const section = page.text.slice(page.text.indexOf('未收录的文件'));
      expect(section).to.include('未收录的文件 · 3 个');
      expect(section).to.include('<code>bad-year.txt</code></th><td>年份“二〇二四”无效，应为 1949 至 2100 年的四位数</td>');
      expect(section).to.include('<code>收件箱/2024年报告.pdf</code></th><td>暂不能导入 .pdf 文件：收件箱目前只接受带元数据的 .txt 或 .md 文本</td>');
      expect(section).to.include('<code>收件箱/notes.txt</code></th><td>缺少文件开头的元数据（第一行应为“---”）</td>');
    });

    it('reports the same in /healthz', async () => {
      const health = (await request(app).get('/healthz')).body as { generation: number; leftOut: unknown[]; notImported: unknown[]; documents: number };
      expect(health.generation).to.equal(3);
      expect(health.documents).to.equal(SEED_FILES.length + 1);
      expect(health.leftOut).to.deep.equal([{ file: 'bad-year.txt', reason: '年份“二〇二四”无效，应为 1949 至 2100 年的四位数' }]);
      expect(health.notImported).to.have.length(2);
    });

    it('says nothing of left-out files on /docs when there are none', async () => {
      rmSync(join(dirs.corpusDir, 'bad-year.txt'));
      rmSync(join(dirs.inboxDir, '2024年报告.pdf'));
      rmSync(join(dirs.inboxDir, 'notes.txt'));
      await live.refresh();
      const page = await request(app).get('/docs');
      expect(page.text).to.not.include('未收录的文件');
    });
  });
});
