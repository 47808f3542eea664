/**
 * Words as a reader means them, on the bundled corpus: transparent characters inside a word,
 * compatibility characters, words cut across two words of the text, and heading matches that
 * open the reader at their heading.
 */
import { expect } from 'chai';
import type { IndexSearchService } from '../../src/search/index.js';
import { normalize, straddlesWords } from '../../src/text/index.js';
import { bundledCorpus } from './fixtures.js';

describe('search/reading (bundled corpus)', () => {
  let service: IndexSearchService;

  before(async () => {
    service = (await bundledCorpus()).service;
  });

  const marked = (query: string): string[] =>
    service
      .search(query, { size: 3 })
      .hits.flatMap((hit) => hit.highlights.map(([start, end]) => hit.text.slice(start, end)));

  it('finds PM2.5 for "PM 2.5", as many as for the word written without the space', () => {
    const spaced = service.search('"PM 2.5"');
    expect(spaced.total).to.be.above(0);
    expect(spaced.total).to.equal(service.search('"PM2.5"').total);
    expect(service.compare('"PM 2.5"').totalOccurrences).to.equal(service.compare('"PM2.5"').totalOccurrences);
  });

  it('finds 专精特新“小巨人” for "专精特新小巨人", marking the characters from the first to the last', () => {
    expect(service.search('"专精特新小巨人"').total).to.be.above(0);
    expect(marked('"专精特新小巨人"')).to.include('专精特新“小巨人');
    expect(service.search('"专精特新小巨人"').didYouMean).to.equal(null);
  });

  it('finds Ⅲ for III, ㎡ for m2 and 高质量发展 for a Kangxi radical ⾼质量发展, marking the characters of the text', () => {
    expect(marked('III')).to.include('Ⅲ');
    expect(marked('m2')).to.include('㎡');
    expect(service.search('⾼质量发展').total).to.equal(service.search('高质量发展').total);
  });

  it('finds a word across a zero-width space the query holds, and answers a word pasted with one inside exactly as the word', () => {
    expect(service.search('"营商\u200b环境"').total).to.equal(service.search('"营商环境"').total);
    const strip = (query: string): unknown => ({ ...service.search(query, { size: 20 }), query: '', tookMs: 0, headingHits: [], hits: service.search(query, { size: 20 }).hits.map((hit) => `${hit.docId}#${hit.anchor}`) });
    expect(strip('高质\u200b量发展')).to.deep.equal(strip('高质量发展'));
    expect(strip('营商\ufeff环境 优化')).to.deep.equal(strip('营商环境 优化'));
  });

  it('ranks paragraphs holding 民生 only inside 便民生活圈 after those holding the word', () => {
    const hits = [...service.search('民生', { size: 100 }).hits, ...service.search('民生', { size: 100, page: 2 }).hits].filter((hit) => hit.match === 'text');
    // The rule applied by brute force: some occurrence is not cut across two words of the text.
    const genuine = (text: string): boolean => {
      const norm = normalize(text);
      for (let at = norm.indexOf('民生'); at >= 0; at = norm.indexOf('民生', at + 1)) if (!straddlesWords(norm, at, at + 2)) return true;
      return false;
    };
    expect(hits.some((hit) => hit.text.includes('便民生活圈') && !genuine(hit.text))).to.equal(true);
    const firstStraddling = hits.findIndex((hit) => !genuine(hit.text));
    expect(firstStraddling).to.be.above(0);
    expect(hits.slice(firstStraddling).every((hit) => !genuine(hit.text))).to.equal(true);
  });

  it('opens a paragraph found through its heading at that heading', () => {
    const result = service.search('回顾', { size: 100 });
    const byHeading = result.hits.filter((hit) => hit.match === 'heading');
    expect(byHeading.length).to.be.above(0);
    for (const hit of byHeading) {
      const anchor = hit.url.split('#')[1] ?? '';
      expect(anchor, hit.url).to.not.equal(hit.anchor);
      expect(anchor, hit.url).to.match(/^h\d+$/u);
    }
  });
});
