import { expect } from 'chai';
import ExcelJS from 'exceljs';
import { bibtex, escapeBibtex } from '../../src/workbench/bibtex.js';
import { chinaDate, citation, citationList, quoted } from '../../src/workbench/citation.js';
import { csv, csvField } from '../../src/workbench/csv.js';
import { paragraphLink, reportLink, stripTrailingPunctuation } from '../../src/workbench/links.js';
import type { ParagraphRecord } from '../../src/workbench/record.js';
import { ris } from '../../src/workbench/ris.js';
import { xlsx } from '../../src/workbench/xlsx.js';
import { arrayBuffer, parseBibtex, parseCsv, parseRis } from './csv-parse.js';

const doc = { id: 'qu-01', title: '2024年XX区政府工作报告（XX区·01）', region: 'XX区·01', level: '区' as const, year: 2024, kind: '全文' };
const records: ParagraphRecord[] = [
  { doc, sectionPath: ['一、2023年工作回顾'], paragraph: 3, anchor: 'p3', text: '坚持“两山”理念，推进{生态}保护 & 修复，增长6.2%。' },
  { doc: { ...doc, id: 'shi-02', title: '2024年XX市政府工作报告', region: 'XX市' }, sectionPath: [], paragraph: 12, anchor: 'p12', text: '=SUM(A1) 不是公式，"引号"照录。' },
];
const context = { base: 'https://search.example.org/', now: new Date('2026-03-14T17:30:00Z') };

describe('workbench/formats', () => {
  describe('#chinaDate', () => {
    it('dates in China time: 17:30 UTC is already the next day in Beijing', () => {
      expect(chinaDate(new Date('2026-03-14T17:30:00Z'))).to.equal('2026-03-15');
      expect(chinaDate(new Date('2026-03-14T15:59:59Z'))).to.equal('2026-03-14');
    });
  });

  describe('#quoted', () => {
    it('nests the text’s own double quotes as single ones inside “”', () => {
      expect(quoted('坚持“两山”理念')).to.equal('“坚持‘两山’理念”');
    });
  });

  describe('links', () => {
    it('gives paths that survive a trailing full stop', () => {
      expect(reportLink('https://a.example/', 'qu-01')).to.equal('https://a.example/doc/qu-01');
      expect(paragraphLink('https://a.example', 'qu-01', 'p3')).to.equal('https://a.example/doc/qu-01/p3');
      for (const copied of ['p3.', 'p3。', 'p3).', 'p3”', 'p3']) expect(stripTrailingPunctuation(copied)).to.equal('p3');
      expect(stripTrailingPunctuation('qu-01')).to.equal('qu-01');
    });
  });

  describe('#citation', () => {
    it('cites with nested quotes, the China date and the permanent links', () => {
      const list = citationList(records.map((r) => ({ doc: r.doc, sectionPath: r.sectionPath, paragraph: r.paragraph, text: r.text, reportUrl: reportLink(context.base, r.doc.id), paragraphUrl: paragraphLink(context.base, r.doc.id, r.anchor), citedOn: context.now })));
      expect(list.split('\n')).to.deep.equal([
        '[1] XX区人民政府. 2024年XX区政府工作报告（XX区·01）[R/OL]. (2024)[2026-03-15]. https://search.example.org/doc/qu-01.',
        '    位置：一、2023年工作回顾 › 第3段',
        '    原文：“坚持‘两山’理念，推进{生态}保护 & 修复，增长6.2%。”',
        '    段落链接：https://search.example.org/doc/qu-01/p3',
        '',
        '[2] XX市人民政府. 2024年XX市政府工作报告[R/OL]. (2024)[2026-03-15]. https://search.example.org/doc/shi-02.',
        '    位置：第12段',
        '    原文：“=SUM(A1) 不是公式，"引号"照录。”',
        '    段落链接：https://search.example.org/doc/shi-02/p12',
      ]);
      expect(citation({ doc, sectionPath: [], paragraph: 1, text: 'x', citedOn: context.now })).to.equal('XX区人民政府. 2024年XX区政府工作报告（XX区·01）[R]. [出版地不详]: [出版者不详], 2024.\n位置：第1段\n原文：“x”');
    });
  });

  describe('#ris', () => {
    it('writes one RPRT record per paragraph with every field EndNote, NoteExpress and Zotero need', () => {
      const parsed = parseRis(ris(records, context));
      expect(parsed).to.have.length(2);
      const first = parsed[0];
      expect(Object.fromEntries(first ?? [])).to.deep.equal({
        TY: ['RPRT'],
        ID: ['qu-01-p3'],
        AU: ['XX区人民政府'],
        TI: ['2024年XX区政府工作报告（XX区·01）'],
        PY: ['2024'],
        PB: ['XX区人民政府'],
        M3: ['政府工作报告（全文）'],
        SE: ['一、2023年工作回顾 › 第3段'],
        UR: ['https://search.example.org/doc/qu-01/p3'],
        Y2: ['2026/03/15'],
        N1: ['原文：“坚持‘两山’理念，推进{生态}保护 & 修复，增长6.2%。”'],
        LA: ['zh-CN'],
        ER: [''],
      });
      for (const record of parsed) for (const tag of ['TY', 'AU', 'TI', 'PY', 'UR', 'Y2', 'ER']) expect(record.get(tag), tag).to.have.length(1);
    });
  });

  describe('#bibtex', () => {
    it('writes one @techreport per paragraph with the required fields, escaped', () => {
      const parsed = parseBibtex(bibtex(records, context));
      expect(parsed.map((entry) => [entry.type, entry.key])).to.deep.equal([
        ['techreport', 'qu-01-p3'],
        ['techreport', 'shi-02-p12'],
      ]);
      const fields = parsed[0]?.fields;
      expect(fields?.get('author')).to.equal('{XX区人民政府}');
      expect(fields?.get('institution')).to.equal('{XX区人民政府}');
      expect(fields?.get('title')).to.equal('2024年XX区政府工作报告（XX区·01）');
      expect(fields?.get('year')).to.equal('2024');
      expect(fields?.get('url')).to.equal('https://search.example.org/doc/qu-01/p3');
      expect(fields?.get('urldate')).to.equal('2026-03-15');
      expect(fields?.get('abstract')).to.equal('“坚持‘两山’理念，推进\\{生态\\}保护 \\& 修复，增长6.2\\%。”');
      for (const entry of parsed) for (const field of ['author', 'title', 'institution', 'year', 'url']) expect(entry.fields.get(field), field).to.be.a('string').and.not.equal('');
      expect(escapeBibtex('a_b#c~d^e\\f$')).to.equal('a\\_b\\#c\\textasciitilde{}d\\textasciicircum{}e\\textbackslash{}f\\$');
    });
  });

  const table = {
    name: '检索结果',
    columns: [
      { header: '报告', width: 20 },
      { header: '段落', width: 6 },
      { header: '原文', width: 80 },
      { header: '链接', width: 40, link: true },
    ],
    rows: records.map((r) => [r.doc.title, r.paragraph, r.text, paragraphLink(context.base, r.doc.id, r.anchor)]),
  };

  describe('#csv', () => {
    it('writes UTF-8 with a BOM and CR LF, quoting what needs it, defusing formulas', () => {
      const text = csv(table);
      const rows = parseCsv(text);
      expect(rows).to.have.length(3);
      expect(rows[0]).to.deep.equal(['报告', '段落', '原文', '链接']);
      expect(rows[1]).to.deep.equal([doc.title, '3', records[0]?.text, 'https://search.example.org/doc/qu-01/p3']);
      expect(rows[2]?.[2]).to.equal(`'${records[1]?.text ?? ''}`);
      expect(csvField('-6.2%')).to.equal('-6.2%');
      expect(csvField('+1')).to.equal('+1');
      expect(csvField('@x')).to.equal("'@x");
      expect(csvField('a,b')).to.equal('"a,b"');
    });
  });

  describe('#xlsx', () => {
    it('writes a workbook exceljs reads back with the same rows and clickable links', async () => {
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(arrayBuffer(await xlsx(table)));
      const sheet = workbook.getWorksheet('检索结果');
      expect(sheet?.rowCount).to.equal(3);
      const values = (n: number): unknown[] => {
        const row = sheet?.getRow(n);
        return [1, 2, 3, 4].map((c) => {
          const value = row?.getCell(c).value;
          return typeof value === 'object' && value !== null && 'text' in value ? value.text : value;
        });
      };
      expect(values(1)).to.deep.equal(['报告', '段落', '原文', '链接']);
      expect(values(2)).to.deep.equal([doc.title, 3, records[0]?.text, 'https://search.example.org/doc/qu-01/p3']);
      expect(sheet?.getRow(3).getCell(4).hyperlink).to.equal('https://search.example.org/doc/shi-02/p12');
    });
  });
});
