/**
 * The search service over one index: queries, comparison across documents, completions and the
 * reader view. Knows nothing of HTTP; the web layer and the CLIs call it.
 */
import type { Level, Report } from '../ingest/types.js';
import { LEVELS } from '../ingest/types.js';
import { normalize, normalizeQuery } from '../index/analyzer.js';
import type { SearchIndex } from '../index/index.js';
import { PATH_SEPARATOR } from '../index/paragraphs.js';
import { countByRange, EMPTY, intersect, union } from '../index/postings.js';
import { complete } from '../index/vocabulary.js';
import { parseQuery, QueryError, type ParsedQuery } from '../query/index.js';
import { budget, UNLIMITED, windowed, type Budget } from './budget.js';
import { SearchOptionError } from './errors.js';
import { evaluate, matchesText, type TextProofs } from './evaluate.js';
import { needsBounds } from './bounds.js';
import { highlight, mergeRanges, occurrences } from './highlight.js';
import { resolveOptions, resolveTimeLimit } from './options.js';
import { compile, positiveLeaves, type Leaf, type Plan } from './plan.js';
import { score, topOrder } from './rank.js';
import { snippet } from './snippet.js';
import type { CompareOptions, CompareResult, Coverage, DocSummary, Facets, Hit, Range, ReaderDocument, SearchCore, SearchOptions, SearchResult } from './types.js';

/** A UTF-16 surrogate without its pair (with the `u` flag, pairs are matched as one code point). */
const LONE_SURROGATE = /[\ud800-\udfff]/gu;

/** Default and largest number of completions. */
export const SUGGEST_LIMIT = { default: 10, max: 50 } as const;

/** What a query asks for, compiled once. */
interface Prepared {
  parsed: ParsedQuery;
  /** The compiled tree (`null` for filters alone). */
  plan: Plan | null;
  /** Matching paragraphs, ascending. */
  ids: Int32Array;
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
  /** Present when the budget ran out before every paragraph was examined. */
  partial?: Coverage;
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
    for (const needle of leaf.run === undefined ? leaf.needles : [leaf.run, ...leaf.needles]) if (needsBounds(needle) && !phrases.has(needle)) out.add(needle);
  }
  return out;
}

/** Needles of the leaves, whole words first so they merge as one mark. */
function needlesOf(leaves: readonly Leaf[], fields: readonly string[]): string[] {
  const out = new Set<string>();
  for (const leaf of leaves) {
    if (!fields.includes(leaf.field)) continue;
    if (leaf.run !== undefined) out.add(leaf.run);
    for (const needle of leaf.needles) out.add(needle);
  }
  return [...out];
}

/** `SearchCore` over an index held in memory. */
export class IndexSearchService implements SearchCore {
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

  #prepare(query: string, level: readonly Level[] = [], doc: readonly string[] = [], limit: Budget = UNLIMITED): Prepared {
    const parsed = parseQuery(query);
    const allowed = this.#allowed(parsed, level, doc);
    const notes = [...parsed.notes, ...allowed.notes];
    const plan = parsed.root === null ? null : compile(parsed.root);
    if (plan === null) {
      // Filters alone list their paragraphs in document order; an empty query finds nothing.
      const ids = parsed.root === null ? (allowed.ids ?? new Int32Array(0)) : new Int32Array(0);
      if (parsed.root !== null) notes.push('查询里没有可检索的字词');
      return { parsed, plan: null, ids, proofs: new Map(), leaves: [], textNeedles: [], headingNeedles: [], words: new Set(), notes };
    }
    const leaves = positiveLeaves(plan);
    const proofs: TextProofs = new Map();
    const paragraphs = this.#index.table.blocks.length;
    const found = windowed(paragraphs, allowed.ids, limit, proofs, (within, into) => evaluate(this.#index, plan, within, into));
    const { ids } = found;
    return {
      ...(found.searched < paragraphs ? { partial: { searched: found.searched, paragraphs } } : {}),
      parsed,
      plan,
      ids,
      proofs,
      leaves,
      textNeedles: needlesOf(leaves, ['any']),
      headingNeedles: needlesOf(leaves, ['any', 'heading']),
      words: wordNeedlesOf(leaves),
      notes,
    };
  }

  search(query: string, options?: SearchOptions): SearchResult {
    const started = performance.now();
    const { page, size, sort, level, doc, timeLimitMs } = resolveOptions(options, (id) => this.#reportById.has(id));
    const prepared = this.#prepare(query, level, doc, budget(timeLimitMs));
    const { ids } = prepared;
    const facets = this.#facets(ids);
    const from = (page - 1) * size;
    let pageIds: number[];
    let pageScores: number[];
    if (sort === 'order' || prepared.leaves.length === 0) {
      pageIds = Array.from(ids.subarray(from, from + size));
      pageScores = pageIds.map(() => 0);
    } else {
      const scores = score(this.#index, ids, prepared.leaves, prepared.proofs);
      const order = topOrder(scores, from + size);
      const slice = order.slice(from, from + size);
      pageIds = slice.map((i) => ids[i] ?? 0);
      pageScores = slice.map((i) => scores[i] ?? 0);
    }
    // encodeURIComponent throws on a lone surrogate; such a character cannot be in the text anyway.
    const encoded = encodeURIComponent(query.replace(LONE_SURROGATE, '\ufffd'));
    const hits = pageIds.map((id, i) => this.#hit(id, pageScores[i] ?? 0, encoded, prepared));
    return {
      query,
      total: ids.length,
      page,
      size,
      tookMs: Math.round((performance.now() - started) * 1000) / 1000,
      hits,
      facets,
      notes: prepared.notes,
      ...(prepared.partial !== undefined ? { partial: prepared.partial } : {}),
    };
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

  #hit(id: number, hitScore: number, encodedQuery: string, prepared: Prepared): Hit {
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

  compare(query: string, options?: CompareOptions): CompareResult {
    const limit = budget(resolveTimeLimit(options?.timeLimitMs));
    const prepared = this.#prepare(query, [], [], limit);
    const { reports, reportOf, reportStart, norms, headingNorms } = this.#index.table;
    // Counting reads every matching text: it stops with the budget too, at a paragraph boundary.
    let searched = prepared.partial?.searched ?? norms.length;
    const occurrencesPer = new Int32Array(reports.length);
    const paragraphsPer = new Int32Array(reports.length);
    // Overlapping matches of different terms count once; adjacent ones count apart.
    const count = (norm: string): number => mergeRanges(occurrences(norm, prepared.headingNeedles, prepared.words), false).length;
    for (let i = 0; i < prepared.ids.length; i++) {
      const id = prepared.ids[i] ?? 0;
      if (i % 16 === 15 && limit.expired()) {
        searched = Math.min(searched, id);
        break;
      }
      const r = reportOf[id] ?? 0;
      paragraphsPer[r] = (paragraphsPer[r] ?? 0) + 1;
      occurrencesPer[r] = (occurrencesPer[r] ?? 0) + mergeRanges(occurrences(norms[id] ?? '', prepared.textNeedles, prepared.words), false).length;
    }
    // Headings are text too: a phrase in a heading is an occurrence in that document.
    const { plan } = prepared;
    if (plan !== null) {
      const filtered = this.#allowed(prepared.parsed, [], []).ids;
      const inFilter = filtered === undefined ? undefined : new Set(Array.from(filtered, (id) => reportOf[id] ?? 0));
      headingNorms.forEach((headings, r) => {
        if (inFilter !== undefined && !inFilter.has(r)) return;
        // A report's headings count with its first paragraph: covered when that paragraph is.
        if ((reportStart[r] ?? 0) >= searched) return;
        for (const norm of headings) if (matchesText(plan, norm)) occurrencesPer[r] = (occurrencesPer[r] ?? 0) + count(norm);
      });
    }
    const documents = reports.map((report, r) => ({
      docId: report.meta.id,
      title: report.meta.title,
      region: report.meta.region,
      level: report.meta.level,
      occurrences: occurrencesPer[r] ?? 0,
      paragraphs: paragraphsPer[r] ?? 0,
    }));
    return {
      query,
      totalOccurrences: documents.reduce((sum, row) => sum + row.occurrences, 0),
      totalParagraphs: documents.reduce((sum, row) => sum + row.paragraphs, 0),
      documents,
      ...(searched < norms.length ? { partial: { searched, paragraphs: norms.length } } : {}),
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
