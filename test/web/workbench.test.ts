import { expect } from 'chai';
import ExcelJS from 'exceljs';
import type { Express } from 'express';
import request from 'supertest';
import type { SearchService } from '../../src/search/types.js';
import { arrayBuffer, parseBibtex, parseCsv, parseRis } from '../workbench/csv-parse.js';
import { corpusApp, q } from './helpers.js';

/** supertest: the body as a Buffer whatever the type. */
function binary(res: request.Response, done: (error: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => {
    done(null, Buffer.concat(chunks));
  });
}

describe('web workbench', () => {
  let app: Express;
  let service: SearchService;

  before(async () => {
    ({ app, service } = await corpusApp());
  });

  describe('GET /api/export', () => {
    it('exports every hit as CSV with a BOM: one row per hit, beyond the first page', async () => {
      const query = '高质量发展';
      const found = await service.search(query);
      // Copies are folded under their hit (另见), not rows of their own.
      const total = found.total - found.folded + found.headingMatches;
      expect(total).to.be.greaterThan(100);
      expect(found.folded).to.be.greaterThan(0);
      const res = await request(app).get(q('/api/export', query, '&format=csv')).expect(200).expect('Content-Type', 'text/csv; charset=utf-8');
      expect(res.headers['content-disposition']).to.equal('attachment; filename="search.csv"'.replaceAll('"', ''));
      expect(res.headers['x-total-count']).to.equal(String(found.total));
      const rows = parseCsv(res.text);
      expect(rows[0]).to.deep.equal(['报告', '地区', '级别', '年份', '章节', '段落', '原文', '链接', '匹配', '另见']);
      expect(rows).to.have.length(total + 1);
      const all = await service.hitList(query);
      expect(rows.slice(1).map((row) => row[7])).to.deep.equal(all.hits.map((hit) => `https://search.example.org/doc/${hit.docId}/${hit.anchor}`));
      const copies = rows.slice(1).flatMap((row, i) => (row[9] === '' ? [] : [[i, row[9]]]));
      expect(copies).to.have.length(all.hits.filter((hit) => hit.copies.length > 0).length);
      const [at, cell] = copies[0] ?? [];
      const folded = all.hits[Number(at)]?.copies ?? [];
      expect(cell).to.equal(folded.map((copy) => `${copy.title} https://search.example.org/doc/${copy.docId}/${copy.anchor}`).join('\n'));
      expect(rows[1]?.slice(0, 7)).to.deep.equal([all.hits[0]?.title, all.hits[0]?.region, all.hits[0]?.level, String(all.hits[0]?.year), all.hits[0]?.sectionPath.join(' › '), String(all.hits[0]?.paragraph), all.hits[0]?.text]);
    });

    it('exports the same rows as XLSX, with the filters and order of the results page', async () => {
      const query = '营商环境';
      const res = await request(app).get(q('/api/export', query, '&format=xlsx&level=区&sort=order')).buffer(true).parse(binary).expect(200);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(arrayBuffer(res.body as Buffer));
      const sheet = workbook.worksheets[0];
      const expected = await service.hitList(query, { level: ['区'], sort: 'order' });
      expect(sheet?.rowCount).to.equal(expected.total + expected.headingMatches + 1);
      const paragraphs: unknown[] = [];
      sheet?.eachRow((row, n) => {
        if (n > 1) paragraphs.push(`${row.getCell(1).text}#${row.getCell(6).text}`);
      });
      expect(paragraphs).to.deep.equal(expected.hits.map((hit) => `${hit.title}#${String(hit.paragraph)}`));
    });

    it('exports the comparison table, every report with its rate', async () => {
      const res = await request(app).get(q('/api/export', '"高质量发展"', '&format=csv&of=compare')).expect(200);
      const rows = parseCsv(res.text);
      expect(rows[0]).to.deep.equal(['报告', '地区', '级别', '年份', '出现次数', '匹配段落', '报告字数', '每万字出现次数', '链接']);
      expect(rows).to.have.length(service.documents().length + 1);
      const compare = await service.compare('"高质量发展"');
      expect(rows.slice(1).reduce((sum, row) => sum + Number(row[4]), 0)).to.equal(compare.totalOccurrences);
      const rates = rows.slice(1).map((row) => Number(row[7]));
      expect([...rates].sort((a, b) => b - a)).to.deep.equal(rates);
    });

    it('refuses a missing format or query with a 400 naming it', async () => {
      await request(app).get(q('/api/export', '经济')).expect(400);
      await request(app).get('/api/export?format=csv').expect(400);
      await request(app).get(q('/api/export', '经济', '&format=pdf')).expect(400);
    });
  });

  describe('GET /api/cite', () => {
    const refs = '?p=qu-01:p3&p=shi-01:p5&p=xian-01:p2';

    it('exports RIS records with the required fields for each paragraph', async () => {
      const res = await request(app).get(`/api/cite${refs}&format=ris`).expect(200);
      expect(res.headers['content-type']).to.equal('application/x-research-info-systems; charset=utf-8');
      const records = parseRis(res.text);
      expect(records.map((record) => record.get('UR')?.[0])).to.deep.equal(['qu-01/p3', 'shi-01/p5', 'xian-01/p2'].map((p) => `https://search.example.org/doc/${p}`));
      for (const record of records) {
        for (const tag of ['TY', 'AU', 'TI', 'PY', 'UR', 'Y2', 'SE', 'N1', 'ER']) expect(record.get(tag), tag).to.have.length(1);
        expect(record.get('Y2')?.[0]).to.equal('2026/03/15');
      }
    });

    it('exports BibTeX entries and a GB/T 7714 list in the order given', async () => {
      const bib = parseBibtex((await request(app).get(`/api/cite${refs}&format=bibtex`).expect(200)).text);
      expect(bib.map((entry) => entry.key)).to.deep.equal(['qu-01-p3', 'shi-01-p5', 'xian-01-p2']);
      for (const entry of bib) for (const field of ['author', 'title', 'institution', 'year', 'url', 'urldate']) expect(entry.fields.get(field), field).to.not.equal(undefined);
      const gbt = (await request(app).get(`/api/cite${refs}&format=gbt7714`).expect(200)).text;
      expect(gbt.match(/^\[\d\] .+\[R\/OL\]\. \(\d{4}\)\[2026-03-15\]\. https:\/\/search\.example\.org\/doc\/[a-z0-9-]+\.$/gmu)).to.have.length(3);
      expect(gbt).to.include('段落链接：https://search.example.org/doc/qu-01/p3');
    });

    it('refuses unknown or malformed paragraphs', async () => {
      await request(app).get('/api/cite?p=qu-01:p99999&format=ris').expect(400);
      await request(app).get('/api/cite?p=nope:p1&format=ris').expect(400);
      await request(app).get('/api/cite?p=qu-01&format=ris').expect(400);
      await request(app).get('/api/cite?format=ris').expect(400);
      await request(app).get('/api/cite?p=qu-01:p1&format=doc').expect(400);
    });
  });

  describe('GET /api/kwic', () => {
    it('lists every occurrence in context, its total the comparison’s', async () => {
      const phrase = '"新质生产力"';
      const res = await request(app).get(q('/api/kwic', phrase, '&width=10')).expect(200);
      const body = res.body as { query: string; total: number; lines: Array<{ docId: string; paragraph: number | null; left: string; match: string; right: string }> };
      expect(body.query).to.equal(phrase);
      expect(body.total).to.equal((await service.compare(phrase)).totalOccurrences);
      expect(body.lines).to.have.length(body.total);
      for (const line of body.lines) {
        expect(line.match).to.equal('新质生产力');
        expect(Array.from(line.left).length).to.be.at.most(10);
        expect(Array.from(line.right).length).to.be.at.most(10);
      }
      const csvRows = parseCsv((await request(app).get(q('/api/kwic', phrase, '&width=10&format=csv')).expect(200)).text);
      expect(csvRows).to.have.length(body.total + 1);
      await request(app).get(q('/api/kwic', phrase, '&width=500')).expect(400);
    });
  });

  describe('permanent links', () => {
    it('open the paragraph, also when copied with the closing full stop', async () => {
      for (const path of ['/doc/qu-01/p3', '/doc/qu-01/p3.', '/doc/qu-01/p3%E3%80%82']) {
        const res = await request(app).get(path).expect(301);
        expect(res.headers.location).to.equal('/doc/qu-01#p3');
      }
      expect((await request(app).get('/doc/qu-01.').expect(301)).headers.location).to.equal('/doc/qu-01');
      await request(app).get('/doc/qu-01/x').expect(404);
      await request(app).get('/doc/nope/p1').expect(404);
    });
  });

  describe('pages', () => {
    it('offers selection boxes and exports on the results page', async () => {
      const res = await request(app).get(q('/search', '营商环境')).expect(200);
      expect(res.text).to.include('<form class="selection" action="/api/cite" method="get" data-selection>');
      expect(res.text.match(/<input type="checkbox" class="pick" name="p" value="[a-z0-9-]+:p\d+"/gu)).to.have.length(10);
      expect(res.text).to.include('href="/api/export?q=%E8%90%A5%E5%95%86%E7%8E%AF%E5%A2%83&amp;format=csv"');
      expect(res.text).to.include('<button type="submit" name="format" value="ris">RIS</button>');
    });

    it('renders the concordance aligned, sorted as asked', async () => {
      const res = await request(app).get(q('/kwic', '"高质量发展"', '&sort=right&width=10')).expect(200);
      const total = (await service.compare('"高质量发展"')).totalOccurrences;
      expect(res.text).to.include(`共出现 <strong>${total.toLocaleString('zh-CN')}</strong> 次`);
      expect(res.text.match(/<td class="kwic-match">/gu)).to.have.length(Math.min(total, 2000));
      expect(res.text).to.not.include('style=');
    });

    it('compares fairly: rates, sorting, hidden reports counted, level subtotals, the trend of 镇江', async () => {
      const phrase = '"高质量发展"';
      const compare = await service.compare(phrase);
      const res = await request(app).get(q('/compare', phrase)).expect(200);
      const zero = compare.documents.filter((d) => d.occurrences === 0).length;
      if (zero > 0) expect(res.text).to.include(`已隐藏 <strong>${String(zero)}</strong> 份未出现的报告`);
      expect(res.text).to.include('各级别小计');
      expect(res.text).to.include('逐年变化');
      expect(res.text).to.include('镇江市');
      expect(res.text).to.include('aria-sort="descending"');
      const byName = await request(app).get(q('/compare', phrase, '&sort=title&dir=asc&all=1')).expect(200);
      expect(byName.text.match(/<input type="checkbox" name="docs"/gu)).to.have.length(compare.documents.length);
      await request(app).get(q('/compare', phrase, '&sort=nope')).expect(400);
    });

    it('shows a report’s distinctive terms in the reader and two reports side by side', async () => {
      const reader = await request(app).get('/doc/zhenjiang-2024-full').expect(200);
      expect(reader.text).to.include('<summary>本报告特色词</summary>');
      const terms = (await service.distinctiveTerms('zhenjiang-2024-full', 20)) ?? [];
      expect(terms.length).to.be.greaterThan(0);
      expect(reader.text).to.include(`>${terms[0]?.term ?? ''}</a>`);
      const side = await request(app).get('/terms?docs=qu-01,shi-01').expect(200);
      expect(side.text).to.include('<div class="columns columns-2 terms-columns">');
      await request(app).get('/terms?docs=qu-01,shi-01,xian-01,qu-02').expect(400);
    });
  });
});
