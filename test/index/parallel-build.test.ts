/** The build on worker threads gives exactly the index of the one-thread build. */
import { expect } from 'chai';
import { CORPUS_DIR, loadCorpusSync } from '../../src/ingest/index.js';
import { buildSearchIndex, type SearchIndex } from '../../src/index/index.js';
import { addCorpusTerms } from '../../src/text/index.js';

function snapshot(index: SearchIndex): unknown {
  const { ranked, ngramTables, vocabulary } = index;
  const t = ranked.tables;
  return {
    terms: t.terms,
    offsets: Array.from(t.offsets),
    ids: Array.from(t.ids),
    tfs: Array.from(t.tfs),
    lengths: t.lengths.map((array) => Array.from(array)),
    averages: t.averages,
    documentCount: t.documentCount,
    unigrams: Array.from(ngramTables.unigrams.ids),
    bigrams: Array.from(ngramTables.bigrams.ids),
    vocabulary,
  };
}

describe('index/ranked-workers', () => {
  describe('#buildSearchIndex with threads', () => {
    it('builds the same tables, postings and vocabulary as one thread, over several shards and workers', function () {
      this.timeout(120_000);
      const { reports } = loadCorpusSync(CORPUS_DIR);
      addCorpusTerms(reports);
      const single = buildSearchIndex(reports, { threads: 'never' });
      const reasons: string[] = [];
      const progress: number[] = [];
      const parallel = buildSearchIndex(reports, {
        threads: 'always',
        parallel: { workers: 2, shardSize: 300 },
        onFallback: (reason) => reasons.push(reason),
        onProgress: (p) => progress.push(p.done),
      });
      expect(reasons).to.deep.equal([]);
      expect(snapshot(parallel)).to.deep.equal(snapshot(single));
      expect(progress[progress.length - 1]).to.equal(single.table.blocks.length * 3);
    });

    it('falls back to one thread, saying why, when a worker cannot give an answer in time', function () {
      this.timeout(60_000);
      const { reports } = loadCorpusSync(CORPUS_DIR);
      const few = reports.slice(0, 2);
      const reasons: string[] = [];
      const index = buildSearchIndex(few, { threads: 'always', parallel: { workers: 1, stallMs: 0 }, onFallback: (reason) => reasons.push(reason) });
      expect(reasons).to.have.length(1);
      expect(reasons[0]).to.match(/^no word from the build threads for 0 ms$/u);
      expect(snapshot(index)).to.deep.equal(snapshot(buildSearchIndex(few, { threads: 'never' })));
    });
  });
});
