import { expect } from 'chai';
import { expansionOf, isTransparent, normalize, normalizeQuery, squeeze, straddlesWords } from '../../src/text/index.js';
import { reloadSegmenter } from '../../src/text/segment.js';

describe('text/fold', () => {
  describe('#normalize', () => {
    it('folds compatibility characters whose form is one character, keeping the length', () => {
      expect(normalize('⾼质量发展')).to.equal('高质量发展');
      expect(normalize('m²')).to.equal('m2');
      expect(normalize('Ⅲ期')).to.equal('ⅲ期');
      expect(normalize('㎡')).to.equal('㎡');
    });
  });

  describe('#normalizeQuery', () => {
    it('writes compatibility characters as their forms', () => {
      expect(normalizeQuery('Ⅲ')).to.equal('iii');
      expect(normalizeQuery('㎡')).to.equal('m2');
      expect(normalizeQuery('⾼质量发展')).to.equal('高质量发展');
    });
  });

  describe('#expansionOf', () => {
    it('gives the form of a character that stands for several', () => {
      expect([expansionOf('ⅲ'), expansionOf('㎡'), expansionOf('…'), expansionOf('高'), expansionOf('a')]).to.deep.equal(['iii', 'm2', '...', null, null]);
    });

    it('gives, from its table, what the definition gives for every code unit of the BMP, asked twice', () => {
      const wrong: string[] = [];
      for (let round = 0; round < 2; round++) {
        for (let code = 0x80; code < 0x10000; code++) {
          const c = String.fromCharCode(code);
          const form = code >= 0xd800 && code <= 0xdfff ? '' : squeeze(c.normalize('NFKC').toLowerCase());
          if (expansionOf(c) !== (form.length > 1 ? form : null)) wrong.push(code.toString(16));
        }
      }
      expect(wrong).to.deep.equal([]);
    });
  });

  describe('#isTransparent', () => {
    it('is true for whitespace, zero-width marks, quote marks and the cell separator, from a table equal to the definition', () => {
      const listed = new Set([0x20, 0x09, 0x0a, 0x0d, 0x0c, 0x0b, 0xa0, 0xad, 0x180e, 0x200b, 0x200c, 0x200d, 0x2060, 0xfeff, 0x22, 0x27, 0x201c, 0x201d, 0x2018, 0x2019, 0x300c, 0x300d, 0x300e, 0x300f, 0x7c]);
      const wrong: string[] = [];
      for (let code = 0; code < 0x10000; code++) {
        const c = String.fromCharCode(code);
        if (isTransparent(c) !== (listed.has(code) || /\s/u.test(c))) wrong.push(code.toString(16));
      }
      expect(wrong).to.deep.equal([]);
      expect([isTransparent('𠀀'), isTransparent(''), isTransparent('  ')]).to.deep.equal([false, false, false]);
    });
  });

  describe('#squeeze', () => {
    it('drops spaces, zero-width marks, quote marks and the cell separator', () => {
      expect(squeeze('专精特新“小巨人”')).to.equal('专精特新小巨人');
      expect(squeeze('pm 2.5')).to.equal('pm2.5');
      expect(squeeze('营商\u200b环境')).to.equal('营商环境');
      expect(squeeze('地区生产总值|增长5.0%')).to.equal('地区生产总值增长5.0%');
      expect(['，', '。', '%', '-'].map(isTransparent)).to.deep.equal([false, false, false, false]);
    });
  });

  describe('#straddlesWords', () => {
    const at = (text: string, word: string): [number, number] => [text.indexOf(word), text.indexOf(word) + word.length];
    it('says a word cut from the end of one word and the start of the next straddles', () => {
      expect(straddlesWords('打造一刻钟便民生活圈', ...at('打造一刻钟便民生活圈', '民生'))).to.equal(true);
    });
    it('keeps a word that is a word of the text or a whole part of one', () => {
      expect(straddlesWords('保障和改善民生', ...at('保障和改善民生', '民生'))).to.equal(false);
      expect(straddlesWords('持续优化营商环境', ...at('持续优化营商环境', '营商环境'))).to.equal(false);
      expect(straddlesWords('持续优化营商环境', ...at('持续优化营商环境', '营商'))).to.equal(false);
      expect(straddlesWords('推动高质量发展', ...at('推动高质量发展', '质量发展'))).to.equal(false);
    });
    it('answers a window seen before as the first time, and cuts it anew once the segmenter is loaded with another dictionary', () => {
      const text = '推动高质量发展';
      // With the policy terms 高质量 is a word: 量发 takes the end of one part and the start of the next.
      expect([straddlesWords(text, ...at(text, '量发')), straddlesWords(text, ...at(text, '量发'))]).to.deep.equal([true, true]);
      try {
        reloadSegmenter({ policy: false });
        expect(straddlesWords(text, ...at(text, '量发'))).to.equal(false);
      } finally {
        reloadSegmenter({ policy: true });
      }
      expect(straddlesWords(text, ...at(text, '量发'))).to.equal(true);
    });
  });
});
