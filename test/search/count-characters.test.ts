import { expect } from 'chai';
import fc from 'fast-check';
import { countCharacters } from '../../src/search/corpus-view.js';

/** The definition: code points that `\s` does not match. */
function byDefinition(text: string): number {
  let n = 0;
  for (const c of text) if (!/\s/u.test(c)) n++;
  return n;
}

describe('search/corpus-view', () => {
  describe('#countCharacters', () => {
    it('counts code points but whitespace, surrogate pairs once and lone surrogates alone', () => {
      expect(countCharacters('营商 环境\t\n')).to.equal(4);
      expect(countCharacters('\u3000\u00a0\ufeff\u2028\u1680\u200a\u202f\u205f\u000b')).to.equal(0);
      expect(countCharacters('𠀀a\ud83c \udf00')).to.equal(4);
      expect(countCharacters('\u200b\u180e')).to.equal(2);
    });

    it('agrees with the regular-expression definition on any text, every whitespace included', () => {
      const spaces = [...Array(0x3001).keys(), 0xfeff, 0xd800, 0xdbff, 0xdc00, 0xdfff].map((c) => String.fromCharCode(c)).filter((c) => /\s/u.test(c) || c.charCodeAt(0) >= 0xd800);
      const unit = fc.oneof(fc.constantFrom(...spaces), fc.string({ unit: 'binary', maxLength: 1 }), fc.constantFrom('营', '𠀀', '\ud83c', '\udf00'));
      fc.assert(
        fc.property(fc.array(unit, { maxLength: 40 }), (parts) => {
          const text = parts.join('');
          expect(countCharacters(text)).to.equal(byDefinition(text));
        }),
        { numRuns: 1000 },
      );
      // Every code unit of the BMP, one at a time.
      for (let c = 0; c < 0x10000; c++) expect(countCharacters(String.fromCharCode(c))).to.equal(byDefinition(String.fromCharCode(c)), `U+${c.toString(16)}`);
    });
  });
});
