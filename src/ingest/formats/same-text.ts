/**
 * Whether an imported document is a report the corpus already holds: the same report saved as
 * a PDF from one site and as a web page from another, or already typed in as a text file.
 *
 * Texts are compared by sampled character shingles of their letters and digits, so line
 * wraps, page numbers, paragraph breaks and punctuation that differ between the formats of one
 * report do not hide the sameness, and a reading of a few thousand characters costs little.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { frontMatterValues } from './front-matter-values.js';

/** Thresholds of {@link SameText}; see {@link SAME_TEXT_DEFAULTS}. */
export interface SameTextOptions {
  /** Characters per shingle. */
  shingle: number;
  /** One shingle in `sample` is kept (by its hash), so long texts stay cheap to compare. */
  sample: number;
  /** Share of each text's shingles found in the other at which two texts are the same report. */
  same: number;
  /** Share of the smaller text's shingles found in the larger at which the import is told of it. */
  overlap: number;
  /** Texts with fewer kept shingles than this are not compared (too short to say). */
  minShingles: number;
}

export const SAME_TEXT_DEFAULTS: SameTextOptions = { shingle: 10, sample: 4, same: 0.95, overlap: 0.8, minShingles: 20 };

/** A corpus report that shares text with an import. */
export interface Sameness {
  /** The corpus file name (`qu-01.txt`). */
  file: string;
  title: string;
  /** Share of the import's sampled text found in the report (0–1). */
  ofImport: number;
  /** Share of the report's sampled text found in the import (0–1). */
  ofReport: number;
  /** Both shares reach {@link SameTextOptions.same}: the same report. */
  same: boolean;
}

interface Known {
  file: string;
  title: string;
  year: string;
  /** The body until it is first compared; then its shingles (most reports are of another year and never are). */
  text: string | Set<number>;
}

/** FNV-1a over the UTF-16 units of `s`. */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** The sampled shingles of a corpus file's body: letters and digits only, compatibility forms folded. */
export function shinglesOf(body: string, options: SameTextOptions = SAME_TEXT_DEFAULTS): Set<number> {
  const chars = Array.from(body.normalize('NFKC').replace(/[^\p{L}\p{N}]+/gu, ''));
  const kept = new Set<number>();
  for (let i = 0; i + options.shingle <= chars.length; i++) {
    const h = hash(chars.slice(i, i + options.shingle).join(''));
    if (h % options.sample === 0) kept.add(h);
  }
  return kept;
}

function shareIn(a: Set<number>, b: Set<number>): number {
  if (a.size === 0) return 0;
  let found = 0;
  for (const h of a) if (b.has(h)) found++;
  return found / a.size;
}

/**
 * The texts of a corpus directory's reports, to tell an import which of them it repeats.
 * Read once per import run; each written import is added, so a folder holding one report
 * twice is told too.
 */
export class SameText {
  readonly #known: Known[] = [];
  readonly #options: SameTextOptions;

  private constructor(options: SameTextOptions) {
    this.#options = options;
  }

  /** Reads every corpus file (`.txt`, `.md`) directly in `corpusDir`; a missing directory holds none. */
  static async read(corpusDir: string, options: Partial<SameTextOptions> = {}): Promise<SameText> {
    const texts = new SameText({ ...SAME_TEXT_DEFAULTS, ...options });
    let names: string[];
    try {
      names = (await readdir(corpusDir, { withFileTypes: true })).filter((e) => e.isFile() && /\.(?:txt|md)$/i.test(e.name) && !e.name.startsWith('.')).map((e) => e.name);
    } catch {
      return texts;
    }
    for (const name of names.sort()) {
      try {
        texts.add(name, await readFile(join(corpusDir, name), 'utf8'));
      } catch {
        // An unreadable corpus file is the loader's to report; it cannot be compared.
      }
    }
    return texts;
  }

  /** Adds the corpus file `file` with its whole text (front matter and body). */
  add(file: string, text: string): void {
    const { values, body } = frontMatterValues(text);
    this.#known.push({ file, title: values.get('title') ?? '', year: values.get('year') ?? '', text: body });
  }

  /**
   * The report sharing most text with the corpus file text `text` that would be written as
   * `file`, when one shares at least the overlap threshold of the smaller of the two; reports
   * of another year are not compared when both years are known, and `file` itself (the same
   * original imported again) never is.
   */
  find(file: string, text: string): Sameness | null {
    const { values, body } = frontMatterValues(text);
    const year = values.get('year') ?? '';
    const shingles = shinglesOf(body, this.#options);
    if (shingles.size < this.#options.minShingles) return null;
    let best: Sameness | null = null;
    for (const known of this.#known) {
      if (known.file === file) continue;
      if (year !== '' && known.year !== '' && year !== known.year) continue;
      if (typeof known.text === 'string') known.text = shinglesOf(known.text, this.#options);
      if (known.text.size < this.#options.minShingles) continue;
      const ofImport = shareIn(shingles, known.text);
      const ofReport = shareIn(known.text, shingles);
      if (Math.max(ofImport, ofReport) < this.#options.overlap) continue;
      const candidate = { file: known.file, title: known.title, ofImport, ofReport, same: ofImport >= this.#options.same && ofReport >= this.#options.same };
      if (best === null || Math.min(ofImport, ofReport) > Math.min(best.ofImport, best.ofReport)) best = candidate;
    }
    return best;
  }
}

/** Percentage shown to a user: whole numbers, never 100 % for a share below 1. */
function percent(share: number): string {
  return `${String(share < 1 ? Math.min(99, Math.round(share * 100)) : 100)}%`;
}

/** What a user reads (in Chinese) about an import that shares text with `s`; the caller names the file. */
export function describeSameness(s: Sameness): string {
  const report = `已收录的 ${s.file}${s.title === '' ? '' : `（${s.title}）`}`;
  if (s.same) return `与${report}内容相同，是同一份报告，未重复导入`;
  if (s.ofImport >= s.ofReport) return `${percent(s.ofImport)} 的文字与${report}相同，可能是同一报告的另一版本或节选；已导入，请核对后删去多余的一份`;
  return `${report}的 ${percent(s.ofReport)} 文字包含在本文件中，可能是同一报告的另一版本或其摘要；已导入，请核对`;
}
