/**
 * The concordance against brute force: for random phrases from the bundled corpus, its lines
 * are exactly the non-overlapping occurrences a reader finds of the phrase (`reader-scan.ts`:
 * spaces and quote marks inside skipped, compatibility characters read as their forms) in the
 * paragraph texts and in the headings holding it, and its total is the comparison's occurrence count.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import type { IndexSearchService } from '../../src/search/index.js';
import { normalize } from '../../src/text/index.js';
import { bundledCorpus, smallService } from './fixtures.js';
import { isTransparent } from '../../src/text/index.js';
import { readerOccurrences, readerView, type ReaderView } from './reader-scan.js';

interface Unit {
  docId: string;
  anchor: string;
  text: string;
  norm: string;
  reader: ReaderView;
}

describe('search/concordance', function () {
  let service: IndexSearchService;
  let units: Unit[];

  before(async () => {
    const opened = await bundledCorpus();
    service = opened.service;
    // Corpus order: each report's blocks as they stand.
    units = opened.index.index.table.reports.flatMap((report) => report.blocks.map((block) => ({ docId: report.meta.id, anchor: block.anchor, text: block.text, norm: normalize(block.text), reader: readerView(normalize(block.text)) })));
  });

  it('lists exactly the brute-force occurrences of 200 random phrases, its total the comparison’s', () => {
    let checked = 0;
    fc.assert(
      fc.property(fc.nat(), fc.nat(), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 30 }), (u, s, length, width) => {
        const unit = units[u % units.length];
        if (unit === undefined || unit.norm.length === 0) return;
        const start = s % unit.norm.length;
        const phrase = unit.norm.slice(start, start + length);
        // A phrase's own edges are trimmed of what a reader skips (quote marks, spaces): not sampled.
        if (phrase === '' || isTransparent(phrase[0] ?? '') || isTransparent(phrase.at(-1) ?? '') || /[「」]/u.test(phrase)) return;
        const query = `「${phrase}」`;
        const result = service.concordance(query, { width });
        const expected = units.flatMap((candidate) =>
          readerOccurrences(candidate.reader, phrase).map(([at, end]) => ({
            key: `${candidate.docId}#${candidate.anchor}`,
            left: candidate.text.slice(Math.max(0, at - width), at),
            match: candidate.text.slice(at, end),
            right: candidate.text.slice(end, end + width),
          })),
        );
        // The lines stop at the limit (10,000); the total does not.
        expect(result.lines.map((line) => ({ key: `${line.docId}#${line.anchor}`, left: line.left, match: line.match, right: line.right })), query).to.deep.equal(expected.slice(0, 10_000));
        expect(result.total, query).to.equal(expected.length);
        expect(result.total, query).to.equal(service.compare(query).totalOccurrences);
        checked++;
      }),
      { numRuns: 200, seed: 20261204 },
    );
    expect(checked).to.be.greaterThan(150);
  });

  it('sorts by the right context, and by the left read from the match outwards', () => {
    const collator = new Intl.Collator('zh-CN');
    const right = service.concordance('"高质量发展"', { sort: 'right', width: 8 }).lines.map((line) => line.right);
    for (let i = 1; i < right.length; i++) expect(collator.compare(right[i - 1] ?? '', right[i] ?? ''), `${right[i - 1] ?? ''} ≤ ${right[i] ?? ''}`).to.be.at.most(0);
    const left = service.concordance('"高质量发展"', { sort: 'left', width: 8 }).lines.map((line) => Array.from(line.left).reverse().join(''));
    for (let i = 1; i < left.length; i++) expect(collator.compare(left[i - 1] ?? '', left[i] ?? '')).to.be.at.most(0);
  });

  it('filters by level and report, and cuts the lines at the limit but not the total', () => {
    const all = service.concordance('"高质量发展"');
    const districts = service.concordance('"高质量发展"', { level: ['区'] });
    expect(districts.lines.every((line) => line.docId.startsWith('qu-'))).to.equal(true);
    expect(districts.total).to.be.lessThan(all.total).and.greaterThan(0);
    const one = service.concordance('"高质量发展"', { doc: ['qu-01'] });
    expect(one.lines.every((line) => line.docId === 'qu-01')).to.equal(true);
    const cut = service.concordance('"高质量发展"', { limit: 3 });
    expect(cut.lines).to.have.length(3);
    expect(cut.total).to.equal(all.total);
  });

  it('marks headings as such and refuses bad options', () => {
    const small = smallService();
    expect(small.concordance('"数字经济"', { width: 4 }).lines).to.deep.equal([
      { docId: 'a', paragraph: null, anchor: 'h2', part: 1, left: '二、', match: '数字经济', right: '' },
      { docId: 'a', paragraph: 3, anchor: 'p3', part: 1, left: '', match: '数字经济', right: '核心产业' },
      { docId: 'a', paragraph: 4, anchor: 'p4', part: 1, left: '5监测和', match: '数字 经济', right: '。' },
      { docId: 'b', paragraph: 2, anchor: 'p2', part: 1, left: '續改善，', match: '數字經濟', right: '蓬勃發展' },
    ]);
    expect(() => small.concordance('"x"', { width: 0 })).to.throw(/width/u);
    expect(() => small.concordance('"x"', { width: 101 })).to.throw(/width/u);
    expect(() => small.concordance('"x"', { doc: ['nope'] })).to.throw(/doc/u);
  });
});
