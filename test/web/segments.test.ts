import { expect } from 'chai';
import fc from 'fast-check';
import { escapeHtml, markedHtml } from '../../src/web/html.js';
import { segments } from '../../src/web/segments.js';

describe('segments', () => {
  describe('#segments', () => {
    it('cuts text into plain and marked runs', () => {
      expect(segments('推动高质量发展取得新成效', [[2, 7]])).to.deep.equal([
        { text: '推动', mark: false },
        { text: '高质量发展', mark: true },
        { text: '取得新成效', mark: false },
      ]);
    });

    it('merges overlapping ranges, sorts them and clips those out of bounds', () => {
      expect(segments('abcdef', [[4, 9], [0, 2], [1, 3]])).to.deep.equal([
        { text: 'abc', mark: true },
        { text: 'd', mark: false },
        { text: 'ef', mark: true },
      ]);
    });

    it('always joins back to the text', () => {
      fc.assert(
        fc.property(fc.string({ maxLength: 40 }), fc.array(fc.tuple(fc.integer({ min: -5, max: 50 }), fc.integer({ min: -5, max: 50 }))), (text, ranges) => {
          expect(segments(text, ranges).map((s) => s.text).join('')).to.equal(text);
        }),
        { numRuns: 300 },
      );
    });
  });

  describe('#markedHtml', () => {
    it('escapes every run and wraps marked ones in <mark>', () => {
      expect(markedHtml('<b>"高质量"</b> & <script>', [[4, 7]])).to.equal('&lt;b&gt;&#34;<mark>高质量</mark>&#34;&lt;/b&gt; &amp; &lt;script&gt;');
    });

    it('never lets markup through, whatever the ranges', () => {
      fc.assert(
        fc.property(fc.string({ unit: fc.constantFrom('<', '>', '"', "'", '&', 'a', '高') }), fc.array(fc.tuple(fc.nat(20), fc.nat(20))), (text, ranges) => {
          const html = markedHtml(text, ranges).replace(/<\/?mark>/g, '');
          expect(html).to.not.match(/[<>"']/);
          expect(html).to.equal(escapeHtml(text));
        }),
        { numRuns: 300 },
      );
    });
  });
});
