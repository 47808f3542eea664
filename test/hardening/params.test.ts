/**
 * Parameter abuse on every route that takes parameters: non-numbers, negatives, huge values,
 * repeats, bracketed names, unknown filter values, over-long queries. The answer is a 400
 * naming the parameter, or what the parameter means when it is valid; never a 5xx.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import type { SearchResult } from '../../src/search/types.js';
import { createApp } from '../../src/web/app.js';
import { CITED_ON, corpusService, memoryLogger } from '../web/helpers.js';
import { live, percentBytes, type Answer, type LiveApp } from './helpers.js';

const Q = percentBytes('营商环境');

/** The JSON error of a 400. */
function apiError(res: Answer): { message: string; parameter?: string } {
  expect(res.status, res.body).to.equal(400);
  expect(res.headers['content-type']).to.equal('application/json; charset=utf-8');
  return (JSON.parse(res.body) as { error: { message: string; parameter?: string } }).error;
}

/** The message of a 400 error page. */
function pageError(res: Answer): string {
  expect(res.status, res.body.slice(0, 200)).to.equal(400);
  expect(res.headers['content-type']).to.equal('text/html; charset=utf-8');
  return /<p class="error-message" role="alert">([^<]*)<\/p>/.exec(res.body)?.[1] ?? '';
}

const range = (name: string, max: number, got: string) => `参数 ${name}：必须是 1 到 ${String(max)} 之间的整数，收到“${got}”`;
const once = (name: string) => `参数 ${name}：只能出现一次，且必须是文本`;

describe('hardening: parameters', () => {
  let app: LiveApp;
  const logger = memoryLogger();

  before(async () => {
    app = await live(createApp({ service: await corpusService(), logger, now: () => CITED_ON }));
  });

  after(async () => {
    await app.close();
    // None of the abuse below is a fault of ours.
    expect(logger.lines.filter((line) => line.level === 'error')).to.deep.equal([]);
  });

  describe('page and size', () => {
    const BAD: Array<[string, string]> = [
      ['abc', 'abc'],
      ['-1', '-1'],
      ['0', '0'],
      ['1.5', '1.5'],
      ['1e3', '1e3'],
      ['0x10', '0x10'],
      ['%2B1', '+1'],
      ['+1', ' 1'],
      ['%201', ' 1'],
      ['1%20', '1 '],
      ['%EF%BC%91', '１'],
      ['99999999999999999999999999999999', '999999999999999999999999999999…'],
      ['Infinity', 'Infinity'],
      ['NaN', 'NaN'],
      ['%00', 'U+0000'],
      ['1%1B%5B31m', '1U+001B[31m'],
      ['%E2%80%AE1', 'U+202E1'],
    ];

    it('answers non-numbers, negatives, fractions, look-alike digits and huge values with a 400 naming the parameter, on the API and the page', async () => {
      for (const [name, max] of [
        ['page', 1000],
        ['size', 100],
      ] as const) {
        for (const [raw, shown] of BAD) {
          const message = range(name, max, shown);
          expect(apiError(await app.get(`/api/search?q=${Q}&${name}=${raw}`)), `${name}=${raw}`).to.deep.equal({ message, parameter: name });
          expect(pageError(await app.get(`/search?q=${Q}&${name}=${raw}`)), `${name}=${raw}`).to.equal(message);
        }
        expect(apiError(await app.get(`/api/search?q=${Q}&${name}=${String(max + 1)}`))).to.deep.equal({ message: range(name, max, String(max + 1)), parameter: name });
      }
    });

    it('accepts the limits themselves; a page past the end is empty on the API and sends the page to the last page', async () => {
      const last = JSON.parse((await app.get(`/api/search?q=${Q}&page=1000&size=100`)).body) as SearchResult;
      expect([last.page, last.size, last.hits.length]).to.deep.equal([1000, 100, 0]);
      expect(last.total).to.be.above(0);
      const page = await app.get(`/search?q=${Q}&page=1000`);
      expect(page.status).to.equal(302);
      expect(page.headers.location).to.equal(`/search?q=${Q}&page=${String(Math.ceil((last.total - last.folded + last.headingMatches) / 10))}`);
    });

    it('treats an empty value as absent', async () => {
      const res = JSON.parse((await app.get(`/api/search?q=${Q}&page=&size=`)).body) as SearchResult;
      expect([res.page, res.size]).to.deep.equal([1, 20]);
    });
  });

  describe('repeated and structured parameters', () => {
    it('answers a repeated parameter with a 400 naming it, on every route that reads it', async () => {
      const cases: Array<[string, string]> = [
        [`/api/search?q=${Q}&q=x`, 'q'],
        [`/api/search?q=${Q}&page=1&page=2`, 'page'],
        [`/api/search?q=${Q}&size=1&size=2`, 'size'],
        [`/api/search?q=${Q}&sort=order&sort=order`, 'sort'],
        [`/api/search?q=${Q}&level=%E5%8C%BA&level=%E5%B8%82`, 'level'],
        [`/api/search?q=${Q}&doc=qu-01&doc=qu-02`, 'doc'],
        [`/api/compare?q=${Q}&q=x`, 'q'],
        [`/api/suggest?q=${Q}&q=x`, 'q'],
        [`/api/suggest?q=${Q}&limit=1&limit=2`, 'limit'],
      ];
      for (const [url, parameter] of cases) expect(apiError(await app.get(url)), url).to.deep.equal({ message: once(parameter), parameter });
      for (const url of [`/search?q=${Q}&size=1&size=2`, `/doc/qu-01?q=${Q}&q=x`, `/compare?q=${Q}&q=x`]) {
        expect(pageError(await app.get(url)), url).to.match(/^参数 (size|q)：只能出现一次，且必须是文本$/);
      }
    });

    it('reads bracketed names (size[]=1, q[a]=1) as other, unknown parameters: ignored, never parsed into arrays or objects', async () => {
      const sized = JSON.parse((await app.get(`/api/search?q=${Q}&size[]=1&page[x]=2`)).body) as SearchResult;
      expect([sized.page, sized.size]).to.deep.equal([1, 20]);
      expect(apiError(await app.get('/api/search?q[a]=1'))).to.deep.equal({ message: '参数 q：不能为空', parameter: 'q' });
      expect(apiError(await app.get('/api/search?__proto__[q]=1&constructor[prototype][q]=1'))).to.deep.equal({ message: '参数 q：不能为空', parameter: 'q' });
      const polluted = JSON.parse((await app.get(`/api/search?q=${Q}&__proto__=x&hasOwnProperty=1&toString=1`)).body) as SearchResult;
      expect(polluted.query).to.equal('营商环境');
    });
  });

  describe('filters', () => {
    it('answers unknown level, doc and sort values with a 400 naming the parameter', async () => {
      expect(apiError(await app.get(`/api/search?q=${Q}&level=${percentBytes('州')}`))).to.deep.equal({ message: '参数 level：必须是 省、市、区、县、镇 之一，收到“州”', parameter: 'level' });
      expect(apiError(await app.get(`/api/search?q=${Q}&level=${percentBytes('区,<script>')}`))).to.deep.equal({ message: '参数 level：必须是 省、市、区、县、镇 之一，收到“<script>”', parameter: 'level' });
      expect(apiError(await app.get(`/api/search?q=${Q}&doc=..%2F..%2Fetc`))).to.deep.equal({ message: '参数 doc：未知的报告编号“../../etc”', parameter: 'doc' });
      expect(apiError(await app.get(`/api/search?q=${Q}&sort=${'x'.repeat(500)}`))).to.deep.equal({ message: `参数 sort：必须是 relevance 或 order，收到“${'x'.repeat(30)}…”`, parameter: 'sort' });
      expect(pageError(await app.get(`/search?q=${Q}&doc=qu-99`))).to.equal('参数 doc：未知的报告编号“qu-99”');
      const compare = await app.get(`/compare?q=${Q}&docs=qu-01,qu-99`);
      expect(compare.status).to.equal(400);
      expect(compare.body).to.include('<p class="notice" role="alert">参数 docs：未知的报告编号“qu-99”</p>');
    });

    it('answers unknown filter values inside the query: level: and year: with a 400 at their position, a malformed doc: with a 400, an unknown one with an empty result and a note', async () => {
      expect(apiError(await app.get(`/api/search?q=${percentBytes('营商环境 level:州')}`))).to.deep.equal({ message: '查询语句有误：级别“州”无效，可选：省、市、区、县、镇', parameter: 'q', position: 11, length: 1 });
      expect(apiError(await app.get(`/api/search?q=${percentBytes('营商环境 year:99999')}`))).to.include({ parameter: 'q', position: 10, length: 5 });
      // A direction mark would reorder the message around it: it is spelled out.
      expect(apiError(await app.get(`/api/search?q=${percentBytes('营商环境 level:\u202e区')}`))).to.deep.equal({ message: '查询语句有误：级别“U+202E区”无效，可选：省、市、区、县、镇', parameter: 'q', position: 11, length: 2 });
      const noted = JSON.parse((await app.get(`/api/search?q=${percentBytes('营商环境 doc:nope')}`)).body) as SearchResult;
      expect([noted.total, noted.notes]).to.deep.equal([0, ['没有编号为“nope”的文件']]);
      const page = await app.get(`/search?q=${percentBytes('营商环境 doc:q-<script>')}`);
      expect(pageError(page)).to.equal('查询语句有误：文档编号“q-&lt;script&gt;”无效：只能由小写字母、数字和“-”组成');
      const unknown = await app.get(`/search?q=${percentBytes('营商环境 doc:nope')}`);
      expect(unknown.status).to.equal(200);
      expect(unknown.body).to.include('<li>没有编号为“nope”的文件</li>');
    });

    it('answers any value of any search parameter with 200, or 400 naming that parameter', async () => {
      const names = ['page', 'size', 'sort', 'level', 'doc'] as const;
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...names),
          fc.oneof(fc.string({ unit: 'binary', maxLength: 12 }), fc.integer({ min: -5, max: 1200 }).map(String), fc.constantFrom('区', '区,市', 'qu-01', 'qu-01,shi-02', 'order', 'relevance', '', ' ')),
          async (name, value) => {
            const res = await app.get(`/api/search?q=${Q}&${name}=${percentBytes(value)}`);
            if (res.status === 400) expect(apiError(res).parameter, `${name}=${value}`).to.equal(name);
            else expect(res.status, `${name}=${value}`).to.equal(200);
          },
        ),
        { numRuns: 600 },
      );
    });
  });

  describe('query length', () => {
    it('refuses a query over 200 characters with a 400 and a message on every route, and takes 200 characters of any plane', async () => {
      const long = percentBytes('高'.repeat(201));
      const message = '参数 q：查询过长（201 个字符），最多 200 个字符';
      for (const path of ['/api/search', '/api/compare', '/api/suggest']) expect(apiError(await app.get(`${path}?q=${long}`)), path).to.deep.equal({ message, parameter: 'q' });
      for (const path of ['/search', '/compare', '/doc/qu-01']) expect(pageError(await app.get(`${path}?q=${long}`)), path).to.equal(message);
      // Characters, not UTF-16 units: 200 astral characters are 400 units and still allowed.
      expect((await app.get(`/api/search?q=${percentBytes('𠀀'.repeat(200))}`)).status).to.equal(200);
      expect(apiError(await app.get(`/api/search?q=${percentBytes('😀'.repeat(201))}`)).message).to.equal(message);
      // Surrounding spaces do not count; a long query is refused, not cut and searched.
      expect((await app.get(`/api/search?q=${percentBytes(`   ${'高'.repeat(200)}   `)}`)).status).to.equal(200);
      expect(apiError(await app.get(`/api/search?q=${percentBytes('营商环境'.repeat(60))}`)).message).to.equal('参数 q：查询过长（240 个字符），最多 200 个字符');
    });
  });

  describe('methods', () => {
    it('answers other methods with a 404 in the error format of the route, and HEAD like GET without a body', async () => {
      for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
        const api = await app.get(`/api/search?q=${Q}`, { method });
        expect([api.status, JSON.parse(api.body)], method).to.deep.equal([404, { error: { message: '找不到该接口' } }]);
        const page = await app.get('/doc/qu-01', { method });
        expect([page.status, page.headers['content-type']], method).to.deep.equal([404, 'text/html; charset=utf-8']);
      }
      const head = await app.get(`/api/search?q=${Q}`, { method: 'HEAD' });
      expect([head.status, head.headers['content-type'], head.body]).to.deep.equal([200, 'application/json; charset=utf-8', '']);
    });
  });
});
