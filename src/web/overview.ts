import { LEVELS, type Level } from '../ingest/types.js';
import type { DocSummary, SearchService } from '../search/types.js';

/** The corpus at a glance, for the home page. */
export interface Overview {
  reports: number;
  paragraphs: number;
  byLevel: Array<{ level: Level; reports: number; paragraphs: number }>;
  years: number[];
}

export function overview(docs: readonly DocSummary[]): Overview {
  return {
    reports: docs.length,
    paragraphs: docs.reduce((n, d) => n + d.paragraphs, 0),
    byLevel: LEVELS.flatMap((level) => {
      const of = docs.filter((d) => d.level === level);
      return of.length === 0 ? [] : [{ level, reports: of.length, paragraphs: of.reduce((n, d) => n + d.paragraphs, 0) }];
    }),
    years: [...new Set(docs.map((d) => d.year))].sort((a, b) => a - b),
  };
}

/**
 * Example queries offered on the home page: phrases that recur across the reports, one of each
 * kind of syntax. Only those that find something in the corpus at hand are shown.
 */
const EXAMPLE_CANDIDATES = [
  '高质量发展',
  '营商环境',
  '"一般公共预算收入"',
  '“绿水青山就是金山银山”',
  '千万工程 level:县',
  'heading:科技创新',
  '乡村振兴 -脱贫',
  '新质生产力 OR 数字经济',
] as const;

const exampleCache = new WeakMap<SearchService, Promise<string[]>>();

/**
 * The example queries that have results, computed once per service (again on the next call when
 * a search failed or was partial: cluster shards missing must not drop an example for good).
 */
export function examples(service: SearchService): Promise<string[]> {
  let found = exampleCache.get(service);
  if (found === undefined) {
    const held = Promise.all(
      EXAMPLE_CANDIDATES.map((q) =>
        service.search(q, { size: 1 }).then(
          (r) => ({ has: r.total > 0, whole: r.partial === undefined }),
          () => ({ has: false, whole: false }),
        ),
      ),
    ).then((answers) => {
      if (answers.some((answer) => !answer.whole)) exampleCache.delete(service);
      return EXAMPLE_CANDIDATES.filter((_, i) => answers[i]?.has === true);
    });
    found = held;
    exampleCache.set(service, held);
  }
  return found;
}
