/**
 * The live corpus end to end over loopback: a client searches without pause while a report is
 * added, changed and deleted; every answer comes from one complete index (its total is one of the
 * generations' totals, its facets add up to it), each change becomes searchable, nothing fails,
 * and a deleted report is no longer served.
 */
import { rmSync, unlinkSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { expect } from 'chai';
import type { LiveCorpus } from '../../src/live/index.js';
import { createApp } from '../../src/web/app.js';
import { listen, shutdown } from '../../src/web/server.js';
import { memoryLogger } from '../web/helpers.js';
import { eventually, reportFile, startLive, tempCorpus } from './helpers.js';

const QUERY = '乡村振兴';

/** `n` paragraphs that each hold the query once. */
function paragraphs(n: number, tag: string): string[] {
  return Array.from({ length: n }, (_, i) => `${tag}第${String(i + 1)}项：全面推进乡村振兴，建设宜居宜业和美乡村。`);
}

interface Answer {
  status: number;
  total: number;
  facetSum: number;
}

describe('LiveCorpus', function () {
  this.timeout(300_000);
  let dirs: ReturnType<typeof tempCorpus>;
  let live: LiveCorpus;
  let server: Server;
  let base: string;

  before(async () => {
    dirs = tempCorpus();
    live = await startLive(dirs);
    ({ server, url: base } = await listen(createApp({ generations: live, logger: memoryLogger() }), 0, '127.0.0.1'));
  });

  after(async () => {
    await shutdown(server);
    await live.close();
    rmSync(dirs.root, { recursive: true, force: true });
  });

  describe('#swap', () => {
    it('answers every search from a complete index while a report is added, changed and deleted', async () => {
      const search = async (): Promise<Answer> => {
        const res = await fetch(`${base}/api/search?q=${encodeURIComponent(QUERY)}&size=1`);
        const body = (await res.json()) as { total: number; facets: { doc: Record<string, number> } };
        return { status: res.status, total: body.total, facetSum: Object.values(body.facets.doc).reduce((a, b) => a + b, 0) };
      };
      const first = await search();
      const base0 = first.total;
      expect(base0).to.be.greaterThan(0);
      const answers: Answer[] = [first];
      const running = { stop: false };
      let latest = first;
      const client = (async () => {
        while (!running.stop) {
          latest = await search();
          answers.push(latest);
        }
      })();
      const file = join(dirs.corpusDir, 'live-01.txt');
      const waits: number[] = [];
      try {
        const until = async (total: number) => {
          const started = performance.now();
          await eventually(() => latest.total === total, 120_000, 10);
          waits.push(Math.round(performance.now() - started));
        };
        writeFileSync(file, reportFile('live-01', paragraphs(3, '新增')));
        await until(base0 + 3);
        writeFileSync(file, reportFile('live-01', paragraphs(5, '修改')));
        await until(base0 + 5);
        unlinkSync(file);
        await until(base0);
      } finally {
        running.stop = true;
        await client;
      }
      const allowed = new Set([base0, base0 + 3, base0 + 5]);
      expect(answers.filter((a) => a.status !== 200)).to.deep.equal([]);
      expect(answers.filter((a) => !allowed.has(a.total))).to.deep.equal([]);
      expect(answers.filter((a) => a.facetSum !== a.total)).to.deep.equal([]);
      expect(live.current().number).to.equal(4);
      // Seen in the test output: how long each change took to become searchable, and how many searches ran meanwhile.
      console.log(`      searchable after ${waits.join(' / ')} ms (add / change / delete); ${String(answers.length)} searches answered meanwhile`);
    });

    it('serves a deleted report no more', async () => {
      const doc = await fetch(`${base}/doc/live-01`);
      expect(doc.status).to.equal(404);
      const api = (await (await fetch(`${base}/api/docs`)).json()) as { documents: Array<{ id: string }> };
      expect(api.documents.map((d) => d.id)).to.not.include('live-01');
    });
  });

  describe('#healthz', () => {
    it('reports the generation, when it was built and the last build', async () => {
      const health = (await (await fetch(`${base}/healthz`)).json()) as Record<string, unknown>;
      expect(health).to.include({ status: 'ok', documents: 4, generation: 4, building: false });
      expect(health.builtAt).to.equal(live.current().builtAt.toISOString());
      expect(health.lastBuild).to.include({ generation: 4, documents: 4 });
      expect(health).to.deep.include({ leftOut: [], notImported: [], problems: [] });
    });
  });
});
