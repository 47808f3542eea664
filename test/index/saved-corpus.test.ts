/**
 * Start-up from the saved index: the parsed reports saved with it come back equal to a fresh
 * parse, a start with a current index parses no corpus file, and the container reads, writes,
 * hashes and decodes in pieces (the paths a file past 2 GiB takes), here with pieces of a few
 * bytes.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { CORPUS_DIR, loadCorpus, loadCorpusSync } from '../../src/ingest/index.js';
import { Checksum, checksumOf } from '../../src/index/checksum.js';
import { Container, encodeContainer, fileSource, withHeader, writeContainer } from '../../src/index/container.js';
import { decodeReports, encodeReports } from '../../src/index/saved-corpus.js';
import { openSearch } from '../../src/search/index.js';

describe('index/saved-corpus', () => {
  describe('#encodeReports', () => {
    it('gives back the parsed reports of the bundled corpus, equal in every field', () => {
      const { reports } = loadCorpusSync(CORPUS_DIR);
      const { texts, blocks } = encodeReports(reports);
      const decoded = decodeReports(texts, blocks[0] ?? '');
      expect(decoded).to.deep.equal(reports);
      // Paragraphs are the paragraph blocks themselves, as ingest gives them.
      expect(decoded[0]?.paragraphs[0]).to.equal(decoded[0]?.blocks.find((block) => block.type === 'paragraph'));
    });

    it('refuses blocks outside their text and paths that are not there', () => {
      const { reports } = loadCorpusSync(CORPUS_DIR);
      const first = reports.slice(0, 1);
      const { texts, blocks } = encodeReports(first);
      expect(() => decodeReports(texts.map((text) => text.slice(0, 10)), blocks[0] ?? '')).to.throw('saved report 0 has a block outside its text');
      expect(() => decodeReports([...texts, 'x'], blocks[0] ?? '')).to.throw('saved reports do not match their texts');
      expect(() => decodeReports(texts, (blocks[0] ?? '').replace(/,(\d+)\]\]/u, ',999]]'))).to.throw();
    });
  });

  describe('#openSearch', () => {
    it('starts from the saved index without parsing the corpus, with the same answers and notes', async function () {
      this.timeout(60_000);
      const root = mkdtempSync(join(tmpdir(), 'saved-corpus-'));
      try {
        const corpusDir = join(root, 'corpus');
        const indexDir = join(root, 'index');
        mkdirSync(corpusDir);
        for (const name of ['zhenjiang-2024-summary.txt', 'zhenjiang-2024-graphic.txt']) copyFileSync(join(CORPUS_DIR, name), join(corpusDir, name));
        writeFileSync(join(corpusDir, 'broken.txt'), 'no front matter');
        const first = await openSearch({ corpusDir, indexDir });
        expect(first.index.source).to.equal('built');
        const second = await openSearch({ corpusDir, indexDir });
        expect(second.index.source).to.equal('loaded');
        expect(second.ingestMs).to.equal(0);
        expect(second.problems).to.deep.equal(first.problems);
        expect(second.problems.map((problem) => problem.file)).to.deep.equal(['broken.txt']);
        expect(second.service.documents()).to.deep.equal(first.service.documents());
        for (const q of ['经济 增长', '"高质量发展"', '镇江 -产业']) expect(second.service.search(q, { size: 50 })).to.deep.include({ total: first.service.search(q).total, hits: first.service.search(q, { size: 50 }).hits });
        const id = first.service.documents()[0]?.id ?? '';
        expect(second.service.read(id, '发展')).to.deep.equal(first.service.read(id, '发展'));
        // A changed corpus file is noticed without parsing: the next start rebuilds.
        writeFileSync(join(corpusDir, 'broken.txt'), 'still no front matter');
        const third = await openSearch({ corpusDir, indexDir });
        expect(third.index.source).to.equal('built');
        expect(third.index.reason).to.equal('saved index was built from another corpus');
        expect((await loadCorpus(corpusDir)).reports.length).to.equal(2);
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    });
  });
});

describe('index/container in pieces', () => {
  const sections = { texts: ['甲乙丙', '', 'abc', '长'.repeat(4)], ids: Int32Array.from([1, -2, 3, 40000, 5]), small: Uint16Array.from([7, 8, 9]), wide: Uint32Array.from([2 ** 32 - 1, 0]) };

  it('writes the same bytes in pieces of any size, and reads them back in pieces', () => {
    const whole = encodeContainer({ format: 1 }, sections);
    for (const chunk of [16, 24, 64, 1 << 20]) {
      const pieces: Uint8Array[] = [];
      writeContainer({ format: 1 }, sections, (piece) => pieces.push(Buffer.from(piece)), chunk);
      // Typed arrays go out in pieces of at most `chunk` bytes (texts in batches of about that).
      if (chunk === 16) expect(pieces.map((piece) => piece.byteLength)).to.include.members([16, 4]);
      expect(Buffer.concat(pieces).equals(whole), `chunk ${String(chunk)}`).to.equal(true);
      const root = mkdtempSync(join(tmpdir(), 'container-'));
      try {
        writeFileSync(join(root, 'c.bin'), whole);
        const container = new Container(fileSource(join(root, 'c.bin'), chunk), chunk);
        expect(container.checksumMatches()).to.equal(true);
        expect(container.text('texts')).to.deep.equal(sections.texts);
        expect(Array.from(container.i32('ids'))).to.deep.equal(Array.from(sections.ids));
        expect(Array.from(container.u16('small'))).to.deep.equal([7, 8, 9]);
        expect(Array.from(container.u32('wide'))).to.deep.equal([2 ** 32 - 1, 0]);
        container.close();
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    }
  });

  it('writes texts as UTF-16LE, and reads them at any alignment, and reads the UTF-8 sections written before', () => {
    const whole = encodeContainer({}, { texts: sections.texts });
    const container = new Container(whole);
    expect(container.header.sections.texts?.type).to.equal('utf16');
    // Two bytes a code unit, a separator between texts.
    expect(container.header.sections.texts?.length).to.equal(2 * (sections.texts.join('\u0000').length));
    // A buffer starting at an odd address (a separator's two bytes are not looked for as one NUL byte).
    const shifted = Buffer.alloc(whole.byteLength + 1);
    whole.copy(shifted, 1);
    for (const chunk of [16, 1 << 20]) expect(new Container(shifted.subarray(1), chunk).text('texts')).to.deep.equal(sections.texts);
    // A UTF-8 section of an earlier file: the same texts as the header says `text`.
    const utf8 = Buffer.from(sections.texts.join('\u0000'), 'utf8');
    const old = withHeader(Buffer.concat([whole.subarray(0, whole.byteLength - (container.header.sections.texts?.length ?? 0) - 6), utf8, Buffer.alloc((8 - (utf8.byteLength % 8)) % 8)]), (header) => ({ ...header, sections: { texts: { type: 'text', offset: 0, length: utf8.byteLength } } }));
    expect(new Container(old, 16).text('texts')).to.deep.equal(sections.texts);
  });

  it('reads every section on the thread pool when preloaded, in pieces, with the same bytes and checksum as read one by one', async () => {
    const whole = encodeContainer({ format: 1 }, sections);
    const root = mkdtempSync(join(tmpdir(), 'container-'));
    try {
      writeFileSync(join(root, 'c.bin'), whole);
      for (const chunk of [16, 24, 1 << 20]) {
        const container = new Container(fileSource(join(root, 'c.bin'), chunk), chunk);
        await container.preload();
        expect(container.checksumMatches()).to.equal(true);
        expect(container.text('texts')).to.deep.equal(sections.texts);
        expect(Array.from(container.i32('ids'))).to.deep.equal(Array.from(sections.ids));
        expect(Array.from(container.u32('wide'))).to.deep.equal([2 ** 32 - 1, 0]);
        container.close();
      }
      // A file cut short after its header was read: the preload fails, naming where the file ends.
      const container = Container.open(join(root, 'c.bin'));
      writeFileSync(join(root, 'c.bin'), whole.subarray(0, whole.byteLength - 8));
      let failure: unknown;
      await container.preload().catch((error: unknown) => {
        failure = error;
      });
      container.close();
      expect(String(failure)).to.match(/^Error: file ends at \d+ bytes$/u);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('refuses to decode a text longer than a piece', () => {
    const container = new Container(encodeContainer({}, { texts: ['x'.repeat(100)] }), 16);
    expect(() => container.text('texts')).to.throw('section texts holds a text longer than 16 bytes');
  });

  it('has a checksum that does not depend on how the bytes are split, and sees any changed byte', () => {
    const bytes = Buffer.from(Array.from({ length: 101 }, (_, i) => (i * 37) % 256));
    const whole = checksumOf([bytes]);
    for (const cut of [1, 2, 3, 5, 50, 100]) expect(checksumOf([bytes.subarray(0, cut), bytes.subarray(cut)]), `cut ${String(cut)}`).to.equal(whole);
    // Unaligned views take the slow path and agree.
    const shifted = Buffer.alloc(102);
    bytes.copy(shifted, 1);
    expect(new Checksum().update(shifted.subarray(1)).digest()).to.equal(whole);
    for (let i = 0; i < bytes.length; i++) {
      const changed = Buffer.from(bytes);
      changed[i] = (changed[i] ?? 0) ^ 1;
      expect(checksumOf([changed]), `byte ${String(i)}`).to.not.equal(whole);
    }
    expect(checksumOf([bytes.subarray(0, 100)])).to.not.equal(whole);
  });
});
