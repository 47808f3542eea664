/**
 * 10,000 hostile query strings through the HTTP layer, and 10,000 through the search service
 * itself: every answer is a 2xx or a 4xx naming the parameter, and nothing but the query
 * module's own error escapes the service.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { QueryError } from '../../src/query/index.js';
import type { CompareResult, SearchResult, SearchService } from '../../src/search/types.js';
import { createApp } from '../../src/web/app.js';
import { PARAM_LIMITS } from '../../src/web/params.js';
import { CITED_ON, corpusService, memoryLogger } from '../web/helpers.js';
import { asReceived, hostileQuery, live, percentBytes, type Answer, type LiveApp } from './helpers.js';

const ENDPOINTS = ['/api/search', '/search', '/api/compare', '/api/suggest'] as const;
type Endpoint = (typeof ENDPOINTS)[number];

/** A UTF-16 surrogate without its partner. */
const LONE_SURROGATE = /[\ud800-\udfff]/gu;

/** Requests sent at once; the whole batch is one fast-check run. */
const BATCH = 8;

/** What a client error must say for a query the server received as `q`, when the parameter checks refuse it. */
function parameterProblem(q: string, endpoint: Endpoint): string | undefined {
  const length = Array.from(q).length;
  if (q === '' && endpoint !== '/api/suggest') return '参数 q：不能为空';
  if (length > PARAM_LIMITS.queryLength) return `参数 q：查询过长（${String(length)} 个字符），最多 ${String(PARAM_LIMITS.queryLength)} 个字符`;
  if (q.includes('\u0000')) return '参数 q：不能包含空字符';
  return undefined;
}

/** Checks one answer of `endpoint` to the query `sent`. */
function check(endpoint: Endpoint, sent: string, res: Answer): void {
  const q = asReceived(sent);
  const label = `${endpoint} ${JSON.stringify(sent)} → ${String(res.status)} ${res.body.slice(0, 300)}`;
  expect(res.headers['content-security-policy'], label).to.be.a('string');
  const expected = parameterProblem(q, endpoint);
  if (endpoint === '/search') {
    if (q === '') {
      expect([res.status, res.headers.location], label).to.deep.equal([302, '/']);
      return;
    }
    expect(res.status, label).to.be.oneOf([200, 400]);
    expect(res.headers['content-type'], label).to.equal('text/html; charset=utf-8');
    if (res.status === 400) expect(res.body, label).to.match(/<p class="error-message" role="alert">(参数 q：|查询语句有误：)/);
    if (expected !== undefined) expect(res.body, label).to.include(expected);
    return;
  }
  expect(res.headers['content-type'], label).to.equal('application/json; charset=utf-8');
  const body = JSON.parse(res.body) as Record<string, unknown>;
  if (res.status === 400) {
    const error = body.error as { message: string; parameter: string; position?: number; length?: number };
    expect(error.parameter, label).to.equal('q');
    if (expected !== undefined) {
      expect(error, label).to.deep.equal({ message: expected, parameter: 'q' });
    } else {
      expect(error.message, label).to.match(/^查询语句有误：./);
      expect(error.position, label).to.be.a('number').within(0, q.length);
      expect(error.length, label).to.be.a('number').above(0);
    }
    return;
  }
  expect(res.status, label).to.equal(200);
  expect(expected, label).to.equal(undefined);
  if (endpoint === '/api/suggest') {
    expect(body.query, label).to.equal(q);
    expect(body.suggestions, label).to.be.an('array').with.length.at.most(8);
    return;
  }
  const result = body as unknown as SearchResult | CompareResult;
  expect(result.query, label).to.equal(q);
}

describe('hardening: fuzzed queries', () => {
  let service: SearchService;
  let server: LiveApp;

  before(async () => {
    service = await corpusService();
    server = await live(createApp({ service, logger: memoryLogger(), now: () => CITED_ON }));
  });

  after(async () => {
    await server.close();
  });

  describe('HTTP', () => {
    it('answers 10,000 hostile queries on /api/search, /search, /api/compare and /api/suggest with 2xx or 4xx naming q', async function () {
      this.timeout(180_000);
      const logger = memoryLogger();
      const app = await live(createApp({ service, logger, now: () => CITED_ON }));
      let sent = 0;
      try {
        await fc.assert(
          fc.asyncProperty(fc.array(fc.tuple(hostileQuery, fc.constantFrom(...ENDPOINTS)), { minLength: BATCH, maxLength: BATCH }), async (batch) => {
            const answers = await Promise.all(batch.map(([text, endpoint]) => app.get(`${endpoint}?q=${percentBytes(text)}`)));
            batch.forEach(([text, endpoint], i) => {
              check(endpoint, text, answers[i] as Answer);
            });
            sent += batch.length;
          }),
          { numRuns: 10_000 / BATCH },
        );
      } finally {
        await app.close();
      }
      expect(sent).to.be.at.least(10_000);
      // A 500 would have been logged as a fault.
      expect(logger.lines.filter((line) => line.level === 'error')).to.deep.equal([]);
    });

    it('answers raw bytes that are not UTF-8, or not percent-encodings, with 2xx or 4xx', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.oneof(fc.integer({ min: 0, max: 255 }).map((b) => `%${b.toString(16).padStart(2, '0')}`), fc.constantFrom('%', '%%', '%G1', '%E4%B8', '%ED%A0%80', '%C0%AF', '+', '&', '=', ';', 'a')), { maxLength: 30 }),
          fc.constantFrom(...ENDPOINTS),
          async (parts, endpoint) => {
            const res = await server.get(`${endpoint}?q=${parts.join('')}`);
            expect(res.status, `${endpoint}?q=${parts.join('')}`).to.be.oneOf(endpoint === '/search' ? [200, 302, 400] : [200, 400]);
          },
        ),
        { numRuns: 500 },
      );
    });
  });

  describe('SearchService', () => {
    /** Calls every query-taking method; only QueryError may escape. Returns how many rejected with it. */
    async function exercise(text: string, docId: string): Promise<number> {
      let queryErrors = 0;
      for (const call of [() => service.search(text), () => service.compare(text)]) {
        try {
          await call();
        } catch (error) {
          if (!(error instanceof QueryError)) throw error;
          queryErrors++;
        }
      }
      expect(await service.suggest(text)).to.be.an('array');
      // read() marks what it can and never rejects for a malformed query.
      expect(await service.read(docId, text)).to.not.equal(undefined);
      return queryErrors;
    }

    it('lets only QueryError escape search, compare, suggest and read, for 10,000 hostile strings', async function () {
      this.timeout(120_000);
      const docIds = service.documents().map((d) => d.id);
      let queryErrors = 0;
      await fc.assert(
        fc.asyncProperty(hostileQuery, fc.nat(docIds.length - 1), async (text, docIndex) => {
          // Lone surrogates as HTTP delivers them (U+FFFD); sent raw, they are the next test's case.
          queryErrors += await exercise(text.replace(LONE_SURROGATE, '\ufffd'), docIds[docIndex] ?? '');
        }),
        { numRuns: 10_000 },
      );
      // The generator does reach the parser's errors, not only its happy paths.
      expect(queryErrors).to.be.above(1000);
    });

    // encodeURIComponent throws URIError for a lone surrogate: hit URLs must be built from a well-formed query.
    it('lets only QueryError escape for strings holding lone surrogates', async () => {
      const docId = service.documents()[0]?.id ?? '';
      for (const text of ['\ud800', '高质量发展\udc00', '"\ud83d"', '\udfff 营商环境']) await exercise(text, docId);
      await fc.assert(
        fc.asyncProperty(hostileQuery, fc.integer({ min: 0xd800, max: 0xdfff }), async (text, code) => {
          await exercise(`${text}${String.fromCharCode(code)}`, docId);
        }),
        { numRuns: 1000 },
      );
    });
  });
});
