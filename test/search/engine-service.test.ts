/**
 * The engine seam: the service over the embedded engine answers exactly what the in-process
 * core answers (hits, scores, facets, comparisons, reader marks), and `matchesParagraph` decides
 * one paragraph exactly as the posting-list evaluation decides the corpus.
 */
import { expect } from 'chai';
import { parseQuery } from '../../src/query/index.js';
import { EmbeddedEngine, EngineSearchService, type IndexSearchService } from '../../src/search/index.js';
import { evaluate, matchesParagraph } from '../../src/search/evaluate.js';
import { compile } from '../../src/search/plan.js';
import type { SearchIndex } from '../../src/index/index.js';
import { conformanceQueries } from '../cluster/queries.js';
import { bundledCorpus, smallService } from './fixtures.js';
import { buildSearchIndex } from '../../src/index/index.js';
import { SMALL_REPORTS } from './fixtures.js';

describe('search/engine seam', function () {
  let index: SearchIndex;
  let core: IndexSearchService;
  let service: EngineSearchService;
  let queries: string[];

  before(async () => {
    const opened = await bundledCorpus();
    index = opened.index.index;
    core = opened.service;
    service = new EngineSearchService(index.table, index.vocabulary, new EmbeddedEngine(index));
    queries = conformanceQueries(index.table, 300);
  });

  describe('EngineSearchService#search', () => {
    it('answers every query as the in-process core does (embedded engine)', async () => {
      for (const q of queries) {
        for (const sort of ['relevance', 'order'] as const) {
          const expected = { ...core.search(q, { sort, size: 20 }), tookMs: 0 };
          const got = { ...(await service.search(q, { sort, size: 20 })), tookMs: 0 };
          expect(got, `${q} (${sort})`).to.deep.equal(expected);
        }
      }
    });

    it('applies the level and doc options as the core does', async () => {
      const doc = core.documents()[3]?.id ?? '';
      for (const q of ['营商环境', '"高质量发展"', 'level:区', '发展 -经济']) {
        const options = { level: ['区', '县'] as ('区' | '县')[], doc: [doc] };
        expect({ ...(await service.search(q, options)), tookMs: 0 }, q).to.deep.equal({ ...core.search(q, options), tookMs: 0 });
      }
    });
  });

  it('relaxes, drops question words and offers heading-only matches as the core does', async () => {
    for (const q of ['怎么解决停车难', '高质量发展 葡萄柚', '2024年', '营商环境 -优化 葡萄柚', '如何推进城市更新', 'GDP', '两新']) {
      for (const options of [{}, { strict: true }, { page: 2, size: 5 }, { sort: 'order' as const }]) {
        expect({ ...(await service.search(q, options)), tookMs: 0 }, `${q} ${JSON.stringify(options)}`).to.deep.equal({ ...core.search(q, options), tookMs: 0 });
      }
    }
  });

  describe('time budget', () => {
    it('stops where the core stops and says how far it got: search, export list, concordance, comparison', async () => {
      for (const q of ['发展', '营商环境 OR 科技 OR 人才', '"高质量发展"']) {
        const expected = core.search(q, { timeLimitMs: 0 });
        const got = await service.search(q, { timeLimitMs: 0 });
        expect(expected.partial?.searched, q).to.be.lessThan(index.table.blocks.length);
        expect([got.partial?.searched, got.partial?.paragraphs, got.total, got.hits], q).to.deep.equal([expected.partial?.searched, expected.partial?.paragraphs, expected.total, expected.hits]);
        expect((await service.hitList(q, { timeLimitMs: 0 })).partial?.searched, q).to.equal(core.hitList(q, { timeLimitMs: 0 }).partial?.searched);
        expect((await service.concordance(q, { timeLimitMs: 0 })).partial?.searched, q).to.equal(core.concordance(q, { timeLimitMs: 0 }).partial?.searched);
        expect((await service.compare(q, { timeLimitMs: 0 })).partial?.searched, q).to.equal(core.compare(q, { timeLimitMs: 0 }).partial?.searched);
      }
    });

    it('answers in full within a budget it does not reach', async () => {
      expect((await service.search('发展', { timeLimitMs: 600_000 })).partial).to.equal(undefined);
    });
  });

  describe('EngineSearchService#compare', () => {
    it('counts occurrences per report as the core does', async () => {
      for (const q of queries.slice(0, 120)) expect(await service.compare(q), q).to.deep.equal(core.compare(q));
    });
  });

  describe('EngineSearchService#read', () => {
    it('marks a report as the core does', async () => {
      const docs = core.documents();
      for (const [i, q] of ['营商环境', '"高质量发展"', 'heading:科技', '', 'level:区', '()'].entries()) {
        const id = docs[(i * 7) % docs.length]?.id ?? '';
        expect(await service.read(id, q), `${id} ${q}`).to.deep.equal(core.read(id, q));
      }
      expect(await service.read('no-such-report', '发展')).to.equal(undefined);
    });
  });

  describe('EngineSearchService#suggest', () => {
    it('completes from the same vocabulary', async () => {
      expect(await service.suggest('营商', 5)).to.deep.equal(core.suggest('营商', 5));
    });
  });

  describe('matchesParagraph', () => {
    it('decides each paragraph as evaluate decides the corpus', () => {
      const { norms, paths, pathOf } = index.table;
      for (const q of queries) {
        const root = parseQuery(q).root;
        const plan = root === null ? null : compile(root);
        if (plan === null) continue;
        const expected = Array.from(evaluate(index, plan));
        const got: number[] = [];
        norms.forEach((norm, id) => {
          if (matchesParagraph(plan, norm, paths[pathOf[id] ?? 0] ?? '')) got.push(id);
        });
        expect(got, q).to.deep.equal(expected);
      }
    });

    it('holds on the small corpus (Latin and digit bounds, headings)', () => {
      const small = buildSearchIndex(SMALL_REPORTS);
      expect(smallService().documents()).to.have.length(3);
      for (const q of ['6.2%', '2.5', 'pm', 'heading:营商', '营商 -优化', '"数字 经济"', '5g OR 乡村']) {
        const root = parseQuery(q).root;
        const plan = root === null ? null : compile(root);
        if (plan === null) throw new Error(q);
        const got: number[] = [];
        small.table.norms.forEach((norm, id) => {
          if (matchesParagraph(plan, norm, small.table.paths[small.table.pathOf[id] ?? 0] ?? '')) got.push(id);
        });
        expect(got, q).to.deep.equal(Array.from(evaluate(small, plan)));
      }
    });
  });
});
