/**
 * The HTTP path of API answers: encoded once and cached (bounded, emptied with the index), ETag
 * and 304, brotli or gzip as the client asks, `fields=`, and the pre-compressed static assets.
 */
import { once } from 'node:events';
import { get, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { Express } from 'express';
import { expect } from 'chai';
import request from 'supertest';
import type { SearchService } from '../../src/search/types.js';
import { AnswerCache } from '../../src/web/answer-cache.js';
import { createApp } from '../../src/web/app.js';
import { corpusService, memoryLogger, q, TEST_BUDGET } from './helpers.js';

/** `service` counting its searches (every other method passed through). */
function counting(service: SearchService): SearchService & { searches: number } {
  const counter = { searches: 0 };
  return new Proxy(service, {
    get(target, property) {
      if (property === 'searches') return counter.searches;
      if (property === 'search') {
        return (...args: Parameters<SearchService['search']>) => {
          counter.searches++;
          return target.search(...args);
        };
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  }) as SearchService & { searches: number };
}

/** Status, headers and raw body bytes of one GET (no client-side decompression). */
async function raw(app: Express, path: string, headers: Record<string, string>): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
  const server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  try {
    const { port } = server.address() as AddressInfo;
    return await new Promise((resolve, reject) => {
      get({ host: '127.0.0.1', port, path, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) });
        });
      }).on('error', reject);
    });
  } finally {
    server.close();
  }
}

describe('web/answer-cache', () => {
  describe('/api/search', () => {
    it('searches once for repeated and equivalent requests, and answers the same bytes', async () => {
      const service = counting(await corpusService());
      const app = createApp({ service, logger: memoryLogger(), admission: TEST_BUDGET });
      const first = await request(app).get(q('/api/search', '营商环境')).expect(200);
      const again = await request(app).get(q('/api/search', '营商环境', '&page=1&size=20&sort=relevance')).expect(200);
      expect(service.searches).to.equal(1);
      expect(again.text).to.equal(first.text);
      expect(first.headers.etag).to.match(/^"[0-9a-f]{16}-[0-9a-z]+"$/u);
      expect(again.headers.etag).to.equal(first.headers.etag);
      await request(app).get(q('/api/search', '营商环境', '&level=县,区')).expect(200);
      await request(app).get(q('/api/search', '营商环境', '&level=区,县')).expect(200);
      expect(service.searches).to.equal(2);
      // Spaces around the query are not part of it; another spelling is another answer (the query is echoed).
      await request(app).get(q('/api/search', ' 营商环境 ')).expect(200);
      expect(service.searches).to.equal(2);
      await request(app).get(q('/api/search', '营商 环境')).expect(200);
      expect(service.searches).to.equal(3);
    });

    it('answers 304 to a client holding the answer, and 200 with the body otherwise', async () => {
      const app = createApp({ service: await corpusService(), logger: memoryLogger(), admission: TEST_BUDGET });
      const first = await request(app).get(q('/api/search', '"高质量发展"')).expect(200);
      const etag = String(first.headers.etag);
      const held = await request(app).get(q('/api/search', '"高质量发展"')).set('If-None-Match', `W/"x", ${etag}`).expect(304);
      expect(held.text).to.equal('');
      expect(held.headers.etag).to.equal(etag);
      await request(app).get(q('/api/search', '"高质量发展"')).set('If-None-Match', '"other"').expect(200);
    });

    it('sends brotli or gzip as the client asks, the same JSON underneath', async () => {
      const app = createApp({ service: await corpusService(), logger: memoryLogger(), admission: TEST_BUDGET });
      const plain = await raw(app, q('/api/search', '发展'), { 'Accept-Encoding': 'identity' });
      expect(plain.headers['content-encoding']).to.equal(undefined);
      const json = plain.body;
      expect(JSON.parse(json.toString('utf8'))).to.have.property('total');
      const br = await raw(app, q('/api/search', '发展'), { 'Accept-Encoding': 'gzip, deflate, br' });
      expect(br.headers['content-encoding']).to.equal('br');
      expect(br.headers.vary).to.include('Accept-Encoding');
      expect(brotliDecompressSync(br.body).equals(json)).to.equal(true);
      const gz = await raw(app, q('/api/search', '发展'), { 'Accept-Encoding': 'gzip' });
      expect(gz.headers['content-encoding']).to.equal('gzip');
      expect(gunzipSync(gz.body).equals(json)).to.equal(true);
      expect(gz.body.byteLength).to.be.below(json.byteLength / 2);
    });

    it('keeps only the fields asked for, and refuses a field it does not have', async () => {
      const app = createApp({ service: await corpusService(), logger: memoryLogger(), admission: TEST_BUDGET });
      const full = await request(app).get(q('/api/search', '营商环境')).expect(200);
      const some = await request(app).get(q('/api/search', '营商环境', '&fields=total,hits.docId,hits.snippet')).expect(200);
      const fullBody = full.body as { total: number; hits: { docId: string; snippet: unknown }[] };
      expect(some.body).to.deep.equal({ total: fullBody.total, hits: fullBody.hits.map((hit) => ({ docId: hit.docId, snippet: hit.snippet })) });
      const bad = await request(app).get(q('/api/search', '营商环境', '&fields=total,hits.nope')).expect(400);
      expect((bad.body as { error: { message: string } }).error.message).to.include('hits.nope');
    });

    it('empties itself when the index generation changes, and on clear()', async () => {
      const service = counting(await corpusService());
      let generation = 1;
      const answerCache = new AnswerCache({ generation: () => generation });
      const app = createApp({ service, logger: memoryLogger(), answerCache, admission: TEST_BUDGET });
      await request(app).get(q('/api/search', '乡村振兴')).expect(200);
      await request(app).get(q('/api/search', '乡村振兴')).expect(200);
      expect(service.searches).to.equal(1);
      generation = 2;
      await request(app).get(q('/api/search', '乡村振兴')).expect(200);
      expect(service.searches).to.equal(2);
      answerCache.clear();
      await request(app).get(q('/api/search', '乡村振兴')).expect(200);
      expect(service.searches).to.equal(3);
      expect(app.locals.answerCache).to.equal(answerCache);
    });

    it('holds no more bytes than its bound, dropping the least recently used first', async () => {
      const cache = new AnswerCache({ maxBytes: 300 });
      const make = (n: number) => () => Promise.resolve({ text: 'x'.repeat(n) });
      await cache.get('a', make(100));
      await cache.get('b', make(100));
      await cache.get('a', make(100));
      await cache.get('c', make(100));
      expect(cache.stats()).to.include({ entries: 2, hits: 1, misses: 3 });
      expect(cache.stats().bytes).to.be.at.most(300);
      let computed = 0;
      await cache.get('a', () => {
        computed++;
        return Promise.resolve({});
      });
      expect(computed, 'a was used last, b went first').to.equal(0);
      expect(() => new AnswerCache({ maxBytes: -1 })).to.throw('web: answer cache size must be a number of bytes ≥ 0, got -1');
    });
  });

  describe('/static', () => {
    it('serves the site CSS pre-compressed, with a long cache and an ETag', async () => {
      const app = createApp({ service: await corpusService(), logger: memoryLogger(), admission: TEST_BUDGET });
      const css = await raw(app, '/static/site.css', { 'Accept-Encoding': 'br' });
      expect(css.status).to.equal(200);
      expect(css.headers['content-encoding']).to.equal('br');
      expect(css.headers['cache-control']).to.equal('public, max-age=31536000, immutable');
      expect(brotliDecompressSync(css.body).toString('utf8')).to.include('{');
      await request(app).get('/static/site.css').set('If-None-Match', String(css.headers.etag)).expect(304);
      await request(app).get('/static/favicon.svg').expect(200);
    });
  });
});
