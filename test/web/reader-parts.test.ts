/**
 * Finding 7 of the reliability review, reproduced on a smaller scale: a report of tens of
 * thousands of short paragraphs was one reader page of tens of megabytes, rendered in seconds
 * on the only thread. The reader now shows a long report a part at a time; every link into it
 * (permanent paragraph links, hits, the concordance, citations, the table of contents, the
 * previous/next match) reaches the part that holds its target.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import request from 'supertest';
import type { Block } from '../../src/ingest/types.js';
import { buildSearchIndex } from '../../src/index/index.js';
import { CoreSearchService, IndexSearchService } from '../../src/search/index.js';
import { partOfAnchor, READER_PARTS, splitParts, type ReaderPart } from '../../src/search/reader-parts.js';
import type { SearchService } from '../../src/search/types.js';
import { createApp } from '../../src/web/app.js';
import { makeReport } from '../search/fixtures.js';
import { longReport } from './long-report.js';
import { memoryLogger, TEST_BUDGET } from './helpers.js';

const SHORT = makeReport('short', '县', 2024, ['# 一、总体', '推进乡村振兴。', '优化营商环境。']);

function service(): SearchService {
  return new CoreSearchService(new IndexSearchService(buildSearchIndex([longReport(), SHORT])));
}

/** The part (1-based) holding block `i`, found by looking at every part. */
function bruteForcePart(parts: readonly ReaderPart[], i: number): number {
  return parts.findIndex((part) => i >= part.from && i < part.to) + 1;
}

describe('reader parts', () => {
  describe('#splitParts', () => {
    it('ends a part before a main heading once it holds enough paragraphs, else at the bounds', () => {
      const report = makeReport('x', '区', 2024, ['# A', 'a1', 'a2', 'a3', '# B', 'b1', '## B.1', 'b2', 'b3', 'b4', 'b5', 'b6', '# C', 'c1']);
      const parts = splitParts(report.blocks, { paragraphs: 4, blocks: 6, sectionBreakFrom: 2, sectionLevels: 1 });
      expect(parts).to.deep.equal([
        { from: 0, to: 4, firstParagraph: 1, lastParagraph: 3, lastHeading: 1 },
        // Full at four paragraphs (and six blocks) before b5; B.1 is not a main heading.
        { from: 4, to: 10, firstParagraph: 4, lastParagraph: 7, lastHeading: 3 },
        { from: 10, to: 12, firstParagraph: 8, lastParagraph: 9, lastHeading: 3 },
        { from: 12, to: 14, firstParagraph: 10, lastParagraph: 10, lastHeading: 4 },
      ]);
    });

    it('keeps a report within the bounds in one part', () => {
      expect(splitParts(SHORT.blocks)).to.deep.equal([{ from: 0, to: 3, firstParagraph: 1, lastParagraph: 2, lastHeading: 1 }]);
      expect(splitParts([])).to.deep.equal([{ from: 0, to: 0, firstParagraph: 1, lastParagraph: 0, lastHeading: 0 }]);
    });

    it('covers every block once, within the bounds, and finds each anchor where it is (against a brute force)', () => {
      const lineArb = fc.oneof(fc.constantFrom('# H', '## H', '### H'), fc.constant('p'), fc.constant('p'), fc.constant('p'));
      fc.assert(
        fc.property(fc.array(lineArb, { maxLength: 300 }), fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 40 }), fc.integer({ min: 0, max: 20 }), (lines, paragraphs, blocks, sectionBreakFrom) => {
          const report = makeReport('r', '区', 2024, lines);
          const parts = splitParts(report.blocks, { paragraphs, blocks, sectionBreakFrom, sectionLevels: 2 });
          let at = 0;
          for (const part of parts) {
            expect(part.from).to.equal(at);
            const inPart = report.blocks.slice(part.from, part.to);
            const count = inPart.filter((b) => b.type === 'paragraph').length;
            expect(count).to.be.at.most(paragraphs);
            expect(inPart.length).to.be.at.most(blocks);
            at = part.to;
          }
          expect(at).to.equal(report.blocks.length);
          report.blocks.forEach((block: Block, i) => {
            expect(partOfAnchor(parts, block.anchor), block.anchor).to.equal(bruteForcePart(parts, i));
          });
          expect(partOfAnchor(parts, `p${String(report.paragraphs.length + 1)}`)).to.equal(undefined);
          expect(partOfAnchor(parts, 'x1')).to.equal(undefined);
        }),
        { numRuns: 300 },
      );
    });
  });

  describe('#read', () => {
    it('gives one part of a long report, every heading with its part, and every match with its part', async () => {
      const doc = await service().read('long', '乡村振兴');
      expect(doc?.parts.length).to.be.above(1);
      expect(doc?.part).to.deep.equal({ number: 1, firstParagraph: 1, lastParagraph: doc?.parts[0]?.lastParagraph });
      const paragraphs = doc?.blocks.filter((b) => b.type === 'paragraph') ?? [];
      expect(paragraphs.length).to.be.at.most(READER_PARTS.paragraphs).and.equal(doc?.part.lastParagraph);
      expect(doc?.outline.map((h) => h.anchor)).to.deep.equal(longReport().blocks.filter((b) => b.type === 'heading').map((b) => b.anchor));
      const matching = longReport().paragraphs.filter((p) => p.text.includes('乡村振兴'));
      expect(doc?.matchAnchors).to.deep.equal(matching.map((p) => p.anchor));
      const parts = splitParts(longReport().blocks);
      expect(doc?.matchParts).to.deep.equal(matching.map((p) => partOfAnchor(parts, p.anchor)));
      expect(doc?.blocks.every((b) => b.type === 'heading' || !b.text.includes('乡村振兴') || b.highlights.length === 1)).to.equal(true);
    });

    it('gives the part holding an anchor, and the last part for a part beyond it', async () => {
      const byAnchor = await service().read('long', undefined, { anchor: 'p1000' });
      expect(byAnchor?.blocks.some((b) => b.anchor === 'p1000')).to.equal(true);
      const last = await service().read('long', undefined, { part: 10_000 });
      expect(last?.part.number).to.equal(last?.parts.length);
      expect(last?.blocks.at(-1)?.anchor).to.equal('p1200');
    });

    it('gives a short report whole, in one part', async () => {
      const doc = await service().read('short');
      expect(doc?.parts).to.deep.equal([{ number: 1, firstParagraph: 1, lastParagraph: 2 }]);
      expect(doc?.blocks.map((b) => b.anchor)).to.deep.equal(['h1', 'p1', 'p2']);
    });
  });

  describe('the reader on the site', () => {
    const svc = service();
    const app = createApp({ service: svc, baseUrl: 'https://search.example.org', logger: memoryLogger(), admission: TEST_BUDGET });

    it('shows a long report a part at a time, with the way to the other parts', async () => {
      const res = await request(app).get('/doc/long').expect(200);
      const doc = await svc.read('long');
      const shown = res.text.match(/ class="para/gu) ?? [];
      expect(shown.length).to.equal(doc?.part.lastParagraph);
      expect(res.text).to.include(`本报告较长，分 ${String(doc?.parts.length)} 部分显示，本页是第 1 部分（第 1–${String(doc?.part.lastParagraph)} 段）`);
      expect(res.text).to.include('<a rel="next" href="/doc/long?part=2">下一部分</a>');
      expect(res.text).to.not.include('id="p1000"');
      // The table of contents reaches the headings of the other parts.
      const later = doc?.outline.find((h) => h.part === 3);
      expect(res.text).to.include(`<a href="/doc/long?part=3#${String(later?.anchor)}">${String(later?.text)}</a>`);
    });

    it('lands a permanent paragraph link on the part holding the paragraph', async () => {
      const part = (await svc.read('long', undefined, { anchor: 'p1000' }))?.part.number ?? 0;
      expect(part).to.be.above(1);
      const res = await request(app).get('/doc/long/p1000.').expect(301);
      expect(res.headers.location).to.equal(`/doc/long?part=${String(part)}#p1000`);
      const page = await request(app).get(`/doc/long?part=${String(part)}`).expect(200);
      expect(page.text).to.include('id="p1000"');
      expect((await request(app).get('/doc/short/p2').expect(301)).headers.location).to.equal('/doc/short#p2');
    });

    it('answers a part past the last with 404, and a malformed one with 400', async () => {
      const doc = await svc.read('long');
      const res = await request(app).get(`/doc/long?part=${String((doc?.parts.length ?? 0) + 1)}`).expect(404);
      expect(res.text).to.include(`这份报告只有 ${String(doc?.parts.length)} 部分`);
      await request(app).get('/doc/long?part=0').expect(400);
      await request(app).get('/doc/long?part=abc').expect(400);
    });

    it('steps from the last match of a part to the first of the next, and back, through links that name the part', async () => {
      const doc = await svc.read('long', '乡村振兴');
      const anchors = doc?.matchAnchors ?? [];
      const parts = doc?.matchParts ?? [];
      const lastOfFirst = parts.lastIndexOf(1);
      const next = anchors[lastOfFirst + 1] ?? '';
      const q = encodeURIComponent('乡村振兴');
      const first = await request(app).get(`/doc/long?q=${q}`).expect(200);
      expect(first.text).to.include(`<a href="/doc/long?q=${q}&amp;part=2#${next}">下一处</a>`);
      // Without script, the bar's 上一处 from part 2 goes to the last match of part 1.
      const second = await request(app).get(`/doc/long?q=${q}&part=2`).expect(200);
      expect(second.text).to.include(`<a class="prev" data-step="-1" href="/doc/long?q=${q}#${anchors[lastOfFirst] ?? ''}">上一处</a>`);
      expect(second.text).to.include(`data-match="${String(lastOfFirst + 1)}"`);
      expect(second.text).to.include(`（${String(lastOfFirst + 2)} / ${String(anchors.length)}）`);
    });

    it('links hits and concordance lines to the part holding them, and cites paragraphs of any part', async () => {
      const q = encodeURIComponent('乡村振兴');
      const found = (await request(app).get(`/api/search?q=${q}&doc=long&sort=order&size=100`).expect(200)).body as { hits: Array<{ anchor: string; url: string }> };
      const parts = splitParts(longReport().blocks);
      for (const hit of found.hits) {
        const part = partOfAnchor(parts, hit.anchor) ?? 0;
        expect(hit.url).to.equal(`/doc/long?q=${q}${part > 1 ? `&part=${String(part)}` : ''}#${hit.anchor}`);
      }
      const kwic = (await request(app).get(`/api/kwic?q=${q}&doc=long`).expect(200)).body as { lines: Array<{ anchor: string; part: number }> };
      expect(kwic.lines.map((line) => line.part)).to.deep.equal(kwic.lines.map((line) => partOfAnchor(parts, line.anchor)));
      const page = await request(app).get(`/kwic?q=${q}&doc=long`).expect(200);
      expect(page.text).to.include(`href="/doc/long?q=${q}&amp;part=${String(partOfAnchor(parts, 'p999'))}#p999"`);
      const cited = await request(app).get('/api/cite?p=long:p1000&p=long:p1&format=gbt7714').expect(200);
      expect(cited.text).to.include('第1000段');
      expect(cited.text).to.include('第1段');
    });

    it('gives the API a part at a time, with the list of parts', async () => {
      const body = (await request(app).get('/api/docs/long?part=2').expect(200)).body as { part: number; parts: unknown[]; blocks: Array<{ anchor: string }> };
      const doc = await svc.read('long', undefined, { part: 2 });
      expect(body.part).to.equal(2);
      expect(body.parts).to.deep.equal(doc?.parts);
      expect(body.blocks.map((b) => b.anchor)).to.deep.equal(doc?.blocks.map((b) => b.anchor));
    });
  });
});
