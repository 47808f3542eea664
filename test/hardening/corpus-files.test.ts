/**
 * Files a user can drop into `corpus/`: empty, blank, binary, GBK, UTF-16, with a byte-order
 * mark or Windows line ends, broken front matter, a duplicate or over-long id. Each bad one is
 * reported by name and reason, the others are indexed and found; the build command says which
 * files it skipped and fails only where a user would want it to stop.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { formatFrontMatter } from '../../src/ingest/frontmatter.js';
import { loadCorpus } from '../../src/ingest/load.js';
import type { ReportMeta } from '../../src/ingest/types.js';
import { CoreSearchService, openSearch, type OpenedSearch } from '../../src/search/index.js';
import { createApp } from '../../src/web/app.js';
import { CITED_ON, corpusService, memoryLogger } from '../web/helpers.js';
import { live, percentBytes } from './helpers.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function meta(id: string): ReportMeta {
  return { id, title: `2024年${id}政府工作报告`, region: `${id}县`, level: '县', year: 2024, kind: '全文', source: 'test' };
}

const BODY = '各位代表：\n\n一、工作回顾\n\n全面推进乡村振兴，城乡融合发展。\n';

/** `各位代表：\n\n全面推进乡村振兴，城乡融合发展。\n` encoded as GBK (as `iconv -t GBK` writes it). */
const GBK_BODY = Buffer.from('b8f7cebbb4fab1eda3ba0a0ac8abc3e6cdc6bdf8cfe7b4e5d5f1d0cba3acb3c7cfe7c8dabacfb7a2d5b9a1a30a', 'hex');

const LONG_ID = `x${'-a1'.repeat(30)}`;

/** The corpus: three good reports written the ways editors save files, and every kind of bad one. */
function writeCorpus(dir: string): void {
  const file = (name: string, content: string | Buffer) => {
    writeFileSync(join(dir, name), content);
  };
  file('ok-01.txt', formatFrontMatter(meta('ok-01')) + BODY);
  file('bom-01.txt', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(formatFrontMatter(meta('bom-01')) + BODY)]));
  file('crlf-01.txt', (formatFrontMatter(meta('crlf-01')) + BODY).replace(/\n/g, '\r\n'));
  file('long-id.txt', formatFrontMatter(meta(LONG_ID)) + BODY);
  file('empty.txt', '');
  file('blank.txt', ' \n\n\t\n');
  file('bin.txt', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]));
  file('gbk-01.txt', Buffer.concat([Buffer.from(formatFrontMatter(meta('gbk-01'))), GBK_BODY]));
  file('u16-01.txt', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(formatFrontMatter(meta('u16-01')) + BODY, 'utf16le')]));
  file('unclosed.txt', formatFrontMatter(meta('unclosed')).replace(/---\n$/, '') + BODY);
  file('no-colon.txt', formatFrontMatter(meta('no-colon')).replace('kind: 全文', 'kind 全文') + BODY);
  file('bad-year.txt', formatFrontMatter(meta('bad-year')).replace('year: 2024', 'year: 二〇二四') + BODY);
  file('unknown-field.txt', formatFrontMatter(meta('unknown-field')).replace('source: test', 'source: test\nauthor: x') + BODY);
  file('zz-dup.txt', formatFrontMatter(meta('ok-01')) + '重复的编号。\n');
  file('report.docx', Buffer.from('PK\u0003\u0004'));
  file('.hidden.txt', 'x');
  mkdirSync(join(dir, 'drafts'));
}

const PROBLEMS = [
  { file: 'bad-year.txt', reason: 'ingest: bad-year.txt: front matter "year" must be a four-digit year from 1949 to 2100, got "二〇二四"' },
  { file: 'bin.txt', reason: 'ingest: bin.txt: binary content (NUL bytes), expected UTF-8 text' },
  { file: 'blank.txt', reason: 'ingest: blank.txt: empty file' },
  { file: 'empty.txt', reason: 'ingest: empty.txt: empty file' },
  { file: 'long-id.txt', reason: `ingest: long-id.txt: front matter "id" must be at most 64 characters, got 91: "${LONG_ID}"` },
  { file: 'no-colon.txt', reason: 'ingest: no-colon.txt: front matter line 7 is not "key: value", got "kind 全文"' },
  { file: 'report.docx', reason: 'ingest: report.docx: not a .txt or .md file; convert it to UTF-8 text' },
  { file: 'u16-01.txt', reason: 'ingest: u16-01.txt: UTF-16 text; save it as UTF-8' },
  { file: 'unclosed.txt', reason: 'ingest: unclosed.txt: front matter not closed: no second "---" line' },
  { file: 'unknown-field.txt', reason: 'ingest: unknown-field.txt: front matter has unknown field "author" (expected id, title, region, level, year, kind, source, meeting, date, speaker, original, ocr)' },
  { file: 'zz-dup.txt', reason: 'ingest: zz-dup.txt: front matter "id" "ok-01" is already used by ok-01.txt' },
];

/** Runs a command of `src/cli/` (build-index by default) on a corpus; resolves with its exit code and output. */
function buildIndex(corpusDir: string, indexDir: string, script = 'build-index'): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', `src/cli/${script}.ts`], { cwd: ROOT, env: { ...process.env, CORPUS_DIR: corpusDir, INDEX_DIR: indexDir, PORT: '0', HOST: '127.0.0.1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      resolve({ code, stdout, stderr });
    });
  });
}

describe('hardening: corpus files', () => {
  let root: string;
  let corpusDir: string;
  let opened: OpenedSearch;

  before(async function () {
    this.timeout(120_000);
    // The bundled corpus first, so that its analyser is settled before this corpus is read.
    await corpusService();
    root = mkdtempSync(join(tmpdir(), 'hardening-files-'));
    corpusDir = join(root, 'corpus');
    mkdirSync(corpusDir);
    writeCorpus(corpusDir);
    opened = await openSearch({ corpusDir, indexDir: join(root, 'index') });
  });

  after(() => {
    rmSync(root, { recursive: true, force: true });
  });

  describe('loading', () => {
    it('reports each bad file by name and reason, in name order, and indexes the others', () => {
      expect(opened.problems).to.deep.equal(PROBLEMS);
      expect(opened.service.documents().map((d) => d.id)).to.deep.equal(['bom-01', 'crlf-01', 'gbk-01', 'ok-01']);
      expect(opened.service.search('乡村振兴').hits.map((h) => h.docId)).to.have.members(['bom-01', 'crlf-01', 'gbk-01', 'ok-01']);
    });

    it('reads a file with a byte-order mark or Windows line ends exactly like a plain one', async () => {
      const { reports } = await loadCorpus(corpusDir);
      const [bom, crlf, , ok] = reports;
      const shape = (r: typeof ok) => r?.paragraphs.map((p) => [p.sectionPath, p.text]);
      expect(shape(bom)).to.deep.equal(shape(ok)).and.to.have.length(2);
      expect(shape(crlf)).to.deep.equal(shape(ok));
    });

    it('has a GBK fixture that really is GBK Chinese, and not UTF-8', () => {
      expect(new TextDecoder('gbk').decode(GBK_BODY)).to.equal('各位代表：\n\n全面推进乡村振兴，城乡融合发展。\n');
      expect(() => new TextDecoder('utf-8', { fatal: true }).decode(GBK_BODY)).to.throw(TypeError);
    });

    it('reads a GBK file as GB18030 and says so', async () => {
      const { reports, warnings } = await loadCorpus(corpusDir);
      expect(reports.find((r) => r.meta.id === 'gbk-01')?.paragraphs.map((p) => p.text)).to.deep.equal(['各位代表：', '全面推进乡村振兴，城乡融合发展。']);
      expect(warnings).to.deep.equal([{ file: 'gbk-01.txt', message: 'ingest: gbk-01.txt: read as GB18030 (GBK) text, not UTF-8; save it as UTF-8 to be sure' }]);
    });

    // An empty file was reported as "front matter missing", a UTF-16 file (Notepad's "Unicode")
    // as "binary content (NUL bytes)".
    it('names the real reason for an empty file and a UTF-16 file', () => {
      const reason = (file: string) => opened.problems.find((p) => p.file === file)?.reason ?? '';
      expect(reason('empty.txt')).to.equal('ingest: empty.txt: empty file');
      expect(reason('u16-01.txt')).to.equal('ingest: u16-01.txt: UTF-16 text; save it as UTF-8');
    });

    // Ingest and the web layer share one id pattern (DOC_ID_PATTERN, 1 to 64 characters), so a
    // report is either refused by name or reachable by its id: reader page, API, doc filters.
    it('reaches every report it lists, and refuses an id longer than 64 characters by name', async () => {
      const app = await live(createApp({ service: new CoreSearchService(opened.service), logger: memoryLogger(), now: () => CITED_ON }));
      try {
        const ids = opened.service.documents().map((d) => d.id);
        expect(ids).to.have.length(4);
        for (const id of ids) {
          expect((await app.get(`/doc/${id}`)).status, id).to.equal(200);
          expect((await app.get(`/api/docs/${id}`)).status, id).to.equal(200);
          expect((await app.get(`/api/search?q=%E4%B9%A1&doc=${id}`)).status, id).to.equal(200);
          expect((await app.get(`/api/search?q=${percentBytes(`乡 doc:${id}`)}`)).status, id).to.equal(200);
        }
        expect((await app.get(`/doc/${LONG_ID}`)).status).to.equal(404);
        expect((await app.get(`/api/search?q=%E4%B9%A1&doc=${LONG_ID}`)).status).to.equal(400);
        const tooLong = await app.get(`/api/search?q=${percentBytes(`乡 doc:${LONG_ID}`)}`);
        expect(tooLong.status).to.equal(400);
        expect(tooLong.body).to.include('文档编号“x-a1-a1-a1-a1-a1-a1-…”过长（91 个字符），最多 64 个字符');
      } finally {
        await app.close();
      }
    });

    // A Word file dropped into corpus/ was silently ignored. Hidden files and subdirectories still are.
    it('tells the user about a file it does not read', () => {
      expect(opened.problems.filter((p) => !p.file.endsWith('.txt'))).to.deep.equal([
        { file: 'report.docx', reason: 'ingest: report.docx: not a .txt or .md file; convert it to UTF-8 text' },
      ]);
    });
  });

  describe('build-index', () => {
    it('lists the skipped files and the warnings on stderr and succeeds when some reports load; fails on a missing corpus directory', async function () {
      this.timeout(120_000);
      const [mixed, missing] = await Promise.all([buildIndex(corpusDir, join(root, 'cli-index')), buildIndex(join(root, 'nowhere'), join(root, 'cli-index-2'))]);
      expect(mixed.code, mixed.stderr).to.equal(0);
      expect(mixed.stderr.split('\n').filter((line) => line.startsWith('跳过'))).to.deep.equal(PROBLEMS.map((p) => `跳过 ${p.file}：${p.reason}`));
      expect(mixed.stderr.split('\n').filter((line) => line.startsWith('注意'))).to.deep.equal([
        '注意 gbk-01.txt：ingest: gbk-01.txt: read as GB18030 (GBK) text, not UTF-8; save it as UTF-8 to be sure',
      ]);
      expect(mixed.stdout).to.match(/4 份文件，8 段/);
      expect(missing.code).to.equal(1);
      expect(missing.stderr).to.match(/^build-index: ENOENT: no such file or directory, scandir '.*nowhere'\n$/m);
    });

    // With no report loadable the build wrote an empty index and exited 0, and `npm start` then
    // served an empty site: both now stop, after naming each file.
    it('fails when no report at all can be read, and the server refuses to start', async function () {
      this.timeout(60_000);
      const bad = join(root, 'all-bad');
      mkdirSync(bad, { recursive: true });
      writeFileSync(join(bad, 'empty.txt'), '');
      writeFileSync(join(bad, 'bin.txt'), Buffer.from([0, 1, 2]));
      const [build, serve] = await Promise.all([buildIndex(bad, join(root, 'cli-index-3')), buildIndex(bad, join(root, 'cli-index-4'), 'serve')]);
      expect([build.code, build.stderr]).to.deep.equal([
        1,
        [
          '跳过 bin.txt：ingest: bin.txt: binary content (NUL bytes), expected UTF-8 text',
          '跳过 empty.txt：ingest: empty.txt: empty file',
          `build-index: no report could be read from ${bad}`,
          '',
        ].join('\n'),
      ]);
      expect(serve.code).to.equal(1);
      expect(serve.stderr.split('\n').filter((line) => !line.startsWith('{'))).to.deep.equal([`serve: no report could be read from ${bad}`, '']);
      expect(serve.stdout).to.not.include('serving');
    });
  });
});
