import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import { importDocument, type ImportResult } from '../../src/ingest/formats/index.js';
import { loadCorpusSync } from '../../src/ingest/load.js';
import { CORPUS_DIR } from '../../src/ingest/paths.js';
import type { Report } from '../../src/ingest/types.js';
import { CHROMIUM, headOf, launchBrowser, OFFICE, officialHtml, printPdf, renderBlocks, writeDocx } from './official.js';

/** Reports that must come back identical, of the 30. */
const REQUIRED = 29;

function outline(blocks: ImportResult['blocks'] | Report['blocks']): string[] {
  return blocks.map((b) => (b.type === 'heading' ? `H${String(b.level)} ${b.text}` : `P ${b.text}`));
}

/** The first block where two outlines part, or null when they are the same. */
function firstDifference(expected: readonly string[], got: readonly string[]): string | null {
  for (let i = 0; i < Math.max(expected.length, got.length); i++) {
    const a = expected[i] ?? '';
    const b = got[i] ?? '';
    if (a === b) continue;
    let at = 0;
    while (at < a.length && a[at] === b[at]) at++;
    const from = Math.max(0, at - 12);
    return `block ${String(i + 1)}, character ${String(at)}: expected …${JSON.stringify(a.slice(from, at + 24))}, got …${JSON.stringify(b.slice(from, at + 24))}`;
  }
  return null;
}

describe('import round trip', function () {
  this.timeout(15 * 60_000);
  const reports = loadCorpusSync(CORPUS_DIR).reports;
  let browser: Browser | null = null;

  before(async function () {
    browser = await launchBrowser();
    if (browser === null) {
      console.log(`      SKIPPED: the PDF round trip needs Chromium at ${CHROMIUM} (apt-get install chromium); set REQUIRE_BROWSER=1 to fail instead`);
      this.skip();
    }
  });

  after(async () => {
    await browser?.close();
  });

  /** Imports every report rendered by `render` and compares it with the text ingest. */
  async function roundTrip(render: (report: Report) => Promise<{ name: string; bytes: Uint8Array }>): Promise<{ same: number; differences: string[]; results: ImportResult[] }> {
    const differences: string[] = [];
    const results: ImportResult[] = [];
    let same = 0;
    for (const report of reports) {
      const file = await render(report);
      const result = await importDocument(file, { isolate: false });
      results.push(result);
      const diff = firstDifference(outline(report.blocks), outline(result.blocks));
      if (diff === null) same++;
      else differences.push(`${report.meta.id}: ${diff}`);
    }
    return { same, differences, results };
  }

  function checkMeta(results: readonly ImportResult[]): void {
    results.forEach((result, i) => {
      const report = reports[i];
      if (report === undefined) return;
      const region = report.meta.region.replace(/·.*$/, '');
      expect({ title: result.metadata.title, region: result.metadata.region, level: result.metadata.level, year: result.metadata.year, date: result.metadata.date, speaker: result.metadata.speaker }).to.deep.equal({
        title: report.meta.title.replace(/\s/g, ''),
        region,
        level: report.meta.level,
        year: report.meta.year,
        date: `${String(report.meta.year)}-01-10`,
        speaker: `${OFFICE[report.meta.level] ?? ''} 张三`,
      });
      expect(result.metadata.meeting).to.equal(`${region}第十八届人民代表大会第三次会议`);
    });
  }

  describe('#importDocument (PDF printed by Chromium)', () => {
    it(`gives the headings and paragraphs of the text ingest for at least ${String(REQUIRED)} of the 30 reports, and their metadata`, async () => {
      const { same, differences, results } = await roundTrip(async (report) => {
        if (browser === null) throw new Error('no browser');
        const head = headOf(report);
        return { name: `${report.meta.id}.pdf`, bytes: await printPdf(browser, officialHtml(head, renderBlocks(report.blocks)), report.meta.title) };
      });
      console.log(`      PDF: ${String(same)}/${String(reports.length)} identical; pages ${String(results.reduce((n, r) => n + (r.stats.pages ?? 0), 0))}`);
      for (const d of differences) console.log(`        differs: ${d}`);
      expect(same, differences.join('\n')).to.be.at.least(REQUIRED);
      checkMeta(results);
      expect(results.every((r) => r.stats.format === 'pdf' && r.stats.droppedLines >= 2 * (r.stats.pages ?? 0) - 1)).to.equal(true);
    });
  });

  describe('#importDocument (Word file written by docx)', () => {
    it(`gives the headings and paragraphs of the text ingest for at least ${String(REQUIRED)} of the 30 reports, and their metadata`, async () => {
      const { same, differences, results } = await roundTrip(async (report) => ({ name: `${report.meta.id}.docx`, bytes: await writeDocx(headOf(report), renderBlocks(report.blocks)) }));
      console.log(`      DOCX: ${String(same)}/${String(reports.length)} identical`);
      for (const d of differences) console.log(`        differs: ${d}`);
      expect(same, differences.join('\n')).to.be.at.least(REQUIRED);
      checkMeta(results);
    });
  });
});
