/** The cluster's analysis gives exactly the embedded build's ranking tables and vocabulary, in one thread or several. */
import { isDeepStrictEqual } from 'node:util';
import { expect } from 'chai';
import { CORPUS_DIR, loadCorpusSync } from '../../src/ingest/index.js';
import { analyseCorpus, batches } from '../../src/cluster/analysis.js';
import { buildRankedAndVocabulary } from '../../src/index/build.js';
import { buildParagraphTable } from '../../src/index/paragraphs.js';
import { addCorpusTerms } from '../../src/text/index.js';

describe('cluster/analysis', () => {
  const { reports } = loadCorpusSync(CORPUS_DIR);
  addCorpusTerms(reports);
  const paragraphs = reports.flatMap((report) => report.paragraphs);

  describe('#batches', () => {
    it('cuts the paragraphs into consecutive batches in corpus order, the last one shorter', () => {
      const jobs = [...batches(reports, 500)];
      expect(jobs.map((job) => job.base)).to.deep.equal(Array.from({ length: Math.ceil(paragraphs.length / 500) }, (_, i) => i * 500));
      expect(jobs.flatMap((job) => job.texts)).to.deep.equal(paragraphs.map((paragraph) => paragraph.text));
      expect(jobs.flatMap((job) => job.paths)).to.deep.equal(paragraphs.map((paragraph) => paragraph.sectionPath));
      expect(jobs.every((job) => job.direct === true)).to.equal(true);
    });
  });

  describe('#analyseCorpus', () => {
    it('gives the tables and vocabulary of the embedded build, in this thread and in build threads', function () {
      this.timeout(300_000);
      const expected = buildRankedAndVocabulary(buildParagraphTable(reports), { threads: 'never' });
      const single = analyseCorpus(reports, { threads: 'never', parallel: { shardSize: 700 } });
      // Exact equality of every typed array and float (deep-equal on arrays of 100,000s of numbers is slow).
      expect(isDeepStrictEqual(single.rankedTables, expected.rankedTables)).to.equal(true);
      expect(single.vocabulary).to.deep.equal(expected.vocabulary);
      const reasons: string[] = [];
      const progress: number[] = [];
      let meanwhile = 0;
      const threaded = analyseCorpus(reports, {
        threads: 'always',
        parallel: { workers: 2, shardSize: 400 },
        onFallback: (reason) => reasons.push(reason),
        onProgress: (done) => progress.push(done),
        meanwhile: () => meanwhile++,
      });
      expect(reasons).to.deep.equal([]);
      expect(meanwhile).to.equal(1);
      expect(progress.at(-1)).to.equal(paragraphs.length);
      expect(isDeepStrictEqual(threaded.rankedTables, expected.rankedTables)).to.equal(true);
      expect(threaded.vocabulary).to.deep.equal(expected.vocabulary);
    });
  });
});
