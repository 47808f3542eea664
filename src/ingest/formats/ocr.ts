/**
 * Scanned PDFs (page images without a text layer) → text runs, with Debian's `pdftoppm`
 * (poppler-utils) to render each page and `tesseract` with `chi_sim` to recognise it. The
 * recognised words keep their boxes, so the same layout pass as for text PDFs rebuilds the
 * paragraphs and drops headers and page numbers.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { ImportLimits } from './limits.js';
import type { PageText, TextRun } from './pdf-layout.js';
import { ImportError } from './types.js';

const run = promisify(execFile);

/** Resolution pages are rendered at for recognition (tesseract reads 300 dpi best). */
const OCR_DPI = 300;
/** Recognition language. */
const OCR_LANG = 'chi_sim';

/** The OCR engine's name for the front matter, or why OCR is unavailable. */
export async function ocrAvailable(): Promise<{ engine: string } | { missing: string }> {
  try {
    await run('pdftoppm', ['-v'], { timeout: 10_000 });
  } catch {
    return { missing: 'pdftoppm（Debian 软件包 poppler-utils）' };
  }
  try {
    const { stdout } = await run('tesseract', ['--list-langs'], { timeout: 10_000 });
    if (!stdout.split('\n').some((l) => l.trim() === OCR_LANG)) return { missing: 'tesseract 的简体中文语言包（Debian 软件包 tesseract-ocr-chi-sim）' };
    const { stdout: version } = await run('tesseract', ['--version'], { timeout: 10_000 });
    return { engine: `${(/tesseract\s+v?([\d.]+)/i.exec(version)?.[0] ?? 'tesseract').replace(/\s+v?/, ' ')} ${OCR_LANG}` };
  } catch {
    return { missing: 'tesseract（Debian 软件包 tesseract-ocr 与 tesseract-ocr-chi-sim）' };
  }
}

/** Words of one page from tesseract's TSV output, as text runs in pixels. */
export function tsvRuns(tsv: string): TextRun[] {
  const lines = new Map<string, { top: number; height: number }>();
  const words: { key: string; left: number; width: number; text: string }[] = [];
  for (const row of tsv.split('\n').slice(1)) {
    const cols = row.split('\t');
    if (cols.length < 12) continue;
    const [level, , block, par, line, , left, top, width, height] = cols.map(Number);
    const key = `${String(block)}:${String(par)}:${String(line)}`;
    if (level === 4) lines.set(key, { top: top ?? 0, height: height ?? 0 });
    const text = (cols[11] ?? '').trim();
    if (level === 5 && text !== '') words.push({ key, left: left ?? 0, width: width ?? 0, text });
  }
  return words.map((w) => {
    const line = lines.get(w.key) ?? { top: 0, height: 0 };
    return { text: w.text, x: w.left, y: line.top + line.height, width: w.width, size: line.height * 0.9, font: 'ocr' };
  });
}

/**
 * Recognises every page of a scanned PDF. Throws {@link ImportError} when OCR is not
 * installed (saying how to install it), the scan has too many pages, or time runs out.
 */
export async function recognisePdf(file: string, bytes: Uint8Array, sizes: readonly PageText[], limits: ImportLimits, deadline: number): Promise<{ pages: PageText[]; engine: string }> {
  const pageCount = sizes.length;
  const available = await ocrAvailable();
  if ('missing' in available) {
    throw new ImportError(file, `是扫描件（没有文字层），需要文字识别（OCR），但本机缺少 ${available.missing}；请安装：apt-get install tesseract-ocr tesseract-ocr-chi-sim poppler-utils，然后重新导入`);
  }
  if (pageCount > limits.maxOcrPages) throw new ImportError(file, `是 ${String(pageCount)} 页的扫描件，超过文字识别上限 ${String(limits.maxOcrPages)} 页；请拆分后导入或调高 maxOcrPages`);
  const dir = await mkdtemp(join(tmpdir(), 'import-ocr-'));
  try {
    const pdf = join(dir, 'scan.pdf');
    await writeFile(pdf, bytes);
    const pages: PageText[] = [];
    for (let n = 1; n <= pageCount; n++) {
      const left = deadline - Date.now();
      if (left <= 0) throw new ImportError(file, `文字识别超时（超过 ${String(Math.round(limits.timeoutMs / 1000))} 秒，识别到第 ${String(n)} 页）`);
      const prefix = join(dir, `p${String(n)}`);
      await run('pdftoppm', ['-r', String(OCR_DPI), '-gray', '-png', '-f', String(n), '-l', String(n), pdf, prefix], { timeout: left });
      const image = (await readdir(dir)).find((f) => f.startsWith(`p${String(n)}`) && f.endsWith('.png'));
      if (image === undefined) throw new ImportError(file, `扫描件第 ${String(n)} 页无法渲染为图像`);
      const { stdout } = await run('tesseract', [join(dir, image), 'stdout', '-l', OCR_LANG, '--psm', '3', 'tsv'], { timeout: Math.max(1, deadline - Date.now()), maxBuffer: 64 * 1024 * 1024 });
      const px = OCR_DPI / 72;
      // Pixels → points, so the layout pass sees a page like a text PDF's.
      pages.push({ width: sizes[n - 1]?.width ?? 0, height: sizes[n - 1]?.height ?? 0, runs: tsvRuns(stdout).map((r) => ({ ...r, x: r.x / px, y: r.y / px, width: r.width / px, size: r.size / px })) });
      await rm(join(dir, image));
    }
    return { pages, engine: available.engine };
  } catch (error) {
    if (error instanceof ImportError) throw error;
    const killed = (error as { killed?: boolean }).killed === true;
    throw new ImportError(file, killed ? '文字识别超时' : `文字识别失败（${error instanceof Error ? error.message : String(error)}）`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
