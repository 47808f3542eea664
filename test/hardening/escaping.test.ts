/**
 * Nothing a user typed, and nothing a corpus file holds, reaches a page as markup: hostile
 * queries against a corpus whose report is itself hostile, on every page that echoes the query
 * (search with its highlights, snippets, notes and help; the reader; the comparison; error
 * pages), and the security headers on every answer whatever its status.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import fc from 'fast-check';
import { openSearchService } from '../../src/search/index.js';
import type { SearchService } from '../../src/search/types.js';
import { createApp } from '../../src/web/app.js';
import { CITED_ON, corpusService, failingSearch, memoryLogger } from '../web/helpers.js';
import { live, percentBytes, type Answer, type LiveApp } from './helpers.js';

/** Markup a stranger would try; no Chinese quotes, which would add terms to the shared segmenter. */
const PAYLOADS = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "'><svg onload=alert(1)>",
  '</mark><script>alert(2)</script>',
  '<a href="javascript:alert(3)">x</a>',
  '<!--',
  '<iframe src=//evil>',
  '&lt;script&gt;',
  '<%= process.env %>',
  '${alert(4)}',
];

const FRONT = (id: string, title: string, region: string) => ['---', `id: ${id}`, `title: ${title}`, `region: ${region}`, 'level: 区', 'year: 2024', 'kind: 全文', 'source: <script>alert(5)</script>', '---'].join('\n');

/** A report with markup in its title, region, headings and paragraphs, and a plain one beside it. */
function writeHostileCorpus(dir: string): void {
  writeFileSync(
    join(dir, 'evil-01.txt'),
    [
      FRONT('evil-01', '2024年XX区政府工作报告<script>alert(6)</script>', 'XX区·"><img src=x onerror=alert(7)>'),
      '一、工作回顾</mark><img src=x onerror=alert(8)>',
      '',
      ...PAYLOADS.map((p, i) => `第${String(i + 1)}项：全面推进高质量发展${p}营商环境持续优化。`),
      '',
      '二、<script>alert(9)</script>今年安排',
      '',
      '坚持稳中求进，推动乡村振兴<b onmouseover=alert(10)>取得新成效</b>。',
      '',
    ].join('\n'),
  );
  writeFileSync(join(dir, 'ok-01.txt'), [FRONT('ok-01', '2024年YY区政府工作报告', 'YY区'), '各位代表：', '', '全面推进高质量发展，营商环境持续优化，乡村振兴取得新成效。', ''].join('\n'));
}

/** Tags the site never writes; any of them in a page came from content. */
const FOREIGN_TAGS = new Set(['img', 'iframe', 'object', 'embed', 'style', 'base', 'frame', 'frameset', 'math', 'template', 'audio', 'video', 'source', 'b']);

/** Fails when `html` holds markup that did not come from the templates. */
function expectNoInjectedMarkup(html: string, label: string): void {
  const scripts = [...html.matchAll(/<script\b([^>]*)>/gi)].map((m) => m[1] ?? '');
  expect(scripts.length, `${label}: script tags`).to.be.at.most(1);
  for (const attrs of scripts) expect(attrs, label).to.match(/^ src="\/static\/site\.js\?v=[0-9a-f]{10}" defer$/);
  for (const match of html.matchAll(/<\/?([a-zA-Z][\w:-]*)([^>]*)>/g)) {
    const [tag, name = '', attrs = ''] = match;
    expect(FOREIGN_TAGS.has(name.toLowerCase()), `${label}: ${tag}`).to.equal(false);
    // Attribute names, with the (escaped, double-quoted) values taken out.
    const names = attrs.replace(/="[^"]*"/g, '').trim().split(/\s+/).filter((n) => n !== '' && n !== '/');
    for (const attribute of names) expect(attribute, `${label}: ${tag}`).to.match(/^(?!on)[a-z][a-z0-9-]*$/);
    for (const [, value = ''] of attrs.matchAll(/\b(?:href|src|action|formaction)="([^"]*)"/g)) expect(value, `${label}: ${tag}`).to.match(/^(\/(?!\/)|#|https?:\/\/(127\.0\.0\.1|search\.example\.org)[:/])/);
  }
  expect(html, label).to.not.include('<!--');
  // The marks the site writes are balanced: an injected </mark> would break the count.
  expect((html.match(/<mark\b/g) ?? []).length, `${label}: <mark> balance`).to.equal((html.match(/<\/mark>/g) ?? []).length);
}

const CSP = "default-src 'self';script-src 'self';script-src-attr 'none';style-src 'self';img-src 'self' data:;font-src 'self';connect-src 'self';object-src 'none';base-uri 'self';form-action 'self';frame-ancestors 'none'";

/** The security headers every answer carries, whatever its status and type. */
function expectSecurityHeaders(res: Answer, label: string): void {
  expect(res.headers['content-security-policy'], label).to.equal(CSP);
  expect(res.headers['content-security-policy'], label).to.not.include('unsafe-inline');
  expect(res.headers['x-content-type-options'], label).to.equal('nosniff');
  expect(res.headers['x-frame-options'], label).to.equal('DENY');
  expect(res.headers['referrer-policy'], label).to.equal('same-origin');
  expect(res.headers['cross-origin-opener-policy'], label).to.equal('same-origin');
  expect(res.headers['cross-origin-resource-policy'], label).to.equal('same-origin');
  expect(res.headers['strict-transport-security'], label).to.be.a('string');
  expect(res.headers['x-request-id'], label).to.be.a('string');
  expect(res.headers, label).to.not.have.property('x-powered-by');
}

describe('hardening: escaping', () => {
  let root: string;
  let service: SearchService;
  let app: LiveApp;

  before(async function () {
    this.timeout(120_000);
    // The bundled corpus first, so that its analyser is settled before this corpus is read.
    await corpusService();
    root = mkdtempSync(join(tmpdir(), 'hardening-escaping-'));
    mkdirSync(join(root, 'corpus'));
    writeHostileCorpus(join(root, 'corpus'));
    service = await openSearchService({ corpusDir: join(root, 'corpus'), indexDir: join(root, 'index') });
    app = await live(createApp({ service, logger: memoryLogger(), now: () => CITED_ON }));
  });

  after(async () => {
    await app.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('loads the hostile report whole: its markup is text to search', async () => {
    expect(service.documents().map((d) => d.id)).to.deep.equal(['evil-01', 'ok-01']);
    expect((await service.search('"<script>alert(1)</script>"')).hits.map((h) => h.docId)).to.deep.equal(['evil-01']);
  });

  it('marks a query inside corpus markup with escaped text only, in snippets, headings and the reader', async () => {
    const search = await app.get(`/search?q=${percentBytes('"<script>alert(1)</script>" 高质量发展')}`);
    expect(search.status).to.equal(200);
    // The phrase and the word touch, so they are one mark.
    expect(search.body).to.include('<p class="snippet">第1项：全面推进<mark>高质量发展&lt;script&gt;alert(1)&lt;/script&gt;</mark>营商环境持续优化。</p>');
    expectNoInjectedMarkup(search.body, 'search');
    const heading = await app.get(`/search?q=${percentBytes('heading:alert(9)')}`);
    expect(heading.body).to.match(/<li>二、&lt;script&gt;<mark>alert\(9\)<\/mark>&lt;\/script&gt;今年安排<\/li>/);
    const reader = await app.get(`/doc/evil-01?q=${percentBytes('"</mark><script>alert(2)</script>"')}`);
    expect(reader.body).to.include('全面推进高质量发展<mark>&lt;/mark&gt;&lt;script&gt;alert(2)&lt;/script&gt;</mark>营商环境持续优化。');
    expect(reader.body).to.include('乡村振兴&lt;b onmouseover=alert(10)&gt;取得新成效&lt;/b&gt;。');
    expectNoInjectedMarkup(reader.body, 'reader');
    const side = await app.get(`/compare?q=${percentBytes('"onerror=alert(1)"')}&docs=evil-01,ok-01`);
    expect(side.body).to.include('&#34;&gt;&lt;img src=x <mark>onerror=alert(1)</mark>&gt;');
    expectNoInjectedMarkup(side.body, 'compare');
  });

  it('echoes hostile queries escaped on every page, whatever the query does, with the security headers on every answer', async function () {
    this.timeout(120_000);
    const part = fc.oneof(fc.constantFrom(...PAYLOADS, '高质量发展', '营商环境', '"', '(', ')', '-', ' ', 'doc:', 'level:', 'heading:', 'OR'), fc.string({ unit: 'binary-ascii', maxLength: 6 }));
    await fc.assert(
      fc.asyncProperty(fc.array(part, { minLength: 1, maxLength: 6 }).map((parts) => parts.join('')), async (q) => {
        const encoded = percentBytes(q);
        const paths = [
          `/search?q=${encoded}`,
          `/search?q=${encoded}&doc=evil-01&sort=order`,
          `/doc/evil-01?q=${encoded}`,
          `/compare?q=${encoded}`,
          `/compare?q=${encoded}&docs=evil-01,ok-01`,
          `/doc/${encoded}`,
          `/${encoded}`,
        ];
        for (const path of paths) {
          const res = await app.get(path);
          const label = `${path} (${JSON.stringify(q)}) → ${String(res.status)}`;
          expect(res.status, label).to.be.oneOf([200, 302, 400, 404]);
          expectSecurityHeaders(res, label);
          if (res.status !== 302) {
            expect(res.headers['content-type'], label).to.equal('text/html; charset=utf-8');
            expectNoInjectedMarkup(res.body, label);
          }
        }
        const api = await app.get(`/api/search?q=${encoded}`);
        expectSecurityHeaders(api, 'api');
        expect(api.headers['content-type']).to.equal('application/json; charset=utf-8');
      }),
      { numRuns: 120 },
    );
  });

  it('escapes what a page says back about an empty result, a note, a query error and an unknown report', async () => {
    const help = await app.get(`/search?q=${percentBytes('高质量发展 "<script>alert(99)</script>"')}`);
    expect(help.body).to.include('没有同时包含全部词语（高质量发展、&lt;script&gt;alert(99)&lt;/script&gt;）的段落');
    expect(help.body).to.not.include('<script>alert(99)');
    const note = await app.get(`/search?q=${percentBytes('高质量发展 doc:nope-x')}`);
    expect(note.body).to.include('<li>没有编号为“nope-x”的文件</li>');
    const error = await app.get(`/search?q=${percentBytes('<img src=x onerror=alert(1)> level:<b>')}`);
    expect(error.status).to.equal(400);
    expect(error.body).to.include('<p class="error-message" role="alert">查询语句有误：级别“&lt;b&gt;”无效，可选：省、市、区、县、镇</p>');
    expect(error.body).to.include('<mark class="bad">&lt;b&gt;</mark>');
    expect(error.body).to.include('value="&lt;img src=x onerror=alert(1)&gt; level:&lt;b&gt;"');
    const reader = await app.get(`/doc/evil-01?q=${percentBytes('<svg onload=alert(1)>)')}`);
    expect(reader.status).to.equal(200);
    expect(reader.body).to.include('value="&lt;svg onload=alert(1)&gt;)"');
    const missing = await app.get(`/doc/${percentBytes('<script>alert(1)</script>')}`);
    expect(missing.status).to.equal(404);
    expect(missing.body).to.not.include('<script>alert');
    for (const res of [help, note, error, reader, missing]) expectNoInjectedMarkup(res.body, 'page');
  });

  // IndexSearchService.read() swallows a QueryError (its documented contract): the reader parses
  // the query itself to say why nothing is marked.
  it('tells the reader that the query is malformed, escaped', async () => {
    const reader = await app.get(`/doc/evil-01?q=${percentBytes('<svg onload=alert(1)>)')}`);
    expect(reader.body).to.include('<p class="notice" role="alert">查询语句有误，未标出匹配：多余的右括号“)”</p>');
  });

  it('never builds citation links from a hostile Host header: they stay relative', async () => {
    const res = (await app.get('/doc/evil-01', { headers: { host: 'evil.example"><script>alert(1)</script>' } })).body;
    expect(res).to.include('/doc/evil-01/');
    expect(res).to.not.include('evil.example');
    expect(res).to.not.include('<script>alert');
  });

  it('sends the security headers on static files, health checks, API errors, 404s and 500s', async () => {
    const broken = await live(createApp({ service: failingSearch(service, 'search: fault'), logger: memoryLogger(), now: () => CITED_ON }));
    try {
      const answers: Array<[string, Answer, number]> = [
        ['static', await app.get('/static/site.css'), 200],
        ['static 404', await app.get('/static/nothing.css'), 404],
        ['healthz', await app.get('/healthz'), 200],
        ['api 400', await app.get('/api/search'), 400],
        ['api 404', await app.get('/api/nothing'), 404],
        ['page 404', await app.get('/nothing'), 404],
        ['redirect', await app.get('/search?q='), 302],
        ['page 500', await broken.get(`/search?q=${percentBytes('营商环境')}`), 500],
        ['api 500', await broken.get(`/api/search?q=${percentBytes('营商环境')}`), 500],
      ];
      for (const [label, res, status] of answers) {
        expect(res.status, label).to.equal(status);
        expectSecurityHeaders(res, label);
      }
    } finally {
      await broken.close();
    }
  });
});
