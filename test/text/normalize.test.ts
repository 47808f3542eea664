import { expect } from 'chai';
import fc from 'fast-check';
import { normalize, normalizeQuery } from '../../src/text/index.js';

/** Any code point, or a lone surrogate (fast-check's `binary` unit takes a second to set up). */
const anyCodeUnitOrPoint = fc.oneof(
  fc.integer({ min: 0, max: 0x10ffff }).map((c) => String.fromCodePoint(c)),
  fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)),
);

describe('text/normalize', () => {
  describe('#normalize', () => {
    const cases: [input: string, output: string][] = [
      ['ＰＭ２．５年均浓度', 'pm2.5年均浓度'],
      ['增长６．２％', '增长6.2%'],
      ['（一）聚焦产业提能', '(一)聚焦产业提能'],
      ['EOD项目 V-PARK CityWalk', 'eod项目 v-park citywalk'],
      ['營商環境持續優化', '营商环境持续优化'],
      ['規上工業增加值', '规上工业增加值'],
      ['乾隆年間，氣候乾燥', '乾隆年间,气候干燥'],
      ['\u3000２０２３年', ' 2023年'],
      ['新质生产力', '新质生产力'],
      ['', ''],
    ];
    for (const [input, output] of cases) {
      it(`normalises ${JSON.stringify(input)}`, () => {
        expect(normalize(input)).to.equal(output);
      });
    }

    it('keeps the length and position of every code unit, for any string', () => {
      fc.assert(
        fc.property(fc.string({ unit: anyCodeUnitOrPoint, maxLength: 60 }), (s) => {
          const n = normalize(s);
          expect(n.length).to.equal(s.length);
          for (let i = 0; i < s.length; i++) {
            // A surrogate half maps to a surrogate half, so pairs are never split.
            const isSurrogate = (c: number): boolean => c >= 0xd800 && c <= 0xdfff;
            expect(isSurrogate(n.charCodeAt(i)), `${JSON.stringify(s)} at ${String(i)}`).to.equal(isSurrogate(s.charCodeAt(i)));
          }
        }),
        { numRuns: 300 },
      );
    });

    it('is idempotent', () => {
      fc.assert(
        fc.property(fc.string({ unit: fc.constantFrom(...'營商環境發展ＡＢＣａｂｃ１２３％abcXYZ乾隆干燥著名 '.split('')), maxLength: 30 }), (s) => {
          expect(normalize(normalize(s))).to.equal(normalize(s));
        }),
      );
    });
  });

  describe('#normalizeQuery', () => {
    const cases: [input: string, output: string][] = [
      ['  2023 年 工作回顾 ', '2023年工作回顾'],
      ['ＰＭ ２．５', 'pm 2.5'],
      ['增长 6.2 %', '增长6.2%'],
      ['營商 環境', '营商环境'],
      ['\u3000新质生产力\u3000', '新质生产力'],
      ['V PARK', 'v park'],
    ];
    for (const [input, output] of cases) {
      it(`normalises the query ${JSON.stringify(input)}`, () => {
        expect(normalizeQuery(input)).to.equal(output);
      });
    }
  });
});
