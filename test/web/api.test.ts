import { expect } from 'chai';
import type { Express } from 'express';
import request from 'supertest';
import type { CompareResult, DocSummary, Hit, SearchResult, SearchService } from '../../src/search/types.js';
import { corpusApp, q } from './helpers.js';

const JSON_TYPE = 'application/json; charset=utf-8';

describe('web API', () => {
  let app: Express;
  let service: SearchService;

  before(async () => {
    ({ app, service } = await corpusApp());
  });

  /** A 400 naming `parameter`, with exactly `message`. */
  async function badRequest(url: string, parameter: string, message: string): Promise<void> {
    const res = await request(app).get(url).expect(400).expect('Content-Type', JSON_TYPE);
    expect(res.body).to.deep.equal({ error: { message, parameter } });
  }

  describe('GET /api/docs', () => {
    it('lists every document with its summary, in corpus order', async () => {
      const res = await request(app).get('/api/docs').expect(200).expect('Content-Type', JSON_TYPE);
      const body = res.body as { documents: DocSummary[] };
      expect(body).to.deep.equal({ documents: service.documents() });
      expect(body.documents).to.have.length(30);
      expect(Object.keys(body.documents[0] ?? {})).to.deep.equal(['id', 'title', 'region', 'level', 'year', 'kind', 'paragraphs', 'characters']);
    });
  });

  describe('GET /api/docs/:id', () => {
    it('gives the metadata and the blocks in document order', async () => {
      const res = await request(app).get('/api/docs/qu-01').expect(200).expect('Content-Type', JSON_TYPE);
      const doc = (await service.read('qu-01'));
      expect(doc).to.not.equal(undefined);
      if (doc === undefined) return;
      expect(res.body).to.include({ ...doc.summary, source: doc.source });
      const blocks = (res.body as { blocks: unknown }).blocks as Array<{ type: string; anchor: string; text: string; level?: number }>;
      expect(blocks.map((b) => b.anchor)).to.deep.equal(doc.blocks.map((b) => b.anchor));
      expect(blocks.map((b) => b.text)).to.deep.equal(doc.blocks.map((b) => b.text));
      const heading = blocks.find((b) => b.type === 'heading');
      expect(heading).to.have.keys(['type', 'level', 'text', 'anchor']);
      const paragraph = blocks.find((b) => b.type === 'paragraph');
      expect(paragraph).to.have.keys(['type', 'paragraph', 'sectionPath', 'text', 'anchor']);
    });

    it('answers an unknown id with a JSON 404', async () => {
      const res = await request(app).get('/api/docs/qu-99').expect(404).expect('Content-Type', JSON_TYPE);
      expect(res.body).to.deep.equal({ error: { message: '找不到报告“qu-99”' } });
    });

    it('answers encoded dots and slashes with a 404', async () => {
      await request(app).get('/api/docs/..%2F..%2Fpackage.json').expect(404).expect('Content-Type', JSON_TYPE);
      await request(app).get('/api/docs/%2e%2e').expect(404);
      await request(app).get('/api/docs/qu-01%00').expect(404);
    });
  });

  describe('GET /api/search', () => {
    it('gives what the search service gives, with hits, facets and the page', async () => {
      const res = await request(app).get(q('/api/search', '高质量发展', '&page=2&size=5')).expect(200).expect('Content-Type', JSON_TYPE);
      const expected = (await service.search('高质量发展', { page: 2, size: 5 }));
      const body = res.body as SearchResult;
      expect({ ...body, tookMs: 0 }).to.deep.equal({ ...expected, tookMs: 0 });
      expect(Object.keys(body)).to.include.members(['query', 'total', 'page', 'size', 'tookMs', 'hits', 'facets']);
      expect(body.hits).to.have.length(5);
      expect(body.facets).to.have.keys(['level', 'doc']);
    });

    it('passes level, doc and sort through', async () => {
      const res = await request(app).get(q('/api/search', '营商环境', '&level=区&sort=order&doc=qu-01,qu-02')).expect(200);
      const expected = (await service.search('营商环境', { level: ['区'], sort: 'order', doc: ['qu-01', 'qu-02'] }));
      const hits = (res.body as SearchResult).hits;
      expect(hits.map((h: Hit) => `${h.docId}#${h.anchor}`)).to.deep.equal(expected.hits.map((h) => `${h.docId}#${h.anchor}`));
      expect(hits.length).to.be.greaterThan(0);
      for (const h of hits) expect(h.docId).to.be.oneOf(['qu-01', 'qu-02']);
      expect(hits.every((h) => h.level === '区')).to.equal(true);
    });

    it('answers a malformed query with 400, the parameter and the position', async () => {
      const res = await request(app).get(q('/api/search', '营商 环境)')).expect(400).expect('Content-Type', JSON_TYPE);
      expect(res.body).to.deep.equal({ error: { message: '查询语句有误：多余的右括号“)”', parameter: 'q', position: 5, length: 1 } });
    });

    it('answers bad parameters with 400 naming the parameter', async () => {
      await badRequest('/api/search', 'q', '参数 q：不能为空');
      await badRequest(q('/api/search', '高'.repeat(201)), 'q', '参数 q：查询过长（201 个字符），最多 200 个字符');
      await badRequest('/api/search?q=a&q=b', 'q', '参数 q：只能出现一次，且必须是文本');
      await badRequest('/api/search?q[a]=1', 'q', '参数 q：不能为空');
      await badRequest('/api/search?q=a&page=abc', 'page', '参数 page：必须是 1 到 1000 之间的整数，收到“abc”');
      await badRequest('/api/search?q=a&page=-1', 'page', '参数 page：必须是 1 到 1000 之间的整数，收到“-1”');
      await badRequest('/api/search?q=a&size=500', 'size', '参数 size：必须是 1 到 100 之间的整数，收到“500”');
      await badRequest('/api/search?q=a&size=1&size=2', 'size', '参数 size：只能出现一次，且必须是文本');
      await badRequest(`/api/search?q=a&level=${encodeURIComponent('州')}`, 'level', '参数 level：必须是 省、市、区、县、镇 之一，收到“州”');
      await badRequest('/api/search?q=a&doc=nope', 'doc', '参数 doc：未知的报告编号“nope”');
      await badRequest('/api/search?q=a&sort=date', 'sort', '参数 sort：必须是 relevance 或 order，收到“date”');
    });
  });

  describe('GET /api/compare', () => {
    it('gives occurrences and paragraphs for every document, zeros included', async () => {
      const res = await request(app).get(q('/api/compare', '"绿水青山就是金山银山"')).expect(200).expect('Content-Type', JSON_TYPE);
      const body = res.body as CompareResult;
      expect(body).to.deep.equal(await service.compare('"绿水青山就是金山银山"'));
      expect(body.documents).to.have.length(30);
      expect(Object.keys(body.documents[0] ?? {})).to.include.members(['docId', 'title', 'level', 'occurrences', 'paragraphs']);
      expect(body.totalOccurrences).to.be.greaterThan(0);
    });

    it('requires q', async () => {
      await badRequest('/api/compare', 'q', '参数 q：不能为空');
    });
  });

  describe('GET /api/suggest', () => {
    it('gives completions of the prefix, best first', async () => {
      const res = await request(app).get(q('/api/suggest', '高质')).expect(200).expect('Content-Type', JSON_TYPE);
      expect(res.body).to.deep.equal({ query: '高质', suggestions: (await service.suggest('高质', 8)) });
      expect((res.body as { suggestions: string[] }).suggestions).to.include('高质量发展');
    });

    it('gives nothing for an empty prefix and honours limit', async () => {
      expect((await request(app).get('/api/suggest?q=').expect(200)).body).to.deep.equal({ query: '', suggestions: [] });
      const limited = (await request(app).get(q('/api/suggest', '高', '&limit=2')).expect(200)).body as { suggestions: string[] };
      expect(limited.suggestions).to.have.length(2);
      await badRequest(q('/api/suggest', '高', '&limit=0'), 'limit', '参数 limit：必须是 1 到 20 之间的整数，收到“0”');
    });
  });

  describe('unknown API routes', () => {
    it('answers with a JSON 404', async () => {
      const res = await request(app).get('/api/nothing').expect(404).expect('Content-Type', JSON_TYPE);
      expect(res.body).to.deep.equal({ error: { message: '找不到该接口' } });
    });
  });
});
