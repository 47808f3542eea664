import { expect } from 'chai';
import { budget, FIRST_WINDOW, timeCoverage, UNLIMITED, windowed } from '../../src/search/budget.js';
import type { TextProofs } from '../../src/search/evaluate.js';
import { SearchOptionError } from '../../src/search/index.js';
import { compileQuery, CorpusView, rangeOf } from '../../src/search/corpus-view.js';
import { parseQuery } from '../../src/query/index.js';
import { bundledCorpus } from './fixtures.js';

/** A hundred single characters joined by `|`: a query that matches nearly every paragraph. */
const HUNDRED_ALTERNATIVES = Array.from('业新发展经济建设改革创新企业项目服务城市农村生态文化教育医疗安全产业科技人才政府工作推进加快全面提升质量高效完善体系机制重点民生就业收入消费投资开放合作区域乡村振兴环境保护绿色低碳数字智能制造现代化治理能力水平市场主体营商优化财政金融').slice(0, 100).join('|');

describe('search/budget', () => {
  describe('#budget', () => {
    it('expires at the deadline on its clock and counts down to 0', () => {
      let now = 100;
      const b = budget(30, () => now);
      expect([b.expired(), b.remaining()]).to.deep.equal([false, 30]);
      now = 129;
      expect([b.expired(), b.remaining()]).to.deep.equal([false, 1]);
      now = 131;
      expect([b.expired(), b.remaining()]).to.deep.equal([true, 0]);
    });

    it('is unlimited for Infinity', () => {
      expect(budget(Infinity)).to.equal(UNLIMITED);
    });
  });

  describe('#windowed', () => {
    const ids = (from: number, to: number) => Int32Array.from({ length: to - from }, (_, i) => from + i);

    it('runs once over everything without a limit', () => {
      const calls: Array<Int32Array | undefined> = [];
      const found = windowed(10_000, undefined, UNLIMITED, new Map(), (within) => {
        calls.push(within);
        return ids(0, 3);
      });
      expect(calls).to.deep.equal([undefined]);
      expect(found).to.deep.equal({ ids: ids(0, 3), searched: 10_000 });
    });

    it('stops after the window in which the deadline passed, with every match of the windows run', () => {
      let now = 0;
      const limit = budget(10, () => now);
      const windows: Array<[number, number]> = [];
      const found = windowed(
        100_000,
        undefined,
        limit,
        new Map(),
        (within) => {
          const w = within ?? new Int32Array(0);
          windows.push([w[0] ?? -1, (w[w.length - 1] ?? -1) + 1]);
          // One ms per 1,000 paragraphs, and every 1,000th paragraph matches.
          now += w.length / 1000;
          return w.filter((id) => id % 1000 === 0);
        },
        () => now,
      );
      // First window: 100,000 / 16; then sized to fill 80 % of what is left at the measured rate.
      expect(windows[0]).to.deep.equal([0, 6250]);
      expect(windows[1]).to.deep.equal([6250, 9250]);
      expect(found.searched).to.equal(windows.at(-1)?.[1]);
      expect(now).to.be.at.least(10);
      expect(Array.from(found.ids)).to.deep.equal(Array.from({ length: Math.ceil(found.searched / 1000) }, (_, i) => i * 1000));
    });

    it('keeps to the allowed paragraphs in each window and always runs the first', () => {
      const allowed = Int32Array.from([3, 400, 900, 5000]);
      const seen: number[][] = [];
      const found = windowed(6000, allowed, budget(0), new Map() as TextProofs, (within) => {
        seen.push(Array.from(within ?? []));
        return within ?? new Int32Array(0);
      });
      // The first window: 6,000 / 16 = 375 paragraphs (at least FIRST_WINDOW).
      expect(seen).to.deep.equal([[3]]);
      expect(found).to.deep.equal({ ids: Int32Array.from([3]), searched: 375 });
    });
  });

  describe('IndexSearchService with timeLimitMs', () => {
    it('answers exactly for the corpus prefix it covered, and says so', async () => {
      const { service } = await bundledCorpus();
      const paragraphs = service.documents().reduce((n, d) => n + d.paragraphs, 0);
      const full = service.search(HUNDRED_ALTERNATIVES, { sort: 'order', size: 100 });
      const cut = service.search(HUNDRED_ALTERNATIVES, { sort: 'order', size: 100, timeLimitMs: 0 });
      expect(full.partial).to.equal(undefined);
      expect(cut.partial).to.deep.equal({ missing: [], reasons: [`time limit reached after ${String(FIRST_WINDOW)} of ${String(paragraphs)} paragraphs`], searched: FIRST_WINDOW, paragraphs });
      expect(cut.partial).to.deep.equal(timeCoverage(FIRST_WINDOW, paragraphs));
      // Corpus order: the first FIRST_WINDOW paragraphs are the first reports' paragraphs.
      const starts = new Map<string, number>();
      let start = 0;
      for (const d of service.documents()) {
        starts.set(d.id, start);
        start += d.paragraphs;
      }
      const covered = full.hits.filter((h) => (starts.get(h.docId) ?? 0) + h.paragraph - 1 < FIRST_WINDOW);
      expect(cut.hits.map((h) => `${h.docId}#${String(h.paragraph)}`)).to.deep.equal(covered.map((h) => `${h.docId}#${String(h.paragraph)}`));
      expect(cut.total).to.be.below(full.total);
    });

    it('gives the same answer as without a limit when the limit is ample', async () => {
      const { service } = await bundledCorpus();
      const full = service.search('营商环境 OR 高质量发展', { size: 50 });
      const ample = service.search('营商环境 OR 高质量发展', { size: 50, timeLimitMs: 60_000 });
      expect({ ...ample, tookMs: 0 }).to.deep.equal({ ...full, tookMs: 0 });
    });

    it('cuts a comparison of a hundred alternatives short, and says how far it got', async () => {
      const { service } = await bundledCorpus();
      const paragraphs = service.documents().reduce((n, d) => n + d.paragraphs, 0);
      const full = service.compare(HUNDRED_ALTERNATIVES);
      const cut = service.compare(HUNDRED_ALTERNATIVES, { timeLimitMs: 0 });
      expect(full.partial).to.equal(undefined);
      expect(cut.partial?.paragraphs).to.equal(paragraphs);
      expect(cut.partial?.searched).to.be.at.most(FIRST_WINDOW);
      expect(cut.totalParagraphs).to.be.at.most(cut.partial?.searched ?? 0);
      expect(cut.totalOccurrences).to.be.below(full.totalOccurrences);
    });

    it('stops counting a comparison when the budget runs out during the count, exact for the paragraphs before', async () => {
      const { index } = await bundledCorpus();
      const view = new CorpusView(index.index.table);
      const query = compileQuery(parseQuery(HUNDRED_ALTERNATIVES), [], { asTyped: true });
      const paragraphs = index.index.table.blocks.length;
      const ids = rangeOf(0, paragraphs);
      // The clock is looked at every few paragraphs; this budget runs out at the second look.
      let looks = 0;
      const limit = { expired: () => ++looks >= 2, remaining: () => 0 };
      const cut = view.compare(HUNDRED_ALTERNATIVES, query, ids, undefined, limit);
      const searched = cut.partial?.searched ?? -1;
      expect(cut.partial).to.deep.equal(timeCoverage(searched, paragraphs));
      expect(searched).to.be.above(0).and.below(FIRST_WINDOW);
      // Against counting those paragraphs alone, without a limit: the same paragraphs and occurrences.
      const before = view.compare(HUNDRED_ALTERNATIVES, query, ids.subarray(0, searched), new Set<number>());
      expect(cut.documents.map((d) => [d.paragraphs, d.occurrences])).to.deep.equal(before.documents.map((d) => [d.paragraphs, d.occurrences]));
      expect(cut.totalParagraphs).to.equal(searched);
      const full = view.compare(HUNDRED_ALTERNATIVES, query, ids, undefined);
      expect(full.partial).to.equal(undefined);
      expect(full.totalParagraphs).to.equal(paragraphs);
    });

    it('refuses a negative limit', async () => {
      const { service } = await bundledCorpus();
      expect(() => service.search('发展', { timeLimitMs: -1 })).to.throw(SearchOptionError, 'option "timeLimitMs" must be a number of milliseconds ≥ 0, got "-1"');
    });
  });
});
