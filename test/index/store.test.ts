import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { CORPUS_DIR, loadCorpus } from '../../src/ingest/index.js';
import type { Report } from '../../src/ingest/types.js';
import { Container, fingerprintOf, INDEX_FILE, INDEX_FORMAT, loadIndex, openIndex, withHeader } from '../../src/index/index.js';
import { dataChecksum } from '../../src/index/container.js';
import { removeStaleTemporaries } from '../../src/index/store.js';
import { IndexSearchService } from '../../src/search/index.js';
import { addCorpusTerms } from '../../src/text/index.js';

const FILES = ['zhenjiang-2024-summary.txt', 'zhenjiang-2024-graphic.txt'];

describe('index/store', () => {
  let root: string;
  let corpusDir: string;
  let indexDir: string;
  let reports: Report[];

  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'search-store-'));
    corpusDir = join(root, 'corpus');
    indexDir = join(root, 'index');
    mkdirSync(corpusDir);
    for (const name of FILES) copyFileSync(join(CORPUS_DIR, name), join(corpusDir, name));
    reports = (await loadCorpus(corpusDir)).reports;
    addCorpusTerms(reports);
  });

  after(() => {
    rmSync(root, { recursive: true, force: true });
  });

  const file = (): string => join(indexDir, INDEX_FILE);
  const open = () => openIndex({ reports, corpusDir, indexDir });
  const dataStart = (bytes: Buffer): number => Math.ceil((8 + bytes.readUInt32LE(4)) / 8) * 8;
  /** `bytes` with the header's checksum recomputed, as a deliberate forgery would do. */
  const rehashed = (bytes: Buffer): Buffer => withHeader(bytes, (header) => ({ ...header, checksum: dataChecksum([bytes.subarray(dataStart(bytes))]) }));
  const hits = (service: IndexSearchService): string[] => service.search('经济 增长', { size: 100 }).hits.map((hit) => `${hit.docId}#${hit.anchor}:${hit.score.toFixed(6)}`);

  describe('#openIndex', () => {
    it('builds and saves when there is no saved index, then loads it with identical results', () => {
      rmSync(indexDir, { recursive: true, force: true });
      const built = open();
      expect([built.source, built.reason]).to.deep.equal(['built', `no saved index at ${file()}`]);
      expect(built.savedBytes).to.equal(readFileSync(file()).byteLength);
      const loaded = open();
      expect(loaded.source).to.equal('loaded');
      const builtService = new IndexSearchService(built.index);
      const loadedService = new IndexSearchService(loaded.index);
      expect(hits(loadedService)).to.deep.equal(hits(builtService)).and.to.have.length.greaterThan(3);
      expect(loadedService.search('"6.2%"').total).to.equal(builtService.search('"6.2%"').total);
      expect(loadedService.suggest('经济')).to.deep.equal(builtService.suggest('经济'));
    });

    it('rebuilds when the format version differs', () => {
      open();
      writeFileSync(file(), withHeader(readFileSync(file()), (header) => ({ ...header, format: INDEX_FORMAT + 1 })));
      const reopened = open();
      expect([reopened.source, reopened.reason]).to.deep.equal(['built', `saved index has format ${String(INDEX_FORMAT + 1)}, expected ${String(INDEX_FORMAT)}`]);
      expect(open().source).to.equal('loaded');
    });

    it('rebuilds when the corpus files or the analyser changed', () => {
      open();
      const saved = readFileSync(file());
      for (const [key, word] of [
        ['corpus', 'corpus'],
        ['analyzer', 'analyser'],
        ['paragraphs', 'paragraphs'],
      ] as const) {
        writeFileSync(file(), withHeader(saved, (header) => ({ ...header, fingerprint: { ...(header.fingerprint as object), [key]: 'other' } })));
        const reopened = open();
        expect([reopened.source, reopened.reason]).to.deep.equal(['built', `saved index was built from another ${word}`]);
      }
    });

    it('rebuilds when a corpus file changes on disk', () => {
      open();
      const before = fingerprintOf(corpusDir, reports);
      const path = join(corpusDir, FILES[0] ?? '');
      const original = readFileSync(path);
      try {
        writeFileSync(path, Buffer.concat([original, Buffer.from('\n')]));
        expect(fingerprintOf(corpusDir, reports).corpus).not.to.equal(before.corpus);
        expect(open().reason).to.equal('saved index was built from another corpus');
      } finally {
        writeFileSync(path, original);
      }
    });

    it('rebuilds a truncated, garbled or tampered file instead of serving it', () => {
      open();
      const good = readFileSync(file());
      const tampered = Buffer.from(good);
      const ids = new Container(good).header.sections['bigrams.ids'];
      tampered.writeInt32LE(1_000_000, dataStart(good) + (ids?.offset ?? 0));
      const damaged: [Buffer, string][] = [
        [good.subarray(0, Math.floor(good.length / 2)), 'saved index is damaged: section '],
        [Buffer.alloc(0), 'saved index is damaged: not an index file'],
        [Buffer.from('{"format":3}'), 'saved index is damaged: not an index file'],
        [Buffer.concat([good.subarray(0, 8), Buffer.from('{"sections":')]), 'saved index is damaged: header runs past the end of the file'],
        [withHeader(good, (header) => ({ ...header, sections: { ...header.sections, 'ranked.tfs': { type: 'u16', offset: 8, length: 3 } } })), 'saved index is damaged: section ranked.tfs has 3 bytes'],
        [withHeader(good, (header) => ({ ...header, count: 1 })), 'saved index is damaged: index holds 1 paragraphs, corpus '],
        [tampered, 'saved index is damaged: checksum mismatch'],
        // With a matching checksum, the bounds check still refuses a posting outside the corpus.
        [rehashed(tampered), 'saved index is damaged: bigrams holds paragraph 1000000'],
      ];
      for (const [bytes, reason] of damaged) {
        writeFileSync(file(), bytes);
        const reopened = open();
        expect(reopened.source).to.equal('built');
        expect(reopened.reason).to.satisfy((r: string) => r.startsWith(reason), `${reopened.reason ?? ''}, expected ${reason}`);
        expect(open().source, 'the rebuilt file is good').to.equal('loaded');
      }
    });
  });

  describe('#loadIndex', () => {
    it('reports a missing file as no saved index, and any other read error by its code', () => {
      open();
      rmSync(file());
      const fingerprint = fingerprintOf(corpusDir, reports);
      expect(loadIndex(file(), reports, fingerprint)).to.deep.equal({ reason: `no saved index at ${file()}` });
      mkdirSync(file());
      try {
        expect(loadIndex(file(), reports, fingerprint)).to.deep.equal({ reason: `cannot read ${file()}: EISDIR` });
      } finally {
        rmSync(file(), { recursive: true });
      }
    });

    it('refuses a file whose section data changed in place with every length kept, before using any section', () => {
      open();
      const good = readFileSync(file());
      const fingerprint = fingerprintOf(corpusDir, reports);
      const norms = new Container(good).header.sections.norms;
      // Texts are saved in UTF-16LE.
      const at = good.indexOf(Buffer.from('经济', 'utf16le'), dataStart(good) + (norms?.offset ?? 0));
      expect(at).to.be.greaterThan(0);
      const changed = Buffer.from(good);
      Buffer.from('政治', 'utf16le').copy(changed, at);
      const cases: [string, Buffer][] = [
        ['one character of a text', changed],
        ['the last bit of the data flipped', Buffer.concat([good.subarray(0, -1), Buffer.from([(good.at(-1) ?? 0) ^ 1])])],
        ['a byte appended', Buffer.concat([good, Buffer.from([0])])],
        ['no checksum in the header', withHeader(good, (header) => ({ ...header, checksum: undefined }))],
        ['the checksum of other data', withHeader(good, (header) => ({ ...header, checksum: dataChecksum([changed]) }))],
      ];
      expect(cases.map(([what, bytes]) => {
        writeFileSync(file(), bytes);
        return [what, loadIndex(file(), reports, fingerprint)];
      })).to.deep.equal(cases.map(([what]) => [what, { reason: 'saved index is damaged: checksum mismatch' }]));
      // The same change with its checksum recomputed loads: the digest is what caught it.
      writeFileSync(file(), rehashed(changed));
      expect(loadIndex(file(), reports, fingerprint)).to.have.property('index');
    });

    it('checks the format and the fingerprint before the checksum', () => {
      open();
      const broken = Buffer.concat([readFileSync(file()), Buffer.from([0])]);
      writeFileSync(file(), withHeader(broken, (header) => ({ ...header, format: 3 })));
      expect(loadIndex(file(), reports, fingerprintOf(corpusDir, reports))).to.deep.equal({ reason: `saved index has format 3, expected ${String(INDEX_FORMAT)}` });
      writeFileSync(file(), broken);
      expect(loadIndex(file(), reports, { ...fingerprintOf(corpusDir, reports), corpus: 'other' })).to.deep.equal({ reason: 'saved index was built from another corpus' });
    });

    it('rejects an index saved for other reports', () => {
      open();
      const fewer = reports.slice(0, 1);
      const outcome = loadIndex(file(), fewer, { ...fingerprintOf(corpusDir, reports) });
      expect(outcome).to.have.property('reason').that.matches(/^saved index is damaged: index holds \d+ paragraphs, corpus \d+$/u);
    });
  });

  describe('#removeStaleTemporaries', () => {
    /** The id of a process that has exited (and been reaped). */
    const gonePid = (): number => spawnSync(process.execPath, ['-e', '']).pid;

    it('removes the temporary files of exited saves beside the index, never those of running processes or other files', () => {
      const dir = join(root, 'temporaries');
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir);
      const gone = String(gonePid());
      const names = [
        INDEX_FILE,
        `${INDEX_FILE}.${gone}.tmp`,
        `search-index.json.${gone}.tmp`,
        `${INDEX_FILE}.${String(process.pid)}.tmp`,
        `${INDEX_FILE}.1.tmp`,
        `${INDEX_FILE}.tmp`,
        `${INDEX_FILE}.abc.tmp`,
        `other.bin.${gone}.tmp`,
        `notes.txt`,
      ];
      for (const name of names) writeFileSync(join(dir, name), 'x');
      expect(removeStaleTemporaries(join(dir, INDEX_FILE)).sort()).to.deep.equal([`${INDEX_FILE}.${gone}.tmp`, `search-index.json.${gone}.tmp`].sort());
      expect(readdirSync(dir).sort()).to.deep.equal(names.filter((name) => !name.includes(`.${gone}.tmp`) || name.startsWith('other')).sort());
      expect(removeStaleTemporaries(join(root, 'no-such-dir', INDEX_FILE))).to.deep.equal([]);
    });

    it('runs when an index is opened, whether it is then loaded or rebuilt', () => {
      open();
      const stale = (): string => join(indexDir, `${INDEX_FILE}.${String(gonePid())}.tmp`);
      writeFileSync(stale(), 'x');
      expect(open().source).to.equal('loaded');
      expect(readdirSync(indexDir)).to.deep.equal([INDEX_FILE]);
      writeFileSync(stale(), 'x');
      expect(openIndex({ reports, corpusDir, indexDir, rebuild: true }).source).to.equal('built');
      expect(readdirSync(indexDir)).to.deep.equal([INDEX_FILE]);
    });
  });
});
