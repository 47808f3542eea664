/**
 * Headings as units of their own, against a brute-force scan of the bundled corpus: for random
 * words and phrases, the search's `headings` are exactly the headings whose own text a reader
 * finds the query in (`reader-scan.ts`), the same headings the comparison counts and the reader
 * marks; `headingHits` lists them in the contract's order, each opening the reader at itself;
 * and no heading is ever counted among the paragraphs.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { normalizeQuery } from '../../src/text/index.js';
import type { IndexSearchService } from '../../src/search/index.js';
import { HEADING_HITS_LIMIT, headingUnits, type HeadingUnit } from '../../src/search/heading-hits.js';
import type { ParagraphTable } from '../../src/index/paragraphs.js';
import { bundledCorpus, smallService } from './fixtures.js';
import { readerHolds, readerView, type ReaderView } from './reader-scan.js';

const HAN_RUN = /\p{Script=Han}{2,}/gu;

describe('search/headings as units (property, against a scan)', function () {
  let service: IndexSearchService;
  let table: ParagraphTable;
  let units: Array<HeadingUnit & { reader: ReaderView }>;
  let runs: string[];

  before(async () => {
    const opened = await bundledCorpus();
    service = opened.service;
    table = opened.index.index.table;
    units = headingUnits(table.reports).map((unit) => ({ ...unit, reader: readerView(unit.norm) }));
    // Material from headings and paragraphs alike, so that many samples occur in headings.
    runs = [...units.map((unit) => unit.norm), ...table.norms].flatMap((norm) => [...norm.matchAll(HAN_RUN)].map((match) => match[0]));
  });

  const sample = (): fc.Arbitrary<string> =>
    fc.tuple(fc.nat(), fc.nat(), fc.integer({ min: 2, max: 6 })).map(([r, s, length]) => {
      const run = runs[r % runs.length] ?? '发展';
      const start = s % Math.max(1, run.length - 1);
      return run.slice(start, start + length).padEnd(2, run[0] ?? '发');
    });

  const keyOf = (unit: HeadingUnit): string => `${table.reports[unit.r]?.meta.id ?? ''}#${unit.block.anchor}`;

  it('counts and lists exactly the headings whose own text holds a phrase; the comparison and the reader count the same ones', () => {
    let seen = 0;
    fc.assert(
      fc.property(sample(), (text) => {
        const needle = normalizeQuery(text);
        const query = `"${text}"`;
        const expected = units.filter((unit) => readerHolds(unit.reader, needle));
        const result = service.search(query, { size: 1, sort: 'order' });
        expect(result.headings, query).to.equal(expected.length);
        expect(result.headingHits.map((hit) => `${hit.docId}#${hit.anchor}`), query).to.deep.equal(expected.slice(0, HEADING_HITS_LIMIT).map(keyOf));
        expect(service.compare(query).totalHeadings, query).to.equal(expected.length);
        // Never among the paragraphs: the total and the facets count paragraphs only.
        expect(Object.values(result.facets.doc).reduce((a, b) => a + b, 0), query).to.equal(result.total);
        for (const hit of result.headingHits) {
          expect(hit.url, query).to.match(new RegExp(`^/doc/${hit.docId}\\?q=[^#]*#${hit.anchor}$`, 'u'));
          expect(hit.highlights.length, query).to.be.greaterThan(0);
        }
        // The reader of one report marks the same headings as matches.
        const first = expected[0];
        if (first !== undefined) {
          const docId = table.reports[first.r]?.meta.id ?? '';
          const headingAnchors = new Set(units.filter((unit) => unit.r === first.r).map((unit) => unit.block.anchor));
          const marked = (service.read(docId, query)?.matchAnchors ?? []).filter((anchor) => headingAnchors.has(anchor));
          expect(marked, query).to.deep.equal(expected.filter((unit) => unit.r === first.r).map((unit) => unit.block.anchor));
          seen++;
        }
      }),
      { numRuns: 150, seed: 13 },
    );
    expect(seen).to.be.greaterThan(30);
  });

  it('lists by relevance: a phrase’s headings shorter first, then in corpus order; a word’s the same set as in corpus order; the filters apply', () => {
    fc.assert(
      fc.property(sample(), fc.constantFrom<'区' | '市' | '县' | undefined>(undefined, '区', '市', '县'), (text, level) => {
        const filter = level === undefined ? {} : { level: [level] };
        const query = `"${text}"`;
        const needle = normalizeQuery(text);
        // A phrase holds no word whole (the tiers are for words): shorter first, then corpus order.
        const expected = units
          .filter((unit) => (level === undefined || table.reports[unit.r]?.meta.level === level) && readerHolds(unit.reader, needle))
          .map((unit, i) => ({ unit, i, length: Array.from(unit.block.text).length }))
          .sort((a, b) => a.length - b.length || a.i - b.i)
          .map(({ unit }) => keyOf(unit));
        const ranked = service.search(query, { size: 1, ...filter });
        expect(ranked.headings, query).to.equal(expected.length);
        expect(ranked.headingHits.map((hit) => `${hit.docId}#${hit.anchor}`), query).to.deep.equal(expected.slice(0, HEADING_HITS_LIMIT));
        const word = service.search(text, { size: 1, ...filter });
        const inOrder = service.search(text, { size: 1, sort: 'order', ...filter });
        expect(word.headings, text).to.equal(inOrder.headings);
        const keys = (hits: typeof word.headingHits): string[] => hits.map((hit) => `${hit.docId}#${hit.anchor}`).sort();
        if (word.headings <= HEADING_HITS_LIMIT) expect(keys(word.headingHits), text).to.deep.equal(keys(inOrder.headingHits));
        for (const hit of word.headingHits) if (level !== undefined) expect(hit.level, text).to.equal(level);
      }),
      { numRuns: 100, seed: 14 },
    );
  });

  it('reads the headings with the normal forms the paragraph table holds, as normalising them again gives', () => {
    expect(headingUnits(table.reports, table.headingNorms)).to.deep.equal(headingUnits(table.reports));
    expect(units.length).to.be.greaterThan(100);
  });

  it('gives a heading hit of the small corpus exactly', () => {
    const result = smallService().search('数字经济');
    expect([result.total, result.headingMatches, result.headings]).to.deep.equal([3, 1, 1]);
    expect(result.headingHits).to.deep.equal([
      { docId: 'a', title: '2024年a政府工作报告', region: 'XX区·a', level: '区', year: 2024, kind: '全文', sectionPath: [], depth: 1, anchor: 'h2', url: '/doc/a?q=%E6%95%B0%E5%AD%97%E7%BB%8F%E6%B5%8E#h2', text: '二、数字经济', highlights: [[2, 6]] },
    ]);
    expect(smallService().search('数字经济', { page: 2, size: 2 }).headingHits).to.deep.equal(result.headingHits);
    expect(smallService().search('数字经济', { level: ['市'] }).headings).to.equal(0);
    expect(smallService().compare('数字经济').totalHeadings).to.equal(1);
  });
});
