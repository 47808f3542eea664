/**
 * The fixed 30-query mix the side-by-side and scale benchmarks time: terms, exact phrases,
 * exclusions and filters, as a reader of the reports would type them. Phrases come from the
 * measured list in the corpus notes (several cross line wraps in the sources); terms include
 * unspaced Chinese runs the analyser cuts into common sub-words (数字经济核心产业), the case an
 * index finds hardest. Filters use only `level:` and `year:`, which hold at every corpus size
 * (document ids differ between the bundled and the generated corpora).
 */

/** What a query exercises, for per-kind percentiles. */
export type QueryKind = 'term' | 'phrase' | 'exclusion' | 'filter';

export interface BenchQuery {
  kind: QueryKind;
  q: string;
}

/** Kinds in table order. */
export const QUERY_KINDS: readonly QueryKind[] = ['term', 'phrase', 'exclusion', 'filter'];

export const QUERY_MIX: readonly BenchQuery[] = [
  { kind: 'term', q: '营商环境' },
  { kind: 'term', q: '数字经济核心产业' },
  { kind: 'term', q: '乡村振兴' },
  { kind: 'term', q: '新质生产力' },
  { kind: 'term', q: '营商环境优化' },
  { kind: 'term', q: '科技创新 人才' },
  { kind: 'term', q: '养老 服务' },
  { kind: 'term', q: '招商引资' },
  { kind: 'term', q: '城市更新' },
  { kind: 'term', q: '6.2%' },
  { kind: 'phrase', q: '"高质量发展"' },
  { kind: 'phrase', q: '"一般公共预算收入"' },
  { kind: 'phrase', q: '"社会消费品零售总额"' },
  { kind: 'phrase', q: '"稳中求进工作总基调"' },
  { kind: 'phrase', q: '"绿水青山就是金山银山"' },
  { kind: 'phrase', q: '"千万工程"' },
  { kind: 'phrase', q: '"规上工业增加值"' },
  { kind: 'phrase', q: '"政府和社会资本合作"' },
  { kind: 'phrase', q: '"城乡居民收入倍差"' },
  { kind: 'phrase', q: '“中华人民共和国成立75周年”' },
  { kind: 'exclusion', q: '高质量发展 -经济' },
  { kind: 'exclusion', q: '营商环境 -优化' },
  { kind: 'exclusion', q: '乡村振兴 -农业' },
  { kind: 'exclusion', q: '"产业链" -制造业' },
  { kind: 'exclusion', q: '民生 -教育 -医疗' },
  { kind: 'filter', q: '营商环境 level:区' },
  { kind: 'filter', q: '"高质量发展" level:县' },
  { kind: 'filter', q: '乡村振兴 year:2024' },
  { kind: 'filter', q: '科技创新 level:市|县' },
  { kind: 'filter', q: '就业 level:镇 year:2024' },
];
