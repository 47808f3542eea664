import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import type { Express } from 'express';
import fc from 'fast-check';
import request from 'supertest';
import { openSearchService } from '../../src/search/index.js';
import type { SearchService } from '../../src/search/types.js';
import { createApp } from '../../src/web/app.js';
import { CITED_ON, corpusApp, corpusService, failingSearch, memoryLogger, q, TEST_BUDGET } from './helpers.js';

const CSP =
  "default-src 'self';script-src 'self';script-src-attr 'none';style-src 'self';img-src 'self' data:;font-src 'self';connect-src 'self';object-src 'none';base-uri 'self';form-action 'self';frame-ancestors 'none'";

const PAGES = ['/', '/search?q=%E9%AB%98%E8%B4%A8%E9%87%8F%E5%8F%91%E5%B1%95', '/doc/qu-01?q=%E9%AB%98%E8%B4%A8%E9%87%8F%E5%8F%91%E5%B1%95', '/compare?q=%E9%AB%98%E8%B4%A8%E9%87%8F%E5%8F%91%E5%B1%95&docs=qu-01,qu-02', '/nothing'];

/** Percent-encodes the UTF-8 bytes of `text`, lone surrogates included (as U+FFFD). */
function bytes(text: string): string {
  return [...Buffer.from(text, 'utf8')].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');
}

describe('web security', () => {
  let app: Express;
  let service: SearchService;

  before(async () => {
    ({ app, service } = await corpusApp());
  });

  describe('headers', () => {
    it('sends a Content-Security-Policy without unsafe-inline and the other security headers on every page', async () => {
      for (const path of PAGES) {
        const res = await request(app).get(path);
        expect(res.headers['content-security-policy'], path).to.equal(CSP);
        expect(res.headers['content-security-policy']).to.not.include('unsafe-inline');
        expect(res.headers['x-content-type-options']).to.equal('nosniff');
        expect(res.headers['x-frame-options']).to.equal('DENY');
        expect(res.headers['referrer-policy']).to.equal('same-origin');
        expect(res.headers['cross-origin-opener-policy']).to.equal('same-origin');
        expect(res.headers).to.not.have.property('x-powered-by');
      }
      const api = await request(app).get('/api/docs');
      expect(api.headers['content-security-policy']).to.equal(CSP);
    });

    it('keeps pages free of inline scripts, inline styles and event-handler attributes', async () => {
      for (const path of PAGES) {
        const html = (await request(app).get(path)).text;
        const scripts = [...html.matchAll(/<script\b([^>]*)>/g)].map((m) => m[1] ?? '');
        expect(scripts, path).to.have.length(1);
        for (const attrs of scripts) expect(attrs).to.match(/ src="\/static\/site\.js\?v=[0-9a-f]{10}" defer/);
        expect(html, path).to.not.match(/<style\b/);
        expect(html, path).to.not.match(/<[a-z][^>]*\sstyle="/i);
        expect(html, path).to.not.match(/<[a-z][^>]*\son[a-z]+="/i);
      }
    });

    it('gives every request an id, keeping a plain one the caller sent', async () => {
      const res = await request(app).get('/healthz');
      expect(res.headers['x-request-id']).to.match(/^[0-9a-f-]{36}$/);
      expect((await request(app).get('/healthz').set('X-Request-Id', 'abc-123')).headers['x-request-id']).to.equal('abc-123');
      expect((await request(app).get('/healthz').set('X-Request-Id', '<script>')).headers['x-request-id']).to.match(/^[0-9a-f-]{36}$/);
    });
  });

  describe('GET /healthz', () => {
    it('reports ok with the number of documents, the generation serving them and the state of the search gate', async () => {
      const res = await request(app).get('/healthz').expect(200).expect('Content-Type', 'application/json; charset=utf-8');
      const body = res.body as Record<string, unknown>;
      expect(body).to.deep.equal({
        status: 'ok',
        search: { running: 0, waiting: 0, refused: { queue: 0, client: 0, connection: 0, wait: 0 }, budgetMs: TEST_BUDGET.budgetMs },
        documents: 30,
        generation: 1,
        builtAt: body.builtAt,
        building: false,
        leftOut: [],
        notImported: [],
        problems: [],
      });
      expect(new Date(String(body.builtAt)).toISOString()).to.equal(body.builtAt);
      expect(res.headers['cache-control']).to.equal('no-store');
    });
  });

  describe('static files', () => {
    it('serves the stylesheet and script with their types', async () => {
      await request(app).get('/static/site.css').expect(200).expect('Content-Type', 'text/css; charset=utf-8');
      await request(app).get('/static/site.js').expect(200).expect('Content-Type', 'text/javascript; charset=utf-8');
    });

    it('answers traversal, encoded dots, NUL bytes and dot files with a 404', async () => {
      for (const path of ['/static/../package.json', '/static/%2e%2e/package.json', '/static/..%2Fpackage.json', '/static/%2e%2e%2f%2e%2e%2fetc%2fpasswd', '/static/site.css%00.js', '/static/.gitignore', '/..%2F..%2Fetc%2Fpasswd', '/%2e%2e/%2e%2e/etc/passwd']) {
        const res = await request(app).get(path);
        expect(res.status, path).to.equal(404);
        expect(res.text).to.not.include('"name": "policy-search"');
      }
    });
  });

  describe('faults', () => {
    it('answers a fault with a bare 500 page, logged with the request id and nothing leaked', async () => {
      const logger = memoryLogger();
      const broken = createApp({ service: failingSearch(service, 'search: index at /srv/secret/index.json is corrupt'), logger, now: () => CITED_ON });
      const page = await request(broken).get(q('/search', '高质量发展')).set('X-Request-Id', 'req-42').expect(500).expect('Content-Type', 'text/html; charset=utf-8');
      expect(page.text).to.include('服务器内部错误，请稍后再试');
      expect(page.text).to.include('<code>req-42</code>');
      expect(page.text).to.not.include('secret');
      expect(page.text).to.not.match(/at \w+ \(/);
      const api = await request(broken).get(q('/api/search', '高质量发展')).expect(500).expect('Content-Type', 'application/json; charset=utf-8');
      expect(api.body).to.deep.equal({ error: { message: '服务器内部错误，请稍后再试' } });
      expect(logger.lines.map((l) => [l.level, l.message, l.fields?.requestId, l.fields?.url])).to.deep.equal([
        ['error', 'request failed', 'req-42', '/search?q=%E9%AB%98%E8%B4%A8%E9%87%8F%E5%8F%91%E5%B1%95'],
        ['error', 'request failed', api.headers['x-request-id'], '/api/search?q=%E9%AB%98%E8%B4%A8%E9%87%8F%E5%8F%91%E5%B1%95'],
      ]);
      expect(String(logger.lines[0]?.fields?.error)).to.include('index at /srv/secret/index.json is corrupt');
    });
  });

  describe('hostile input', () => {
    it('answers any query string with 2xx or 4xx, on the API and the site', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            fc.string({ unit: 'binary', maxLength: 60 }),
            fc.string({ unit: fc.constantFrom('"', '“', '”', '(', ')', '-', '|', ' ', 'OR', ':', 'level', 'doc', 'heading', '高质量', '\u202e', '\u0000', '\ud800', '😀'), maxLength: 40 }),
          ),
          async (text) => {
            const api = await request(app).get(`/api/search?q=${bytes(text)}`);
            expect(api.status, JSON.stringify(text)).to.be.oneOf([200, 400]);
            const page = await request(app).get(`/search?q=${bytes(text)}`);
            expect(page.status, JSON.stringify(text)).to.be.oneOf([200, 302, 400]);
          },
        ),
        { numRuns: 100 },
      );
      // Malformed percent-encodings and invalid UTF-8.
      for (const raw of ['%', '%E0%A4%A', '%FF%FE', '%ED%A0%80', '%C0%AF', '%25%00', 'a&q=b']) {
        expect((await request(app).get(`/api/search?q=${raw}`)).status, raw).to.be.oneOf([200, 400]);
        expect((await request(app).get(`/search?q=${raw}`)).status, raw).to.be.oneOf([200, 400]);
      }
    });

    it('escapes corpus text, titles and headings that look like markup', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'web-hostile-'));
      try {
        // The bundled corpus first, so its analyser is settled before this corpus adds its terms.
        await corpusService();
        mkdirSync(join(dir, 'corpus'));
        writeFileSync(
          join(dir, 'corpus', 'evil-01.txt'),
          [
            '---',
            'id: evil-01',
            'title: 2024年XX区政府工作报告（<script>alert(1)</script>）',
            'region: XX区·"><img src=x onerror=alert(2)>',
            'level: 区',
            'year: 2024',
            'kind: 全文',
            'source: test',
            '---',
            '一、工作回顾"><img src=x onerror=alert(3)>',
            '',
            '全面推进<script>alert("x")</script>高质量发展，各项工作取得新成效。',
            '',
          ].join('\n'),
        );
        const hostile = await openSearchService({ corpusDir: join(dir, 'corpus'), indexDir: join(dir, 'index') });
        const evil = createApp({ service: hostile, logger: memoryLogger(), now: () => CITED_ON });
        for (const path of ['/', q('/search', '高质量发展'), q('/doc/evil-01', '高质量发展'), q('/compare', '高质量发展', '&docs=evil-01,evil-01')]) {
          const html = (await request(evil).get(path)).text;
          expect(html, path).to.not.include('<script>alert');
          expect(html, path).to.not.include('<img src=x');
        }
        const doc = (await request(evil).get(q('/doc/evil-01', '高质量发展')).expect(200)).text;
        expect(doc).to.include('全面推进&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;<mark>高质量发展</mark>，各项工作取得新成效。');
        expect(doc).to.include('一、工作回顾&#34;&gt;&lt;img src=x onerror=alert(3)&gt;');
        expect(doc).to.include('<h1 id="doc-title">2024年XX区政府工作报告（&lt;script&gt;alert(1)&lt;/script&gt;）');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});
