/**
 * One import path for every format: a PDF, Word file, web page or text file → a corpus file
 * (front matter the user can edit, then the text) that the corpus parser reads like any other,
 * with how the document was read and what the user must still fill in.
 */
import { createHash } from 'node:crypto';
import { extname } from 'node:path';
import { CorpusError } from '../errors.js';
import { formatFrontMatter, parseFrontMatter } from '../frontmatter.js';
import { markerOf } from '../markers.js';
import { analyzeReport } from '../parse.js';
import { removeExtractionSpaces } from '../spaces.js';
import { corpusJson, type CorpusJsonDocument } from '../summary.js';
import { LEVELS, type Level, type ReportMeta } from '../types.js';
import { checkSize, extractDocument } from './extract.js';
import { extractInWorker } from './isolate.js';
import { IMPORT_LIMITS, type ImportLimits } from './limits.js';
import { inferMeta, levelOf } from './metadata.js';
import { ImportError, type DocumentFormat, type ExtractedBlock, type ExtractedDocument } from './types.js';

/** A document to import: its name as received and its bytes. */
export interface ImportInput {
  /** File name as received (a base name: no directory, no control characters). */
  name: string;
  bytes: Uint8Array;
}

/** Options of {@link importDocument}. */
export interface ImportOptions {
  /** Metadata given by the user; wins over what is read from the document. */
  meta?: Partial<Omit<ReportMeta, 'id'>> & { id?: string };
  /** Bounds on time, memory and size; merged over {@link IMPORT_LIMITS}. */
  limits?: Partial<ImportLimits>;
  /** Recognise scanned PDFs with tesseract where installed (default true). */
  ocr?: boolean;
  /**
   * Read the file in a worker thread with a heap limit, stopped at the time limit (default
   * true). Off only for tests of the readers themselves.
   */
  isolate?: boolean;
}

/** How a document was read. */
export interface ImportStats {
  format: DocumentFormat;
  /** Pages (PDF) or `null`. */
  pages: number | null;
  paragraphs: number;
  /** Headings per level, index 0 = level 1. */
  headings: number[];
  tables: number;
  /** Paragraph breaks decided on thin evidence, by the format reader and the corpus parser. */
  doubtfulBreaks: number;
  /** Running headers, footers and page numbers dropped. */
  droppedLines: number;
  /** OCR engine, for a scan. */
  ocr: string | null;
  /** Encoding of a text file or web page. */
  encoding: string | null;
  /** Characters of text in blocks. */
  characters: number;
}

/** Metadata of an imported document; `null` where neither the document nor the user said. */
export type ImportedMeta = { [K in 'title' | 'region' | 'year' | 'kind']: ReportMeta[K] | null } & {
  id: string;
  level: Level | null;
  source: string;
} & Pick<ReportMeta, 'meeting' | 'date' | 'speaker' | 'original' | 'ocr'>;

/** The outcome of importing one document. */
export interface ImportResult {
  /** The file's name as given. */
  file: string;
  /**
   * The corpus file to write: `name` is `<id>.txt`, `text` its whole content (front matter
   * included). It loads once `missing` is empty; until then the loader names the empty field.
   */
  corpusFile: { name: string; text: string };
  /**
   * Where the original is kept, relative to the corpus directory: `originals/<id><ext>`
   * (see {@link originalPath}).
   */
  originalFile: string;
  metadata: ImportedMeta;
  /** Required fields neither the document nor the user gave. */
  missing: ('title' | 'region' | 'level' | 'year' | 'kind')[];
  /** What the user should know or do, in Chinese, each naming the file. */
  problems: string[];
  stats: ImportStats;
  /** Headings and paragraphs as `corpus --json` prints them. */
  blocks: CorpusJsonDocument['blocks'];
}

const FIELD_NAMES: Record<ImportResult['missing'][number], string> = { title: '标题', region: '地区', level: '级别', year: '年份', kind: '类型' };
const LEVEL_PREFIX: Record<Level, string> = { 省: 'sheng', 市: 'shi', 区: 'qu', 县: 'xian', 镇: 'zhen' };
/** Characters a received file name must not hold: path separators and control characters. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
const UNSAFE_NAME = /[/\\\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

/**
 * Refuses a name that is not a plain file name: a path (`../x.pdf`, `a/b.pdf`), `.` or `..`,
 * control or bidirectional-override characters, an over-long name.
 */
export function checkFileName(name: string): void {
  const shown = JSON.stringify(name);
  if (name === '' || name === '.' || name === '..' || name.startsWith('..') || UNSAFE_NAME.test(name)) {
    throw new ImportError(shown, '文件名含有路径（../ 或 /）或控制字符，已拒绝；请改为普通文件名后再导入');
  }
  if (Buffer.byteLength(name) > 255) throw new ImportError(shown.slice(0, 40), '文件名过长（超过 255 字节），已拒绝');
}

/**
 * Where an imported report's original is kept, relative to the corpus directory:
 * `originals/<id><extension>`, the extension taken from the received name (`.pdf`, `.docx` …).
 * The reader's 查看原件 link serves this file; the received name is the `original` key.
 */
export function originalPath(id: string, original: string): string {
  const ext = extname(original).toLowerCase();
  return `originals/${id}${/^\.[a-z0-9]{1,8}$/.test(ext) ? ext : ''}`;
}

/** A short unpunctuated line without a number: what the parser takes for an unnumbered heading. */
function looksBare(text: string): boolean {
  return Array.from(text).length <= 40 && !/[。！？；!?;]/.test(text) && markerOf(text, removeExtractionSpaces(text)) === null;
}

/**
 * One line of the corpus body for a block. `styled`: the document marks its headings with
 * styles, so an unstyled line is a paragraph even where it looks like a heading, and is
 * written as a list item, which the parser never reads as one.
 */
function bodyLine(block: ExtractedBlock, headingShift: number, styled: boolean): string {
  if (block.type === 'row') return `- ${block.cells.join('｜')}`;
  const text = block.text.replace(/\s*\n\s*/g, ' ');
  if (block.type === 'heading') return `${'#'.repeat(Math.min(6, Math.max(1, block.level - headingShift)))} ${text}`;
  if (styled && looksBare(text)) return `- ${text}`;
  return block.spaced === true ? `\n${text}` : text;
}

/**
 * The corpus body: for a text file, its text without the lines moved into the front matter;
 * for other formats one block per line, two blank lines apart (so the parser never runs two
 * together), headings the document styles as `#` lines, table rows as `- cell｜cell` items.
 */
function corpusBody(doc: ExtractedDocument, skip: ReadonlySet<number>): string {
  if (doc.raw !== undefined) {
    const drop = new Set([...skip].map((i) => doc.raw?.lineOf[i] ?? -1));
    return doc.raw.text
      .split('\n')
      .filter((_, i) => !drop.has(i))
      .join('\n');
  }
  const levels = doc.blocks.flatMap((b) => (b.type === 'heading' ? [b.level] : []));
  const shift = levels.length === 0 ? 0 : Math.min(...levels) - 1;
  return `${doc.blocks
    .filter((_, i) => !skip.has(i))
    .map((b) => bodyLine(b, shift, levels.length > 0))
    .join('\n\n\n')}\n`;
}

/** Keys of a text file's own front matter, read leniently (an import fixes what is wrong). */
function ownFrontMatter(text: string | null | undefined): Partial<Record<string, string>> {
  const out: Partial<Record<string, string>> = {};
  for (const line of (text ?? '').split('\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) out[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
  }
  return out;
}

function blockTexts(doc: ExtractedDocument): string[] {
  return doc.blocks.map((b) => (b.type === 'row' ? b.cells.join('') : b.text));
}

/** An id from the document's level and year and the original's bytes: the same file always gets the same id. */
function makeId(level: Level | null, year: number | null, bytes: Uint8Array): string {
  const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 8);
  return `${level === null ? 'doc' : LEVEL_PREFIX[level]}-${year === null ? 'x' : String(year)}-${hash}`;
}

/**
 * Imports one document: reads it (PDF, `.docx`, `.html`/`.htm`, text; a scanned PDF by OCR
 * where tesseract is installed), reads its metadata, and returns the corpus file to write
 * with how it was read. Nothing is written: the caller writes `corpusFile` into the corpus
 * directory and the original bytes to {@link ImportResult.originalFile} (see `writeImport`).
 *
 * Throws {@link ImportError} (Chinese message naming the file) for a file it refuses: an
 * unsafe name, an unsupported, malformed, encrypted or oversized file, a zip bomb, a scan
 * without OCR; the time and heap limits hold whatever the file does.
 *
 * Fields the document does not state are not guessed: they stay empty in the front matter,
 * are listed in `missing`, and `problems` says which field of which file to fill in.
 */
export async function importDocument(input: ImportInput, options: ImportOptions = {}): Promise<ImportResult> {
  checkFileName(input.name);
  const limits: ImportLimits = { ...IMPORT_LIMITS, ...options.limits, maxBytes: { ...IMPORT_LIMITS.maxBytes, ...options.limits?.maxBytes } };
  const ocr = options.ocr ?? true;
  // Refused here, before a worker is started and the bytes copied to it.
  checkSize(input.name, input.bytes, limits);
  const doc = options.isolate === false ? await extractDocument(input.name, input.bytes, limits, ocr) : await extractInWorker(input.name, input.bytes, limits, ocr);
  if (doc.blocks.length === 0) throw new ImportError(input.name, '没有读出任何文字');
  const chars = doc.blocks.reduce((n, b) => n + (b.type === 'row' ? b.cells.join('').length : b.text.length), 0);
  if (chars > limits.maxChars) throw new ImportError(input.name, `正文有 ${String(chars)} 个字符，超过上限 ${String(limits.maxChars)}，已拒绝`);

  const own = ownFrontMatter((doc as { frontMatter?: string | null }).frontMatter);
  const inferred = inferMeta(blockTexts(doc), doc.declaredTitle);
  const given = options.meta ?? {};
  const ownYear = own.year !== undefined && /^\d{4}$/.test(own.year) ? Number(own.year) : null;
  const ownLevel = own.level !== undefined && (LEVELS as readonly string[]).includes(own.level) ? (own.level as Level) : null;
  const region = given.region ?? own.region ?? inferred.region;
  const meta: ImportedMeta = {
    id: '',
    title: given.title ?? own.title ?? inferred.title,
    region,
    level: given.level ?? ownLevel ?? (region === null ? null : (inferred.level ?? levelOf(region))),
    year: given.year ?? ownYear ?? inferred.year,
    kind: given.kind ?? own.kind ?? inferred.kind,
    source: given.source ?? own.source ?? input.name,
    meeting: given.meeting ?? own.meeting ?? inferred.meeting ?? undefined,
    date: given.date ?? own.date ?? inferred.date ?? undefined,
    speaker: given.speaker ?? own.speaker ?? inferred.speaker ?? undefined,
    original: input.name,
    ocr: doc.ocr ?? undefined,
  };
  // From what the document says only, so the same file gets the same id whatever flags are given.
  meta.id = given.id ?? own.id ?? makeId(inferred.level, inferred.year, input.bytes);
  const missing = (['title', 'region', 'level', 'year', 'kind'] as const).filter((key) => meta[key] === null);

  // The title and the meeting, date and speaker lines live in the front matter now.
  const moved = new Set(inferred.metaBlocks);
  if (inferred.titleBlock !== null && meta.title === inferred.title) moved.add(inferred.titleBlock);
  const body = corpusBody(doc, moved);
  const written: ReportMeta = {
    id: meta.id,
    title: meta.title ?? '',
    region: meta.region ?? '',
    level: meta.level ?? ('' as Level),
    year: meta.year ?? ('' as unknown as number),
    kind: meta.kind ?? '',
    source: meta.source,
    meeting: meta.meeting,
    date: meta.date,
    speaker: meta.speaker,
    original: meta.original,
    ocr: meta.ocr,
  };
  const name = `${meta.id}.txt`;
  const text = formatFrontMatter(written) + body;

  // Parse what will be written, with stand-ins for the missing fields, to report exactly what
  // the corpus will hold.
  const standIn: ReportMeta = { ...written, title: meta.title ?? '（待填写）', region: meta.region ?? 'XX', level: meta.level ?? '市', year: meta.year ?? 2000, kind: meta.kind ?? '全文' };
  const problems: string[] = [];
  let analysis;
  try {
    analysis = analyzeReport(name, formatFrontMatter(standIn) + body);
    parseFrontMatter(name, formatFrontMatter(standIn));
  } catch (error) {
    if (error instanceof CorpusError) throw new ImportError(input.name, `读出的文字无法作为语料：${error.message}`);
    throw error;
  }
  for (const key of missing) {
    problems.push(`${input.name}：无法从文件中读出${FIELD_NAMES[key]}（${key}）；请在 ${name} 的 front matter 中填写 ${key} 一行（或导入时用 --${key} 指定），填写前这份报告不会被收录`);
  }
  for (const note of doc.notes) problems.push(`${input.name}：${note}`);
  const report = analysis.report;
  const headings: number[] = [];
  for (const b of report.blocks) if (b.type === 'heading') headings[b.level - 1] = (headings[b.level - 1] ?? 0) + 1;
  const json = corpusJson([report]).documents[0];
  return {
    file: input.name,
    corpusFile: { name, text },
    originalFile: originalPath(meta.id, input.name),
    metadata: meta,
    missing,
    problems,
    stats: {
      format: doc.format,
      pages: doc.pages,
      paragraphs: report.paragraphs.length,
      headings: Array.from({ length: headings.length }, (_, i) => headings[i] ?? 0),
      tables: doc.tables,
      doubtfulBreaks: doc.doubtfulBreaks + analysis.doubts.length,
      droppedLines: doc.droppedLines,
      ocr: doc.ocr,
      encoding: doc.encoding,
      characters: report.blocks.reduce((n, b) => n + Array.from(b.text).length, 0),
    },
    blocks: json?.blocks ?? [],
  };
}
