/**
 * The counting contract against brute force on the bundled corpus: for random words and phrases
 * taken from the reports themselves, the total, the facets, the heading-only matches and the
 * comparison's paragraphs, headings and occurrences per report equal what a scan of every
 * paragraph's own text finds, read as a reader reads it (`reader-scan.ts`: spaces and quote marks
 * inside skipped, compatibility characters as their forms); and a comparison of one unquoted run
 * equals its quoted form.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { normalizeQuery } from '../../src/text/index.js';
import { parseQuery } from '../../src/query/index.js';
import { compile, type Leaf } from '../../src/search/plan.js';
import type { IndexSearchService } from '../../src/search/index.js';
import type { ParagraphTable } from '../../src/index/paragraphs.js';
import { bundledCorpus } from './fixtures.js';
import { readerCount, readerHolds, readerView, type ReaderView } from './reader-scan.js';

const HAN_RUN = /\p{Script=Han}{2,}/gu;

/** The texts of the table as a reader reads them: each paragraph, and each report's headings. */
interface Read {
  paragraphs: ReaderView[];
  headings: ReaderView[][];
}

/** What a scan finds for `needle` counted as a phrase: per report, paragraphs, headings and occurrences. */
function scanCompare(table: ParagraphTable, read: Read, needle: string): Array<[number, number, number]> {
  return table.reports.map((_, r) => {
    let paragraphs = 0;
    let occurrences = 0;
    for (let id = table.reportStart[r] ?? 0; id < (table.reportStart[r + 1] ?? 0); id++) {
      const n = readerCount(read.paragraphs[id] ?? '', needle);
      if (n > 0) paragraphs++;
      occurrences += n;
    }
    let headings = 0;
    for (const heading of read.headings[r] ?? []) {
      const n = readerCount(heading, needle);
      if (n > 0) headings++;
      occurrences += n;
    }
    return [paragraphs, headings, occurrences];
  });
}

describe('search/counting contract (property, against a scan)', function () {
  let service: IndexSearchService;
  let table: ParagraphTable;
  let runs: string[];
  let read: Read;
  /** Each distinct heading path's headings, as a reader reads them. */
  let pathHeadings: ReaderView[][];

  before(async () => {
    const opened = await bundledCorpus();
    service = opened.service;
    table = opened.index.index.table;
    // Han runs as written in the paragraphs: material for words and phrases that occur.
    runs = table.norms.flatMap((norm) => [...norm.matchAll(HAN_RUN)].map((match) => match[0]));
    read = { paragraphs: table.norms.map(readerView), headings: table.headingNorms.map((headings) => headings.map(readerView)) };
    pathHeadings = table.paths.map((path) => (path === '' ? [] : path.split('\n').map(readerView)));
  });

  /** A random substring of 2–8 characters of a random run. */
  const sample = (): fc.Arbitrary<string> =>
    fc.tuple(fc.nat(), fc.nat(), fc.integer({ min: 2, max: 8 })).map(([r, s, length]) => {
      const run = runs[r % runs.length] ?? '两新';
      const start = s % Math.max(1, run.length - 1);
      return run.slice(start, start + length).padEnd(2, run[0] ?? '两');
    });

  it('counts a phrase in exactly the paragraphs, headings and occurrences a scan finds', () => {
    fc.assert(
      fc.property(sample(), (text) => {
        const needle = normalizeQuery(text);
        const query = `"${text}"`;
        const result = service.search(query, { size: 1 });
        const expected = read.paragraphs.filter((view) => readerHolds(view, needle)).length;
        expect(result.total, query).to.equal(expected);
        expect(Object.values(result.facets.doc).reduce((a, b) => a + b, 0)).to.equal(expected);
        expect(result.headingMatches).to.equal(0);
        const compared = service.compare(query).documents.map((row) => [row.paragraphs, row.headings, row.occurrences]);
        expect(compared, query).to.deep.equal(scanCompare(table, read, needle));
      }),
      { numRuns: 150, seed: 10 },
    );
  });

  it('counts an unquoted word where its own text holds every needle; offers the heading-only ones apart', () => {
    fc.assert(
      fc.property(sample(), (text) => {
        const root = parseQuery(text).root;
        const plan = root === null ? null : compile(root);
        if (plan?.kind !== 'leaf') return;
        const leaf: Leaf = plan;
        // Han runs: no Latin or digit edge, so every form matches wherever a reader finds it.
        const holds = (texts: readonly ReaderView[]): boolean[] => leaf.needles.map((needle) => [needle, ...(leaf.variants?.get(needle) ?? [])].some((form) => texts.some((text) => readerHolds(text, form))));
        let inText = 0;
        let withHeadings = 0;
        read.paragraphs.forEach((view, id) => {
          const own = holds([view]);
          const path = holds(pathHeadings[table.pathOf[id] ?? 0] ?? []);
          if (own.every(Boolean)) inText++;
          else if (own.every((held, i) => held || path[i] === true)) withHeadings++;
        });
        const result = service.search(text, { size: 1 });
        if (result.relaxation !== null) return;
        expect([result.total, result.headingMatches], text).to.deep.equal([inText, withHeadings]);
      }),
      { numRuns: 150, seed: 11 },
    );
  });

  it('compares one unquoted run exactly as its quoted form', () => {
    fc.assert(
      fc.property(sample(), (text) => {
        const strip = (result: ReturnType<IndexSearchService['compare']>) => result.documents.map((row) => [row.paragraphs, row.headings, row.occurrences, row.words]);
        expect(strip(service.compare(text)), text).to.deep.equal(strip(service.compare(`"${text}"`)));
      }),
      { numRuns: 150, seed: 12 },
    );
  });
});
