/**
 * The comparison made fair: occurrences per 10,000 characters beside the raw counts (reports
 * differ threefold in length), any column sortable, reports without a match hidden on request
 * (counted), subtotals per level, and, where a region has reports of several years, its rate
 * year by year.
 */
import { LEVELS, type Level } from '../ingest/types.js';
import type { CompareResult, DocSummary } from '../search/types.js';

/** Columns the table sorts by. */
export const FAIR_SORTS = ['per10k', 'occurrences', 'paragraphs', 'characters', 'title', 'level', 'year', 'order'] as const;
export type FairSort = (typeof FAIR_SORTS)[number];

/** Options of `fairCompare`; every field optional, see `DEFAULT_FAIR_OPTIONS`. */
export interface FairOptions {
  sort?: FairSort;
  /** `desc` (largest first) or `asc`. */
  dir?: 'asc' | 'desc';
  /** Leave out reports without a match (their number is given as `hidden`). */
  hideZero?: boolean;
}

export const DEFAULT_FAIR_OPTIONS: Required<FairOptions> = { sort: 'per10k', dir: 'desc', hideZero: true };

/** One report's line. */
export interface FairRow {
  doc: DocSummary;
  occurrences: number;
  paragraphs: number;
  /** Occurrences per 10,000 characters of the report. */
  per10k: number;
}

/** Totals of one level. */
export interface LevelSubtotal {
  level: Level;
  reports: number;
  /** Reports with at least one occurrence. */
  matching: number;
  occurrences: number;
  paragraphs: number;
  characters: number;
  per10k: number;
}

/** A region's rate per year, for regions with reports of several years. */
export interface RegionTrend {
  region: string;
  points: Array<{ year: number; occurrences: number; characters: number; per10k: number; reports: number }>;
}

export interface FairComparison {
  rows: FairRow[];
  /** Reports left out because they have no match. */
  hidden: number;
  levels: LevelSubtotal[];
  /** Years the trend spans (ascending); empty when no region has several. */
  years: number[];
  trends: RegionTrend[];
  options: Required<FairOptions>;
}

/** Occurrences per 10,000 characters, two decimals. */
export function per10k(occurrences: number, characters: number): number {
  return characters === 0 ? 0 : Math.round((occurrences / characters) * 1_000_000) / 100;
}

const collator = new Intl.Collator('zh-CN');

function compareRows(a: FairRow, b: FairRow, sort: FairSort, order: ReadonlyMap<string, number>): number {
  switch (sort) {
    case 'per10k':
      return a.per10k - b.per10k;
    case 'occurrences':
      return a.occurrences - b.occurrences;
    case 'paragraphs':
      return a.paragraphs - b.paragraphs;
    case 'characters':
      return a.doc.characters - b.doc.characters;
    case 'title':
      return collator.compare(a.doc.title, b.doc.title);
    case 'level':
      return LEVELS.indexOf(a.doc.level) - LEVELS.indexOf(b.doc.level);
    case 'year':
      return a.doc.year - b.doc.year;
    case 'order':
      return (order.get(a.doc.id) ?? 0) - (order.get(b.doc.id) ?? 0);
  }
}

/** The fair comparison of `result` over the reports `docs` (corpus order). */
export function fairCompare(result: CompareResult, docs: readonly DocSummary[], options?: FairOptions): FairComparison {
  const resolved = { ...DEFAULT_FAIR_OPTIONS, ...options };
  const byId = new Map(docs.map((doc) => [doc.id, doc]));
  const order = new Map(docs.map((doc, i) => [doc.id, i]));
  const all: FairRow[] = result.documents.flatMap((row) => {
    const doc = byId.get(row.docId);
    return doc === undefined ? [] : [{ doc, occurrences: row.occurrences, paragraphs: row.paragraphs, per10k: per10k(row.occurrences, doc.characters) }];
  });
  const sign = resolved.dir === 'asc' ? 1 : -1;
  // Ties fall back to corpus order, whatever the direction.
  const sorted = [...all].sort((a, b) => sign * compareRows(a, b, resolved.sort, order) || compareRows(a, b, 'order', order));
  const rows = resolved.hideZero ? sorted.filter((row) => row.occurrences > 0) : sorted;
  const levels = LEVELS.flatMap((level) => {
    const of = all.filter((row) => row.doc.level === level);
    if (of.length === 0) return [];
    const occurrences = of.reduce((sum, row) => sum + row.occurrences, 0);
    const characters = of.reduce((sum, row) => sum + row.doc.characters, 0);
    return [{ level, reports: of.length, matching: of.filter((row) => row.occurrences > 0).length, occurrences, paragraphs: of.reduce((sum, row) => sum + row.paragraphs, 0), characters, per10k: per10k(occurrences, characters) }];
  });
  const { years, trends } = trendsOf(all);
  return { rows, hidden: sorted.length - rows.length, levels, years, trends, options: resolved };
}

/** Per region with reports of several years: occurrences and rate per year (all its reports of that year together). */
function trendsOf(rows: readonly FairRow[]): { years: number[]; trends: RegionTrend[] } {
  const byRegion = new Map<string, Map<number, { occurrences: number; characters: number; reports: number }>>();
  for (const row of rows) {
    let years = byRegion.get(row.doc.region);
    if (years === undefined) byRegion.set(row.doc.region, (years = new Map<number, { occurrences: number; characters: number; reports: number }>()));
    const point = years.get(row.doc.year) ?? { occurrences: 0, characters: 0, reports: 0 };
    point.occurrences += row.occurrences;
    point.characters += row.doc.characters;
    point.reports += 1;
    years.set(row.doc.year, point);
  }
  const trends: RegionTrend[] = [];
  const allYears = new Set<number>();
  for (const [region, years] of byRegion) {
    if (years.size < 2) continue;
    const points = [...years.entries()].sort((a, b) => a[0] - b[0]).map(([year, p]) => ({ year, ...p, per10k: per10k(p.occurrences, p.characters) }));
    for (const point of points) allYears.add(point.year);
    trends.push({ region, points });
  }
  return { years: [...allYears].sort((a, b) => a - b), trends };
}
