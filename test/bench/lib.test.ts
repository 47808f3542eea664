import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCorpusSync, type Report } from '../../src/ingest/index.js';
import { ROOT } from '../../bench/lib/cli.js';
import { seededRandom } from '../../bench/lib/random.js';
import { QUERY_KINDS, QUERY_MIX } from '../../bench/lib/queries.js';
import { formatMs, formatRatio, markdownTable, median, percentile, summarize } from '../../bench/lib/stats.js';
import { generateScaledCorpus, writeGeneratedCorpus } from '../../bench/scale/generate.js';
import { growthExponent } from '../../bench/scale/plot.js';

describe('bench/lib', () => {
  describe('#percentile', () => {
    const samples = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6];
    it('takes the nearest rank', () => {
      expect([0, 10, 50, 90, 99, 100].map((p) => percentile(samples, p))).to.deep.equal([1, 1, 5, 9, 10, 10]);
    });
    it('gives NaN without samples', () => {
      expect(Number.isNaN(percentile([], 50))).to.equal(true);
    });
    it('summarises p50 and p99', () => {
      expect(summarize(samples)).to.deep.equal({ n: 10, p50: 5, p99: 10 });
      expect(median([3, 1, 2])).to.equal(2);
    });
  });

  describe('#format', () => {
    it('formats durations, ratios and tables', () => {
      expect([0.1234, 1.234, 12.34, 123.4].map(formatMs)).to.deep.equal(['0.123', '1.23', '12.3', '123']);
      expect([0.84, 12.6, Number.NaN].map(formatRatio)).to.deep.equal(['0.8×', '13×', '–']);
      expect(markdownTable(['a', 'b'], [['1', '2']])).to.equal('| a | b |\n| --- | --- |\n| 1 | 2 |');
    });
  });

  describe('#seededRandom', () => {
    it('repeats its sequence for a seed and differs between seeds', () => {
      const take = (seed: number): number[] => {
        const random = seededRandom(seed);
        return Array.from({ length: 5 }, () => random());
      };
      expect(take(7)).to.deep.equal(take(7));
      expect(take(7)).to.not.deep.equal(take(8));
      expect(take(7).every((x) => x >= 0 && x < 1)).to.equal(true);
    });
  });

  describe('QUERY_MIX', () => {
    it('holds 30 queries, of every kind', () => {
      expect(QUERY_MIX).to.have.length(30);
      expect(QUERY_KINDS.map((kind) => QUERY_MIX.filter((q) => q.kind === kind).length)).to.deep.equal([10, 10, 5, 5]);
    });
  });
});

describe('bench/scale/generate', () => {
  let source: Report[];
  before(() => {
    source = loadCorpusSync(join(ROOT, 'corpus')).reports;
  });

  describe('#generateScaledCorpus', () => {
    it('is deterministic for a seed', () => {
      const a = generateScaledCorpus(source, { factor: 0.2, seed: 3 });
      const b = generateScaledCorpus(source, { factor: 0.2, seed: 3 });
      const c = generateScaledCorpus(source, { factor: 0.2, seed: 4 });
      expect(a.map((f) => f.name)).to.deep.equal(['gen-x0p2-00001.txt', 'gen-x0p2-00002.txt', 'gen-x0p2-00003.txt', 'gen-x0p2-00004.txt', 'gen-x0p2-00005.txt', 'gen-x0p2-00006.txt']);
      expect(a).to.deep.equal(b);
      expect(a.map((f) => f.text)).to.not.deep.equal(c.map((f) => f.text));
    });

    it('writes files ingest reads, from real paragraphs, shaped like the real reports', () => {
      const dir = mkdtempSync(join(tmpdir(), 'bench-generate-'));
      try {
        const files = generateScaledCorpus(source, { factor: 0.1, seed: 1 });
        writeGeneratedCorpus(dir, files);
        const { reports, problems } = loadCorpusSync(dir);
        expect(problems).to.deep.equal([]);
        expect(reports.map((r) => r.meta.id)).to.deep.equal(['x0p1-00001', 'x0p1-00002', 'x0p1-00003']);
        const real = new Set(source.flatMap((r) => r.paragraphs.map((p) => p.text)));
        const paragraphs = reports.flatMap((r) => r.paragraphs.map((p) => p.text));
        // Ingest may read a few blocks differently once reshuffled; the text is always real.
        expect(paragraphs.filter((text) => !real.has(text))).to.have.length.below(paragraphs.length / 20);
        // Each report follows one real report's block sequence, so sizes match within a block or two.
        source.slice(0, 3).forEach((template, i) => {
          expect(Math.abs((reports[i]?.blocks.length ?? 0) - template.blocks.length)).to.be.at.most(2);
        });
        expect(readFileSync(join(dir, 'gen-x0p1-00001.txt'), 'utf8')).to.match(/^---\nid: x0p1-00001\n/);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});

describe('bench/scale/plot', () => {
  describe('#growthExponent', () => {
    it('is the log-log slope between the first and last measured sizes', () => {
      expect(growthExponent([1, 10, 100], [2, 20, 200])).to.be.closeTo(1, 1e-12);
      expect(growthExponent([1, 10, 100], [5, undefined, 50])).to.be.closeTo(0.5, 1e-12);
      expect(Number.isNaN(growthExponent([1], [5]))).to.equal(true);
    });
  });
});
