import { expect } from 'chai';
import { parseQuery } from '../../src/query/index.js';
import { compileQuery, type CompiledQuery } from '../../src/search/corpus-view.js';
import { QueryCache } from '../../src/search/query-cache.js';
import { reloadSegmenter } from '../../src/text/segment.js';
import { smallService } from './fixtures.js';

/** A compile function that counts its calls. */
function counted(query: string): { compile: () => CompiledQuery; calls: () => number } {
  let calls = 0;
  return {
    compile: () => {
      calls++;
      return compileQuery(parseQuery(query), []);
    },
    calls: () => calls,
  };
}

describe('search/query-cache', () => {
  describe('#get', () => {
    it('compiles a query once per read mode and returns the same compiled query after', () => {
      const cache = new QueryCache(8);
      const plain = counted('营商环境 -优化');
      const first = cache.get('营商环境 -优化', {}, plain.compile);
      expect(cache.get('营商环境 -优化', {}, plain.compile)).to.equal(first);
      expect(plain.calls()).to.equal(1);
      const strict = counted('营商环境 -优化');
      expect(cache.get('营商环境 -优化', { strict: true }, strict.compile)).to.not.equal(first);
      expect(cache.get('营商环境 -优化', { asTyped: true }, strict.compile)).to.not.equal(first);
      expect(strict.calls()).to.equal(2);
      expect(cache.size).to.equal(3);
    });
    it('keeps at most its limit, dropping the least recently used first', () => {
      const cache = new QueryCache(2);
      const a = counted('甲');
      const b = counted('乙');
      const c = counted('丙');
      cache.get('甲', {}, a.compile);
      cache.get('乙', {}, b.compile);
      cache.get('甲', {}, a.compile);
      cache.get('丙', {}, c.compile);
      expect(cache.size).to.equal(2);
      cache.get('甲', {}, a.compile);
      cache.get('乙', {}, b.compile);
      expect([a.calls(), b.calls(), c.calls()]).to.deep.equal([1, 2, 1]);
    });
    it('keeps nothing with a limit of 0, and refuses a limit that is not a whole number', () => {
      const cache = new QueryCache(0);
      const a = counted('甲');
      cache.get('甲', {}, a.compile);
      cache.get('甲', {}, a.compile);
      expect(a.calls()).to.equal(2);
      expect(cache.size).to.equal(0);
      expect(() => new QueryCache(-1)).to.throw('search: query cache size must be a whole number ≥ 0, got -1');
      expect(() => new QueryCache(1.5)).to.throw('got 1.5');
    });
    it('freezes what it keeps, so no caller can change another search', () => {
      const cache = new QueryCache(4);
      const compiled = cache.get('营商环境', {}, counted('营商环境').compile);
      expect(Object.isFrozen(compiled)).to.equal(true);
      expect(Object.isFrozen(compiled.notes)).to.equal(true);
      expect(Object.isFrozen(compiled.leaves[0])).to.equal(true);
      expect(Object.isFrozen(compiled.leaves[0]?.needles)).to.equal(true);
    });
    it('empties itself when the segmenter is loaded with a dictionary again', () => {
      const cache = new QueryCache(4);
      const a = counted('甲');
      cache.get('甲', {}, a.compile);
      // Reloaded as it normally is (what `addWords` also does, with more words).
      reloadSegmenter({ policy: true });
      cache.get('甲', {}, a.compile);
      expect(a.calls()).to.equal(2);
      expect(cache.size).to.equal(1);
    });
  });

  describe('IndexSearchService with cached queries', () => {
    it('answers a repeated query exactly as the first time, whatever a caller did to the first answer', () => {
      const service = smallService();
      const first = service.search('数字经济');
      const expected = JSON.parse(JSON.stringify(first)) as unknown;
      first.notes.push('改动');
      first.hits[0]?.sectionHighlights[0]?.push([0, 1]);
      first.hits[0]?.sectionPath.push('改动');
      const again = JSON.parse(JSON.stringify(service.search('数字经济'))) as Record<string, unknown>;
      expect({ ...again, tookMs: 0 }).to.deep.equal({ ...(expected as Record<string, unknown>), tookMs: 0 });
    });
  });
});
