/**
 * What a user drops in: a web page in the inbox is imported into the corpus and served, its
 * original downloadable from the reader; a file
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

const PAGE_NAME = '2024年测试县政府工作报告.html';

/** A report as saved from a government site: navigation and footer around the article. */
const PAGE = `<!DOCTYPE html><html><head><meta charset="utf-8"><title>2024年测试县政府工作报告_测试县人民政府</title></head>
<body><nav><a href="/">首页</a> | <a href="/zw">政务公开</a></nav>
<div class="article"><h1>2024年测试县政府工作报告</h1>
<p>——2024年1月10日在测试县第十八届人民代表大会第四次会议上</p>
<p>县长 张三</p>
<p>各位代表：</p>
<h2>一、2023年工作回顾</h2>
<p>过去一年，我们大力发展羽衣甘蓝特色种植，带动农户增收，全面推进乡村振兴。</p>
<p>我们坚持项目为王，推动经济高质量发展。</p>
</div><footer>版权所有 测试县人民政府 分享到：微信</footer></body></html>
`;

describe('Inbox', function () {
  this.timeout(300_000);
  let dirs: ReturnType<typeof tempCorpus>;
  let live: LiveCorpus;
  let app: Express;
  const swaps: Array<[number, number]> = [];
  let pageId = '';

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
    it('imports a web page dropped in the inbox, keeps its original beside the text and the dropped file under imported/, and serves the report', async () => {
      writeFileSync(join(dirs.inboxDir, PAGE_NAME), PAGE);
      const generation = await live.refresh();
      expect(generation.number).to.equal(2);
      const doc = generation.service.documents().find((d) => d.title === '2024年测试县政府工作报告');
      expect(doc).to.include({ region: '测试县', level: '县', year: 2024, kind: '全文', original: PAGE_NAME, date: '2024-01-10' });
      pageId = doc?.id ?? '';
      expect(readdirSync(join(dirs.corpusDir, 'originals'))).to.deep.equal([`${pageId}.html`]);
      expect(readdirSync(dirs.inboxDir)).to.deep.equal(['imported']);
      expect(readdirSync(join(dirs.inboxDir, 'imported'))).to.deep.equal([PAGE_NAME]);
      const found = await request(app).get(`/api/search?q=${encodeURIComponent('羽衣甘蓝')}`);
      expect(found.body).to.deep.include({ total: 1 });
      expect((found.body as { hits: Array<{ docId: string }> }).hits.map((h) => h.docId)).to.deep.equal([pageId]);
    });

    it('tells the swap listeners, with the new generation and the one it replaced', () => {
      expect(swaps).to.deep.equal([[1, 2]]);
    });

    it("shows the meeting, date, speaker and source in the reader's header, with a link to the original", async () => {
      const page = await request(app).get(`/doc/${pageId}`);
      expect(page.status).to.equal(200);
      const header = page.text.slice(page.text.indexOf('<header class="doc-header">'), page.text.indexOf('</header>', page.text.indexOf('<header class="doc-header">')));
      expect(header).to.include('<dt>会议</dt><dd>测试县第十八届人民代表大会第四次会议</dd>');
      expect(header).to.include('<dt>日期</dt><dd><time datetime="2024-01-10">2024年1月10日</time></dd>');
      expect(header).to.include('<dt>报告人</dt><dd>县长 张三</dd>');
      expect(header).to.include(`<dt>来源</dt><dd>`);
      expect(header).to.include(`<a href="/doc/${pageId}/original" download>查看原件</a> <span class="muted">${PAGE_NAME}</span>`);
    });

    it('downloads the original as received: its bytes, its type, and its Chinese name encoded as RFC 6266 and 5987 say', async () => {
      const res = await request(app).get(`/doc/${pageId}/original`).buffer(true).parse((r, done) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => {
          done(null, Buffer.concat(chunks));
        });
      });
      expect(res.status).to.equal(200);
      expect(res.headers['content-type']).to.equal('text/html; charset=utf-8');
      expect(res.headers['content-disposition']).to.equal(`attachment; filename="2024??????????.html"; filename*=UTF-8''${encodeURIComponent(PAGE_NAME)}`);
      expect(res.headers['x-content-type-options']).to.equal('nosniff');
      expect((res.body as Buffer).equals(Buffer.from(PAGE))).to.equal(true);
    });

    it('has no original to send for a report without one, an unknown report or a path', async () => {
      expect((await request(app).get('/doc/qu-01/original')).status).to.equal(404);
      expect((await request(app).get('/doc/qu-01/original')).text).to.include('这份报告没有保存原件');
      expect((await request(app).get('/doc/nope/original')).status).to.equal(404);
      expect((await request(app).get('/doc/..%2F..%2Fetc%2Fpasswd/original')).status).to.equal(404);
      expect((await request(app).get(`/doc/${pageId}/original/..`)).status).to.equal(404);
    });

    it('leaves a file it cannot import in the inbox, lists it with why, and does not try it again until it changes', async () => {
      writeFileSync(join(dirs.inboxDir, '2024年报告.pdf'), Buffer.from('%PDF-1.7\n%broken\n'));
      await live.refresh();
      await live.refresh();
      const [entry] = live.status().notImported;
      expect(entry?.file).to.equal('收件箱/2024年报告.pdf');
      expect(entry?.reason).to.match(/[\u4e00-\u9fff]/u);
      expect(live.status().problems.map((p) => p.message)).to.deep.equal([`收件箱/2024年报告.pdf 未导入：${entry?.reason ?? ''}`]);
      expect(existsSync(join(dirs.inboxDir, '2024年报告.pdf'))).to.equal(true);
      expect(live.current().number).to.equal(2);
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
      expect(section).to.include('未收录的文件 · 2 个');
      expect(section).to.include('<code>bad-year.txt</code></th><td>年份“二〇二四”无效，应为 1949 至 2100 年的四位数</td>');
      expect(section).to.include(`<code>收件箱/2024年报告.pdf</code></th><td>${live.status().notImported[0]?.reason ?? 'none'}</td>`);
    });

    it('reports the same in /healthz', async () => {
      const health = (await request(app).get('/healthz')).body as { generation: number; leftOut: unknown[]; notImported: unknown[]; documents: number };
      expect(health.generation).to.equal(3);
      expect(health.documents).to.equal(SEED_FILES.length + 1);
      expect(health.leftOut).to.deep.equal([{ file: 'bad-year.txt', reason: '年份“二〇二四”无效，应为 1949 至 2100 年的四位数' }]);
      expect(health.notImported).to.have.length(1);
    });

    it('says nothing of left-out files on /docs when there are none', async () => {
      rmSync(join(dirs.corpusDir, 'bad-year.txt'));
      rmSync(join(dirs.inboxDir, '2024年报告.pdf'));
      await live.refresh();
      const page = await request(app).get('/docs');
      expect(page.text).to.not.include('未收录的文件');
    });
  });
});
