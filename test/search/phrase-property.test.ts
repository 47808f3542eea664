/**
 * Exact phrases have 100% recall and precision against the paragraphs' normalised text as a
 * reader reads it (transparent characters skipped, compatibility characters as their forms;
 * `reader-scan.ts`): random substrings of random paragraphs, quoted, return exactly the
 * paragraphs a brute-force scan finds; so do phrases built across the line wraps of the source
 * files, and phrases whose transparent characters are left out.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import fc from 'fast-check';
import { CORPUS_DIR } from '../../src/ingest/index.js';
import { normalize, normalizeQuery } from '../../src/text/index.js';
import type { IndexSearchService } from '../../src/search/index.js';
import { bundledCorpus } from './fixtures.js';
import { readerHolds, readerView, type ReaderView } from './reader-scan.js';

interface Paragraph {
  key: string;
  norm: string;
  reader: ReaderView;
}

/** Quotes a phrase so that nothing inside it ends the phrase. */
function quote(phrase: string): string | undefined {
  if (!phrase.includes('」')) return `「${phrase}」`;
  if (!/["”＂]/u.test(phrase)) return `"${phrase}"`;
  return undefined;
}

/** Keys of all hits of a query (every page) and of the copies folded under them, sorted. */
function allHits(service: IndexSearchService, query: string): string[] {
  const keys: string[] = [];
  for (let page = 1; ; page++) {
    const result = service.search(query, { size: 100, page, sort: 'order' });
    keys.push(...result.hits.flatMap((hit) => [`${hit.docId}#${hit.anchor}`, ...hit.copies.map((copy) => `${copy.docId}#${copy.anchor}`)]));
    if (page * 100 >= result.total - result.folded) return keys.sort();
  }
}

function scan(paragraphs: readonly Paragraph[], needle: string): string[] {
  return paragraphs
    .filter((p) => readerHolds(p.reader, needle))
    .map((p) => p.key)
    .sort();
}

describe('search/exact phrases (bundled corpus)', function () {
  let service: IndexSearchService;
  let paragraphs: Paragraph[];

  before(async () => {
    const opened = await bundledCorpus();
    service = opened.service;
    paragraphs = opened.index.index.table.reports.flatMap((report) => report.paragraphs.map((p) => ({ key: `${report.meta.id}#${p.anchor}`, norm: normalize(p.text), reader: readerView(normalize(p.text)) })));
  });

  function check(phrase: string, source: string): boolean {
    const query = quote(phrase);
    if (query === undefined || phrase.trim() !== phrase || phrase === '') return false;
    const found = allHits(service, query);
    expect(found, query).to.include(source);
    expect(found, query).to.deep.equal(scan(paragraphs, normalizeQuery(phrase)));
    return true;
  }

  it('finds exactly the paragraphs holding 600 random substrings of 1–12 characters', () => {
    let checked = 0;
    fc.assert(
      fc.property(fc.nat(), fc.nat(), fc.integer({ min: 1, max: 12 }), (p, s, length) => {
        const paragraph = paragraphs[p % paragraphs.length];
        if (paragraph === undefined || paragraph.norm.length === 0) return;
        const start = s % paragraph.norm.length;
        if (check(paragraph.norm.slice(start, start + length), paragraph.key)) checked++;
      }),
      { numRuns: 600, seed: 20240501 },
    );
    expect(checked).to.be.greaterThan(500);
  });

  it('finds 300 random substrings holding transparent characters, typed without them', () => {
    const transparent = /[\s"'“”‘’「」『』|\u200b-\u200d\u2060\ufeff\u00ad]/gu;
    const candidates = paragraphs.filter((paragraph) => /[^\s"'“”‘’「」『』|][\s"'“”‘’「」『』|\u200b-\u200d\u2060\ufeff\u00ad]+[^\s"'“”‘’「」『』|]/u.test(paragraph.norm));
    let checked = 0;
    fc.assert(
      fc.property(fc.nat(), fc.nat(), fc.integer({ min: -6, max: 0 }), fc.integer({ min: 3, max: 12 }), (p, m, before, length) => {
        const paragraph = candidates[p % candidates.length];
        if (paragraph === undefined) return;
        const positions = [...paragraph.norm.matchAll(transparent)].map((match) => match.index);
        const at = positions[m % positions.length] ?? 0;
        const start = Math.max(0, at + before);
        const typed = paragraph.norm.slice(start, start + length).replace(transparent, '');
        if (typed.length >= 2 && check(typed, paragraph.key)) checked++;
      }),
      { numRuns: 300, seed: 11 },
    );
    expect(checked).to.be.greaterThan(150);
  });

  it('finds substrings around digits, % and Latin letters', () => {
    const pattern = /[0-9a-z%]/gu;
    const candidates = paragraphs.filter((paragraph) => /[0-9a-z%]/u.test(paragraph.norm));
    let checked = 0;
    fc.assert(
      fc.property(fc.nat(), fc.nat(), fc.integer({ min: -4, max: 0 }), fc.integer({ min: 1, max: 8 }), (p, m, before, length) => {
        const paragraph = candidates[p % candidates.length];
        if (paragraph === undefined) return;
        const positions = [...paragraph.norm.matchAll(pattern)].map((match) => match.index);
        const at = positions[m % positions.length] ?? 0;
        const start = Math.max(0, at + before);
        if (check(paragraph.norm.slice(start, start + length), paragraph.key)) checked++;
      }),
      { numRuns: 200, seed: 7 },
    );
    expect(checked).to.be.greaterThan(150);
  });

  it('finds phrases that cross a line wrap or page break of the source file', async () => {
    const { reports } = (await bundledCorpus()).index.index.table;
    let pairs = 0;
    let checked = 0;
    for (const report of reports) {
      const lines = readFileSync(join(CORPUS_DIR, report.file), 'utf8').split('\n');
      const body = lines.slice(lines.indexOf('---', 1) + 1);
      report.paragraphs.forEach((paragraph, n) => {
        if (n % 3 !== 0) return;
        const norm = normalize(paragraph.text);
        const source = body.slice(paragraph.lines.from - 1, paragraph.lines.to).filter((line) => line.trim() !== '');
        for (let i = 0; i + 1 < source.length; i += 2) {
          // The last three characters of a source line and the first three of the next one.
          const tail = (source[i] ?? '').replace(/\s+/gu, '').slice(-3);
          const head = (source[i + 1] ?? '').replace(/\s+/gu, '').slice(0, 3);
          const phrase = normalizeQuery(normalize(tail + head));
          pairs++;
          if (norm.includes(phrase) && check(phrase, `${report.meta.id}#${paragraph.anchor}`)) checked++;
        }
      });
    }
    expect(checked).to.be.greaterThan(300);
    // Nearly every wrap is rejoined in the text (page numbers and doubled lines excepted).
    expect(checked / pairs).to.be.greaterThan(0.9);
  });
});
