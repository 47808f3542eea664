/**
 * The corpus as the baseline engines see it: every paragraph numbered in corpus order (the
 * numbering the search core uses), with its normalised text and heading path, and the filters
 * and facets of the query language evaluated over report metadata.
 */
import type { Level, Report } from '../../src/ingest/index.js';
import type { QueryFilters } from '../../src/query/index.js';
import { analyze, normalize } from '../../src/text/index.js';

export interface CorpusView {
  reports: readonly Report[];
  /** Report index of each paragraph. */
  reportOf: Int32Array;
  /** `normalize(text)` of each paragraph. */
  norms: string[];
  /** Normalised heading path of each paragraph, headings joined with `\n`. */
  paths: string[];
}

/** Normalises every paragraph and heading path (a path shared by paragraphs is normalised once). */
export function viewCorpus(reports: readonly Report[]): CorpusView {
  const norms: string[] = [];
  const paths: string[] = [];
  const reportOf: number[] = [];
  const pathCache = new Map<string, string>();
  reports.forEach((report, r) => {
    for (const paragraph of report.paragraphs) {
      norms.push(normalize(paragraph.text));
      const joined = paragraph.sectionPath.join('\n');
      let path = pathCache.get(joined);
      if (path === undefined) {
        path = normalize(joined);
        pathCache.set(joined, path);
      }
      paths.push(path);
      reportOf.push(r);
    }
  });
  return { reports, reportOf: Int32Array.from(reportOf), norms, paths };
}

/** Whether report `r` passes the query's filters; `undefined` when there are none. */
export function reportFilter(view: CorpusView, filters: QueryFilters): ((r: number) => boolean) | undefined {
  if (filters.level.length + filters.doc.length + filters.year.length === 0) return undefined;
  const allowed = view.reports.map(
    (report) =>
      (filters.level.length === 0 || filters.level.includes(report.meta.level)) &&
      (filters.doc.length === 0 || filters.doc.includes(report.meta.id)) &&
      (filters.year.length === 0 || filters.year.includes(report.meta.year)),
  );
  return (r) => allowed[r] === true;
}

/** What every engine returns for a query: the matching paragraphs and facet counts. */
export interface EngineResult {
  total: number;
  /** Paragraphs per level. */
  level: Partial<Record<Level, number>>;
  /** Paragraphs per document id. */
  doc: Record<string, number>;
}

/** Counts matching paragraphs by level and by document, as the search API's facets do. */
export function facetCounts(view: CorpusView, ids: Iterable<number>): EngineResult {
  const perReport = new Int32Array(view.reports.length);
  let total = 0;
  for (const id of ids) {
    const r = view.reportOf[id] ?? 0;
    perReport[r] = (perReport[r] ?? 0) + 1;
    total++;
  }
  const level: Partial<Record<Level, number>> = {};
  const doc: Record<string, number> = {};
  view.reports.forEach((report, r) => {
    const count = perReport[r] ?? 0;
    if (count === 0) return;
    doc[report.meta.id] = count;
    level[report.meta.level] = (level[report.meta.level] ?? 0) + count;
  });
  return { total, level, doc };
}

function indexTerms(text: string): string[] {
  return analyze(text, { mode: 'index' }).map((token) => token.term);
}

/**
 * Calls `add(id, terms)` for every paragraph with the index-mode terms of its own text joined by
 * spaces: how the token engines (FlexSearch, Orama) are fed exactly our terms. Only the text, as
 * the search core counts a word: in the paragraph's own text (a match only through the headings
 * is offered apart, uncounted, and the peers offer none); `heading:` words read the paths.
 */
export function forEachAnalysed(view: CorpusView, add: (id: number, terms: string) => void): void {
  let id = 0;
  for (const report of view.reports) for (const paragraph of report.paragraphs) add(id++, indexTerms(paragraph.text).join(' '));
}
