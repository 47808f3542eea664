import { expect } from 'chai';
import { buildParagraphTable } from '../../src/index/paragraphs.js';
import { paragraphsBy } from '../../src/search/service.js';
import { makeReport, SMALL_REPORTS } from './fixtures.js';

describe('search/service filters', () => {
  describe('#paragraphsBy', () => {
    it('lists the paragraphs of the reports sharing each key, ascending', () => {
      const reports = [...SMALL_REPORTS, makeReport('d', '区', 2023, ['又一段。', '再一段。'])];
      const { reportStart } = buildParagraphTable(reports);
      const byLevel = paragraphsBy(reports, reportStart, (report) => report.meta.level);
      expect([...byLevel].map(([level, ids]) => [level, Array.from(ids)])).to.deep.equal([
        ['区', [0, 1, 2, 3, 4, 10, 11]],
        ['市', [5, 6, 7]],
        ['县', [8, 9]],
      ]);
      const byYear = paragraphsBy(reports, reportStart, (report) => report.meta.year);
      expect([...byYear].map(([year, ids]) => [year, Array.from(ids)])).to.deep.equal([
        [2024, [0, 1, 2, 3, 4, 5, 6, 7]],
        [2023, [8, 9, 10, 11]],
      ]);
    });
  });
});
