/**
 * File bytes → an extracted document, whatever the format. The format is told by the bytes
 * (`%PDF`, a zip archive, markup) and the extension together; a file past a size limit is
 * refused before it is parsed.
 */
import { extname } from 'node:path';
import { docxDocument } from './docx.js';
import { decodeHtml, htmlBlocks } from './html.js';
import type { ImportLimits } from './limits.js';
import { recognisePdf } from './ocr.js';
import { isScanned, pdfDocument, readPdfPages } from './pdf.js';
import { layoutPages } from './pdf-layout.js';
import { textDocument } from './text.js';
import { ImportError, type DocumentFormat, type ExtractedDocument } from './types.js';

/** File extensions read, by format. */
export const EXTENSIONS: Record<DocumentFormat, readonly string[]> = {
  pdf: ['.pdf'],
  docx: ['.docx'],
  html: ['.html', '.htm', '.shtml', '.xhtml'],
  text: ['.txt', '.md', '.text'],
};

/** Extensions of formats refused with advice. */
const OLD_FORMATS: Record<string, string> = {
  '.doc': '旧版 Word（.doc）文件无法直接读取；请在 Word 或 WPS 中另存为 .docx 后导入',
  '.wps': 'WPS 文字（.wps）文件无法直接读取；请在 WPS 中另存为 .docx 后导入',
  '.rtf': 'RTF 文件无法直接读取；请另存为 .docx 后导入',
  '.ofd': 'OFD 版式文件无法直接读取；请用阅读器另存为 PDF 后导入',
  '.mhtml': '.mhtml 网页档案无法直接读取；请在浏览器中另存为“网页，仅 HTML”后导入',
};

/** The format of a file, from its bytes and extension; throws {@link ImportError} for others. */
export function detectFormat(file: string, bytes: Uint8Array): DocumentFormat {
  const ext = extname(file).toLowerCase();
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1');
  if (head.includes('%PDF-')) return 'pdf';
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) {
    if (EXTENSIONS.docx.includes(ext)) return 'docx';
    throw new ImportError(file, '是压缩包（zip），不是可导入的文档；Word 文件请用 .docx 扩展名');
  }
  const advice = OLD_FORMATS[ext];
  if (advice !== undefined) throw new ImportError(file, advice);
  if (EXTENSIONS.pdf.includes(ext)) throw new ImportError(file, '扩展名是 .pdf，但内容不是 PDF（文件已损坏或并非 PDF）');
  if (EXTENSIONS.docx.includes(ext)) throw new ImportError(file, '扩展名是 .docx，但内容不是 Word 文件（文件已损坏或并非 .docx）');
  if (EXTENSIONS.html.includes(ext)) return 'html';
  if (EXTENSIONS.text.includes(ext)) return 'text';
  throw new ImportError(file, `不支持的文件类型“${ext === '' ? '（无扩展名）' : ext}”；可导入 PDF、Word（.docx）、网页（.html/.htm）和文本（.txt/.md）`);
}

/** The file's format, when its size is within the format's limit; throws {@link ImportError}. */
export function checkSize(file: string, bytes: Uint8Array, limits: ImportLimits): DocumentFormat {
  const format = detectFormat(file, bytes);
  const max = limits.maxBytes[format];
  if (bytes.length > max) {
    throw new ImportError(file, `文件有 ${(bytes.length / 1024 / 1024).toFixed(1)} MB，超过${format === 'text' ? '文本' : format === 'html' ? '网页' : format === 'docx' ? ' Word 文件' : ' PDF'}的上限 ${String(Math.round(max / 1024 / 1024))} MB，已拒绝`);
  }
  return format;
}

/** Reads a file of any supported format within the limits. Throws {@link ImportError}. */
export async function extractDocument(file: string, bytes: Uint8Array, limits: ImportLimits, ocr: boolean): Promise<ExtractedDocument & { frontMatter?: string | null }> {
  const deadline = Date.now() + limits.timeoutMs;
  const format = checkSize(file, bytes, limits);
  if (format === 'docx') return docxDocument(file, bytes, limits);
  if (format === 'text') return textDocument(file, bytes);
  if (format === 'html') {
    const { text, encoding } = decodeHtml(bytes);
    const { blocks, tables, title } = htmlBlocks(text);
    if (blocks.length === 0) throw new ImportError(file, '网页里找不到正文');
    return { format, blocks, pages: null, tables, doubtfulBreaks: 0, droppedLines: 0, ocr: null, declaredTitle: title, notes: [], encoding };
  }
  const pages = await readPdfPages(file, bytes, limits, deadline);
  if (!isScanned(pages)) return pdfDocument(pages);
  if (!ocr) throw new ImportError(file, '是扫描件（没有文字层），而文字识别（OCR）已关闭');
  const recognised = await recognisePdf(file, bytes, pages, limits, deadline);
  const layout = layoutPages(recognised.pages);
  if (layout.blocks.length === 0) throw new ImportError(file, '是扫描件，文字识别没有识别出任何文字');
  return {
    format,
    blocks: layout.blocks,
    pages: pages.length,
    tables: layout.tables,
    doubtfulBreaks: layout.doubtfulBreaks,
    droppedLines: layout.droppedLines,
    ocr: recognised.engine,
    declaredTitle: null,
    notes: ['扫描件，文字由 OCR 识别，可能有错字，请对照原件校对'],
    encoding: null,
  };
}
