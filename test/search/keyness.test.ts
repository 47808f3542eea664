import { expect } from 'chai';
import { indexTerms } from '../../src/index/analyzer.js';
import type { IndexSearchService } from '../../src/search/index.js';
import { isContentTerm, logLikelihood, MIN_COUNT, MIN_KEYNESS } from '../../src/search/keyness.js';
import { EmbeddedEngine, EngineSearchService } from '../../src/search/index.js';
import type { ParagraphTable } from '../../src/index/paragraphs.js';
import { bundledCorpus } from './fixtures.js';
import type { OpenedSearch } from '../../src/search/index.js';

describe('search/keyness', function () {
  let opened: OpenedSearch;
  let service: IndexSearchService;
  let table: ParagraphTable;

  before(async () => {
    opened = await bundledCorpus();
    service = opened.service;
    table = opened.index.index.table;
  });

  describe('#logLikelihood', () => {
    it('computes G² as Rayson and Garside do', () => {
      expect(logLikelihood(10, 0, 100, 100)).to.be.closeTo(20 * Math.log(2), 1e-9);
      expect(logLikelihood(20, 5, 1000, 1000)).to.be.closeTo(2 * (20 * Math.log(1.6) + 5 * Math.log(0.4)), 1e-9);
      expect(logLikelihood(5, 5, 100, 100)).to.equal(0);
      expect(logLikelihood(0, 0, 100, 100)).to.equal(0);
    });
  });

  describe('#isContentTerm', () => {
    it('keeps words of two or more characters with a Chinese character and no digit', () => {
      expect(['营商环境', '四群八链', 'ai产业'].map(isContentTerm)).to.deep.equal([true, true, true]);
      expect(['的', '2024年', '6.2%', 'gdp', '一'].map(isContentTerm)).to.deep.equal([false, false, false, false, false]);
    });
  });

  describe('#distinctiveTerms', () => {
    it('counts what the analyser finds, reports only significant overuse, strongest first', () => {
      const docId = 'zhenjiang-2024-full';
      const terms = service.distinctiveTerms(docId, 30) ?? [];
      expect(terms.length).to.be.greaterThan(5);
      const r = table.reports.findIndex((report) => report.meta.id === docId);
      const counts = new Map<string, number>();
      const rest = new Map<string, number>();
      let own = 0;
      let others = 0;
      table.blocks.forEach((block, id) => {
        const mine = table.reportOf[id] === r;
        for (const term of indexTerms(block.text)) {
          if (mine) own++;
          else others++;
          const map = mine ? counts : rest;
          map.set(term, (map.get(term) ?? 0) + 1);
        }
      });
      for (const t of terms) {
        expect(isContentTerm(t.term), t.term).to.equal(true);
        expect(t.count, t.term).to.equal(counts.get(t.term) ?? 0);
        expect(t.rest, t.term).to.equal(rest.get(t.term) ?? 0);
        expect(t.count).to.be.at.least(MIN_COUNT);
        expect(t.ll).to.be.at.least(MIN_KEYNESS);
        expect(t.ll).to.be.closeTo(logLikelihood(t.count, t.rest, own, others), 0.01);
        expect(t.per10k).to.be.greaterThan(t.restPer10k);
      }
      for (let i = 1; i < terms.length; i++) expect(terms[i - 1]?.ll ?? 0).to.be.at.least(terms[i]?.ll ?? 0);
      expect(service.distinctiveTerms('nope')).to.equal(undefined);
    });

    it('gives the same lists from the engine-backed service (terms analysed from the table)', async () => {
      const engine = new EngineSearchService(table, opened.index.index.vocabulary, new EmbeddedEngine(opened.index.index));
      expect(await engine.distinctiveTerms('qu-01', 20)).to.deep.equal(service.distinctiveTerms('qu-01', 20));
      expect(await engine.contrastTerms(['qu-01', 'shi-01'], 10)).to.deep.equal(service.contrastTerms(['qu-01', 'shi-01'], 10));
    });
  });

  describe('#contrastTerms', () => {
    it('for each report, terms it uses more than the other chosen ones', () => {
      const [a, b, c] = service.contrastTerms(['qu-01', 'shi-01', 'xian-01'], 15);
      for (const list of [a, b, c]) {
        expect(list).to.not.equal(undefined);
        for (const t of list ?? []) expect(t.per10k).to.be.greaterThan(t.restPer10k);
      }
      expect(() => service.contrastTerms(['qu-01'])).to.throw(/docs/u);
      expect(() => service.contrastTerms(['qu-01', 'qu-01'])).to.throw(/docs/u);
      expect(() => service.contrastTerms(['qu-01', 'nope'])).to.throw(/docs/u);
    });
  });
});
