import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parseReport } from '../../src/ingest/parse.js';
import { PROJECT_ROOT } from '../../src/ingest/paths.js';
import { corpusJson, formatSummaryTable, type ReportSummary } from '../../src/ingest/summary.js';

const run = promisify(execFile);
/** tsx resolved from here, so the commands can run from any working directory. */
const TSX = import.meta.resolve('tsx');

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(script: string, args: readonly string[]): Promise<Outcome> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', TSX, join(PROJECT_ROOT, 'src', 'cli', script), ...args], { cwd: tmpdir(), maxBuffer: 1 << 26 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const ROWS: ReportSummary[] = [
  { id: 'qu-01', paragraphs: 45, headings: [2, 8], characters: 15844, lossless: true, doubts: [] },
  {
    id: 'zhen-01',
    paragraphs: 38,
    headings: [3, 15, 1],
    characters: 7947,
    lossless: false,
    doubts: [{ line: 31, decision: 'break', why: 'a reason', context: '产业发展提质增效|农业产业稳产提质' }],
  },
];

describe('summary', () => {
  describe('#formatSummaryTable', () => {
    it('aligns a row per report, a totals row, then the doubtful breaks', () => {
      expect(formatSummaryTable(ROWS).split('\n')).to.deep.equal([
        'report     paragraphs  h1  h2  h3  characters  lossless  doubtful',
        '---------  ----------  --  --  --  ----------  --------  --------',
        'qu-01              45   2   8   0       15844       yes         0',
        'zhen-01            38   3  15   1        7947        NO         1',
        '---------  ----------  --  --  --  ----------  --------  --------',
        'total (2)          83   5  23   1       23791       1/2         1',
        '',
        'doubtful paragraph breaks (body line, decision, context — | marks the spot):',
        '  zhen-01:31  break  产业发展提质增效|农业产业稳产提质  (a reason)',
      ]);
    });
  });

  describe('#corpusJson', () => {
    it('lists each report with its metadata and blocks, levels on headings only', () => {
      const report = parseReport(
        'x.txt',
        '---\nid: x\ntitle: 标题\nregion: XX县·01\nlevel: 县\nyear: 2024\nkind: 全文\nsource: s\n---\n各位代表：\n\n一、2023年工作回顾\n\n全年增长5%。\n',
      );
      expect(corpusJson([report])).to.deep.equal({
        documents: [
          {
            id: 'x',
            title: '标题',
            region: 'XX县·01',
            level: '县',
            year: 2024,
            kind: '全文',
            blocks: [
              { type: 'paragraph', text: '各位代表：' },
              { type: 'heading', level: 1, text: '一、2023年工作回顾' },
              { type: 'paragraph', text: '全年增长5%。' },
            ],
          },
        ],
      });
    });
  });

  describe('command line', () => {
    let check: Outcome;
    let json: Outcome;
    let seeds: Outcome;
    let bad: Outcome;
    let wrong: Outcome;
    let dir = '';

    before(async function () {
      // Five commands start in parallel; on a busy machine that takes a few seconds.
      this.timeout(30000);
      dir = mkdtempSync(join(tmpdir(), 'ingest-cli-'));
      writeFileSync(join(dir, 'a.txt'), '---\nid: a\n---\n正文\n');
      [check, json, seeds, bad, wrong] = await Promise.all([
        cli('corpus.ts', ['--check']),
        cli('corpus.ts', ['--json']),
        cli('import-seeds.ts', ['--check']),
        cli('corpus.ts', ['--check', '--dir', dir]),
        cli('corpus.ts', ['--chek']),
      ]);
    });

    after(() => {
      rmSync(dir, { recursive: true, force: true });
    });

    it('corpus --check prints the table of all 30 reports, all lossless, and exits 0', () => {
      expect(check.code).to.equal(0);
      const lines = check.stdout.split('\n');
      expect(lines[0]).to.equal('report                  paragraphs  h1   h2  h3  characters  lossless  doubtful');
      expect(lines.filter((l) => /^(?:qu|shi|xian|zhen|zhenjiang)-/.test(l))).to.have.length(30);
      expect(lines.find((l) => l.startsWith('total'))).to.match(/^total \(30\) +\d+ +\d+ +\d+ +\d+ +\d+ +30\/30 +88$/);
    });

    it('corpus --json prints every document with its blocks', () => {
      expect(json.code).to.equal(0);
      const parsed = JSON.parse(json.stdout) as ReturnType<typeof corpusJson>;
      expect(parsed.documents.map((d) => d.id)).to.have.length(30);
      expect(parsed.documents[26]?.blocks.slice(0, 3)).to.deep.equal([
        { type: 'paragraph', text: '各位代表：' },
        { type: 'paragraph', text: '现在，我代表镇江市人民政府向大会报告工作，请予审议，并请各位政协委员提出意见。' },
        { type: 'heading', level: 1, text: '一、2023年工作回顾' },
      ]);
    });

    it('import-seeds --check confirms the committed corpus matches the seeds', () => {
      expect(seeds).to.deep.equal({ code: 0, stdout: 'import-seeds: corpus/ matches the seeds (30 files)\n', stderr: '' });
    });

    it('corpus --check exits 1 and names the bad file and field', () => {
      expect(bad.code).to.equal(1);
      expect(bad.stderr).to.equal('skipped: ingest: a.txt: front matter "title" is missing\n');
    });

    it('rejects an unknown argument with usage', () => {
      expect(wrong).to.deep.equal({ code: 2, stdout: '', stderr: 'corpus: unknown argument "--chek"\nusage: corpus [--check | --json] [--dir <path>]\n' });
    });
  });
});
