import { expect } from 'chai';
import type { Express } from 'express';
import request from 'supertest';
import type { SearchService } from '../../src/search/types.js';
import { markedHtml } from '../../src/web/html.js';
import { corpusApp, q } from './helpers.js';

const HTML_TYPE = 'text/html; charset=utf-8';

/** Every match of `pattern`'s first group in `html`. */
function all(html: string, pattern: RegExp): string[] {
  return [...html.matchAll(pattern)].map((m) => m[1] ?? '');
}

/** `&amp;` → `&` in attribute values. */
function unescapeAttr(value: string): string {
  return value.replace(/&amp;/g, '&').replace(/&#34;/g, '"').replace(/&#39;/g, "'");
}

describe('web site', () => {
  let app: Express;
  let service: SearchService;

  before(async () => {
    ({ app, service } = await corpusApp());
  });

  describe('GET /', () => {
    it('has the search box with suggestions, examples, the corpus overview and the syntax help', async () => {
      const res = await request(app).get('/').expect(200).expect('Content-Type', HTML_TYPE);
      expect(res.text).to.match(/<html lang="zh-CN">/);
      expect(res.text).to.match(/<label for="q-home" class="visually-hidden">搜索政府工作报告<\/label>/);
      expect(res.text).to.match(/<input id="q-home" name="q" type="search"[^>]* role="combobox"[^>]*\saria-controls="q-home-list" data-suggest autofocus>/);
      const examples = all(res.text, /<li><a href="(\/search\?q=[^"]+)"><code>/g);
      expect(examples.length).to.be.at.least(4);
      for (const url of examples) expect((await request(app).get(unescapeAttr(url)).expect(200)).text).to.include('<mark>');
      const docs = service.documents();
      expect(res.text).to.include(`逐段检索 ${String(docs.length)} 份政府工作报告`);
      expect(res.text).to.match(/<tfoot><tr><th scope="row">合计<\/th><td class="num">30<\/td>/);
      expect(res.text).to.include('id="syntax"');
    });
  });

  describe('GET /docs', () => {
    it('lists every report by level, each linking to the reader', async () => {
      const res = await request(app).get('/docs').expect(200).expect('Content-Type', HTML_TYPE);
      const links = all(res.text, /<th scope="row"><a href="\/doc\/([a-z0-9-]+)">/g);
      const levelOrder = ['省', '市', '区', '县', '镇'];
      const expected = [...service.documents()].sort((a, b) => levelOrder.indexOf(a.level) - levelOrder.indexOf(b.level)).map((d) => d.id);
      expect(links).to.deep.equal(expected);
    });
  });

  describe('GET /help', () => {
    it('renders the query syntax documentation', async () => {
      const res = await request(app).get('/help').expect(200).expect('Content-Type', HTML_TYPE);
      expect(res.text).to.include('<h1 id="help-title">检索语法</h1>');
      expect(res.text).to.include('<h2>任选其一（OR）</h2>');
      expect(res.text).to.include('<td><code>科技|人才</code></td>');
      expect(res.text).to.include('<a href="/help" aria-current="page">查询语法</a>');
    });
  });

  describe('GET /search', () => {
    it('lists hits with title, level badge, breadcrumb, marked snippet and a link to the paragraph in the reader', async () => {
      const res = await request(app).get(q('/search', '高质量发展')).expect(200).expect('Content-Type', HTML_TYPE);
      const result = (await service.search('高质量发展', { size: 10 }));
      expect(res.text).to.include(`找到 <strong>${result.total.toLocaleString('zh-CN')}</strong> 个段落`);
      expect(all(res.text, /<li class="hit">/g)).to.have.length(10);
      const links = all(res.text, /<a class="read" href="([^"]+)">/g).map(unescapeAttr);
      expect(links).to.deep.equal(result.hits.map((h) => h.url));
      expect(links[0]).to.match(/^\/doc\/[a-z0-9-]+\?q=%E9%AB%98%E8%B4%A8%E9%87%8F%E5%8F%91%E5%B1%95#p\d+$/);
      const snippets = all(res.text, /<p class="snippet">(.*?)<\/p>/g);
      expect(snippets).to.deep.equal(result.hits.map((h) => markedHtml(h.snippet.text, h.snippet.highlights)));
      // Every hit shows its match: in the snippet, or in the breadcrumb when the heading matched.
      for (const item of res.text.split('<li class="hit">').slice(1)) expect(item).to.include('<mark>高质量发展</mark>');
      expect(all(res.text, /<span class="badge (lv-[a-z]+)"/g).slice(0, 10)).to.have.length(10);
      expect(res.text).to.match(/<nav class="crumbs" aria-label="章节位置">/);
    });

    it('offers level and report facets with counts, as links that filter', async () => {
      const res = await request(app).get(q('/search', '高质量发展')).expect(200);
      const result = (await service.search('高质量发展'));
      const levelLinks = all(res.text, /<a class="facet" href="([^"]*)"><span class="badge/g).map(unescapeAttr);
      expect(levelLinks.length).to.equal(Object.keys(result.facets.level).length);
      expect(levelLinks).to.include('/search?q=%E9%AB%98%E8%B4%A8%E9%87%8F%E5%8F%91%E5%B1%95&level=%E5%8C%BA');
      expect(res.text).to.match(new RegExp(`区级</span> <span class="count">${String(result.facets.level.区)}<span class="visually-hidden"> 段</span></span>`));
      const filtered = await request(app).get('/search?q=%E9%AB%98%E8%B4%A8%E9%87%8F%E5%8F%91%E5%B1%95&level=%E5%8C%BA').expect(200);
      const badges = all(filtered.text, /<h2 class="hit-title"[^>]*>.*?<span class="badge (lv-[a-z]+)"/g);
      expect(badges).to.have.length(10);
      expect(new Set(badges)).to.deep.equal(new Set(['lv-qu']));
      expect(filtered.text).to.match(/<a class="facet active" href="\/search\?q=%E9%AB%98%E8%B4%A8%E9%87%8F%E5%8F%91%E5%B1%95" aria-current="true">/);
      // The other levels stay offered, with their counts for the query alone.
      const otherLevels = all(filtered.text, /<a class="facet" href="([^"]*)"><span class="badge/g);
      expect(otherLevels.length).to.equal(Object.keys(result.facets.level).length - 1);
      const docLinks = all(res.text, /<a class="facet" href="([^"]*&amp;doc=[^"]*)"/g);
      expect(docLinks.length).to.equal(Object.values(result.facets.doc).filter((n) => n > 0).length);
    });

    it('paginates and sorts by relevance or document order', async () => {
      const res = await request(app).get(q('/search', '高质量发展', '&page=2')).expect(200);
      expect(res.text).to.include('<ol class="hits" start="11">');
      expect(res.text).to.include('<a rel="prev" href="/search?q=%E9%AB%98%E8%B4%A8%E9%87%8F%E5%8F%91%E5%B1%95">上一页</a>');
      expect(res.text).to.include('<a rel="next" href="/search?q=%E9%AB%98%E8%B4%A8%E9%87%8F%E5%8F%91%E5%B1%95&amp;page=3">下一页</a>');
      expect(res.text).to.include('<a aria-current="page" href="/search?q=%E9%AB%98%E8%B4%A8%E9%87%8F%E5%8F%91%E5%B1%95&amp;page=2">2</a>');
      const first = await service.search('高质量发展');
      const last = Math.ceil((first.total - first.folded + first.headingMatches) / 10);
      await request(app).get(q('/search', '高质量发展', '&page=1000&sort=order')).expect(302).expect('Location', `/search?q=%E9%AB%98%E8%B4%A8%E9%87%8F%E5%8F%91%E5%B1%95&sort=order&page=${String(last)}`);
      const ordered = await request(app).get(q('/search', '高质量发展', '&sort=order')).expect(200);
      expect(ordered.text).to.include('<a href="/search?q=%E9%AB%98%E8%B4%A8%E9%87%8F%E5%8F%91%E5%B1%95&amp;sort=order" aria-current="true">文档顺序</a>');
      const expected = (await service.search('高质量发展', { sort: 'order', size: 10 })).hits.map((h) => h.url);
      expect(all(ordered.text, /<a class="read" href="([^"]+)">/g).map(unescapeAttr)).to.deep.equal(expected);
    });

    it('echoes the query escaped, never as markup', async () => {
      for (const hostile of ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', "'><svg onload=alert(1)>"]) {
        const res = await request(app).get(q('/search', hostile)).expect(200);
        expect(res.text).to.not.include('<script>alert');
        expect(res.text).to.not.include('<img src=x');
        expect(res.text).to.not.include('<svg onload');
      }
      const res = await request(app).get(q('/search', '"><img src=x onerror=alert(1)>')).expect(200);
      expect(res.text).to.include('value="&#34;&gt;&lt;img src=x onerror=alert(1)&gt;"');
    });

    it('relaxes a query no paragraph fully matches, with a note and a link to insist on every word', async () => {
      const res = await request(app).get(q('/search', '高质量发展 葡萄柚')).expect(200);
      expect(res.text).to.include('<li>没有同时包含全部词语（高质量发展、葡萄柚）的段落，以下结果包含其中 1 个</li>');
      expect(res.text).to.include('<a href="/search?q=%E9%AB%98%E8%B4%A8%E9%87%8F%E5%8F%91%E5%B1%95+%E8%91%A1%E8%90%84%E6%9F%9A&amp;strict=1">要求全部词语、按原样检索</a>');
      const strict = await request(app).get(q('/search', '高质量发展 葡萄柚', '&strict=1')).expect(200);
      expect(strict.text).to.include('没有找到匹配的段落');
      expect(strict.text).to.include('不要求全部词语，再查一次');
      await request(app).get(q('/search', '高质量发展', '&strict=yes')).expect(400);
    });

    it('helps after an empty result: a near query, a link without the filters', async () => {
      const near = await request(app).get(q('/search', '高质量发')).expect(200);
      if ((await service.search('高质量发')).total === 0) expect(near.text).to.include('相近的查询');
      const phrase = '"绿水青山就是金山银山"';
      const totals = await Promise.all(service.documents().map(async (d) => ({ d, total: (await service.search(phrase, { doc: [d.id] })).total })));
      const empty = totals.find((t) => t.total === 0)?.d;
      if (empty === undefined) throw new Error('every report has the phrase');
      const filtered = await request(app).get(q('/search', phrase, `&doc=${empty.id}`)).expect(200);
      expect(filtered.text).to.include('没有找到匹配的段落');
      expect(filtered.text).to.include('<a href="/search?q=%22%E7%BB%BF%E6%B0%B4%E9%9D%92%E5%B1%B1%E5%B0%B1%E6%98%AF%E9%87%91%E5%B1%B1%E9%93%B6%E5%B1%B1%22">取消级别和报告筛选，再查一次</a>');
    });

    it('sends an empty query home and rejects bad parameters with a 400 page naming them', async () => {
      await request(app).get('/search?q=').expect(302).expect('Location', '/');
      const res = await request(app).get(q('/search', 'a', '&page=0')).expect(400).expect('Content-Type', HTML_TYPE);
      expect(res.text).to.include('<p class="error-message" role="alert">参数 page：必须是 1 到 1000 之间的整数，收到“0”</p>');
      const long = await request(app).get(q('/search', '高'.repeat(201))).expect(400);
      expect(long.text).to.include('参数 q：查询过长（201 个字符），最多 200 个字符');
    });

    it('points at the position of a query error', async () => {
      const res = await request(app).get(q('/search', '营商 环境)')).expect(400).expect('Content-Type', HTML_TYPE);
      expect(res.text).to.include('查询语句有误：多余的右括号“)”');
      expect(res.text).to.include('问题出在第 6 个字符（“)”）');
      expect(res.text).to.include('<p class="query-echo"><code>营商 环境<mark class="bad">)</mark></code></p>');
      expect(res.text).to.include('value="营商 环境)"');
    });

    it('weighs under 100 KB with its stylesheet and script', async () => {
      const res = await request(app).get(q('/search', '高质量发展')).expect(200);
      const assets = all(res.text, /(?:href|src)="(\/static\/[^"]+)"/g);
      expect(assets).to.have.length(3);
      let total = Buffer.byteLength(res.text);
      // Uncompressed bytes: the weight a client without gzip pays.
      for (const url of assets) total += Number((await request(app).get(url).set('Accept-Encoding', 'identity').expect(200)).headers['content-length']);
      expect(total).to.be.below(100 * 1024);
    });

    it('is sent gzip-compressed to clients that accept it', async () => {
      const res = await request(app).get(q('/search', '高质量发展')).set('Accept-Encoding', 'gzip').expect(200);
      expect(res.headers['content-encoding']).to.equal('gzip');
    });
  });

  describe('GET /doc/:id', () => {
    it('shows the whole report with a table of contents and an anchor on every block', async () => {
      const res = await request(app).get('/doc/qu-01').expect(200).expect('Content-Type', HTML_TYPE);
      const doc = (await service.read('qu-01'));
      if (doc === undefined) throw new Error('qu-01 missing');
      expect(all(res.text, / id="([ph]\d+)"/g)).to.deep.equal(doc.blocks.map((b) => b.anchor));
      const toc = all(res.text, /<li class="toc-l\d"><a href="#(h\d+)">/g);
      expect(toc).to.deep.equal(doc.blocks.filter((b) => b.type === 'heading').map((b) => b.anchor));
      expect(res.text).to.not.include('<mark>');
      expect(res.text).to.not.include('data-match-bar');
    });

    it('marks the query throughout and links each match to the previous and next one', async () => {
      const res = await request(app).get(q('/doc/qu-01', '高质量发展')).expect(200);
      const doc = (await service.read('qu-01', '高质量发展'));
      if (doc === undefined) throw new Error('qu-01 missing');
      const n = doc.matchAnchors.length;
      expect(n).to.be.at.least(3);
      const marks = doc.blocks.reduce((sum, b) => sum + (markedHtml(b.text, b.highlights).match(/<mark>/g) ?? []).length, 0);
      // One more mark echoes the query in the match bar.
      expect((res.text.match(/<mark>/g) ?? []).length).to.equal(marks + 1);
      expect(res.text).to.include(`<a class="next" data-step="1" href="#${doc.matchAnchors[0] ?? ''}">下一处</a>`);
      expect(res.text).to.include(`<span class="pos">（2 / ${String(n)}）</span>`);
      const second = doc.matchAnchors[1] ?? '';
      const block = res.text.slice(res.text.indexOf(`id="${second}"`));
      expect(block).to.match(new RegExp(`^id="${second}" class="(para|doc-heading) has-match" data-match="1"`));
      if (block.startsWith(`id="${second}" class="para`)) {
        expect(block).to.include(`<a href="#${doc.matchAnchors[0] ?? ''}">上一处</a>`);
        expect(block).to.include(`<a href="#${doc.matchAnchors[2] ?? ''}">下一处</a>`);
      }
    });

    it('says so, exactly where a paragraph matches through its section heading only', async () => {
      for (const { id } of service.documents().slice(0, 8)) {
        const doc = (await service.read(id, '高质量发展'));
        if (doc === undefined) throw new Error(`${id} missing`);
        const viaHeading = doc.blocks.filter((b) => b.type === 'paragraph' && b.highlights.length === 0 && doc.matchAnchors.includes(b.anchor)).length;
        const res = await request(app).get(q(`/doc/${id}`, '高质量发展')).expect(200);
        expect(res.text.split('<span class="via-heading">匹配在所属章节标题中</span>').length - 1, id).to.equal(viaHeading);
      }
    });

    it('has a citation and a permanent link for every paragraph', async () => {
      const res = await request(app).get('/doc/qu-01').expect(200);
      const doc = (await service.read('qu-01'));
      if (doc === undefined) throw new Error('qu-01 missing');
      const paragraphs = doc.blocks.filter((b) => b.type === 'paragraph');
      expect(all(res.text, /<pre class="cite-text" id="cite-(p\d+)">/g)).to.deep.equal(paragraphs.map((b) => b.anchor));
      expect(res.text).to.include('XX区人民政府. 2024年XX区政府工作报告（XX区·01）[R/OL]. (2024)[2026-03-15]. https://search.example.org/doc/qu-01.');
      expect(res.text).to.include(`data-copy-link="https://search.example.org/doc/qu-01/${paragraphs[0]?.anchor ?? ''}"`);
    });

    it('answers an unknown id, encoded dots and NUL bytes with a 404 page', async () => {
      for (const path of ['/doc/qu-99', '/doc/..%2F..%2Fpackage.json', '/doc/%2e%2e', '/doc/qu-01%00', '/doc/%E0%A4%A', '/doc/QU-01']) {
        const res = await request(app).get(path).expect(404).expect('Content-Type', HTML_TYPE);
        expect(res.text).to.include('<h1>找不到页面</h1>');
      }
    });

    it('shows the report whatever the query, marking nothing when it is malformed', async () => {
      const res = await request(app).get(q('/doc/qu-01', 'a)')).expect(200);
      expect(res.text).to.not.include('<mark>a');
      expect(all(res.text, / id="([ph]\d+)"/g)).to.have.length((await service.read('qu-01'))?.blocks.length ?? -1);
    });
  });

  describe('GET /compare', () => {
    it('offers a form and examples without a query', async () => {
      const res = await request(app).get('/compare').expect(200).expect('Content-Type', HTML_TYPE);
      expect(res.text).to.include('<label for="compare-q">短语或查询</label>');
      expect(res.text).to.not.include('<svg');
    });

    it('charts and tabulates every report (those without a match on request), each linking to its matching paragraphs', async () => {
      const phrase = '"绿水青山就是金山银山"';
      const result = (await service.compare(phrase));
      const matched = await request(app).get(q('/compare', phrase)).expect(200);
      expect(all(matched.text, /<rect x="24%" /g)).to.have.length(result.documents.filter((d) => d.occurrences > 0).length);
      const res = await request(app).get(q('/compare', phrase, '&all=1')).expect(200);
      expect(all(res.text, /<svg width="100%"[^>]*role="group"/g).length).to.equal(1);
      expect(all(res.text, /<rect x="24%" /g)).to.have.length(result.documents.length);
      expect(all(res.text, /<input type="checkbox" name="docs" value="([a-z0-9-]+)"/g)).to.have.members(result.documents.map((d) => d.docId));
      const matching = result.documents.filter((d) => d.paragraphs > 0);
      for (const d of matching) expect(res.text).to.include(`href="/search?q=${encodeURIComponent(phrase).replace(/%20/g, '+')}&amp;doc=${d.docId}"`);
      expect(res.text).to.include(`共出现 <strong>${String(result.totalOccurrences)}</strong> 次`);
      expect(res.text).to.not.include('style=');
    });

    it('puts the matching paragraphs of two or three chosen reports side by side', async () => {
      const res = await request(app).get(q('/compare', '高质量发展', '&docs=qu-01,shi-01,xian-01')).expect(200);
      expect(res.text).to.include('<div class="columns columns-3">');
      for (const id of ['qu-01', 'shi-01', 'xian-01']) {
        const found = (await service.search('高质量发展', { doc: [id], size: 100, sort: 'order' }));
        const column = res.text.slice(res.text.indexOf(`id="col-${id}"`));
        expect(column).to.include(`${String(found.total)} 个匹配段落`);
        expect(column).to.include(`<input type="checkbox" name="docs" value="${id}" id="pick-${id}" checked>`.slice(0, 20));
      }
      const checked = await request(app).get(q('/compare', '高质量发展', '&docs=qu-01&docs=shi-01')).expect(200);
      expect(checked.text).to.include('<div class="columns columns-2">');
      expect(checked.text).to.include('value="qu-01" id="pick-qu-01" checked>');
    });

    it('asks for two or three reports, with a 400', async () => {
      const res = await request(app).get(q('/compare', '高质量发展', '&docs=qu-01')).expect(400);
      expect(res.text).to.include('请选择 2 到 3 份报告进行并排对照，当前选择了 1 份');
      await request(app).get(q('/compare', '高质量发展', '&docs=qu-01,nope')).expect(400);
    });
  });

  describe('unknown pages', () => {
    it('answer with a 404 page', async () => {
      const res = await request(app).get('/nothing/here').expect(404).expect('Content-Type', HTML_TYPE);
      expect(res.text).to.include('<h1>找不到页面</h1>');
      await request(app).post('/search').expect(404);
    });
  });
});
