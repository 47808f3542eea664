/**
 * Finding 4 of the reliability review, reproduced: one unreadable entry in `corpus/` stopped
 * start-up (a directory named `x.txt`, a dangling link, a file without read permission: exit 1,
 * because the fingerprint read every file again without the loader's care), and a FIFO named
 * `fifo.txt` hung start-up forever. Each is now reported and skipped; a FIFO or device is never
 * opened.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { readEntrySync } from '../../src/ingest/entries.js';
import { formatFrontMatter } from '../../src/ingest/frontmatter.js';
import { loadCorpus, loadCorpusSync } from '../../src/ingest/load.js';
import { hashCorpusFiles } from '../../src/index/fingerprint.js';
import { openSearch } from '../../src/search/index.js';

const BODY = '各位代表：\n\n一、工作回顾\n\n全面推进乡村振兴，城乡融合发展。\n';
const GOOD = formatFrontMatter({ id: 'ok-01', title: '2024年XX县政府工作报告', region: 'XX县', level: '县', year: 2024, kind: '全文', source: 'test' }) + BODY;

/** Root reads any file: a permission test would prove nothing. */
const canLoseReadPermission = process.getuid?.() !== 0;
const hasMkfifo = (() => {
  try {
    execFileSync('mkfifo', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/** A corpus with one good report and every kind of unreadable entry this system can make. */
function hostileCorpus(dir: string): string[] {
  writeFileSync(join(dir, 'ok-01.txt'), GOOD);
  mkdirSync(join(dir, 'dir.txt'));
  symlinkSync(join(dir, 'nowhere.txt'), join(dir, 'dangling.txt'));
  // Reading /dev/zero never ends; /dev/null is a device too.
  symlinkSync('/dev/zero', join(dir, 'zero.txt'));
  const expected = ['dangling.txt', 'dir.txt', 'zero.txt'];
  if (hasMkfifo) {
    execFileSync('mkfifo', [join(dir, 'fifo.txt')]);
    expected.push('fifo.txt');
  }
  if (canLoseReadPermission) {
    writeFileSync(join(dir, 'secret.txt'), GOOD.replace('ok-01', 'secret'));
    chmodSync(join(dir, 'secret.txt'), 0o000);
    expected.push('secret.txt');
  }
  return expected.sort();
}

const REASONS: Record<string, string> = {
  'dangling.txt': 'ingest: dangling.txt: is a link to a missing file (ENOENT)',
  'dir.txt': 'ingest: dir.txt: is a directory, not a file; left unopened',
  'fifo.txt': 'ingest: fifo.txt: is a FIFO (named pipe), not a file; left unopened',
  'secret.txt': 'ingest: secret.txt: cannot be read (EACCES)',
  'zero.txt': 'ingest: zero.txt: is a character device, not a file; left unopened',
};

describe('hardening: unreadable corpus entries', function () {
  this.timeout(30_000);
  let dir = '';
  let bad: string[] = [];

  before(function () {
    if (!hasMkfifo) console.log('    (mkfifo is missing: the FIFO case is skipped)');
    if (!canLoseReadPermission) console.log('    (running as root: the permission case is skipped)');
    dir = mkdtempSync(join(tmpdir(), 'unreadable-'));
    bad = hostileCorpus(dir);
  });

  after(() => {
    if (existsSync(join(dir, 'secret.txt'))) chmodSync(join(dir, 'secret.txt'), 0o600);
    rmSync(dir, { recursive: true, force: true });
  });

  describe('#loadCorpus', () => {
    it('reports each by name and reason and loads the rest', async () => {
      const loaded = await loadCorpus(dir);
      expect(loaded.reports.map((r) => r.meta.id)).to.deep.equal(['ok-01']);
      expect(loaded.problems).to.deep.equal(bad.map((file) => ({ file, reason: REASONS[file] })));
    });

    it('does the same without blocking (loadCorpusSync)', () => {
      const loaded = loadCorpusSync(dir);
      expect(loaded.problems).to.deep.equal(bad.map((file) => ({ file, reason: REASONS[file] })));
    });
  });

  describe('#hashCorpusFiles', () => {
    it('fingerprints the corpus without opening them, and changes when one is fixed (was: exit 1 or a hang)', () => {
      const before = hashCorpusFiles(dir);
      expect(hashCorpusFiles(dir)).to.equal(before);
      rmSync(join(dir, 'dir.txt'), { recursive: true });
      writeFileSync(join(dir, 'dir.txt'), 'x');
      expect(hashCorpusFiles(dir)).not.to.equal(before);
      rmSync(join(dir, 'dir.txt'));
      mkdirSync(join(dir, 'dir.txt'));
    });
  });

  describe('#openSearch', () => {
    it('opens the search (what the server does at start-up) with the good report, listing the others', async () => {
      const opened = await openSearch({ corpusDir: dir, indexDir: join(dir, '.index') });
      expect(opened.service.documents().map((d) => d.id)).to.deep.equal(['ok-01']);
      expect(opened.problems.map((p) => p.file)).to.deep.equal(bad);
      expect(opened.service.search('乡村振兴').total).to.equal(1);
    });
  });

  describe('#readEntrySync', () => {
    it('never opens a device, even one reached through a link', () => {
      expect(readEntrySync('/dev', 'null')).to.deep.equal({ name: 'null', error: 'ingest: null: is a character device, not a file; left unopened' });
    });
  });
});
