/**
 * The baseline engines of the side-by-side benchmark answer with the search core's semantics:
 * the scan and SQLite FTS5 return exactly the index's matching paragraphs.
 */
import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { viewCorpus } from '../../bench/lib/corpus-view.js';
import { buildFts5, fts5Search, needsFallback } from '../../bench/lib/fts5.js';
import { QUERY_MIX } from '../../bench/lib/queries.js';
import { scanIds, strictScanIds } from '../../bench/lib/scan.js';
import { bundledCorpus, SMALL_REPORTS, smallService } from '../search/fixtures.js';

/** Word bounds, OR, heading fields, exclusions, filters alone and words with nothing to search. */
const EDGE_QUERIES = ['营商 /SEN 优化', '环境 /NEAR 3 优化', '6.2%', '2.4', '5.5%', 'pm', '5g', '12.5%', '营商 OR 数字', 'heading:营商', '"高质量发展" -乡村', 'level:县', '%', '发展 year:2023', '營商環境'];

describe('bench/lib baselines', () => {
  describe('#scanIds', () => {
    it('matches the index on the small corpus, bounds and fields included', () => {
      const view = viewCorpus(SMALL_REPORTS);
      const service = smallService();
      for (const q of [...EDGE_QUERIES, ...QUERY_MIX.map((query) => query.q)]) {
        expect(scanIds(view, q).length, q).to.equal(service.search(q).total);
      }
    });

    it('matches the index on the bundled corpus for every query of the mix', async function () {
      this.timeout(60_000);
      const { service, index } = await bundledCorpus();
      const view = viewCorpus(index.index.table.reports);
      for (const { q } of QUERY_MIX) expect(scanIds(view, q).length, q).to.equal(service.search(q).total);
      expect(scanIds(view, '6.2%').length).to.equal(service.search('6.2%').total);
    });
  });

  describe('#fts5Search', () => {
    it('matches the scan (before relaxation, which no peer does), with and without the fallback for short terms', () => {
      const dir = mkdtempSync(join(tmpdir(), 'fts5-test-'));
      try {
        const view = viewCorpus(SMALL_REPORTS);
        const engine = buildFts5(view, join(dir, 'p.sqlite'));
        try {
          for (const q of [...EDGE_QUERIES, ...QUERY_MIX.map((query) => query.q)]) expect(fts5Search(engine, q).total, q).to.equal(strictScanIds(view, q).length);
        } finally {
          engine.db.close();
        }
        expect(needsFallback(view, '营商环境 数字')).to.equal(true);
        expect(needsFallback(view, '"高质量发展"')).to.equal(false);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});
