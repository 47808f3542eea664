/**
 * Import throughput: `npx tsx bench/import.ts [--smoke] [--rounds N] [--write]`.
 * Prints each bundled report as an official PDF (Chromium) and writes it as a Word file (docx),
 * then imports them all, PDF and Word interleaved, for a few rounds: pages per second (a Word
 * file counts the pages of the same report's PDF), the median round, in-process, then the cost
 * of reading in a worker thread (the default, which bounds time and heap) on a few files.
 * `--write` replaces the "Import" section of BENCHMARKS.md.
 */
import { loadavg } from 'node:os';
import { importDocument } from '../src/ingest/formats/index.js';
import { loadCorpusSync } from '../src/ingest/load.js';
import { CORPUS_DIR } from '../src/ingest/paths.js';
import { headOf, launchBrowser, officialHtml, printPdf, renderBlocks, writeDocx } from '../test/import/official.js';
import { writeSection } from './lib/benchmarks-file.js';
import { isMain, positiveNumber, run } from './lib/cli.js';
import { describeMachine } from './lib/machine.js';
import { markdownTable, median } from './lib/stats.js';

interface Rendered {
  id: string;
  pdf: Buffer;
  docx: Buffer;
  pages: number;
}

function loads(): string {
  return loadavg()
    .map((l) => l.toFixed(2))
    .join(' / ');
}

async function timed(name: string, bytes: Buffer, isolate: boolean): Promise<{ ms: number; pages: number | null }> {
  const started = performance.now();
  const result = await importDocument({ name, bytes }, { isolate });
  return { ms: performance.now() - started, pages: result.stats.pages };
}

async function main(): Promise<void> {
  const smoke = process.argv.includes('--smoke');
  const roundsAt = process.argv.indexOf('--rounds');
  const rounds = positiveNumber('rounds', roundsAt >= 0 ? process.argv[roundsAt + 1] : undefined, smoke ? 1 : 3);
  const browser = await launchBrowser();
  if (browser === null) throw new Error('bench/import: needs Chromium at /usr/bin/chromium to print the PDFs');
  const reports = loadCorpusSync(CORPUS_DIR).reports.slice(0, smoke ? 3 : undefined);
  const rendered: Rendered[] = [];
  try {
    for (const report of reports) {
      const head = headOf(report);
      const blocks = renderBlocks(report.blocks);
      const pdf = await printPdf(browser, officialHtml(head, blocks), report.meta.title);
      const docx = await writeDocx(head, blocks);
      rendered.push({ id: report.meta.id, pdf, docx, pages: 0 });
    }
  } finally {
    await browser.close();
  }
  const loadBefore = loads();
  const pdfRounds: number[] = [];
  const docxRounds: number[] = [];
  for (let round = 0; round < rounds; round++) {
    let pdfMs = 0;
    let docxMs = 0;
    for (const r of rendered) {
      const pdf = await timed(`${r.id}.pdf`, r.pdf, false);
      r.pages = pdf.pages ?? 0;
      pdfMs += pdf.ms;
      docxMs += (await timed(`${r.id}.docx`, r.docx, false)).ms;
    }
    pdfRounds.push(pdfMs);
    docxRounds.push(docxMs);
    process.stderr.write(`  round ${String(round + 1)}/${String(rounds)}: PDF ${pdfMs.toFixed(0)} ms, Word ${docxMs.toFixed(0)} ms\n`);
  }
  // The worker's cost: the same files read in a worker thread (tsx compiles the readers anew in each).
  const sample = rendered.slice(0, Math.min(3, rendered.length));
  const inProcess: number[] = [];
  const isolated: number[] = [];
  for (const r of sample) {
    inProcess.push((await timed(`${r.id}.pdf`, r.pdf, false)).ms);
    isolated.push((await timed(`${r.id}.pdf`, r.pdf, true)).ms);
  }
  const pages = rendered.reduce((n, r) => n + r.pages, 0);
  const pdfMs = median(pdfRounds);
  const docxMs = median(docxRounds);
  const extra = median(isolated.map((ms, i) => ms - (inProcess[i] ?? 0)));
  const section = [
    '## Import',
    '',
    `Command: \`npx tsx bench/import.ts${smoke ? ' --smoke' : ''} --rounds ${String(rounds)}\`. Measured ${new Date().toISOString().slice(0, 10)} on ${describeMachine()}; load average ${loadBefore} (1 / 5 / 15 min) before the timed rounds, ${loads()} after (the machine is shared).`,
    `The ${String(rendered.length)} bundled reports printed as official PDFs by Chromium (A4, 16pt serif CJK body, running header, \`— N —\` page numbers; ${String(pages)} pages) and written as Word files by \`docx\`, each imported in the process (\`isolate: false\`), PDF and Word interleaved, ${String(rounds)} round(s); the median round. A Word file counts the pages of the same report's PDF.`,
    '',
    markdownTable(
      ['format', 'files', 'pages', 'median round', 'pages/s', 'ms per file'],
      [
        ['PDF (pdf.js)', String(rendered.length), String(pages), `${(pdfMs / 1000).toFixed(1)} s`, (pages / (pdfMs / 1000)).toFixed(1), (pdfMs / rendered.length).toFixed(0)],
        ['Word (mammoth)', String(rendered.length), String(pages), `${(docxMs / 1000).toFixed(1)} s`, (pages / (docxMs / 1000)).toFixed(1), (docxMs / rendered.length).toFixed(0)],
      ],
    ),
    '',
    `Reading in the worker thread (the default: heap and time limits enforced; the thread is started for the first file and kept for the next) adds a median ${extra.toFixed(0)} ms per file over the in-process read (${String(sample.length)} PDFs, the first of them paying for starting the thread and loading pdf.js in it).`,
    '',
  ].join('\n');
  process.stdout.write(`${section}\n`);
  if (process.argv.includes('--write')) writeSection(section);
}

if (isMain(import.meta.url)) run('bench/import', main);
