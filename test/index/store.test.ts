import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { CORPUS_DIR, loadCorpus } from '../../src/ingest/index.js';
import type { Report } from '../../src/ingest/types.js';
import { fingerprintOf, INDEX_FILE, INDEX_FORMAT, loadIndex, openIndex } from '../../src/index/index.js';
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
      const saved = JSON.parse(readFileSync(file(), 'utf8')) as Record<string, unknown>;
      writeFileSync(file(), JSON.stringify({ ...saved, format: INDEX_FORMAT + 1 }));
      const reopened = open();
      expect([reopened.source, reopened.reason]).to.deep.equal(['built', `saved index has format ${String(INDEX_FORMAT + 1)}, expected ${String(INDEX_FORMAT)}`]);
      expect(open().source).to.equal('loaded');
    });

    it('rebuilds when the corpus files or the analyser changed', () => {
      open();
      const saved = JSON.parse(readFileSync(file(), 'utf8')) as { fingerprint: Record<string, string> };
      for (const [key, word] of [
        ['corpus', 'corpus'],
        ['analyzer', 'analyser'],
        ['paragraphs', 'paragraphs'],
      ] as const) {
        writeFileSync(file(), JSON.stringify({ ...saved, fingerprint: { ...saved.fingerprint, [key]: 'other' } }));
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
      const good = readFileSync(file(), 'utf8');
      const damaged: [string, string][] = [
        [good.slice(0, Math.floor(good.length / 2)), 'saved index is damaged: '],
        ['', 'saved index is damaged: '],
        ['{"format":', 'saved index is damaged: '],
        ['[1,2,3]', 'saved index is damaged: index is not an object'],
        [good.replace(/"ids":"[^"]*"/u, '"ids":"AAAAAA=="'), 'saved index is damaged: unigrams offsets do not match its postings'],
        [good.replace(/"norms":\[/u, '"norms":[1,'), 'saved index is damaged: norms is not a list of strings'],
      ];
      for (const [text, reason] of damaged) {
        writeFileSync(file(), text);
        const reopened = open();
        expect(reopened.source).to.equal('built');
        expect(reopened.reason).to.satisfy((r: string) => r.startsWith(reason), `${reopened.reason ?? ''} for ${text.slice(0, 20)}`);
        expect(open().source, 'the rebuilt file is good').to.equal('loaded');
      }
    });
  });

  describe('#loadIndex', () => {
    it('rejects an index saved for other reports', () => {
      open();
      const fewer = reports.slice(0, 1);
      const outcome = loadIndex(file(), fewer, { ...fingerprintOf(corpusDir, reports) });
      expect(outcome).to.have.property('reason').that.matches(/^saved index is damaged: index holds \d+ paragraphs, corpus \d+$/u);
    });
  });
});
