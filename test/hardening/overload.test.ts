/**
 * Findings 1 and 2 of the reliability review, reproduced: one request pattern stalling everyone
 * (a hundred-word query that finds nothing, tried again once per word; pipelined costly
 * requests) and no limit on concurrent costly work. The search here burns the CPU as the
 * in-process core does, so the event loop is held exactly as in production.
 */
import { connect, type Socket } from 'node:net';
import { expect } from 'chai';
import type { SearchOptions, SearchService } from '../../src/search/types.js';
import { createApp } from '../../src/web/app.js';
import { Admission, type AdmissionOptions } from '../../src/web/admission.js';
import { corpusService, memoryLogger, q } from '../web/helpers.js';
import { live, type LiveApp } from './helpers.js';

/** Holds the thread for `ms`, as synchronous search work does. */
function burn(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    /* busy */
  }
}

/** `service` whose searches and comparisons each hold the thread for `ms`, counting the searches. */
function slow(service: SearchService, ms: number): SearchService & { searches: SearchOptions[]; comparisons: number } {
  const searches: SearchOptions[] = [];
  const counted: SearchService & { searches: SearchOptions[]; comparisons: number } = {
    searches,
    comparisons: 0,
    documents: () => service.documents(),
    search: (query, options) => {
      searches.push(options ?? {});
      burn(ms);
      return service.search(query, options);
    },
    compare: (query, options) => {
      counted.comparisons++;
      burn(ms);
      return service.compare(query, options);
    },
    suggest: (prefix, limit) => service.suggest(prefix, limit),
    read: (...args: Parameters<SearchService['read']>) => service.read(...args),
    hitList: (...args: Parameters<SearchService['hitList']>) => service.hitList(...args),
    concordance: (...args: Parameters<SearchService['concordance']>) => service.concordance(...args),
    distinctiveTerms: (...args: Parameters<SearchService['distinctiveTerms']>) => service.distinctiveTerms(...args),
    contrastTerms: (...args: Parameters<SearchService['contrastTerms']>) => service.contrastTerms(...args),
  };
  return counted;
}

/** A response read off a raw connection. */
interface Raw {
  status: number;
  headers: Record<string, string>;
  body: string;
}

function parse(bytes: Buffer): Raw {
  const text = bytes.toString('utf8');
  const split = text.indexOf('\r\n\r\n');
  const [statusLine = '', ...lines] = text.slice(0, split).split('\r\n');
  const headers = Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
  return { status: Number(statusLine.split(' ')[1]), headers, body: text.slice(split + 4) };
}

/**
 * Each path on a connection of its own, every connection opened first and every request then
 * written in one go: they reach the server together, as from many clients at once (a client in
 * this process could not send while the server holds the thread).
 */
async function burst(port: number, paths: readonly string[]): Promise<Raw[]> {
  const sockets = await Promise.all(
    paths.map(
      () =>
        new Promise<Socket>((resolve, reject) => {
          const socket = connect(port, '127.0.0.1', () => {
            resolve(socket);
          });
          socket.on('error', reject);
        }),
    ),
  );
  // Connected on this side is not yet accepted on the server's: let it accept them all first.
  await new Promise((resolve) => setTimeout(resolve, 100));
  const answers = sockets.map(
    (socket) =>
      new Promise<Raw>((resolve) => {
        const chunks: Buffer[] = [];
        socket.on('data', (chunk: Buffer) => chunks.push(chunk));
        socket.on('end', () => {
          resolve(parse(Buffer.concat(chunks)));
        });
      }),
  );
  sockets.forEach((socket, i) => socket.write(`GET ${paths[i] ?? '/'} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`));
  return Promise.all(answers);
}

/**
 * `service` whose exports, concordances, citations and distinctive terms each hold the thread
 * for `ms`, with the time limits they were given.
 */
function slowWorkbench(service: SearchService, ms: number): SearchService & { runs: number; limits: Array<number | undefined> } {
  const counted: SearchService & { runs: number; limits: Array<number | undefined> } = {
    runs: 0,
    limits: [],
    documents: () => service.documents(),
    search: (...args: Parameters<SearchService['search']>) => service.search(...args),
    compare: (...args: Parameters<SearchService['compare']>) => service.compare(...args),
    suggest: (...args: Parameters<SearchService['suggest']>) => service.suggest(...args),
    read: (...args: Parameters<SearchService['read']>) => {
      counted.runs++;
      burn(ms);
      return service.read(...args);
    },
    hitList: (query, options) => {
      counted.runs++;
      counted.limits.push(options?.timeLimitMs);
      burn(ms);
      return service.hitList(query, options);
    },
    concordance: (query, options) => {
      counted.runs++;
      counted.limits.push(options?.timeLimitMs);
      burn(ms);
      return service.concordance(query, options);
    },
    distinctiveTerms: (...args: Parameters<SearchService['distinctiveTerms']>) => {
      counted.runs++;
      burn(ms);
      return service.distinctiveTerms(...args);
    },
    contrastTerms: (...args: Parameters<SearchService['contrastTerms']>) => service.contrastTerms(...args),
  };
  return counted;
}

async function start(service: SearchService, admission: Admission | Partial<AdmissionOptions>, logger = memoryLogger()): Promise<LiveApp> {
  const app = createApp({ service, logger, admission });
  const server = await live(app);
  return server;
}

/** A hundred one-character words (199 characters, within the query limit) that no paragraph holds all of. */
const HUNDRED_WORDS = [...Array.from('业新发展经济建设改革创新企业项目服务城市农村生态文化教育医疗安全产业科技人才政府工作推进加快全面提升质量高效完善体系机制重点民生就业收入消费投资开放合作区域乡村振兴环境保护绿色低碳数字智能制造现代化治理能力水平市场主体营商优化财政金').slice(0, 99), '龘'].join(' ');

describe('hardening: overload', () => {
  describe('a hundred words that find nothing', () => {
    it('searches once, within the request\'s budget (was one full search per word: 101 searches)', async () => {
      const inner = await corpusService();
      // The first analysis of a hundred words is slow (segmenter caches); time the searches, not that.
      for (let i = 0; i < 3; i++) await inner.search(HUNDRED_WORDS);
      const service = slow(inner, 20);
      const site = await start(service, { budgetMs: 200 });
      try {
        const answer = await site.get(q('/search', HUNDRED_WORDS));
        expect(answer.status).to.equal(200);
        // Nothing holds all hundred words: the answer is relaxed or empty, never a fault.
        expect(answer.body).to.include('搜索结果');
        // One search, within the budget: the help for an empty result (bounded relaxation) runs inside it.
        expect(service.searches.length).to.equal(1);
        for (const options of service.searches) expect(options.timeLimitMs).to.be.a('number').and.at.most(200);
      } finally {
        await site.close();
      }
    });
  });

  describe('fifty clients asking for costly comparisons at once', () => {
    it('runs one, queues a few and turns the rest away at once with 503, Retry-After and a JSON message', async () => {
      const service = slow(await corpusService(), 20);
      const gate = new Admission({ queue: 4, perClient: 100, perConnection: 100, maxWaitMs: 10_000, retryAfterSeconds: 5 });
      // Whatever the timing of arrivals, never more than four wait.
      let mostWaiting = 0;
      const enter = gate.enter.bind(gate);
      gate.enter = (who, abandoned) => {
        const entered = enter(who, abandoned);
        mostWaiting = Math.max(mostWaiting, gate.load.waiting);
        return entered;
      };
      const site = await start(service, gate);
      try {
        // Fifty different queries: answers are cached, and a repeated one would not run again.
        const answers = await burst(site.port, Array.from({ length: 50 }, (_, i) => q('/api/compare', `业|新|发展|${String.fromCodePoint(0x4e00 + i)}`)));
        const refused = answers.filter((a) => a.status === 503);
        expect(answers.filter((a) => a.status === 200).length + refused.length).to.equal(50);
        // At most one running and four waiting at any time: the others never waited.
        expect(mostWaiting).to.be.at.most(4);
        expect(refused.length).to.equal(gate.refused.queue).and.to.be.above(0);
        for (const a of refused) {
          expect(a.headers['retry-after']).to.equal('5');
          expect(a.headers['cache-control']).to.equal('no-store');
          expect(JSON.parse(a.body)).to.deep.equal({ error: { message: '当前检索请求过多，请约 5 秒后再试' } });
        }
        // Only those admitted were run.
        expect(service.comparisons).to.equal(50 - refused.length);
      } finally {
        await site.close();
      }
    });

    it('answers a page with a Chinese 503 page', async () => {
      const service = slow(await corpusService(), 30);
      const logger = memoryLogger();
      const site = await start(service, { queue: 1, perClient: 100, perConnection: 100 }, logger);
      try {
        const answers = await burst(site.port, Array.from({ length: 6 }, () => q('/compare', '业|新')));
        const refused = answers.find((a) => a.status === 503);
        expect(refused?.headers['content-type']).to.equal('text/html; charset=utf-8');
        expect(refused?.headers['retry-after']).to.equal('2');
        expect(refused?.body).to.include('<h1>检索繁忙</h1>');
        expect(refused?.body).to.include('当前检索请求过多，请约 2 秒后再试');
        // Expected under load and counted on /healthz: not one log line per refusal.
        expect(logger.lines.filter((line) => line.level === 'error')).to.deep.equal([]);
      } finally {
        await site.close();
      }
    });
  });

  describe('answers already held', () => {
    it('are sent at once while the gate is busy, where a new search waits its turn', async () => {
      const gate = new Admission({ concurrency: 1, maxWaitMs: 300 });
      const site = await start(await corpusService(), gate);
      try {
        expect((await site.get(q('/api/search', '营商环境'))).status).to.equal(200);
        expect((await site.get(q('/api/compare', '营商环境'))).status).to.equal(200);
        // Someone else's costly request holds the only turn.
        const ticket = await gate.enter({ address: '10.9.9.9', connection: {} });
        try {
          const held = await site.get(q('/api/search', '营商环境'));
          expect(held.status).to.equal(200);
          expect((await site.get(q('/api/compare', '营商环境'))).status).to.equal(200);
          // Not held: it waits for the turn, and past the longest wait is turned away.
          expect((await site.get(q('/api/search', '乡村振兴'))).status).to.equal(503);
        } finally {
          ticket.leave();
        }
        expect((await site.get(q('/api/search', '乡村振兴'))).status).to.equal(200);
      } finally {
        await site.close();
      }
    });
  });

  describe('the researcher\'s costly routes', () => {
    for (const [label, path] of [
      ['an export of every hit', '/api/export?q=%E5%8F%91%E5%B1%95&format=csv'],
      ['the concordance (API)', '/api/kwic?q=%E5%8F%91%E5%B1%95'],
      ['the concordance page', '/kwic?q=%E5%8F%91%E5%B1%95'],
      ['citations', '/api/cite?p=qu-01:p1&format=ris'],
      ['distinctive terms', '/terms?docs=qu-01'],
    ] as const) {
      it(`wait at the gate: ${label} (was run at once, any number together)`, async () => {
        const service = slowWorkbench(await corpusService(), 20);
        const site = await start(service, { queue: 2, perClient: 100, perConnection: 100, budgetMs: 40 });
        try {
          const answers = await burst(site.port, Array.from({ length: 12 }, () => path));
          const refused = answers.filter((a) => a.status === 503);
          expect(answers.filter((a) => a.status === 200).length + refused.length).to.equal(12);
          expect(refused.length).to.be.above(0);
          expect(refused.every((a) => a.headers['retry-after'] === '2')).to.equal(true);
          // Only those admitted ran, each search within the request's budget.
          expect(service.runs).to.equal(12 - refused.length);
          for (const limit of service.limits) expect(limit).to.be.a('number').and.at.most(40);
        } finally {
          await site.close();
        }
      });
    }
  });

  describe('a hundred costly requests pipelined on one connection', () => {
    it('are mostly turned away at once, and another client is answered without waiting for them (was blocked 9.6 s)', async () => {
      const service = slow(await corpusService(), 20);
      const site = await start(service, { perConnection: 2 });
      try {
        const pipelined = Array.from({ length: 100 }, () => `GET ${q('/api/compare', '业|新|发展')} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`).join('');
        const statuses: string[] = [];
        let comparedBefore = -1;
        const socket = connect(site.port, '127.0.0.1');
        const done = new Promise<void>((resolve) => {
          let buffer = '';
          socket.on('data', (chunk: Buffer) => {
            buffer += chunk.toString('latin1');
            for (const m of buffer.matchAll(/HTTP\/1\.1 (\d{3})/g)) statuses.push(m[1] ?? '');
            buffer = buffer.slice(buffer.lastIndexOf('HTTP/1.1 ') + 1);
            if (statuses.length >= 100) resolve();
          });
        });
        socket.write(pipelined);
        const normal = site.get(q('/api/search', '营商环境')).then((a) => {
          comparedBefore = service.comparisons;
          return a;
        });
        expect((await normal).status).to.equal(200);
        await done;
        socket.destroy();
        expect(statuses.filter((s) => s === '200').length).to.be.at.most(3);
        expect(statuses.filter((s) => s === '503').length).to.be.at.least(97);
        // The other client waited for at most the pipelined requests admitted, not for a hundred.
        expect(comparedBefore).to.be.at.most(3);
      } finally {
        await site.close();
      }
    });
  });
});
