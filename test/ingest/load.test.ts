import { expect } from 'chai';
import fc from 'fast-check';
import { CorpusError } from '../../src/ingest/errors.js';
import { parseReport } from '../../src/ingest/parse.js';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatFrontMatter } from '../../src/ingest/frontmatter.js';
import { decodeCorpusFile } from '../../src/ingest/decode.js';
import { loadCorpus, loadCorpusSync } from '../../src/ingest/load.js';
import type { ReportMeta } from '../../src/ingest/types.js';

function meta(id: string): ReportMeta {
  return { id, title: `报告${id}`, region: 'XX县·01', level: '县', year: 2024, kind: '全文', source: 'test' };
}

describe('load', () => {
  let dir = '';

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ingest-load-'));
    writeFileSync(join(dir, 'b.txt'), `${formatFrontMatter(meta('b'))}各位代表：\n\n一、2023年工作回顾\n\n全年增长5%。\n`);
    writeFileSync(join(dir, 'a.md'), `${formatFrontMatter(meta('a'))}一图读“懂”\n`);
    writeFileSync(join(dir, 'c.txt'), formatFrontMatter(meta('c')).replace('level: 县', 'level: 州') + '正文。\n');
    writeFileSync(join(dir, 'd.txt'), `${formatFrontMatter(meta('d'))}\n\n`);
    writeFileSync(join(dir, 'e.txt'), Buffer.from([0x2d, 0x2d, 0x2d, 0x0a, 0x00, 0xff]));
    writeFileSync(join(dir, 'f.txt'), `${formatFrontMatter(meta('b'))}重复的编号。\n`);
    writeFileSync(join(dir, 'g.txt'), Buffer.concat([Buffer.from(formatFrontMatter(meta('g'))), Buffer.from([0xe4, 0xb8])]));
    writeFileSync(join(dir, 'notes.json'), '{}');
    mkdirSync(join(dir, 'h.txt'));
    writeFileSync(join(dir, '.hidden.txt'), 'x');
    mkdirSync(join(dir, 'old'));
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  const expectedProblems = [
    { file: 'c.txt', reason: 'ingest: c.txt: front matter "level" must be one of 省/市/区/县/镇, got "州"' },
    { file: 'd.txt', reason: 'ingest: d.txt: empty: no text after the front matter' },
    { file: 'e.txt', reason: 'ingest: e.txt: binary content (NUL bytes), expected UTF-8 text' },
    { file: 'f.txt', reason: 'ingest: f.txt: front matter "id" "b" is already used by b.txt' },
    { file: 'g.txt', reason: 'ingest: g.txt: not valid UTF-8 text, nor Chinese text in GB18030 (GBK); save it as UTF-8' },
    { file: 'h.txt', reason: 'ingest: h.txt: is a directory, not a file; left unopened' },
    { file: 'notes.json', reason: 'ingest: notes.json: not a .txt or .md file; convert it to UTF-8 text' },
  ];

  describe('#loadCorpus', () => {
    it('loads .txt and .md files in file-name order and reports each bad file without throwing', async () => {
      const { reports, problems, warnings } = await loadCorpus(dir);
      expect(reports.map((r) => [r.file, r.meta.id, r.paragraphs.length])).to.deep.equal([
        ['a.md', 'a', 1],
        ['b.txt', 'b', 2],
      ]);
      expect(problems).to.deep.equal(expectedProblems);
      expect(warnings).to.deep.equal([]);
    });

    it('rejects a directory that does not exist', async () => {
      let caught: unknown;
      try {
        await loadCorpus(join(dir, 'missing'));
      } catch (error) {
        caught = error;
      }
      expect(caught).to.be.instanceOf(Error);
      expect((caught as NodeJS.ErrnoException).code).to.equal('ENOENT');
    });
  });

  describe('#decodeCorpusFile', () => {
    it('turns any bytes into a report or a CorpusError, never another exception', () => {
      const header = Buffer.from(formatFrontMatter(meta('x')));
      fc.assert(
        fc.property(fc.boolean(), fc.uint8Array({ maxLength: 200 }), (withHeader, tail) => {
          const bytes = withHeader ? Buffer.concat([header, tail]) : Buffer.from(tail);
          try {
            parseReport('x.txt', decodeCorpusFile('x.txt', bytes).text);
          } catch (error) {
            expect(error).to.be.instanceOf(CorpusError);
            expect((error as CorpusError).message).to.match(/^ingest: x\.txt: /);
          }
        }),
        { numRuns: 300 },
      );
    });
  });

  describe('#loadCorpusSync', () => {
    it('gives the same reports and problems as loadCorpus', async () => {
      const sync = loadCorpusSync(dir);
      const async = await loadCorpus(dir);
      expect(sync).to.deep.equal(async);
      expect(sync.problems).to.deep.equal(expectedProblems);
    });
  });
});
