import { expect } from 'chai';
import { addCorpusTerms, analyze, analyzerVersion } from '../../src/text/index.js';
import { reloadSegmenter } from '../../src/text/segment.js';
import { reportWith } from './report.js';

describe('text/version', () => {
  describe('#analyzerVersion', () => {
    it('is a short hex hash, the same on every call', () => {
      expect(analyzerVersion()).to.match(/^[0-9a-f]{12}$/);
      expect(analyzerVersion()).to.equal(analyzerVersion());
    });
  });

  describe('#addCorpusTerms', () => {
    // A made-up slogan, so no other test's segmentation depends on it.
    const report = reportWith('new-report', ['全面实施“蓝莓湾湾谷”计划，深化“四群八链”和“高质量”发展。']);
    const original = analyzerVersion();

    // Later test files in the same process get the analyser as the dictionary files define it.
    after(() => {
      if (analyzerVersion() !== original) reloadSegmenter({ policy: true });
    });

    it('adds the new quoted terms of a report, and the analyser version changes', () => {
      const before = analyzerVersion();
      expect(analyze('蓝莓湾湾谷', { mode: 'query' }).map((t) => t.term)).to.deep.equal(['蓝莓', '湾', '湾', '谷']);
      expect(addCorpusTerms([report])).to.deep.equal(['蓝莓湾湾谷']);
      expect(analyze('实施蓝莓湾湾谷计划').map((t) => t.term)).to.deep.equal(['实施', '蓝莓湾湾谷', '蓝莓', '湾', '湾', '谷', '计划']);
      expect(analyzerVersion()).to.not.equal(before);
    });

    it('adds nothing the second time, and the version stays', () => {
      const before = analyzerVersion();
      expect(addCorpusTerms([report])).to.deep.equal([]);
      expect(analyzerVersion()).to.equal(before);
    });

    it('returns to the original version once the run-time terms are dropped', () => {
      reloadSegmenter({ policy: true });
      expect(analyzerVersion()).to.equal(original);
      expect(analyze('蓝莓湾湾谷', { mode: 'query' }).map((t) => t.term)).to.deep.equal(['蓝莓', '湾', '湾', '谷']);
    });
  });
});
