/**
 * A saved index that is truncated anywhere, of an older format, or built from another corpus is
 * rebuilt and never served; a build killed while saving leaves the previous index (or none),
 * never half of one.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import fc from 'fast-check';
import { CORPUS_DIR, loadCorpus } from '../../src/ingest/index.js';
import { fingerprintOf, INDEX_FILE, loadIndex } from '../../src/index/index.js';
import { openSearch } from '../../src/search/index.js';
import type { SearchCore } from '../../src/search/types.js';
import { corpusService } from '../web/helpers.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CRASH_BUILD = fileURLToPath(new URL('./fixtures/crash-build.ts', import.meta.url));

const CORPUS_A = ['zhenjiang-2024-summary.txt', 'zhenjiang-2024-graphic.txt'];
const CORPUS_B = ['qu-01.txt', 'xian-02.txt'];
const QUERIES = ['经济', '发展', '"高质量发展"', '发展 -经济', '增长 OR 创新', 'heading:工作', '6.2%'];

/** What a service answers to the probe queries: totals and ranked hits with scores. */
function answers(service: SearchCore): string[] {
  return QUERIES.map((q) => {
    const result = service.search(q, { size: 50 });
    return `${q}: ${String(result.total)} ${result.hits.map((h) => `${h.docId}#${h.anchor}:${h.score.toFixed(6)}`).join(' ')}`;
  });
}

function makeCorpus(root: string, name: string, files: readonly string[]): string {
  const dir = join(root, name);
  mkdirSync(dir);
  for (const file of files) copyFileSync(join(CORPUS_DIR, file), join(dir, file));
  return dir;
}

/** Runs the crash fixture; resolves with the signal that ended it. */
function crashBuild(corpusDir: string, indexDir: string, when: 'write' | 'rename'): Promise<NodeJS.Signals | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CRASH_BUILD, corpusDir, indexDir, when], { cwd: ROOT, stdio: 'ignore' });
    child.on('error', reject);
    child.on('exit', (_code, signal) => {
      resolve(signal);
    });
  });
}

describe('hardening: saved index', () => {
  let root: string;
  let corpusA: string;
  let corpusB: string;
  let expectedA: string[];
  let expectedB: string[];

  before(async function () {
    this.timeout(120_000);
    // The bundled corpus first, so that its analyser is settled before these corpora are read.
    await corpusService();
    root = mkdtempSync(join(tmpdir(), 'hardening-index-'));
    corpusA = makeCorpus(root, 'a', CORPUS_A);
    corpusB = makeCorpus(root, 'b', CORPUS_B);
    expectedA = answers((await openSearch({ corpusDir: corpusA, indexDir: join(root, 'fresh-a') })).service);
    expectedB = answers((await openSearch({ corpusDir: corpusB, indexDir: join(root, 'fresh-b') })).service);
    expect(expectedA).to.not.deep.equal(expectedB);
  });

  after(() => {
    rmSync(root, { recursive: true, force: true });
  });

  describe('another corpus', () => {
    it('rebuilds each time two corpora take turns with one index directory, and answers from the corpus it was opened on', async () => {
      const indexDir = join(root, 'shared');
      const turns: Array<[string, string[]]> = [
        [corpusA, expectedA],
        [corpusB, expectedB],
        [corpusA, expectedA],
      ];
      const seen: Array<[string, string | undefined]> = [];
      for (const [corpusDir, expected] of turns) {
        const opened = await openSearch({ corpusDir, indexDir });
        seen.push([opened.index.source, opened.index.reason]);
        expect(answers(opened.service)).to.deep.equal(expected);
      }
      expect(seen).to.deep.equal([
        ['built', `no saved index at ${join(indexDir, INDEX_FILE)}`],
        ['built', 'saved index was built from another corpus'],
        ['built', 'saved index was built from another corpus'],
      ]);
      const again = await openSearch({ corpusDir: corpusA, indexDir });
      expect(again.index.source).to.equal('loaded');
      expect(answers(again.service)).to.deep.equal(expectedA);
    });
  });

  describe('truncated or older files', () => {
    it('never loads a file cut short at any length, and answers like a fresh build after rebuilding', async () => {
      const indexDir = join(root, 'truncated');
      await openSearch({ corpusDir: corpusA, indexDir });
      const file = join(indexDir, INDEX_FILE);
      const good = readFileSync(file);
      const { reports } = await loadCorpus(corpusA);
      const fingerprint = fingerprintOf(corpusA, reports);
      // Every cut: inside the magic, the header, the padding and each section.
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: 0, max: good.byteLength - 1 }), async (cut) => {
          writeFileSync(file, good.subarray(0, cut));
          expect(loadIndex(file, reports, fingerprint), `cut at ${String(cut)}`).to.not.have.property('index');
          const opened = await openSearch({ corpusDir: corpusA, indexDir });
          expect([opened.index.source, opened.index.reason?.startsWith('saved index is damaged: ')], `cut at ${String(cut)}`).to.deep.equal(['built', true]);
          expect(answers(opened.service)).to.deep.equal(expectedA);
        }),
        { numRuns: 40, examples: [[0], [3], [8], [good.byteLength - 1]] },
      );
    });

    it('rebuilds over an index saved in the earlier JSON format', async () => {
      const indexDir = join(root, 'older');
      mkdirSync(indexDir);
      const { reports } = await loadCorpus(corpusA);
      // Format 2 was one JSON document with base64 tables; its fingerprint matched this corpus.
      writeFileSync(join(indexDir, INDEX_FILE), JSON.stringify({ format: 2, fingerprint: fingerprintOf(corpusA, reports), count: 3, norms: ['a', 'b', 'c'], ngrams: {}, ranked: {}, vocabulary: {} }));
      const opened = await openSearch({ corpusDir: corpusA, indexDir });
      expect([opened.index.source, opened.index.reason]).to.deep.equal(['built', 'saved index is damaged: not an index file']);
      expect(answers(opened.service)).to.deep.equal(expectedA);
    });

    // A character changed inside a section (disk damage, a hand edit) keeps every length and
    // bound the loader checks; only the checksum of the section data in the header catches it.
    it('never serves a file whose normalised texts were changed in place', async () => {
      const indexDir = join(root, 'changed');
      await openSearch({ corpusDir: corpusA, indexDir });
      const file = join(indexDir, INDEX_FILE);
      const good = readFileSync(file);
      // Texts are saved in UTF-16LE.
      const from = Buffer.from('经济', 'utf16le');
      const changed = Buffer.from(good);
      let at = changed.indexOf(from, 8 + good.readUInt32LE(4));
      while (at >= 0) {
        Buffer.from('政治', 'utf16le').copy(changed, at);
        at = changed.indexOf(from, at + from.length);
      }
      expect(changed.equals(good)).to.equal(false);
      writeFileSync(file, changed);
      const opened = await openSearch({ corpusDir: corpusA, indexDir });
      expect([opened.index.source, opened.index.reason]).to.deep.equal(['built', 'saved index is damaged: checksum mismatch']);
      expect(answers(opened.service)).to.deep.equal(expectedA);
    });
  });

  describe('a build killed while saving', () => {
    it('leaves the previous index whole when killed mid-write or before the rename; the next start rebuilds', async function () {
      this.timeout(120_000);
      const dirs = { write: join(root, 'crash-write'), rename: join(root, 'crash-rename') };
      // Each directory holds a good index of corpus B; the killed build is of corpus A.
      for (const dir of Object.values(dirs)) await openSearch({ corpusDir: corpusB, indexDir: dir });
      const before = readFileSync(join(dirs.write, INDEX_FILE));
      const signals = await Promise.all([crashBuild(corpusA, dirs.write, 'write'), crashBuild(corpusA, dirs.rename, 'rename')]);
      expect(signals).to.deep.equal(['SIGKILL', 'SIGKILL']);
      const reportsB = (await loadCorpus(corpusB)).reports;
      for (const [when, dir] of Object.entries(dirs)) {
        // The crash happened with a temporary file on disk, beside the untouched saved index.
        expect(readdirSync(dir).filter((name) => name.endsWith('.tmp')), when).to.have.length(1);
        expect(readFileSync(join(dir, INDEX_FILE)).equals(before), when).to.equal(true);
        expect(loadIndex(join(dir, INDEX_FILE), reportsB, fingerprintOf(corpusB, reportsB)), when).to.have.property('index');
        const opened = await openSearch({ corpusDir: corpusA, indexDir: dir });
        expect([opened.index.source, opened.index.reason], when).to.deep.equal(['built', 'saved index was built from another corpus']);
        expect(answers(opened.service), when).to.deep.equal(expectedA);
      }
    });

    // Each killed save leaves `search-index.bin.<pid>.tmp`, as large as the index; the next open
    // removes those whose process is gone.
    it('clears the temporary file a killed save left behind on the next build', async function () {
      this.timeout(60_000);
      const dir = join(root, 'leftover');
      expect(await crashBuild(corpusA, dir, 'write')).to.equal('SIGKILL');
      expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).to.have.length(1);
      await openSearch({ corpusDir: corpusA, indexDir: dir, rebuild: true });
      expect(readdirSync(dir)).to.deep.equal([INDEX_FILE]);
    });
  });
});
