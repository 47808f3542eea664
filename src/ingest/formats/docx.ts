/**
 * Word (`.docx`) → blocks, with mammoth: paragraphs as the document has them, headings where
 * the document uses heading styles (`Heading 1`…, `标题 1`…), tables row by row. Images are
 * left out. The archive is checked for zip bombs first (`zip.ts`). mammoth is imported on the
 * first Word file: the server imports this module for its inbox, and loading mammoth took about
 * 0.1 s of every start.
 */
import { htmlBlocks } from './html.js';
import type { ImportLimits } from './limits.js';
import { ImportError, type ExtractedDocument } from './types.js';
import { checkDocxArchive } from './zip.js';

/** Chinese Word installs name the styles in Chinese; the title is a paragraph, not a heading. */
const STYLE_MAP = [
  "p[style-name='Title'] => h1.doc-title:fresh",
  "p[style-name='标题'] => h1.doc-title:fresh",
  ...[1, 2, 3, 4, 5, 6].flatMap((n) => [`p[style-name='标题 ${String(n)}'] => h${String(n)}:fresh`, `p[style-name='heading ${String(n)}'] => h${String(n)}:fresh`]),
];

/** Reads a Word file. Throws {@link ImportError} for a damaged file or a zip bomb. */
export async function docxDocument(file: string, bytes: Uint8Array, limits: ImportLimits): Promise<ExtractedDocument> {
  checkDocxArchive(file, bytes, limits);
  let html: string;
  const { default: mammoth } = await import('mammoth');
  try {
    const result = await mammoth.convertToHtml(
      { buffer: Buffer.from(bytes) },
      { styleMap: STYLE_MAP, externalFileAccess: false, convertImage: mammoth.images.imgElement(() => Promise.resolve({ src: '' })) },
    );
    html = result.value;
  } catch (error) {
    throw new ImportError(file, `Word 文件无法读取（${error instanceof Error ? error.message : String(error)}），可能已损坏`);
  }
  const { blocks, tables } = htmlBlocks(`<body>${html}</body>`, true);
  return { format: 'docx', blocks, pages: null, tables, doubtfulBreaks: 0, droppedLines: 0, ocr: null, declaredTitle: null, notes: [], encoding: null };
}
