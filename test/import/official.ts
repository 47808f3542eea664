/**
 * Renders a report's blocks in the layout of an official document (GB/T 9704: A4, 仿宋-style
 * body at 16pt, 黑体 and 楷体-style headings, first lines indented by two characters, a
 * running header and `— N —` page numbers) and prints it to PDF with Chromium, or writes it
 * as a Word file with the `docx` package, headings in heading styles.
 */
import { existsSync } from 'node:fs';
import { AlignmentType, Document, HeadingLevel, Packer, Paragraph, TextRun, Table, TableRow, TableCell, WidthType } from 'docx';
import { chromium, type Browser } from 'playwright-core';
import type { Block, Report } from '../../src/ingest/types.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const LAUNCH_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'];

/** Launches Chromium, or returns null (with the reason) when it is not installed. */
export async function launchBrowser(): Promise<Browser | null> {
  if (!existsSync(CHROMIUM)) {
    if (process.env.REQUIRE_BROWSER === '1') throw new Error(`import: REQUIRE_BROWSER=1 but ${CHROMIUM} is missing (apt-get install chromium)`);
    return null;
  }
  return chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS });
}

/** A block to render; a run-in heading is printed at the start of the paragraph after it, in bold. */
export type RenderBlock = { type: 'heading'; level: number; text: string; runIn?: boolean } | { type: 'paragraph'; text: string } | { type: 'table'; rows: string[][] };

/** A report's blocks to render, run-in headings marked (those sharing a source line with the next paragraph). */
export function renderBlocks(blocks: readonly Block[]): RenderBlock[] {
  return blocks.map((b, i) => {
    const next = blocks[i + 1];
    if (b.type === 'paragraph') return { type: 'paragraph', text: b.text };
    return { type: 'heading', level: b.level, text: b.text, runIn: next?.type === 'paragraph' && next.lines.from <= b.lines.to };
  });
}

/** What goes above the body: the title and the lines official reports open with. */
export interface RenderHead {
  title: string;
  /** E.g. `——2024年1月10日在XX区第十八届人民代表大会第三次会议上`. */
  occasion?: string;
  /** E.g. `XX区人民政府区长\u3000张三`. */
  speaker?: string;
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const CSS = `
@page { size: A4; margin: 37mm 26mm 35mm 28mm; }
body { font-family: 'Noto Serif CJK SC', serif; font-size: 16pt; line-height: 28pt; margin: 0; text-align: justify; }
h1.title { font-family: 'Noto Serif CJK SC', serif; font-weight: bold; font-size: 22pt; line-height: 36pt; text-align: center; margin: 0 0 14pt; }
p { margin: 0; text-indent: 2em; }
p.occasion, p.speaker { text-indent: 0; text-align: center; font-family: 'Noto Sans CJK SC', sans-serif; }
h2, h3, h4, h5 { font-size: 16pt; font-weight: normal; margin: 0; text-indent: 2em; }
h2 { font-family: 'Noto Sans CJK SC', sans-serif; margin-top: 28pt; }
h3 { font-family: 'Noto Serif CJK SC', serif; font-weight: bold; }
b.run-in { font-family: 'Noto Sans CJK SC', sans-serif; font-weight: normal; }
table { border-collapse: collapse; width: 100%; margin: 8pt 0; font-size: 12pt; line-height: 18pt; }
td { border: 1px solid #000; padding: 4pt 6pt; vertical-align: top; text-indent: 0; }
.columns { column-count: 2; column-gap: 12mm; }
`;

/** The HTML Chromium prints. `columns`: set the body in two columns. */
export function officialHtml(head: RenderHead, blocks: readonly RenderBlock[], columns = false): string {
  const body = blocks
    .map((b, i) => {
      const before = blocks[i - 1];
      if (before?.type === 'heading' && before.runIn === true && b.type === 'paragraph') return `<p><b class="run-in">${escape(before.text)}</b>${escape(b.text)}</p>`;
      if (b.type === 'heading' && b.runIn === true && blocks[i + 1]?.type === 'paragraph') return '';
      if (b.type === 'heading') return `<h${String(Math.min(b.level + 1, 5))}>${escape(b.text)}</h${String(Math.min(b.level + 1, 5))}>`;
      if (b.type === 'table') return `<table>${b.rows.map((r) => `<tr>${r.map((c) => `<td>${escape(c)}</td>`).join('')}</tr>`).join('')}</table>`;
      return `<p>${escape(b.text)}</p>`;
    })
    .join('\n');
  const top = [
    `<h1 class="title">${escape(head.title)}</h1>`,
    head.occasion === undefined ? '' : `<p class="occasion">${escape(head.occasion)}</p>`,
    head.speaker === undefined ? '' : `<p class="speaker">${escape(head.speaker)}</p>`,
  ].join('\n');
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><style>${CSS}</style></head><body>${top}<div class="${columns ? 'columns' : ''}">${body}</div></body></html>`;
}

/** Prints HTML to a PDF with a running header and `— N —` page numbers. */
export async function printPdf(browser: Browser, html: string, header: string): Promise<Buffer> {
  const page = await browser.newPage();
  try {
    await page.setContent(html, { waitUntil: 'load' });
    return await page.pdf({
      format: 'A4',
      preferCSSPageSize: true,
      displayHeaderFooter: true,
      headerTemplate: `<div style="width:100%;font-size:10pt;font-family:'Noto Serif CJK SC';text-align:center;border-bottom:0.5pt solid #000;margin:0 26mm 0 28mm;padding-bottom:2pt">${escape(header)}</div>`,
      footerTemplate: `<div style="width:100%;font-size:14pt;font-family:'Noto Serif CJK SC';text-align:center">— <span class="pageNumber"></span> —</div>`,
    });
  } finally {
    await page.close();
  }
}

const HEADINGS = [HeadingLevel.HEADING_1, HeadingLevel.HEADING_2, HeadingLevel.HEADING_3, HeadingLevel.HEADING_4, HeadingLevel.HEADING_5, HeadingLevel.HEADING_6];

/** Writes the blocks as a Word file: the title in the Title style, headings in heading styles. */
export async function writeDocx(head: RenderHead, blocks: readonly RenderBlock[]): Promise<Buffer> {
  const font = { ascii: 'FangSong', eastAsia: '仿宋_GB2312', hAnsi: 'FangSong' };
  const children: (Paragraph | Table)[] = [new Paragraph({ heading: HeadingLevel.TITLE, alignment: AlignmentType.CENTER, children: [new TextRun({ text: head.title, size: 44 })] })];
  if (head.occasion !== undefined) children.push(new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text: head.occasion, font, size: 32 })] }));
  if (head.speaker !== undefined) children.push(new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text: head.speaker, font, size: 32 })] }));
  for (const [i, b] of blocks.entries()) {
    const before = blocks[i - 1];
    if (b.type === 'heading' && b.runIn === true && blocks[i + 1]?.type === 'paragraph') continue;
    if (b.type === 'paragraph' && before?.type === 'heading' && before.runIn === true) {
      children.push(new Paragraph({ indent: { firstLine: 640 }, children: [new TextRun({ text: before.text, font: { ascii: 'SimHei', eastAsia: '黑体', hAnsi: 'SimHei' }, size: 32 }), new TextRun({ text: b.text, font, size: 32 })] }));
      continue;
    }
    if (b.type === 'heading') children.push(new Paragraph({ heading: HEADINGS[Math.min(b.level, 6) - 1] ?? HeadingLevel.HEADING_6, children: [new TextRun({ text: b.text })] }));
    else if (b.type === 'table') {
      children.push(
        new Table({
          width: { size: 100, type: WidthType.PERCENTAGE },
          rows: b.rows.map((r) => new TableRow({ children: r.map((c) => new TableCell({ children: [new Paragraph(c)] })) })),
        }),
      );
    } else children.push(new Paragraph({ indent: { firstLine: 640 }, children: [new TextRun({ text: b.text, font, size: 32 })] }));
  }
  return Packer.toBuffer(new Document({ sections: [{ children }] }));
}

export const OFFICE: Record<string, string> = { 省: '省长', 市: '市长', 区: '区长', 县: '县长', 镇: '镇长' };

/** The opening lines an official report is printed with: title, meeting and day, speaker. */
export function headOf(report: Report): RenderHead {
  const region = report.meta.region.replace(/·.*$/, '');
  return {
    title: report.meta.title,
    occasion: `——${String(report.meta.year)}年1月10日在${region}第十八届人民代表大会第三次会议上`,
    speaker: `${region}人民政府${OFFICE[report.meta.level] ?? ''}\u3000张三`,
  };
}

/**
 * A scanned document: the HTML rendered to an image, and the image printed to a PDF page, so
 * the PDF has no text layer at all (as a scanner makes it).
 */
export async function scanPdf(browser: Browser, html: string): Promise<Buffer> {
  const page = await browser.newPage({ viewport: { width: 794, height: 1123 }, deviceScaleFactor: 2 });
  try {
    await page.setContent(html, { waitUntil: 'load' });
    const png = await page.screenshot({ fullPage: false });
    await page.setContent(`<!doctype html><html><body style="margin:0"><img style="width:210mm;height:297mm;display:block" src="data:image/png;base64,${png.toString('base64')}"></body></html>`, { waitUntil: 'load' });
    return await page.pdf({ width: '210mm', height: '297mm', printBackground: true, margin: { top: '0', bottom: '0', left: '0', right: '0' } });
  } finally {
    await page.close();
  }
}
