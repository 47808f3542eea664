/**
 * The corpus cut into shards by report, as rows the engine indexes. A report's shard and its
 * paragraphs' engine ids depend on its id alone, never on its place in the corpus, so adding,
 * changing or removing one report changes one shard, and only that shard is indexed again.
 */
import { createHash } from 'node:crypto';
import { LEVELS } from '../ingest/types.js';
import type { Report } from '../ingest/types.js';
import { normalize } from '../index/analyzer.js';
import { joinPath } from '../index/paragraphs.js';

/** Paragraphs per report the id scheme allows (`id = key · 2^20 + paragraph index + 1`). */
export const PARAGRAPHS_PER_REPORT = 2 ** 20;

/** The 31-bit key of a report id: its engine attribute and the high part of its paragraphs' ids. */
export function reportKey(reportId: string): number {
  return createHash('sha256').update(reportId).digest().readUInt32BE(0) >>> 1;
}

/** The shard (of `shards`) holding report `reportId`. */
export function shardOf(reportId: string, shards: number): number {
  return reportKey(reportId) % shards;
}

/** The engine id of paragraph `index` (0-based) of the report with key `key`. */
export function paragraphId(key: number, index: number): number {
  return key * PARAGRAPHS_PER_REPORT + index + 1;
}

/** `[key, index]` of an engine id. */
export function splitParagraphId(id: number): [number, number] {
  return [Math.floor((id - 1) / PARAGRAPHS_PER_REPORT), (id - 1) % PARAGRAPHS_PER_REPORT];
}

/** Text as fed to the engine: tabs and line breaks (the row format's) become spaces, which are separators anyway. */
export function feedText(text: string): string {
  return text.replace(/[\t\n\r]/gu, ' ');
}

/** Numeric code of a level attribute (position in `LEVELS`, from 1). */
export function levelCode(level: Report['meta']['level']): number {
  return LEVELS.indexOf(level) + 1;
}

/**
 * The rows of `reports` (one shard's), tab-separated as `tsvpipe` reads them: id, normalised
 * text, normalised heading path, then the attributes report key, level, year and region.
 */
export function* shardRows(reports: readonly Report[]): Generator<string> {
  for (const report of reports) {
    const key = reportKey(report.meta.id);
    const { level, year, region } = report.meta;
    const attrs = [String(key), String(levelCode(level)), String(year), feedText(region)];
    for (let index = 0; index < report.paragraphs.length; index++) {
      const paragraph = report.paragraphs[index];
      if (paragraph === undefined) continue;
      const fields = [feedText(normalize(paragraph.text)), feedText(normalize(joinPath(paragraph.sectionPath)))];
      yield [String(paragraphId(key, index)), ...fields, ...attrs].join('\t');
    }
  }
}

/** SHA-256 of what a shard's index is built from: its reports' ids, paragraphs and metadata, and the analyser. */
export function shardHash(reports: readonly Report[], analyzer: string): string {
  const hash = createHash('sha256').update(analyzer).update('\0');
  for (const report of reports) {
    const { id, level, year, region } = report.meta;
    hash.update(`${id}\0${level}\0${String(year)}\0${region}\0`);
    for (const paragraph of report.paragraphs) hash.update(joinPath(paragraph.sectionPath)).update('\0').update(paragraph.text).update('\0');
  }
  return hash.digest('hex');
}

/** `reports` split into `count` shards by `shardOf`, corpus order kept within each. */
export function splitShards(reports: readonly Report[], count: number): Report[][] {
  const shards: Report[][] = Array.from({ length: count }, () => []);
  for (const report of reports) shards[shardOf(report.meta.id, count)]?.push(report);
  return shards;
}
