import { expect } from 'chai';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { importDocument } from '../../src/ingest/formats/index.js';
import { launchBrowser, officialHtml, scanPdf, type RenderBlock } from './official.js';

const TEXT: RenderBlock[] = [
  { type: 'paragraph', text: '各位代表：' },
  { type: 'paragraph', text: '现在，我代表区人民政府向大会报告工作，请予审议。' },
  { type: 'heading', level: 1, text: '一、过去一年工作回顾' },
  { type: 'paragraph', text: '过去一年，全区经济运行稳中向好，地区生产总值增长百分之六，城乡居民收入稳步提高，民生保障更加有力。' },
];
const HEAD = { title: '2024年XX区政府工作报告', occasion: '——2024年1月10日在XX区第十八届人民代表大会第三次会议上' };

/** Whether tesseract with chi_sim and pdftoppm are installed. */
function ocrInstalled(): boolean {
  try {
    execFileSync('pdftoppm', ['-v'], { stdio: 'ignore' });
    return execFileSync('tesseract', ['--list-langs'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).split('\n').some((l) => l.trim() === 'chi_sim');
  } catch {
    return false;
  }
}

/** Length of the longest common subsequence of two strings, over their characters. */
function lcs(a: string, b: string): number {
  const x = Array.from(a);
  const y = Array.from(b);
  let row = new Array<number>(y.length + 1).fill(0);
  for (const c of x) {
    const next = [0];
    for (let j = 1; j <= y.length; j++) next[j] = c === y[j - 1] ? (row[j - 1] ?? 0) + 1 : Math.max(row[j] ?? 0, next[j - 1] ?? 0);
    row = next;
  }
  return row[y.length] ?? 0;
}

describe('import: scanned PDFs', function () {
  this.timeout(180_000);
  let browser: Browser | null = null;
  let scan: Buffer = Buffer.alloc(0);

  before(async function () {
    const missing = !ocrInstalled() ? 'tesseract with chi_sim and pdftoppm (apt-get install tesseract-ocr tesseract-ocr-chi-sim poppler-utils)' : null;
    browser = await launchBrowser();
    const why = missing ?? (browser === null ? 'Chromium (apt-get install chromium)' : null);
    if (why !== null) {
      if (process.env.REQUIRE_OCR === '1') throw new Error(`import: REQUIRE_OCR=1 but ${why} is missing`);
      console.log(`      SKIPPED: OCR tests need ${why}; set REQUIRE_OCR=1 to fail instead`);
      this.skip();
    }
    if (browser !== null) scan = await scanPdf(browser, officialHtml(HEAD, TEXT));
  });

  after(async () => {
    await browser?.close();
  });

  describe('#importDocument', () => {
    it('recognises a scanned page with tesseract and marks the report as OCR', async () => {
      const result = await importDocument({ name: 'scan.pdf', bytes: scan });
      expect(result.stats.ocr).to.match(/^tesseract [\d.]+ chi_sim$/);
      expect(result.metadata.ocr).to.equal(result.stats.ocr);
      expect(result.corpusFile.text).to.include(`\nocr: ${result.stats.ocr ?? ''}\n`);
      expect(result.problems).to.include('scan.pdf：扫描件，文字由 OCR 识别，可能有错字，请对照原件校对');
      const expected = TEXT.map((b) => (b.type === 'table' ? '' : b.text)).join('');
      const got = result.blocks.map((b) => b.text).join('');
      const similarity = lcs(expected, got) / Array.from(expected).length;
      console.log(`      (OCR: ${String(Math.round(similarity * 100))}% of the characters recognised in order)`);
      expect(similarity).to.be.at.least(0.9);
      expect(result.metadata.year).to.equal(2024);
    });

    it('refuses a scan where OCR is not installed, saying how to install it', () => {
      const dir = mkdtempSync(join(tmpdir(), 'import-no-ocr-'));
      try {
        // A PATH holding node alone: no pdftoppm, no tesseract.
        symlinkSync(process.execPath, join(dir, 'node'));
        writeFileSync(join(dir, 'scan.pdf'), scan);
        const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/import.ts', '--dry-run', join(dir, 'scan.pdf')], { encoding: 'utf8', env: { ...process.env, PATH: dir }, timeout: 120_000 });
        expect(run.status).to.equal(1);
        expect(run.stdout).to.include('✗ scan.pdf：是扫描件（没有文字层），需要文字识别（OCR），但本机缺少 pdftoppm（Debian 软件包 poppler-utils）；请安装：apt-get install tesseract-ocr tesseract-ocr-chi-sim poppler-utils，然后重新导入');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});
