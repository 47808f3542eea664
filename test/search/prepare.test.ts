import { expect } from 'chai';
import { CorpusView } from '../../src/search/corpus-view.js';
import { buildSearchIndex } from '../../src/index/index.js';
import { IndexSearchService } from '../../src/search/index.js';
import { SMALL_REPORTS, smallService } from './fixtures.js';

/** A service of its own (the fixtures' is shared by every test). */
const freshService = () => new IndexSearchService(buildSearchIndex(SMALL_REPORTS));

describe('search/prepare', () => {
  describe('CorpusView#prepare', () => {
    it('reads the spellings, the headings and the copies that a first search would read', () => {
      const view = new CorpusView(smallService().view.table);
      expect(view.prepared).to.equal(false);
      view.prepare();
      expect(view.prepared).to.equal(true);
    });

    it('leaves what it read to the searches that follow (the same objects)', () => {
      const view = new CorpusView(smallService().view.table);
      view.prepare();
      const read = [view.spellings, view.headingUnits, view.copies];
      expect([view.spellings, view.headingUnits, view.copies]).to.deep.equal(read);
      expect(view.spellings).to.equal(read[0]);
    });
  });

  describe('IndexSearchService#prepare', () => {
    it('prepares its view and returns the service, whose answers stay the same', () => {
      const plain = freshService();
      const before = plain.search('高质量发展', {});
      const prepared = freshService();
      expect(prepared.view.prepared).to.equal(false);
      expect(prepared.prepare()).to.equal(prepared);
      expect(prepared.view.prepared).to.equal(true);
      const after = prepared.search('高质量发展', {});
      expect({ ...after, tookMs: 0 }).to.deep.equal({ ...before, tookMs: 0 });
    });
  });
});
