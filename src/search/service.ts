/**
 * The search service over one index: queries, comparison across documents, completions and the
 * reader view. Knows nothing of HTTP; the web layer and the CLIs call it.
 */
import type { Level, Report } from '../ingest/types.js';
import { LEVELS } from '../ingest/types.js';
import { normalize, normalizeQuery } from '../index/analyzer.js';
import type { SearchIndex } from '../index/index.js';
import { PATH_SEPARATOR } from '../index/paragraphs.js';
import { countByRange, EMPTY, intersect, subtract, union } from '../index/postings.js';
import { complete } from '../index/vocabulary.js';
import { parseQuery, QueryError, type ParsedQuery } from '../query/index.js';
import { SearchOptionError } from './errors.js';
import { evaluate, formsOf, matchesText, type TextProofs } from './evaluate.js';
import { needsBounds } from './bounds.js';
import { highlight, mergeRanges, occurrences } from './highlight.js';
import { resolveOptions } from './options.js';
import { asTyped, compile, positiveLeaves, type CompileReport, type Leaf, type Plan } from './plan.js';
import { relax } from './relax.js';
import { score, TIER_SCORE, topOrder } from './rank.js';
import { snippet } from './snippet.js';
import type { CompareResult, DocSummary, Facets, Hit, Range, Reading, ReaderDocument, SearchOptions, SearchResult, SearchService } from './types.js';

/** A UTF-16 surrogate without its pair (with the `u` flag, pairs are matched as one code point). */
const LONE_SURROGATE = /[\ud800-\udfff]/gu;

/** Default and largest number of completions. */
export const SUGGEST_LIMIT = { default: 10, max: 50 } as const;

/** What a query asks for, compiled once. */
interface Prepared {
  parsed: ParsedQuery;
  /** The compiled tree (`null` for filters alone). */
  plan: Plan | null;
  /** Paragraphs whose own text matches, ascending: what is counted. */
  ids: Int32Array;
  /**
   * Paragraphs that match only when their heading path is read with their text, ascending:
   * offered after `ids`, labelled, never counted.
   */
  sectionIds: Int32Array;
  /** What the evaluation proved about whole words (for ranking). */
  proofs: TextProofs;
  leaves: Leaf[];
  /** Needles to mark in paragraph text. */
  textNeedles: string[];
  /** Needles to mark in headings. */
  headingNeedles: string[];
  /** Word needles that match only standing on their own (`bounds.ts`). */
  words: ReadonlySet<string>;
  notes: string[];
  /** How the words were read (dropped, expanded, relaxed). */
  reading: Reading;
  /** Added to the scores of `ids` (aligned with it): the rarity of a relaxed answer. */
  boost?: Float64Array;
}

/** How a query's words are taken (see `SearchOptions`). */
interface ReadMode {
  strict?: boolean;
  asTyped?: boolean;
}

function summarize(report: Report): DocSummary {
  const { id, title, region, level, year, kind } = report.meta;
  return { id, title, region, level, year, kind, paragraphs: report.paragraphs.length };
}

/** Needles (and runs) of words that match only standing on their own (`bounds.ts`); a phrase's own needles stay plain. */
function wordNeedlesOf(leaves: readonly Leaf[]): Set<string> {
  const phrases = new Set(leaves.filter((leaf) => leaf.source === 'phrase').flatMap((leaf) => leaf.needles));
  const out = new Set<string>();
  for (const leaf of leaves) {
    if (leaf.source !== 'term') continue;
    for (const needle of leaf.run === undefined ? leaf.needles : [leaf.run, ...leaf.needles]) {
      for (const form of formsOf(leaf, needle)) if (needsBounds(form) && !phrases.has(form)) out.add(form);
    }
  }
  return out;
}

/** Needles of the leaves, whole words first so they merge as one mark. */
function needlesOf(leaves: readonly Leaf[], fields: readonly string[]): string[] {
  const out = new Set<string>();
  for (const leaf of leaves) {
    if (!fields.includes(leaf.field)) continue;
    if (leaf.run !== undefined) out.add(leaf.run);
    for (const needle of leaf.needles) for (const form of formsOf(leaf, needle)) out.add(form);
  }
  return [...out];
}

/** `SearchService` over an index. */
export class IndexSearchService implements SearchService {
  readonly #index: SearchIndex;
  readonly #summaries: DocSummary[];
  readonly #reportById: Map<string, number>;
  readonly #splitPaths: (string[] | undefined)[] = [];
  /** The paragraphs each level and each year allows, ascending (filters cost no pass per query). */
  readonly #filterLists: { level: Map<Level, Int32Array>; year: Map<number, Int32Array> };

  constructor(index: SearchIndex) {
    this.#index = index;
    this.#summaries = index.table.reports.map(summarize);
    this.#reportById = new Map(index.table.reports.map((report, i) => [report.meta.id, i]));
    const { reports, reportStart } = index.table;
    this.#filterLists = {
      level: paragraphsBy(reports, reportStart, (report) => report.meta.level),
      year: paragraphsBy(reports, reportStart, (report) => report.meta.year),
    };
  }

  documents(): DocSummary[] {
    return this.#summaries.map((summary) => ({ ...summary }));
  }

  /** Paragraphs allowed by the filters (query and options combined), or `undefined` for all. */
  #allowed(parsed: ParsedQuery, level: readonly Level[], doc: readonly string[]): { ids: Int32Array | undefined; notes: string[] } {
    const { filters } = parsed;
    const notes: string[] = [];
    for (const id of filters.doc) if (!this.#reportById.has(id)) notes.push(`没有编号为“${id}”的文件`);
    // Each filter allows the paragraphs of any of its values; all filters must hold.
    const lists: Int32Array[] = [];
    const add = <T>(values: readonly T[], listOf: (value: T) => Int32Array): void => {
      if (values.length > 0) lists.push(values.map(listOf).reduce(union));
    };
    add(filters.level, (value) => this.#filterLists.level.get(value) ?? EMPTY);
    add(level, (value) => this.#filterLists.level.get(value) ?? EMPTY);
    add(filters.doc, (value) => this.#documentParagraphs(value));
    add(doc, (value) => this.#documentParagraphs(value));
    add(filters.year, (value) => this.#filterLists.year.get(value) ?? EMPTY);
    if (lists.length === 0) return { ids: undefined, notes };
    lists.sort((a, b) => a.length - b.length);
    return { ids: lists.reduce(intersect), notes };
  }

  /** The paragraphs of document `id` (none for an unknown id). */
  #documentParagraphs(id: string): Int32Array {
    const r = this.#reportById.get(id);
    if (r === undefined) return EMPTY;
    const { reportStart } = this.#index.table;
    return rangeOf(reportStart[r] ?? 0, reportStart[r + 1] ?? 0);
  }

  #prepare(query: string, level: readonly Level[] = [], doc: readonly string[] = [], mode: ReadMode = {}): Prepared {
    const parsed = parseQuery(query);
    const allowed = this.#allowed(parsed, level, doc);
    const notes = [...parsed.notes, ...allowed.notes];
    const strict = mode.strict === true || mode.asTyped === true;
    const report: CompileReport = { dropped: [], expanded: [] };
    const compiled = parsed.root === null ? null : compile(parsed.root, { dropQuestionWords: !strict, variants: !strict }, report);
    const plan = compiled !== null && mode.asTyped === true ? asTyped(compiled) : compiled;
    const reading: Reading = { dropped: report.dropped, expansions: report.expanded.map(({ form, variants }) => ({ form, variants: [...variants] })), relaxation: null };
    if (plan === null) {
      // Filters alone list their paragraphs in document order; an empty query finds nothing.
      const ids = parsed.root === null ? (allowed.ids ?? new Int32Array(0)) : new Int32Array(0);
      if (parsed.root !== null) notes.push('查询里没有可检索的字词');
      return { parsed, plan: null, ids, sectionIds: EMPTY, proofs: new Map(), leaves: [], textNeedles: [], headingNeedles: [], words: new Set(), notes, reading };
    }
    if (reading.dropped.length > 0) notes.push(`已省略疑问词：${reading.dropped.join('、')}（要保留，请给它加引号）`);
    if (reading.expansions.length > 0) notes.push(`同时搜索了：${reading.expansions.map(({ form, variants }) => `${form} → ${variants.join('、')}`).join('；')}`);
    const leaves = positiveLeaves(plan);
    const proofs: TextProofs = new Map();
    let ids = evaluate(this.#index, plan, allowed.ids, proofs, 'text');
    // Only a word of the `any` field can match through a heading.
    const sectionIds = leaves.some((leaf) => leaf.source === 'term' && leaf.field === 'any')
      ? subtract(evaluate(this.#index, plan, allowed.ids, undefined, 'section'), ids)
      : EMPTY;
    let boost: Float64Array | undefined;
    if (ids.length === 0 && sectionIds.length === 0 && !strict) {
      const relaxed = relax(this.#index, plan, allowed.ids);
      if (relaxed !== null) {
        ids = relaxed.ids;
        boost = relaxed.rarity.map((rarity) => rarity * TIER_SCORE);
        reading.relaxation = { required: relaxed.required, matched: relaxed.matched, words: relaxed.words };
        notes.push(`没有同时包含全部词语（${relaxed.words.join('、')}）的段落，以下结果包含其中 ${String(relaxed.matched)} 个`);
      }
    }
    const prepared: Prepared = {
      parsed,
      plan,
      ids,
      sectionIds,
      proofs,
      leaves,
      textNeedles: needlesOf(leaves, ['any']),
      headingNeedles: needlesOf(leaves, ['any', 'heading']),
      words: wordNeedlesOf(leaves),
      notes,
      reading,
    };
    if (boost !== undefined) prepared.boost = boost;
    return prepared;
  }

  search(query: string, options?: SearchOptions): SearchResult {
    const started = performance.now();
    const { page, size, sort, level, doc, strict, asTyped: typed } = resolveOptions(options, (id) => this.#reportById.has(id));
    const prepared = this.#prepare(query, level, doc, { strict, asTyped: typed });
    const { ids, sectionIds } = prepared;
    const facets = this.#facets(ids);
    const from = (page - 1) * size;
    // Text matches first, then the heading-only ones: each list ranked (or ordered) on its own.
    const first = this.#pageOf(ids, from, size, sort, prepared);
    const rest = Math.max(0, from - ids.length);
    const second = first.length < size ? this.#pageOf(sectionIds, rest, size - first.length, sort, prepared) : [];
    // encodeURIComponent throws on a lone surrogate; such a character cannot be in the text anyway.
    const encoded = encodeURIComponent(query.replace(LONE_SURROGATE, '\ufffd'));
    const hits = [
      ...first.map(([id, hitScore]) => this.#hit(id, hitScore, 'text', encoded, prepared)),
      ...second.map(([id, hitScore]) => this.#hit(id, hitScore, 'heading', encoded, prepared)),
    ];
    return {
      query,
      total: ids.length,
      headingMatches: sectionIds.length,
      page,
      size,
      tookMs: Math.round((performance.now() - started) * 1000) / 1000,
      hits,
      facets,
      notes: prepared.notes,
      ...prepared.reading,
    };
  }

  /** `[paragraph, score]` of positions `from` to `from + count` of `ids` in the requested order. */
  #pageOf(ids: Int32Array, from: number, count: number, sort: 'relevance' | 'order', prepared: Prepared): Array<[number, number]> {
    if (from >= ids.length || count <= 0) return [];
    if (sort === 'order' || prepared.leaves.length === 0) return Array.from(ids.subarray(from, from + count), (id) => [id, 0]);
    const own = ids === prepared.ids;
    const scores = score(this.#index, ids, prepared.leaves, own ? prepared.proofs : undefined);
    if (own && prepared.boost !== undefined) prepared.boost.forEach((extra, i) => (scores[i] = (scores[i] ?? 0) + extra));
    return topOrder(scores, from + count)
      .slice(from, from + count)
      .map((i) => [ids[i] ?? 0, scores[i] ?? 0]);
  }

  #facets(ids: Int32Array): Facets {
    const { reportOf, reportStart, reports } = this.#index.table;
    // Reports are contiguous ranges of ascending paragraph numbers: only those with matches are visited.
    const { ranges, counts } = countByRange(ids, reportStart, reportOf);
    const doc: Record<string, number> = {};
    const levelCounts = new Map<Level, number>();
    for (let i = 0; i < ranges.length; i++) {
      const meta = reports[ranges[i] ?? 0]?.meta;
      if (meta === undefined) continue;
      const count = counts[i] ?? 0;
      doc[meta.id] = count;
      levelCounts.set(meta.level, (levelCounts.get(meta.level) ?? 0) + count);
    }
    const level: Partial<Record<Level, number>> = {};
    for (const name of LEVELS) {
      const count = levelCounts.get(name);
      if (count !== undefined) level[name] = count;
    }
    return { level, doc };
  }

  #hit(id: number, hitScore: number, match: Hit['match'], encodedQuery: string, prepared: Prepared): Hit {
    const { blocks, reports, reportOf, norms, pathOf } = this.#index.table;
    const block = blocks[id];
    const report = reports[reportOf[id] ?? 0];
    if (block === undefined || report === undefined) throw new Error(`search: no paragraph ${String(id)}`);
    const { meta } = report;
    const highlights = highlight(norms[id] ?? '', prepared.textNeedles, prepared.words);
    const headingNorms = this.#pathParts(pathOf[id] ?? 0);
    return {
      docId: meta.id,
      title: meta.title,
      region: meta.region,
      level: meta.level,
      year: meta.year,
      kind: meta.kind,
      sectionPath: [...block.sectionPath],
      paragraph: block.ordinal,
      anchor: block.anchor,
      url: `/doc/${meta.id}?q=${encodedQuery}#${block.anchor}`,
      text: block.text,
      highlights,
      snippet: snippet(block.text, highlights),
      sectionHighlights: block.sectionPath.map((_, i) => highlight(headingNorms[i] ?? '', prepared.headingNeedles, prepared.words)),
      score: Math.round(hitScore * 1e6) / 1e6,
      match,
    };
  }

  /** The normalised headings of distinct path `p`, split once and kept. */
  #pathParts(p: number): string[] {
    let parts = this.#splitPaths[p];
    if (parts === undefined) {
      const path = this.#index.table.paths[p] ?? '';
      parts = path === '' ? [] : path.split(PATH_SEPARATOR);
      this.#splitPaths[p] = parts;
    }
    return parts;
  }

  compare(query: string): CompareResult {
    const parsed = parseQuery(query);
    const typed = parsed.root === null ? null : compile(parsed.root);
    const plan = typed === null ? null : asTyped(typed);
    const { reports, reportOf, norms, headingNorms } = this.#index.table;
    const leaves = plan === null ? [] : positiveLeaves(plan);
    const words = leaves.map((leaf) => leaf.label);
    const needles = leaves.map((leaf) => leaf.needles);
    const bounded = wordNeedlesOf(leaves);
    const rows = reports.map(() => ({ occurrences: 0, paragraphs: 0, headings: 0, words: words.map(() => 0) }));
    // Each word's occurrences, and all of them merged (overlapping matches of two words count once).
    const tally = (row: (typeof rows)[number], norm: string): void => {
      const all: Range[] = [];
      needles.forEach((list, w) => {
        const found = occurrences(norm, list, bounded);
        row.words[w] = (row.words[w] ?? 0) + mergeRanges(found, false).length;
        all.push(...found);
      });
      row.occurrences += mergeRanges(all, false).length;
    };
    if (plan !== null) {
      const allowed = this.#allowed(parsed, [], []).ids;
      for (const id of evaluate(this.#index, plan, allowed, undefined, 'text')) {
        const row = rows[reportOf[id] ?? 0];
        if (row === undefined) continue;
        row.paragraphs++;
        tally(row, norms[id] ?? '');
      }
      // Headings are units of their own: one whose text matches counts with its occurrences.
      const inFilter = allowed === undefined ? undefined : new Set(Array.from(allowed, (id) => reportOf[id] ?? 0));
      headingNorms.forEach((headings, r) => {
        const row = rows[r];
        if (row === undefined || (inFilter !== undefined && !inFilter.has(r))) return;
        for (const norm of headings) {
          if (!matchesText(plan, norm)) continue;
          row.headings++;
          tally(row, norm);
        }
      });
    }
    const documents = reports.map((report, r) => ({
      docId: report.meta.id,
      title: report.meta.title,
      region: report.meta.region,
      level: report.meta.level,
      occurrences: rows[r]?.occurrences ?? 0,
      paragraphs: rows[r]?.paragraphs ?? 0,
      headings: rows[r]?.headings ?? 0,
      words: rows[r]?.words ?? [],
    }));
    return {
      query,
      words,
      totalOccurrences: documents.reduce((sum, row) => sum + row.occurrences, 0),
      totalParagraphs: documents.reduce((sum, row) => sum + row.paragraphs, 0),
      totalHeadings: documents.reduce((sum, row) => sum + row.headings, 0),
      documents,
      notes: parsed.notes,
    };
  }

  suggest(prefix: string, limit: number = SUGGEST_LIMIT.default): string[] {
    if (!Number.isInteger(limit) || limit < 1 || limit > SUGGEST_LIMIT.max) {
      throw new SearchOptionError('limit', limit, `an integer from 1 to ${String(SUGGEST_LIMIT.max)}`);
    }
    // Complete the last word; keep what comes before it as typed.
    const match = /^(.*\s)?(\S+)$/su.exec(prefix.trimStart());
    if (match === null) return [];
    const head = match[1] ?? '';
    const last = normalizeQuery(match[2] ?? '');
    return complete(this.#index.vocabulary, last, limit).map((completion) => head + completion);
  }

  read(docId: string, query?: string): ReaderDocument | undefined {
    const r = this.#reportById.get(docId);
    const report = r === undefined ? undefined : this.#index.table.reports[r];
    if (r === undefined || report === undefined) return undefined;
    let prepared: Prepared | undefined;
    if (query !== undefined && query.trim() !== '') {
      try {
        prepared = this.#prepare(query);
      } catch (error) {
        // A reader link with a broken query still shows the document, unmarked.
        if (!(error instanceof QueryError)) throw error;
      }
    }
    const { norms, reportStart } = this.#index.table;
    const first = reportStart[r] ?? 0;
    const matching = prepared === undefined ? new Int32Array(0) : intersect(prepared.ids, rangeOf(first, reportStart[r + 1] ?? first));
    const matchingSet = new Set(matching);
    const headingPath: string[] = [];
    const matchAnchors: string[] = [];
    let id = first;
    const blocks: ReaderDocument['blocks'] = report.blocks.map((block) => {
      if (block.type === 'heading') {
        // Keep the enclosing headings only (a level may be skipped: never pad with holes).
        if (headingPath.length > block.level - 1) headingPath.length = Math.max(0, block.level - 1);
        const norm = normalize(block.text);
        const marks: Range[] = prepared === undefined ? [] : highlight(norm, prepared.headingNeedles, prepared.words);
        if (prepared?.plan != null && matchesText(prepared.plan, norm)) matchAnchors.push(block.anchor);
        const entry = { type: 'heading' as const, level: block.level, sectionPath: [...headingPath], text: block.text, anchor: block.anchor, highlights: marks };
        headingPath.push(block.text);
        return entry;
      }
      const marks: Range[] = prepared === undefined ? [] : highlight(norms[id] ?? '', prepared.textNeedles, prepared.words);
      // Navigation goes to the paragraphs the query matches (and the headings it matches alone).
      if (matchingSet.has(id)) matchAnchors.push(block.anchor);
      id++;
      return { type: 'paragraph' as const, paragraph: block.ordinal, sectionPath: [...block.sectionPath], text: block.text, anchor: block.anchor, highlights: marks };
    });
    return { summary: summarize(report), source: report.meta.source, blocks, matchAnchors };
  }
}

function rangeOf(from: number, to: number): Int32Array {
  const out = new Int32Array(Math.max(0, to - from));
  for (let i = 0; i < out.length; i++) out[i] = from + i;
  return out;
}

/** For each key, the paragraphs of the reports having it, ascending (reports are contiguous ranges). */
export function paragraphsBy<K>(reports: readonly Report[], reportStart: Int32Array, keyOf: (report: Report) => K): Map<K, Int32Array> {
  const ranges = new Map<K, number[]>();
  reports.forEach((report, r) => {
    const key = keyOf(report);
    let list = ranges.get(key);
    if (list === undefined) ranges.set(key, (list = []));
    list.push(r);
  });
  const out = new Map<K, Int32Array>();
  for (const [key, list] of ranges) {
    const size = list.reduce((sum, r) => sum + (reportStart[r + 1] ?? 0) - (reportStart[r] ?? 0), 0);
    const ids = new Int32Array(size);
    let n = 0;
    for (const r of list) for (let p = reportStart[r] ?? 0; p < (reportStart[r + 1] ?? 0); p++) ids[n++] = p;
    out.set(key, ids);
  }
  return out;
}
