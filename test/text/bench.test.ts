import assert from 'node:assert/strict';
import { formatSegmentBench, formatSegmentSection, replaceSection, runSegmentBench } from '../../bench/segment.js';

describe('bench/segment', () => {
  describe('#runSegmentBench (--smoke)', () => {
    it('measures throughput, tokens, the dictionary and the stop-word evidence on a sample', () => {
      const r = runSegmentBench({ smoke: true });
      assert.ok(r.paragraphs > 20 && r.characters > 5000, `${String(r.paragraphs)} paragraphs, ${String(r.characters)} characters`);
      for (const speed of [r.indexCharsPerSecond, r.indexCharsPerCpuSecond, r.queryCharsPerSecond, r.normalizeCharsPerSecond]) assert.ok(speed > 10000, String(speed));
      assert.ok(r.jiebaShare > 0 && r.jiebaShare < 1, String(r.jiebaShare));
      assert.ok(r.indexTokens > r.mainTokens && r.distinctTerms > 1000);
      assert.equal(r.dictionary.policyTerms, r.dictionary.curated + r.dictionary.quoted);
      assert.ok(r.dictionary.recallPolicy > 0.95, String(r.dictionary.recallPolicy));
      assert.equal(r.stock, undefined);
      assert.ok(r.stopWords.postingsDropped < r.stopWords.postingsKept);
      assert.deepEqual(
        r.stopWords.matches.filter((m) => m.query === '的' || m.query === '和').map((m) => m.dropped),
        [0, 0],
      );
      assert.match(formatSegmentBench(r), /^machine: .*\nchanged against stock jieba: not measured with --smoke\n/ms);
      assert.throws(() => formatSegmentSection(r), new Error('bench: the BENCHMARKS.md section needs a full run (without --smoke)'));
    });
  });

  describe('#replaceSection', () => {
    const section = '## Text analysis\n\nnew\n';
    it('replaces only its own section', () => {
      const text = '# Benchmarks\n\n## Search\n\ns\n\n## Text analysis\n\nold\n\n## Web\n\nw\n';
      assert.equal(replaceSection(text, section), '# Benchmarks\n\n## Search\n\ns\n\n## Text analysis\n\nnew\n\n## Web\n\nw\n');
    });

    it('appends the section when it is missing', () => {
      assert.equal(replaceSection('# Benchmarks\n\n## Search\n\ns\n', section), '# Benchmarks\n\n## Search\n\ns\n\n## Text analysis\n\nnew\n');
    });
  });
});
