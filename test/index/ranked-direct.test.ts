/** The ranked tables counted directly are exactly those MiniSearch's export gives. */
import { expect } from 'chai';
import fc from 'fast-check';
import MiniSearch from 'minisearch';
import { CORPUS_DIR, loadCorpusSync } from '../../src/ingest/index.js';
import { exportRanked, type RankedTables } from '../../src/index/bm25.js';
import { indexTerms } from '../../src/index/analyzer.js';
import { buildParagraphTable } from '../../src/index/paragraphs.js';
import { buildRanked, RANKED_OPTIONS, type RankedDocument } from '../../src/index/ranked.js';
import { countRanked, fieldTerms } from '../../src/index/ranked-direct.js';
import { addCorpusTerms } from '../../src/text/index.js';

function plain(tables: RankedTables): unknown {
  return {
    terms: tables.terms,
    offsets: Array.from(tables.offsets),
    ids: Array.from(tables.ids),
    tfs: Array.from(tables.tfs),
    lengths: tables.lengths.map((array) => Array.from(array)),
    averages: tables.averages,
    documentCount: tables.documentCount,
  };
}

/** MiniSearch's tables over paragraphs given as token lists per field (text, heading). */
function viaMiniSearch(paragraphs: readonly (readonly string[][])[]): RankedTables {
  let current = 0;
  const ranked = new MiniSearch<RankedDocument>({ ...RANKED_OPTIONS, tokenize: (_text, field) => [...(paragraphs[current]?.[field === 'text' ? 0 : 1] ?? [])] });
  paragraphs.forEach((_, id) => {
    current = id;
    ranked.add({ id, text: 'x', heading: 'x' });
  });
  return exportRanked(ranked, 0);
}

describe('index/ranked-direct', () => {
  describe('#fieldTerms', () => {
    it('counts each distinct term, in first-seen order, and the distinct tokens (an empty one included) as the length', () => {
      expect(fieldTerms(['发展', '', '经济', '发展', '', '发展'])).to.deep.equal({ terms: ['发展', '经济'], counts: [3, 1], length: 3 });
      expect(fieldTerms([])).to.deep.equal({ terms: [], counts: [], length: 0 });
    });
  });

  describe('#countRanked', () => {
    it('gives exactly the tables of a MiniSearch built by buildRanked over the bundled corpus', function () {
      this.timeout(120_000);
      const { reports } = loadCorpusSync(CORPUS_DIR);
      addCorpusTerms(reports);
      const table = buildParagraphTable(reports);
      const textTerms = table.blocks.map((block) => indexTerms(block.text));
      const expected = exportRanked(buildRanked(table, (id) => textTerms[id] ?? []), 0);
      const actual = countRanked(table.blocks.length, (id) => [fieldTerms(textTerms[id] ?? []), fieldTerms(indexTerms(table.blocks[id]?.sectionPath.join('\n') ?? ''))]);
      expect(plain(actual)).to.deep.equal(plain(expected));
    });

    it('agrees with MiniSearch on random token lists (repeats, empty tokens, shared and surrogate-pair terms)', () => {
      const token = fc.oneof(fc.constantFrom('', '发展', '经济', 'a', 'ab', '𠀀', '𠀀a', 'z', '高质量'), fc.string({ maxLength: 3 }));
      const paragraph = fc.tuple(fc.array(token, { maxLength: 12 }), fc.array(token, { maxLength: 5 }));
      fc.assert(
        fc.property(fc.array(paragraph, { minLength: 1, maxLength: 30 }), (paragraphs) => {
          const actual = countRanked(paragraphs.length, (id) => (paragraphs[id] ?? [[], []]).map((tokens) => fieldTerms(tokens)));
          expect(plain(actual)).to.deep.equal(plain(viaMiniSearch(paragraphs)));
        }),
        { numRuns: 300 },
      );
    });
  });
});
