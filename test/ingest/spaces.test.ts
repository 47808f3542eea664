import { expect } from 'chai';
import fc from 'fast-check';
import { removeExtractionSpaces } from '../../src/ingest/spaces.js';

const LATIN_OR_DIGIT = /[A-Za-z0-9]/;

describe('spaces', () => {
  describe('#removeExtractionSpaces', () => {
    it('removes spaces between Chinese and figures', () => {
      expect(removeExtractionSpaces('项目 146个')).to.equal('项目146个');
      expect(removeExtractionSpaces('2023 年工作回顾')).to.equal('2023年工作回顾');
      expect(removeExtractionSpaces('增长 6.2%，规上工业增加值 XX元')).to.equal('增长6.2%，规上工业增加值XX元');
      expect(removeExtractionSpaces('EOD 项目')).to.equal('EOD项目');
    });

    it('removes stray spaces by punctuation and inside spaced-out text', () => {
      expect(removeExtractionSpaces('投资 ，“ 63条”')).to.equal('投资，“63条”');
      expect(removeExtractionSpaces('3. 加 强 综 合 防 灾')).to.equal('3.加强综合防灾');
      expect(removeExtractionSpaces('全 市 单 位 GDP 能 耗')).to.equal('全市单位GDP能耗');
    });

    it('keeps one space between Latin words and figures', () => {
      expect(removeExtractionSpaces('Windows   11 发布')).to.equal('Windows 11发布');
      expect(removeExtractionSpaces('V-PARK 园区')).to.equal('V-PARK园区');
      expect(removeExtractionSpaces('PM 2.5')).to.equal('PM 2.5');
    });

    it('trims, and turns blank input into the empty string', () => {
      expect(removeExtractionSpaces('  一、2023 年  ')).to.equal('一、2023年');
      expect(removeExtractionSpaces(' \t ')).to.equal('');
      expect(removeExtractionSpaces('')).to.equal('');
    });

    it('keeps every other character in order, is idempotent, leaves spaces only between Latin or digits', () => {
      const alphabet = fc.constantFrom('年', '增', '长', '，', '。', '“', '”', 'X', 'G', 'a', '5', '.', '%', ' ', '  ', '\t', '\u3000');
      fc.assert(
        fc.property(fc.array(alphabet, { maxLength: 30 }), (parts) => {
          const s = parts.join('');
          const out = removeExtractionSpaces(s);
          expect(out.replace(/\s/g, '')).to.equal(s.replace(/\s/g, ''));
          expect(removeExtractionSpaces(out)).to.equal(out);
          const chars = Array.from(out);
          chars.forEach((c, i) => {
            if (!/\s/.test(c)) return;
            expect(c).to.equal(' ');
            expect(chars[i - 1]).to.match(LATIN_OR_DIGIT);
            expect(chars[i + 1]).to.match(LATIN_OR_DIGIT);
          });
        }),
      );
    });
  });
});
