import { expect } from 'chai';
import { citation, issuer, locator, reportReference } from '../../src/workbench/citation.js';

const doc = { title: '2024年XX区政府工作报告（XX区·01）', region: 'XX区·01', year: 2024 };
const citedOn = new Date('2026-03-15T08:00:00Z');

describe('cite', () => {
  describe('#issuer', () => {
    it('names the government of the region, without the suffix that tells anonymised regions apart', () => {
      expect(issuer('XX区·01')).to.equal('XX区人民政府');
      expect(issuer('镇江市')).to.equal('镇江市人民政府');
      expect(issuer('XX镇人民政府')).to.equal('XX镇人民政府');
    });
  });

  describe('#reportReference', () => {
    it('cites a report read online as [R/OL] with its year, the date of citing and the address', () => {
      expect(reportReference({ doc, reportUrl: 'https://search.example.org/doc/qu-01', citedOn })).to.equal(
        'XX区人民政府. 2024年XX区政府工作报告（XX区·01）[R/OL]. (2024)[2026-03-15]. https://search.example.org/doc/qu-01.',
      );
    });

    it('cites a report without an address as [R], place and publisher unknown', () => {
      expect(reportReference({ doc, citedOn })).to.equal('XX区人民政府. 2024年XX区政府工作报告（XX区·01）[R]. [出版地不详]: [出版者不详], 2024.');
    });
  });

  describe('#locator', () => {
    it('joins the section path and the paragraph number', () => {
      expect(locator(['一、2023年工作回顾', '（一）经济运行'], 12)).to.equal('一、2023年工作回顾 › （一）经济运行 › 第12段');
      expect(locator([], 1)).to.equal('第1段');
    });
  });

  describe('#citation', () => {
    it('gives the reference, the locator, the quoted paragraph and its permanent link, one a line', () => {
      expect(
        citation({
          doc,
          sectionPath: ['2023 年工作回顾'],
          paragraph: 3,
          text: '全年地区生产总值增长6.2%。',
          reportUrl: 'https://search.example.org/doc/qu-01',
          paragraphUrl: 'https://search.example.org/doc/qu-01#p3',
          citedOn,
        }),
      ).to.equal(
        [
          'XX区人民政府. 2024年XX区政府工作报告（XX区·01）[R/OL]. (2024)[2026-03-15]. https://search.example.org/doc/qu-01.',
          '位置：2023 年工作回顾 › 第3段',
          '原文：“全年地区生产总值增长6.2%。”',
          '段落链接：https://search.example.org/doc/qu-01#p3',
        ].join('\n'),
      );
    });
  });
});
