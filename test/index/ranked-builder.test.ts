/** The ranked tables built without MiniSearch's `add` are the tables MiniSearch's own index exports. */
import { expect } from 'chai';
import fc from 'fast-check';
import MiniSearch from 'minisearch';
import { CORPUS_DIR, loadCorpusSync } from '../../src/ingest/index.js';
import { exportRanked, type RankedTables } from '../../src/index/bm25.js';
import { buildParagraphTable } from '../../src/index/paragraphs.js';
import { buildRanked, RANKED_OPTIONS, type RankedDocument } from '../../src/index/ranked.js';
import { RankedTablesBuilder } from '../../src/index/ranked-builder.js';
import { indexTerms } from '../../src/index/analyzer.js';
import { addCorpusTerms } from '../../src/text/index.js';

/** The tables as plain arrays (chai compares typed arrays element by element, slowly). */
function plain(tables: RankedTables): unknown {
  return { ...tables, offsets: Array.from(tables.offsets), ids: Array.from(tables.ids), tfs: Array.from(tables.tfs), lengths: tables.lengths.map((array) => Array.from(array)) };
}

/** MiniSearch (with `RANKED_OPTIONS`) over documents given as their fields' terms, numbered from `base`, exported. */
function miniSearchTables(documents: readonly (readonly string[])[][], base: number): RankedTables {
  let current = 0;
  const ranked = new MiniSearch<RankedDocument>({ ...RANKED_OPTIONS, tokenize: (_text, field) => [...(documents[current]?.[field === 'text' ? 0 : 1] ?? [])] });
  documents.forEach((_, i) => {
    current = i;
    ranked.add({ id: base + i, text: '', heading: '' });
  });
  return exportRanked(ranked, base);
}

function builderTables(documents: readonly (readonly string[])[][], base: number): RankedTables {
  const builder = new RankedTablesBuilder(base);
  for (const fields of documents) builder.add(fields);
  return builder.finish();
}

describe('index/ranked-builder', () => {
  describe('RankedTablesBuilder', () => {
    it('gives the tables MiniSearch exports for the bundled corpus', function () {
      this.timeout(60_000);
      const { reports } = loadCorpusSync(CORPUS_DIR);
      addCorpusTerms(reports);
      const table = buildParagraphTable(reports);
      const builder = new RankedTablesBuilder();
      for (const block of table.blocks) builder.add([indexTerms(block.text), indexTerms(block.sectionPath.join('\n'))]);
      expect(plain(builder.finish())).to.deep.equal(plain(exportRanked(buildRanked(table))));
    });

    it('gives the tables MiniSearch exports for random documents: repeated, empty and shared terms, any base', () => {
      const term = fc.constantFrom('发展', '经济', '高质量', 'a', 'b', '6.2%', '营商环境', '', '𠮷', 'z');
      const documents = fc.array(fc.tuple(fc.array(term, { maxLength: 12 }), fc.array(term, { maxLength: 4 })), { maxLength: 30 });
      fc.assert(
        fc.property(documents, fc.nat(1000), (docs, base) => {
          expect(plain(builderTables(docs, base))).to.deep.equal(plain(miniSearchTables(docs, base)));
        }),
        { numRuns: 300 },
      );
    });

    it('caps term frequencies and field lengths at 65,535, as the export does', () => {
      const many = Array.from({ length: 70_000 }, (_, i) => `t${String(i)}`);
      const docs = [[[...many, ...Array.from({ length: 70_000 }, () => '发展')], ['发展']]];
      const tables = builderTables(docs, 0);
      expect(Array.from(tables.lengths[0] ?? [])).to.deep.equal([65535]);
      expect(Math.max(...tables.tfs)).to.equal(65535);
      expect(plain(tables)).to.deep.equal(plain(miniSearchTables(docs, 0)));
    });
  });
});
