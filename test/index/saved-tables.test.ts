/**
 * What a start reads back instead of reading the corpus again: the corpus's spellings table and
 * the normalised headings and heading paths, saved with the index (format 6). Each comes back
 * equal to what the corpus gives; a change to its bytes is caught (by the checksum, and by the
 * checks of what they must fit when the checksum is forged); a spellings table read by other
 * rules is not used.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { CORPUS_DIR, loadCorpus } from '../../src/ingest/index.js';
import type { Report } from '../../src/ingest/types.js';
import { Container, fingerprintOf, INDEX_FILE, loadIndex, openIndex, openSavedIndex, withHeader, type SearchIndex } from '../../src/index/index.js';
import { dataChecksum } from '../../src/index/container.js';
import { buildParagraphTable } from '../../src/index/paragraphs.js';
import { decodeSpellingTable, encodeSpellingTable, readSpellingTable, spellingRulesVersion, spellingTableOf } from '../../src/index/spelling-table.js';
import { IndexSearchService } from '../../src/search/index.js';
import { addCorpusTerms } from '../../src/text/index.js';

/** Reports with PM 2.5 written with a space, 专精特新“小巨人”, table rows (`｜`) and compatibility characters. */
const FILES = ['qu-01.txt', 'zhen-01.txt'];

describe('index/saved tables', () => {
  let root: string;
  let corpusDir: string;
  let indexDir: string;
  let reports: Report[];

  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'saved-tables-'));
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
  const dataStart = (bytes: Buffer): number => Math.ceil((8 + bytes.readUInt32LE(4)) / 8) * 8;
  /** `bytes` with the header's checksum recomputed, as a deliberate forgery would do. */
  const rehashed = (bytes: Buffer): Buffer => withHeader(bytes, (header) => ({ ...header, checksum: dataChecksum([bytes.subarray(dataStart(bytes))]) }));
  /** Where section `name` starts in the file `bytes`. */
  const sectionAt = (bytes: Buffer, name: string): { at: number; length: number } => {
    const entry = new Container(bytes).header.sections[name];
    if (entry === undefined) throw new Error(`no section ${name}`);
    return { at: dataStart(bytes) + entry.offset, length: entry.length };
  };
  const load = (): SearchIndex => {
    const outcome = loadIndex(file(), reports, fingerprintOf(corpusDir, reports));
    if (!('index' in outcome)) throw new Error(outcome.reason);
    return outcome.index;
  };
  const reason = (): string | undefined => {
    const outcome = loadIndex(file(), reports, fingerprintOf(corpusDir, reports));
    return 'reason' in outcome ? outcome.reason : undefined;
  };

  describe('#loadIndex', () => {
    it('reads back the spellings table, the heading norms and the paths the corpus gives, and searches with them as with the corpus', () => {
      rmSync(indexDir, { recursive: true, force: true });
      const built = openIndex({ reports, corpusDir, indexDir });
      expect(built.source).to.equal('built');
      const loaded = load();
      const fresh = buildParagraphTable(reports);
      expect(loaded.table.headingNorms).to.deep.equal(fresh.headingNorms);
      expect(loaded.table.paths).to.deep.equal(fresh.paths);
      const table = spellingTableOf(fresh);
      // The corpus does write runs between characters and compatibility characters.
      expect(table.runs.size).to.be.greaterThan(0);
      expect(loaded.spellings?.runs).to.deep.equal(table.runs);
      expect(loaded.spellings?.compat).to.deep.equal(table.compat);
      // The built index kept the table it saved.
      expect(built.index.spellings).to.deep.equal(table);
      const fromSaved = new IndexSearchService(loaded).prepare();
      const fromCorpus = new IndexSearchService({ ...loaded, spellings: undefined }).prepare();
      for (const q of ['"PM 2.5"', 'PM2.5', '"专精特新小巨人"', '高质量发展', 'III']) {
        expect({ ...fromSaved.search(q, { size: 50 }), tookMs: 0 }, q).to.deep.equal({ ...fromCorpus.search(q, { size: 50 }), tookMs: 0 });
      }
    });

    it('refuses saved headings, paths or spellings that do not fit, even with a forged checksum', () => {
      openIndex({ reports, corpusDir, indexDir });
      const good = readFileSync(file());
      expect(reason()).to.equal(undefined);
      /** `good` with the first character of section `name` (its first code unit not a separator) set to `unit`, checksum recomputed. */
      const withUnit = (name: string, unit: number): Buffer => {
        const changed = Buffer.from(good);
        let { at } = sectionAt(good, name);
        while (good.readUInt16LE(at) === 0) at += 2;
        changed.writeUInt16LE(unit, at);
        return rehashed(changed);
      };
      // A separator in place of a character: the first text is cut short (and one text more follows).
      writeFileSync(file(), withUnit('headings.norms', 0));
      expect(reason()).to.equal('saved index is damaged: index: saved heading 0 does not fit its text');
      writeFileSync(file(), withUnit('paths', 0));
      expect(reason()).to.match(/^saved index is damaged: index: saved path \d+ does not fit its text$/u);
      writeFileSync(file(), withUnit('spellings', 'x'.charCodeAt(0)));
      expect(reason()).to.match(/^saved index is damaged: /u);
      // Without the forged checksum, the checksum catches it first.
      const changed = Buffer.from(good);
      changed.writeUInt16LE('x'.charCodeAt(0), sectionAt(good, 'spellings').at + 2);
      writeFileSync(file(), changed);
      expect(reason()).to.equal('saved index is damaged: checksum mismatch');
      writeFileSync(file(), good);
    });

    it('does not use a spellings table read by other rules: the corpus is read for it instead', () => {
      openIndex({ reports, corpusDir, indexDir });
      const good = readFileSync(file());
      const { at, length } = sectionAt(good, 'spellings');
      const json = good.toString('utf16le', at, at + length);
      const rules = spellingRulesVersion();
      expect(json).to.include(`"rules":"${rules}"`);
      const other = rules.replace(/^./u, (c) => (c === '0' ? '1' : '0'));
      const stale = Buffer.from(good);
      Buffer.from(json.replace(rules, other), 'utf16le').copy(stale, at);
      writeFileSync(file(), rehashed(stale));
      const loaded = load();
      expect(loaded.spellings).to.equal(undefined);
      const service = new IndexSearchService(loaded).prepare();
      expect(service.search('"PM 2.5"').total).to.equal(new IndexSearchService(openIndex({ reports, corpusDir, indexDir, rebuild: true }).index).search('"PM 2.5"').total).and.to.be.greaterThan(0);
    });
  });

  describe('#openSavedIndex', () => {
    it('reads the saved reports and tables while it checks the corpus; a corpus folder it cannot read is an error, not a damaged index', async () => {
      openIndex({ reports, corpusDir, indexDir });
      const opened = await openSavedIndex({ corpusDir, indexDir });
      if ('reason' in opened) throw new Error(opened.reason);
      expect(opened.reports.map((report) => report.meta.id)).to.deep.equal(reports.map((report) => report.meta.id));
      expect(opened.index.spellings?.runs).to.deep.equal(spellingTableOf(opened.index.table).runs);
      let failure: unknown;
      await openSavedIndex({ corpusDir: join(root, 'missing'), indexDir }).catch((error: unknown) => {
        failure = error;
      });
      expect((failure as NodeJS.ErrnoException | undefined)?.code).to.equal('ENOENT');
      // The file was closed after its reads: it opens again.
      expect(await openSavedIndex({ corpusDir, indexDir })).to.have.property('index');
    });
  });

  describe('#decodeSpellingTable', () => {
    it('gives back the table it was given, and refuses what is not a table', () => {
      const table = readSpellingTable(['pm 2.5年均', 'pm2.5', '专精特新“小巨人”', 'ⅲ期', '㎡']);
      expect([...table.runs.keys()]).to.include.members(['m\u00002', '新\u0000小']);
      expect(table.compat.get('iii')).to.deep.equal(['ⅲ']);
      expect(decodeSpellingTable(encodeSpellingTable(table))).to.deep.equal(table);
      for (const bad of ['null', '[]', '{"rules":"x","runs":[["a",[1]]],"compat":[]}', '{"runs":[],"compat":[]}']) expect(() => decodeSpellingTable(bad), bad).to.throw('saved spellings are malformed');
      expect(decodeSpellingTable(JSON.stringify({ rules: 'other', runs: [], compat: [] }))).to.equal(undefined);
    });
  });
});
