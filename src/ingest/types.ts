/** Administrative level of the government that issued a report. */
export type Level = '省' | '市' | '区' | '县' | '镇';

/** All levels, from the widest to the narrowest; the order facets and charts use. */
export const LEVELS: readonly Level[] = ['省', '市', '区', '县', '镇'];

/** Front matter of one corpus file. */
export interface ReportMeta {
  /** Stable identifier, used in URLs and `doc:` filters (`DOC_ID_PATTERN` in `id.ts`: `[a-z0-9-]`, at most 64). */
  id: string;
  /** Display title, e.g. `2024年XX区政府工作报告（区·一）`. */
  title: string;
  /** Region label; anonymised names stay `XX…` with a distinguishing suffix. */
  region: string;
  /** Administrative level. */
  level: Level;
  /** Year the report is about (the year of the session it was given to). */
  year: number;
  /** Edition: 全文, 摘要, 图解, 改革任务 … */
  kind: string;
  /** Where the text came from: seed file name and line range, or the imported file's name. */
  source: string;
  /** The meeting the report was given to, e.g. `XX市第十七届人民代表大会第三次会议` (optional). */
  meeting?: string;
  /** The day it was given, ISO `YYYY-MM-DD` (optional). */
  date?: string;
  /** Who gave it, as the document names them, e.g. `市长 张三` (optional). */
  speaker?: string;
  /**
   * Name of the original document as received (`2024年政府工作报告.pdf`), for imported reports.
   * The file itself is kept as `originals/<id><extension of this name>` in the corpus
   * directory (see `originalPath` in `formats/originals.ts`).
   */
  original?: string;
  /** OCR engine the text was recognised with (`tesseract chi_sim`); present only for scans. */
  ocr?: string;
}

/** Optional front matter keys, in the order files are written. */
export const OPTIONAL_META_KEYS = ['meeting', 'date', 'speaker', 'original', 'ocr'] as const;

/** Inclusive 1-based line range in the corpus file body (after the front matter). */
export interface LineRange {
  from: number;
  to: number;
}

/** A heading in a report's section tree. */
export interface HeadingBlock {
  type: 'heading';
  /** 1 is the top level. */
  level: number;
  /** Clean display text of the heading (numbering marker included, e.g. `一、2023年工作回顾`). */
  text: string;
  /** Fragment id in the reader, unique within the report (`h3`). */
  anchor: string;
  /** `[start, end)` offsets of `text` in `Report.text`. */
  start: number;
  end: number;
  /** Source lines the heading was read from. */
  lines: LineRange;
}

/** A body paragraph. */
export interface ParagraphBlock {
  type: 'paragraph';
  /** 1-based paragraph number within the report (headings not counted). */
  ordinal: number;
  /** Clean display text. */
  text: string;
  /** Fragment id in the reader, unique within the report (`p12`). */
  anchor: string;
  /** Texts of the enclosing headings, outermost first (empty before the first heading). */
  sectionPath: string[];
  /** `[start, end)` offsets of `text` in `Report.text`. */
  start: number;
  end: number;
  /** Source lines the paragraph was read from. */
  lines: LineRange;
}

export type Block = HeadingBlock | ParagraphBlock;

/** A parsed report: metadata plus blocks in document order. */
export interface Report {
  meta: ReportMeta;
  /** Corpus file name (base name, e.g. `qu-01.txt`). */
  file: string;
  /**
   * Display text: every block's text joined with `\n`, in order. Block offsets point into it.
   */
  text: string;
  /** Headings and paragraphs in document order. */
  blocks: Block[];
  /** The paragraph blocks alone, in order (same objects as in `blocks`). */
  paragraphs: ParagraphBlock[];
}
