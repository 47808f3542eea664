import { expect } from 'chai';
import fc from 'fast-check';
import { CorpusError } from '../../src/ingest/errors.js';
import { formatFrontMatter, parseFrontMatter } from '../../src/ingest/frontmatter.js';
import { LEVELS, type ReportMeta } from '../../src/ingest/types.js';

const META: ReportMeta = {
  id: 'qu-01',
  title: '2024年XX区政府工作报告（XX区·01）',
  region: 'XX区·01',
  level: '区',
  year: 2024,
  kind: '全文',
  source: '004_3995b373fa6e6aa5.txt:1-1245',
};

function file(lines: readonly string[], body = '正文。\n'): string {
  return `---\n${lines.join('\n')}\n---\n${body}`;
}

const VALID = ['id: qu-01', 'title: 标题', 'region: XX区·01', 'level: 区', 'year: 2024', 'kind: 全文', 'source: seed.txt:1-9'];

/** What `VALID` reads as. */
const VALID_META: ReportMeta = { id: 'qu-01', title: '标题', region: 'XX区·01', level: '区', year: 2024, kind: '全文', source: 'seed.txt:1-9' };

function errorOf(text: string): string {
  try {
    parseFrontMatter('qu-01.txt', text);
  } catch (error) {
    expect(error).to.be.instanceOf(CorpusError);
    return (error as CorpusError).message;
  }
  throw new Error('expected a CorpusError');
}

describe('frontmatter', () => {
  describe('#parseFrontMatter', () => {
    it('reads the seven fields and the body after the closing line', () => {
      const parsed = parseFrontMatter('qu-01.txt', file(VALID, ' 2024年 XX区政府工作报告\n\n各位代表：\n'));
      expect(parsed.meta).to.deep.equal(VALID_META);
      expect(parsed.body).to.equal(' 2024年 XX区政府工作报告\n\n各位代表：\n');
      expect(parsed.bodyLine).to.equal(10);
    });

    it('names the file and the field of an invalid level', () => {
      expect(errorOf(file(VALID.map((l) => (l.startsWith('level') ? 'level: 州' : l))))).to.equal(
        'ingest: qu-01.txt: front matter "level" must be one of 省/市/区/县/镇, got "州"',
      );
    });

    it('names a missing or empty field', () => {
      expect(errorOf(file(VALID.filter((l) => !l.startsWith('region'))))).to.equal('ingest: qu-01.txt: front matter "region" is missing');
      expect(errorOf(file(VALID.map((l) => (l.startsWith('kind') ? 'kind:' : l))))).to.equal('ingest: qu-01.txt: front matter "kind" is empty');
    });

    it('rejects a bad id, a bad year, an unknown or repeated field', () => {
      expect(errorOf(file(VALID.map((l) => (l.startsWith('id') ? 'id: Qu_01' : l))))).to.equal(
        'ingest: qu-01.txt: front matter "id" must be lowercase letters, digits and single hyphens, got "Qu_01"',
      );
      expect(errorOf(file(VALID.map((l) => (l.startsWith('year') ? 'year: 二〇二四' : l))))).to.equal(
        'ingest: qu-01.txt: front matter "year" must be a four-digit year from 1949 to 2100, got "二〇二四"',
      );
      expect(errorOf(file([...VALID, 'levle: 区']))).to.equal(
        'ingest: qu-01.txt: front matter has unknown field "levle" (expected id, title, region, level, year, kind, source, meeting, date, speaker, original, ocr)',
      );
      expect(errorOf(file([...VALID, 'year: 2025']))).to.equal('ingest: qu-01.txt: front matter "year" is given twice');
      expect(errorOf(file([...VALID, '没有冒号']))).to.equal('ingest: qu-01.txt: front matter line 9 is not "key: value", got "没有冒号"');
    });

    it('accepts an id of 64 characters and names one of 65, the bound the web layer shares', () => {
      const id64 = `q-${'a'.repeat(62)}`;
      const withId = (id: string) => file(VALID.map((l) => (l.startsWith('id') ? `id: ${id}` : l)));
      expect(parseFrontMatter('qu-01.txt', withId(id64)).meta.id).to.equal(id64);
      expect(errorOf(withId(`${id64}b`))).to.equal(`ingest: qu-01.txt: front matter "id" must be at most 64 characters, got 65: "${id64}b"`);
      expect(errorOf(withId('qu--01'))).to.equal('ingest: qu-01.txt: front matter "id" must be lowercase letters, digits and single hyphens, got "qu--01"');
    });

    it('reads the optional meeting, date, speaker, original and ocr keys', () => {
      const extra = ['meeting: XX市第十七届人民代表大会第三次会议', 'date: 2024-01-10', 'speaker: 市长 张三', 'original: 报告.pdf', 'ocr: tesseract chi_sim'];
      expect(parseFrontMatter('qu-01.txt', file([...VALID, ...extra])).meta).to.deep.equal({
        ...VALID_META,
        meeting: 'XX市第十七届人民代表大会第三次会议',
        date: '2024-01-10',
        speaker: '市长 张三',
        original: '报告.pdf',
        ocr: 'tesseract chi_sim',
      });
    });

    it('names an empty optional key and a date that is not a calendar day', () => {
      expect(errorOf(file([...VALID, 'speaker:']))).to.equal('ingest: qu-01.txt: front matter "speaker" is empty; remove the line or give a value');
      expect(errorOf(file([...VALID, 'date: 2024-02-30']))).to.equal('ingest: qu-01.txt: front matter "date" must be a day as YYYY-MM-DD, got "2024-02-30"');
      expect(errorOf(file([...VALID, 'date: 2024年1月10日']))).to.equal('ingest: qu-01.txt: front matter "date" must be a day as YYYY-MM-DD, got "2024年1月10日"');
    });

    it('rejects a file without front matter or without its closing line', () => {
      expect(errorOf('2024年 XX区政府工作报告\n')).to.equal('ingest: qu-01.txt: front matter missing: the file must start with a "---" line');
      expect(errorOf(`---\n${VALID.join('\n')}\n正文\n`)).to.equal('ingest: qu-01.txt: front matter not closed: no second "---" line');
    });
  });

  describe('#formatFrontMatter', () => {
    it('writes the fields in a fixed order', () => {
      expect(formatFrontMatter(META)).to.equal(
        [
          '---',
          'id: qu-01',
          'title: 2024年XX区政府工作报告（XX区·01）',
          'region: XX区·01',
          'level: 区',
          'year: 2024',
          'kind: 全文',
          'source: 004_3995b373fa6e6aa5.txt:1-1245',
          '---',
          '',
        ].join('\n'),
      );
    });

    it('writes the optional keys present after the seven, on one line each', () => {
      expect(formatFrontMatter({ ...META, speaker: '区长\n张三', date: '2024-01-10' }).split('\n').slice(8, 10)).to.deep.equal(['date: 2024-01-10', 'speaker: 区长 张三']);
    });

    it('round-trips through parseFrontMatter', () => {
      const text = fc.string({ minLength: 1, maxLength: 12 }).filter((s) => s.trim() === s && s !== '' && !s.includes('\n'));
      const meta = fc.record({
        id: fc.stringMatching(/^[a-z0-9]{1,6}(?:-[a-z0-9]{1,6}){0,2}$/),
        title: text,
        region: text,
        level: fc.constantFrom(...LEVELS),
        year: fc.integer({ min: 1949, max: 2100 }),
        kind: text,
        source: text,
        meeting: fc.option(text, { nil: undefined }),
        speaker: fc.option(text, { nil: undefined }),
        date: fc.option(fc.constantFrom('2024-01-10', '1999-12-31'), { nil: undefined }),
      });
      fc.assert(
        fc.property(meta, fc.string({ maxLength: 20 }), (m, body) => {
          const parsed = parseFrontMatter('x.txt', formatFrontMatter(m) + body);
          const present = Object.fromEntries(Object.entries(m).filter(([, v]) => v !== undefined));
          expect(parsed.meta).to.deep.equal(present);
          expect(parsed.body).to.equal(body);
        }),
      );
    });
  });
});
