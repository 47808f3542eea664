import { expect } from 'chai';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CURATED_PATH,
  QUOTED_PATH,
  compareCodeUnits,
  formatQuotedFile,
  harvestQuotedTerms,
  isDictionaryTerm,
  quotedDictionaryTerms,
  readDictionaryFile,
} from '../../src/text/dictionary.js';
import { stockWords } from '../../src/text/segment.js';
import { analyze } from '../../src/text/index.js';
import { reportWith } from './report.js';

function tempFile(contents: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'text-dict-')), 'terms.txt');
  writeFileSync(path, contents);
  return path;
}

describe('text/dictionary', () => {
  describe('#isDictionaryTerm', () => {
    const cases: [string, boolean][] = [
      ['四群八链', true],
      ['放管服', true],
      ['双碳', true],
      ['新', false],
      ['5G全连接工厂', false],
      ['一件事，一次办', false],
      ['绿水青山就是金山银山', true],
      ['创新创业就来甬水桥翠柏里啊', false],
    ];
    for (const [term, ok] of cases) {
      it(`${ok ? 'accepts' : 'refuses'} ${term}`, () => {
        expect(isDictionaryTerm(term)).to.equal(ok);
      });
    }
  });

  describe('#readDictionaryFile', () => {
    it('reads terms in file order, skipping empty lines', () => {
      expect(readDictionaryFile(tempFile('四群八链\n\n放管服\n')).terms).to.deep.equal(['四群八链', '放管服']);
    });

    it('refuses a line that is not one term, quoting it', () => {
      expect(() => readDictionaryFile(tempFile('四群八链\n# 注释\n')))
        .to.throw(Error)
        .that.includes({ name: 'Error', message: 'text: terms.txt:2: dictionary line must be one term of 2–12 Han characters, got "# 注释"' });
    });

    it('refuses a traditional term', () => {
      expect(() => readDictionaryFile(tempFile('營商環境\n')))
        .to.throw(Error)
        .that.includes({ name: 'Error', message: 'text: terms.txt:1: dictionary term must be simplified, got "營商環境" (normalised "营商环境")' });
    });
  });

  describe('#harvestQuotedTerms', () => {
    it('collects quoted terms, normalised, sorted and once each', () => {
      const texts = [
        '持续深化“四群八链”建设，推进“一老一小”服务。',
        '深化“放管服”改革，“一老一小”再提升，“營商環境”更优。',
        '“5G+工业互联网”和“一件事，一次办”不是词条，“新”和“双减”太短。',
      ];
      expect(harvestQuotedTerms(texts)).to.deep.equal(['一老一小', '四群八链', '放管服', '营商环境']);
    });
  });

  describe('#quotedDictionaryTerms', () => {
    it('leaves out stock words and curated terms, whatever the report order', () => {
      const a = reportWith('a', ['推进“高质量”发展和“四群八链”建设。']);
      const b = reportWith('b', ['打造“一刻钟便民生活圈”，实施“链长制”。']);
      const stock = new Set(['高质量']);
      expect(quotedDictionaryTerms([a, b], stock, ['链长制'])).to.deep.equal(['一刻钟便民生活圈', '四群八链']);
      expect(quotedDictionaryTerms([b, a], stock, ['链长制'])).to.deep.equal(['一刻钟便民生活圈', '四群八链']);
      expect(formatQuotedFile(['一刻钟便民生活圈', '四群八链'])).to.equal('一刻钟便民生活圈\n四群八链\n');
    });
  });

  describe('data files', () => {
    const curated = readDictionaryFile(CURATED_PATH).terms;
    const quoted = readDictionaryFile(QUOTED_PATH).terms;
    const stock = stockWords();

    it('are sorted, without duplicates, without overlap, and hold no stock word', () => {
      for (const terms of [curated, quoted]) {
        expect(terms).to.deep.equal([...new Set(terms)].sort(compareCodeUnits));
        expect(terms.filter((t) => stock.has(t))).to.deep.equal([]);
      }
      expect(curated.filter((t) => quoted.includes(t))).to.deep.equal([]);
      const sizes = `${String(curated.length)} curated, ${String(quoted.length)} quoted`;
      expect(curated.length, sizes).to.be.at.least(100);
      expect(quoted.length, sizes).to.be.at.least(1000);
    });

    it('make the segmenter keep every policy term whole', () => {
      const split = [...curated, ...quoted].filter((t) => analyze(t, { mode: 'query' }).length !== 1);
      expect(split).to.deep.equal([]);
    });
  });
});
