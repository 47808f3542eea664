/** Whatever is typed, search answers or throws QueryError; results stay consistent. */
import { expect } from 'chai';
import fc from 'fast-check';
import { QueryError } from '../../src/query/index.js';
import { smallService } from './fixtures.js';

const PIECES = ['营商', '环境', '数字', '发展', '高质量', '6.2%', 'pm2.5', '"', '“', '”', '(', ')', '-', ' ', 'OR', '|', 'heading:', 'level:区', 'doc:a', 'year:2024', 'foo:', '，', '的', 'x', '%'];

describe('search/service robustness', () => {
  it('answers any string built from words, operators, quotes and fields, or throws QueryError', () => {
    const service = smallService();
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 12 }), fc.integer({ min: 1, max: 3 }), (pieces, size) => {
        const query = pieces.join('');
        try {
          const result = service.search(query, { size });
          const all = service.search(query, { size: 100, sort: 'order' });
          expect(result.hits.length).to.be.at.most(size);
          expect(all.total).to.equal(result.total);
          expect(Object.values(result.facets.doc).reduce((a, b) => a + b, 0)).to.equal(result.total);
          for (const hit of all.hits) {
            for (const [start, end] of hit.highlights) expect(start < end && end <= hit.text.length).to.equal(true);
          }
          expect(all.hits.length).to.equal(Math.min(100, all.total - all.folded + all.headingMatches));
          expect(all.hits.filter((hit) => hit.match === 'text').length).to.equal(Math.min(100, all.total - all.folded));
          expect(all.hits.reduce((sum, hit) => sum + hit.copies.length, 0)).to.equal(all.total <= 100 ? all.folded : all.hits.reduce((sum, hit) => sum + hit.copies.length, 0));
          const compared = service.compare(query);
          expect(compared.documents.reduce((sum, row) => sum + row.paragraphs, 0)).to.equal(compared.totalParagraphs);
        } catch (error) {
          if (!(error instanceof QueryError)) throw error;
        }
      }),
      { numRuns: 400, seed: 42 },
    );
  });
});
