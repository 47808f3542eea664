/**
 * PDF → text items per page, with pdf.js (the legacy build, which runs on Node without a
 * browser). Layout is rebuilt from the items' positions in `pdf-layout.ts`.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { foldSharedGlyphs } from './glyphs.js';
import type { ImportLimits } from './limits.js';
import { layoutPages, type PageText, type TextRun } from './pdf-layout.js';
import { ImportError, type ExtractedDocument } from './types.js';

const PDFJS_DIR = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
let pdfjs: Promise<PdfJs> | undefined;

/**
 * pdf.js, loaded on first use. Not at start: its legacy build carries core-js polyfills that
 * replace globals for the whole thread — on Node 20 `JSON.stringify` itself, by a wrapper
 * calling a replacer for every key (it lacks `JSON.rawJSON`) — which made every API answer of
 * a server that merely could import PDFs slower. PDFs are read in the import worker, so the
 * serving thread never loads it.
 */
function loadPdfJs(): Promise<PdfJs> {
  pdfjs ??= import('pdfjs-dist/legacy/build/pdf.mjs');
  return pdfjs;
}

/** The items of one page as pdf.js gives them, reduced to what layout needs. */
async function pageText(doc: PDFDocumentProxy, n: number): Promise<PageText> {
  const page = await doc.getPage(n);
  const viewport = page.getViewport({ scale: 1 });
  const content = await page.getTextContent();
  const runs: TextRun[] = [];
  for (const item of content.items) {
    // Whitespace items stand for gaps: the gap itself separates the runs around it.
    if (!('str' in item) || item.str.trim() === '') continue;
    const [a, b, , d, e, f] = item.transform as number[];
    // Rotated text (a stamp, a vertical margin note) is not body text.
    if (Math.abs(b ?? 0) > 0.01) continue;
    const size = Math.abs(d ?? a ?? item.height) || item.height;
    runs.push({ text: item.str, x: e ?? 0, y: viewport.height - (f ?? 0), width: item.width, size, font: item.fontName });
  }
  page.cleanup();
  return { width: viewport.width, height: viewport.height, runs };
}

/** Reason pdf.js gave for refusing the bytes, in the user's words. */
function openError(file: string, error: unknown, { PasswordResponses }: PdfJs): ImportError {
  const name = error instanceof Error ? error.name : '';
  const code = (error as { code?: number }).code;
  if (name === 'PasswordException') {
    return new ImportError(
      file,
      code === PasswordResponses.INCORRECT_PASSWORD ? 'PDF 已加密，密码不对，无法读取' : 'PDF 已加密（需要密码才能打开），无法读取；请取得未加密的版本后再导入',
    );
  }
  if (name === 'InvalidPDFException') return new ImportError(file, '不是有效的 PDF 文件（文件已损坏或并非 PDF），无法读取');
  const detail = error instanceof Error ? error.message : String(error);
  return new ImportError(file, `PDF 无法解析（${detail}），可能已损坏`);
}

/** Opens a PDF, refusing encrypted, malformed and oversized ones. */
async function open(file: string, bytes: Uint8Array, limits: ImportLimits): Promise<PDFDocumentProxy> {
  const lib = await loadPdfJs();
  const task = lib.getDocument({
    data: new Uint8Array(bytes),
    cMapUrl: `${join(PDFJS_DIR, 'cmaps')}/`,
    cMapPacked: true,
    standardFontDataUrl: `${join(PDFJS_DIR, 'standard_fonts')}/`,
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    stopAtErrors: false,
    verbosity: 0,
  });
  // Asked for a password: refuse at once rather than wait for one.
  task.onPassword = (_update: unknown, reason: number) => {
    void task.destroy();
    throw Object.assign(new Error('password'), { name: 'PasswordException', code: reason });
  };
  try {
    const doc = await task.promise;
    if (doc.numPages > limits.maxPages) {
      await task.destroy();
      throw new ImportError(file, `PDF 有 ${String(doc.numPages)} 页，超过上限 ${String(limits.maxPages)} 页，不像一份政府工作报告；如确需导入，请拆分文件或调高 maxPages`);
    }
    return doc;
  } catch (error) {
    if (error instanceof ImportError) throw error;
    await task.destroy().catch(() => undefined);
    throw openError(file, error, lib);
  }
}

/** Every page's text runs, checking the time budget between pages. */
export async function readPdfPages(file: string, bytes: Uint8Array, limits: ImportLimits, deadline: number): Promise<PageText[]> {
  const doc = await open(file, bytes, limits);
  try {
    const pages: PageText[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      if (Date.now() > deadline) throw new ImportError(file, `读取超时（超过 ${String(Math.round(limits.timeoutMs / 1000))} 秒，读到第 ${String(n)} 页）`);
      try {
        pages.push(await pageText(doc, n));
      } catch (error) {
        throw new ImportError(file, `PDF 第 ${String(n)} 页无法解析（${error instanceof Error ? error.message : String(error)}）`);
      }
    }
    return pages;
  } finally {
    await doc.destroy();
  }
}

/** True when the pages hold (almost) no text: a scan, to be recognised by OCR. */
export function isScanned(pages: readonly PageText[]): boolean {
  const chars = pages.reduce((n, p) => n + p.runs.reduce((m, r) => m + r.text.trim().length, 0), 0);
  return chars < Math.max(20, pages.length * 10);
}

/** Reads a PDF with a text layer. */
export function pdfDocument(pages: readonly PageText[]): ExtractedDocument {
  const layout = layoutPages(pages);
  const { blocks, replaced } = foldSharedGlyphs(layout.blocks);
  const notes = replaced.size === 0 ? [] : [`PDF 字体把简繁字形共用，已按简体改正：${[...replaced].map(([t, s]) => `${t}→${s}`).join('、')}；如有误请对照原件修改`];
  return {
    format: 'pdf',
    blocks,
    pages: pages.length,
    tables: layout.tables,
    doubtfulBreaks: layout.doubtfulBreaks,
    droppedLines: layout.droppedLines,
    ocr: null,
    declaredTitle: null,
    notes,
    encoding: null,
  };
}
