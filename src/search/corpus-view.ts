/**
 * What every search service derives from the paragraph table, whichever engine found the
 * matches: the compiled query with its needles, the filters as reports, facets, hits with
 * highlights and snippets, occurrences per report and the reader view. Engines only say which
 * paragraphs match; everything a user reads is built here, so it is identical over all engines.
 */
import type { Level, ParagraphBlock, Report } from '../ingest/types.js';
import { LEVELS } from '../ingest/types.js';
import { normalize } from '../index/analyzer.js';
import { PATH_SEPARATOR, type ParagraphTable } from '../index/paragraphs.js';
import { spellingTableOf, type SpellingTable } from '../index/spelling-table.js';
import { countByRange } from '../index/postings.js';
import type { Field, ParsedQuery } from '../query/index.js';
import { needsBounds } from './bounds.js';
import { findCopies, fold, type Copies, type Folded } from './copies.js';
import { timeCoverage, UNLIMITED, type Budget } from './budget.js';
import { formsOf, matchesText } from './evaluate.js';
import { spellPlan, Spellings } from './spellings.js';
import { mergeRanges, occurrences } from './highlight.js';
import { asTyped, compile, positiveLeaves, type CompileReport, type Leaf, type Plan } from './plan.js';
import { nearRanges, positiveNears, type NearPlan } from './proximity.js';
import { snippet } from './snippet.js';
import { completions, type SourceText } from './suggest.js';
import { partOfAnchor, partsOf, type ReaderPart } from './reader-parts.js';
import { readerUrl, withReport } from './hit-fields.js';
import { HEADING_HITS_LIMIT, headingHit, headingUnits, matchingHeadings, orderHeadings, type HeadingUnit } from './heading-hits.js';
import type { CompareResult, CopyRef, DocSummary, Facets, Hit, HeadingHit, Range, Reading, ReaderAt, ReaderDocument, ReaderPartInfo } from './types.js';

/** A UTF-16 surrogate without its pair (with the `u` flag, pairs are matched as one code point). */
const LONE_SURROGATE = /[\ud800-\udfff]/gu;

/** A query compiled once, before any engine is asked. */
export interface CompiledQuery {
  parsed: ParsedQuery;
  /** The compiled tree (`null` for filters alone). */
  plan: Plan | null;
  leaves: Leaf[];
  /** Needles to mark in paragraph text. */
  textNeedles: string[];
  /** Needles to mark in headings. */
  headingNeedles: string[];
  /** Word needles that match only standing on their own (`bounds.ts`). */
  words: ReadonlySet<string>;
  /** Proximity conditions (`/SEN`, `/NEAR`) that must or may hold; they mark their own occurrences. */
  nears: NearPlan[];
  notes: string[];
  /** How the words were read (question words dropped, variants added); `relaxation` is set by the search. */
  reading: Reading;
  /** Every word insisted on: nothing dropped, no variants, no relaxation. */
  strict: boolean;
}

/** How a query's words are taken (see `SearchOptions.strict` and `asTyped`). */
export interface ReadMode {
  strict?: boolean;
  asTyped?: boolean;
  /** The corpus's spellings (`spellings.ts`), given to every word and phrase; none when absent. */
  spellings?: Spellings;
}

/**
 * Marks in one text: the needles' occurrences and the occurrences taking part in proximity
 * matches of the given fields; touching marks join for display, not for counting.
 */
export function marks(query: CompiledQuery, norm: string, needles: readonly string[], fields: readonly Field[], joinTouching = true): Range[] {
  const found = occurrences(norm, needles, query.words);
  if (query.nears.length > 0) for (const range of nearRanges(query.nears, norm, fields)) found.push(range);
  return mergeRanges(found, joinTouching);
}

/** Reports allowed by a query's filters and the options (`undefined`: every report). */
export interface AllowedReports {
  reports: number[] | undefined;
  notes: string[];
}

export function summarize(report: Report): DocSummary {
  const { id, title, region, level, year, kind, meeting, date, speaker, original, ocr } = report.meta;
  const characters = report.blocks.reduce((sum, block) => sum + countCharacters(block.text), 0);
  // The optional keys appear only when the front matter has them (the bundled reports have none).
  const optional = Object.entries({ meeting, date, speaker, original, ocr }).filter(([, value]) => value !== undefined);
  return { id, title, region, level, year, kind, ...Object.fromEntries(optional), paragraphs: report.paragraphs.length, characters };
}

/**
 * Characters of a text, not counting whitespace (what `\s` matches; a surrogate pair is one).
 * One pass over the code units: testing each code point against a regular expression took 1.7 s
 * of a 6 s start at 100×, where every report is summarised.
 */
export function countCharacters(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
      n++;
    } else if (!isSpaceCode(c)) n++;
  }
  return n;
}

/** Whether code unit `c` is what `\s` matches (ECMAScript WhiteSpace and LineTerminator). */
function isSpaceCode(c: number): boolean {
  if (c < 0x80) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** A text the comparison counts occurrences in: a matching paragraph, or a heading matching on its own. */
export interface OccurrenceUnit {
  /** The report's position in corpus order. */
  r: number;
  docId: string;
  /** 1-based paragraph number; `null` for a heading. */
  paragraph: number | null;
  /** Fragment id in the reader. */
  anchor: string;
  /** The displayed text (offsets of the ranges are into it). */
  text: string;
  /** Where the text starts in corpus order (report, then offset), to interleave headings and paragraphs. */
  at: number;
}

/** The words and phrases a comparison counts one by one: those typed, proximity operands aside (they count through their conditions' marks). */
export function countedLeaves(query: CompiledQuery): Leaf[] {
  const proximity = new Set(query.nears.flatMap((near) => near.leaves));
  return query.leaves.filter((leaf) => !proximity.has(leaf));
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
    if (leaf.run !== undefined) for (const form of leaf.spellings?.get(leaf.run) ?? [leaf.run]) out.add(form);
    for (const needle of leaf.needles) for (const form of formsOf(leaf, needle)) out.add(form);
  }
  return [...out];
}

/**
 * Compiles a parsed query and collects what highlighting needs; `notes` are added to the
 * parser's, and so are notes on the words dropped or expanded. With `asTyped`, every word is
 * its whole run, as comparisons count it.
 */
export function compileQuery(parsed: ParsedQuery, notes: readonly string[], mode: ReadMode = {}): CompiledQuery {
  const allNotes = [...parsed.notes, ...notes];
  const strict = mode.strict === true || mode.asTyped === true;
  const report: CompileReport = { dropped: [], expanded: [] };
  const compiled = parsed.root === null ? null : compile(parsed.root, { dropQuestionWords: !strict, variants: !strict }, report);
  const plan = compiled !== null && mode.asTyped === true ? asTyped(compiled) : compiled;
  if (plan !== null && mode.spellings !== undefined) spellPlan(plan, mode.spellings);
  const reading: Reading = { dropped: report.dropped, expansions: report.expanded.map(({ form, variants }) => ({ form, variants: [...variants] })), relaxation: null, didYouMean: null };
  if (plan === null) {
    if (parsed.root !== null) allNotes.push('查询里没有可检索的字词');
    return { parsed, plan: null, leaves: [], textNeedles: [], headingNeedles: [], words: new Set(), nears: [], notes: allNotes, reading, strict };
  }
  if (reading.dropped.length > 0) allNotes.push(`已省略疑问词：${reading.dropped.join('、')}（要保留，请给它加引号）`);
  if (reading.expansions.length > 0) allNotes.push(`同时搜索了：${reading.expansions.map(({ form, variants }) => `${form} → ${variants.join('、')}`).join('；')}`);
  const marked = positiveLeaves(plan);
  const nears = positiveNears(plan);
  return {
    parsed,
    plan,
    // Proximity operands rank like phrases; their marks come from `nears`, not from needles.
    leaves: [...marked, ...nears.flatMap((near) => near.leaves)],
    textNeedles: needlesOf(marked, ['any']),
    headingNeedles: needlesOf(marked, ['any', 'heading']),
    words: wordNeedlesOf(marked),
    nears,
    notes: allNotes,
    reading,
    strict,
  };
}

/** The needles of a query's words and phrases (not excluded, not proximity operands), for spelling help. */
export function typedNeedles(query: CompiledQuery): string[] {
  const proximity = new Set(query.nears.flatMap((near) => near.leaves));
  return [...new Set(query.leaves.filter((leaf) => !proximity.has(leaf) && leaf.field === 'any').flatMap((leaf) => leaf.needles))];
}

/** The strings that satisfy `needle` in `query` (its spellings and variants): a word occurs if any of them does. */
export function needleForms(query: CompiledQuery, needle: string): readonly string[] {
  const leaf = query.leaves.find((candidate) => candidate.needles.includes(needle));
  return leaf === undefined ? [needle] : formsOf(leaf, needle);
}

/** The anchor of the heading at `depth` of `block`'s section path: the last heading of that text before it. */
function headingAnchor(report: Report, block: ParagraphBlock, depth: number): string | undefined {
  const text = block.sectionPath[depth];
  let found: string | undefined;
  for (const candidate of report.blocks) {
    if (candidate.start >= block.start) break;
    if (candidate.type === 'heading' && candidate.text === text) found = candidate.anchor;
  }
  return found;
}

/** Whether a query can match a paragraph through its headings (only a word of the `any` field can). */
export function reachesHeadings(query: CompiledQuery): boolean {
  return query.leaves.some((leaf) => leaf.source === 'term' && leaf.field === 'any');
}

/** `query` made safe for a URL parameter (encodeURIComponent throws on a lone surrogate, which cannot be in the text anyway). */
export function encodeQuery(query: string): string {
  return encodeURIComponent(query.replace(LONE_SURROGATE, '\ufffd'));
}

/** The answers built from one paragraph table. */
export class CorpusView {
  readonly table: ParagraphTable;
  readonly summaries: readonly DocSummary[];
  readonly reportById: ReadonlyMap<string, number>;
  readonly #splitPaths: (string[] | undefined)[] = [];
  /** Each report's level as its position in `LEVELS`. */
  readonly #levelOf: Uint8Array;
  #copies: Copies | undefined;

  #spellings: Spellings | undefined;
  /** The spellings table saved with the index, when it was (read on first use otherwise). */
  readonly #savedSpellings: SpellingTable | undefined;
  #headingUnits: HeadingUnit[] | undefined;
  /**
   * The headings each compiled tree matches (all reports, in corpus order), and the same in
   * relevance order once asked for, kept while the tree is.
   */
  readonly #matchingHeadings = new WeakMap<Plan, { all: HeadingUnit[]; byRelevance?: HeadingUnit[] }>();

  /**
   * Reads now what is otherwise read on a first search (the corpus's spellings, its headings, its
   * copies): a server calls it before it serves a generation, so that a first search is not cut
   * short by its time budget for work that every search shares.
   */
  prepare(): void {
    for (const read of [() => this.spellings, () => this.headingUnits, () => this.copies]) read();
  }

  /** Whether everything {@link prepare} reads has been read (by it or by searches). */
  get prepared(): boolean {
    return this.#spellings !== undefined && this.#headingUnits !== undefined && this.#copies !== undefined;
  }

  /** Every heading of the corpus, read once on first use. */
  get headingUnits(): readonly HeadingUnit[] {
    this.#headingUnits ??= headingUnits(this.table.reports, this.table.headingNorms);
    return this.#headingUnits;
  }

  /** The first report not wholly among the paragraphs before `stop` (reports before it were searched whole). */
  reportsBefore(stop: number): number {
    const { reportStart, reports } = this.table;
    let r = 0;
    while (r < reports.length && (reportStart[r + 1] ?? 0) <= stop) r++;
    return r;
  }

  /**
   * The headings whose own text matches `query`, within the reports `allowed` (`undefined`:
   * all) and before report `before`: how many, and the first `HEADING_HITS_LIMIT` as hits in
   * the order `sort` asks (see `SearchResult.headingHits`).
   */
  headingAnswer(query: CompiledQuery, allowed: ReadonlySet<number> | undefined, sort: 'relevance' | 'order', encodedQuery: string, before = Infinity): { headings: number; headingHits: HeadingHit[] } {
    const { plan } = query;
    if (plan === null) return { headings: 0, headingHits: [] };
    // A compiled query is kept and asked again (pages, the facets' searches): its headings are read once.
    let matched = this.#matchingHeadings.get(plan);
    if (matched === undefined) {
      matched = { all: matchingHeadings(this.headingUnits, plan, undefined) };
      this.#matchingHeadings.set(plan, matched);
    }
    const { all } = matched;
    const inScope = (unit: HeadingUnit): boolean => unit.r < before && (allowed === undefined || allowed.has(unit.r));
    const whole = allowed === undefined && before === Infinity;
    const found = whole ? all.length : all.reduce((n, unit) => (inScope(unit) ? n + 1 : n), 0);
    // Relevance orders all of them once (ties in corpus order): a filter keeps a subsequence, in that same order.
    const ordered = sort === 'order' ? all : (matched.byRelevance ??= orderHeadings(all, query.leaves, sort));
    const listed: HeadingUnit[] = [];
    for (const unit of ordered) {
      if (listed.length >= HEADING_HITS_LIMIT) break;
      if (whole || inScope(unit)) listed.push(unit);
    }
    return {
      headings: found,
      headingHits: listed.flatMap((unit) => {
        const report = this.table.reports[unit.r];
        return report === undefined ? [] : [headingHit(unit, report, marks(query, unit.norm, query.headingNeedles, ['any', 'heading']), encodedQuery)];
      }),
    };
  }

  /** What the corpus writes inside words (`spellings.ts`), read from its paragraphs and headings on first use. */
  get spellings(): Spellings {
    this.#spellings ??= new Spellings(this.#savedSpellings ?? spellingTableOf(this.table));
    return this.#spellings;
  }

  /** `spellings`: the corpus's spellings table read before (saved with the index); read from the table on first use otherwise. */
  constructor(table: ParagraphTable, spellings?: SpellingTable) {
    this.table = table;
    this.#savedSpellings = spellings;
    this.#levelOf = Uint8Array.from(table.reports, (report) => {
      const l = LEVELS.indexOf(report.meta.level);
      if (l < 0) throw new Error(`search: report "${report.meta.id}" has an unknown level "${report.meta.level}"`);
      return l;
    });
    this.summaries = table.reports.map(summarize);
    this.reportById = new Map(table.reports.map((report, i) => [report.meta.id, i]));
  }

  /** Notes for `doc:` values naming no report. */
  unknownDocNotes(parsed: ParsedQuery): string[] {
    return parsed.filters.doc.filter((id) => !this.reportById.has(id)).map((id) => `没有编号为“${id}”的文件`);
  }

  /** The reports the filters (query and options combined) allow, in corpus order. */
  allowedReports(parsed: ParsedQuery, level: readonly Level[], doc: readonly string[]): AllowedReports {
    const { filters } = parsed;
    const notes = this.unknownDocNotes(parsed);
    const tests: ((report: Report, r: number) => boolean)[] = [];
    const levels = [filters.level, level].filter((values) => values.length > 0);
    for (const values of levels) tests.push((report) => values.includes(report.meta.level));
    for (const values of [filters.doc, doc].filter((list) => list.length > 0)) tests.push((report) => values.includes(report.meta.id));
    if (filters.year.length > 0) tests.push((report) => filters.year.includes(report.meta.year));
    if (tests.length === 0) return { reports: undefined, notes };
    const reports: number[] = [];
    this.table.reports.forEach((report, r) => {
      if (tests.every((test) => test(report, r))) reports.push(r);
    });
    return { reports, notes };
  }

  /** The copies among the paragraphs (found on first use, then kept). */
  get copies(): Copies {
    this.#copies ??= findCopies(this.table);
    return this.#copies;
  }

  /** `ids` (ascending) with copies folded under their representative. */
  fold(ids: Int32Array): Folded {
    return fold(ids, this.copies);
  }

  /** Paragraph `id` as a 另见 link. */
  copyRef(id: number, encodedQuery: string): CopyRef {
    const { blocks, reports, reportOf } = this.table;
    const block = blocks[id];
    const meta = reports[reportOf[id] ?? 0]?.meta;
    if (block === undefined || meta === undefined) throw new Error(`search: no paragraph ${String(id)}`);
    return { docId: meta.id, title: meta.title, kind: meta.kind, paragraph: block.ordinal, anchor: block.anchor, url: `/doc/${meta.id}?q=${encodedQuery}#${block.anchor}` };
  }

  /**
   * Completions of `last` (normalised) found in the paragraphs `holding` (ascending), and in
   * the headings when nothing was typed before it (`holding` then lists every paragraph holding
   * it); `vocabulary` ranks them (see `suggest.ts`).
   */
  suggestions(last: string, holding: Int32Array, headings: boolean, vocabulary: readonly string[], limit: number): string[] {
    const { norms, blocks, reports } = this.table;
    function* sources(): Generator<SourceText> {
      for (const id of holding) yield { norm: norms[id] ?? '', text: blocks[id]?.text ?? '', origin: null };
      if (!headings) return;
      for (const report of reports) {
        for (const block of report.blocks) {
          if (block.type !== 'heading') continue;
          const norm = normalize(block.text);
          if (norm.includes(last)) yield { norm, text: block.text, origin: null };
        }
      }
    }
    return completions({ last, sources: sources(), vocabulary }, limit);
  }

  /** Counts by level and by document of `ids` (ascending). */
  facets(ids: Int32Array): Facets {
    const { reportOf, reportStart, reports } = this.table;
    // Reports are contiguous ranges of ascending paragraph numbers: only those with matches are visited.
    const { ranges, counts } = countByRange(ids, reportStart, reportOf);
    // Without a prototype: V8 adds hundreds of keys to such an object about twice as fast (10× corpus: 300 reports).
    const doc = Object.create(null) as Record<string, number>;
    const levelCounts = new Array<number>(LEVELS.length).fill(0);
    for (let i = 0; i < ranges.length; i++) {
      const r = ranges[i] ?? 0;
      const meta = reports[r]?.meta;
      if (meta === undefined) continue;
      const count = counts[i] ?? 0;
      doc[meta.id] = count;
      const l = this.#levelOf[r] ?? 0;
      levelCounts[l] = (levelCounts[l] ?? 0) + count;
    }
    const level: Partial<Record<Level, number>> = {};
    LEVELS.forEach((name, l) => {
      const count = levelCounts[l] ?? 0;
      if (count > 0) level[name] = count;
    });
    return { level, doc };
  }

  /**
   * Paragraph `id` as a hit with its marks and the copies folded under it; `encodedQuery` from
   * `encodeQuery`. `headingMarks`, shared by the hits of one answer, keeps the marks of each
   * heading path already marked (hits of one section share their headings).
   */
  hit(id: number, hitScore: number, match: Hit['match'], encodedQuery: string, query: CompiledQuery, copies: readonly number[] = [], headingMarks?: Map<number, Range[][]>): Hit {
    const { blocks, reports, reportOf, norms, pathOf } = this.table;
    const block = blocks[id];
    const report = reports[reportOf[id] ?? 0];
    if (block === undefined || report === undefined) throw new Error(`search: no paragraph ${String(id)}`);
    const { meta } = report;
    const highlights = marks(query, norms[id] ?? '', query.textNeedles, ['any']);
    const p = pathOf[id] ?? 0;
    let sectionMarks = headingMarks?.get(p);
    if (sectionMarks === undefined) {
      sectionMarks = this.#headingMarks(p, block.sectionPath.length, query);
      headingMarks?.set(p, sectionMarks);
    }
    // A paragraph found through its heading opens the reader at that heading (the deepest that matches).
    const depth = match === 'heading' ? sectionMarks.findLastIndex((found) => found.length > 0) : -1;
    const anchor = depth < 0 ? block.anchor : (headingAnchor(report, block, depth) ?? block.anchor);
    // A hit in a long report links to the part of the reader that holds its anchor.
    const part = partOfAnchor(partsOf(report), anchor) ?? 1;
    return withReport(meta, {
      sectionPath: block.sectionPath.slice(),
      paragraph: block.ordinal,
      anchor: block.anchor,
      url: readerUrl(meta.id, encodedQuery, part, anchor),
      text: block.text,
      highlights,
      snippet: snippet(block.text, highlights),
      // Each hit its own arrays, though hits of one section computed them once.
      sectionHighlights: sectionMarks.map((ranges) => ranges.map((range): Range => [range[0], range[1]])),
      score: Math.round(hitScore * 1e6) / 1e6,
      match,
      copies: copies.map((copy) => this.copyRef(copy, encodedQuery)),
    });
  }

  /** Marks in the first `count` headings of distinct path `p`. */
  #headingMarks(p: number, count: number, query: CompiledQuery): Range[][] {
    const headingNorms = this.pathParts(p);
    const out: Range[][] = [];
    for (let i = 0; i < count; i++) out.push(query.headingNeedles.length === 0 && query.nears.length === 0 ? [] : marks(query, headingNorms[i] ?? '', query.headingNeedles, ['heading']));
    return out;
  }

  /** The normalised headings of distinct path `p`, split once and kept. */
  pathParts(p: number): string[] {
    let parts = this.#splitPaths[p];
    if (parts === undefined) {
      const path = this.table.paths[p] ?? '';
      parts = path === '' ? [] : path.split(PATH_SEPARATOR);
      this.#splitPaths[p] = parts;
    }
    return parts;
  }

  /**
   * Occurrences and paragraphs per report for `ids`, the paragraphs whose own text matches
   * `query` compiled as typed (`compileQuery(…, { asTyped: true })`), plus the headings matching
   * on their own in the reports `inFilter` allows (`undefined`: all). Each word's occurrences
   * are counted too, in the same paragraphs and headings. Past `limit` the counts cover a prefix
   * of the corpus, as `partial` says (see `eachOccurrence`).
   */
  compare(queryText: string, query: CompiledQuery, ids: Int32Array, inFilter: ReadonlySet<number> | undefined, limit: Budget = UNLIMITED): CompareResult {
    const { reports } = this.table;
    const words = countedLeaves(query).map((leaf) => leaf.label);
    const rows = reports.map(() => ({ occurrences: 0, paragraphs: 0, headings: 0, words: words.map(() => 0) }));
    const counted = this.eachOccurrence(
      query,
      ids,
      inFilter,
      (unit, ranges, perWord) => {
        const row = rows[unit.r];
        if (row === undefined) return;
        if (unit.paragraph === null) row.headings++;
        else row.paragraphs++;
        row.occurrences += ranges.length;
        perWord.forEach((n, w) => {
          row.words[w] = (row.words[w] ?? 0) + n;
        });
      },
      limit,
    );
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
      query: queryText,
      words,
      totalOccurrences: documents.reduce((sum, row) => sum + row.occurrences, 0),
      totalParagraphs: documents.reduce((sum, row) => sum + row.paragraphs, 0),
      totalHeadings: documents.reduce((sum, row) => sum + row.headings, 0),
      documents,
      notes: query.notes,
      ...(counted < this.table.blocks.length ? { partial: timeCoverage(counted, this.table.blocks.length) } : {}),
    };
  }

  /**
   * The texts a comparison counts, with their occurrences (the concordance lists the same): each
   * paragraph of `ids` (those whose own text matches), then each heading that matches on its own
   * in the reports `inFilter` allows (`undefined`: all). `ranges` are all occurrences merged
   * (overlapping matches of two words count once, adjacent ones apart); `perWord` counts those
   * of each of `countedLeaves(query)`.
   *
   * Counting a hundred words in every paragraph is the costliest part of a comparison: past
   * `limit` it stops before the next paragraph, and returns the corpus paragraph it stopped at
   * (every paragraph before it was counted, and the headings of the reports wholly before it);
   * the number of paragraphs when it went through.
   */
  eachOccurrence(query: CompiledQuery, ids: Int32Array, inFilter: ReadonlySet<number> | undefined, visit: (unit: OccurrenceUnit, ranges: Range[], perWord: number[]) => void, limit: Budget = UNLIMITED): number {
    const { reports, reportOf, norms, blocks } = this.table;
    const { plan, nears } = query;
    const leaves = countedLeaves(query);
    const at = (r: number, start: number): number => r * 2 ** 32 + start;
    const ranges = (norm: string, fields: readonly Field[]): { all: Range[]; perWord: number[] } => {
      const all: Range[] = nearRanges(nears, norm, fields);
      const perWord = leaves.map((leaf) => {
        const found = occurrences(norm, leaf.needles.flatMap((needle) => formsOf(leaf, needle)), query.words);
        all.push(...found);
        return mergeRanges(found, false).length;
      });
      return { all: mergeRanges(all, false), perWord };
    };
    let stop = blocks.length;
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i] ?? 0;
      // The clock is read every few paragraphs: cheap next to counting them.
      if (i % OCCURRENCE_CHECK === OCCURRENCE_CHECK - 1 && limit.expired()) {
        stop = id;
        break;
      }
      const r = reportOf[id] ?? 0;
      const block = blocks[id];
      const docId = reports[r]?.meta.id;
      if (block === undefined || docId === undefined) continue;
      const found = ranges(norms[id] ?? '', ['any']);
      visit({ r, docId, paragraph: block.ordinal, anchor: block.anchor, text: block.text, at: at(r, block.start) }, found.all, found.perWord);
    }
    // Headings are units of their own: one whose text matches counts with its occurrences.
    if (plan === null) return stop;
    for (const { r, block, norm } of matchingHeadings(this.headingUnits, plan, inFilter, stop < blocks.length ? this.reportsBefore(stop) : Infinity)) {
      const docId = reports[r]?.meta.id;
      if (docId === undefined) continue;
      const found = ranges(norm, ['any', 'heading']);
      visit({ r, docId, paragraph: null, anchor: block.anchor, text: block.text, at: at(r, block.start) }, found.all, found.perWord);
    }
    return stop;
  }

  /**
   * Part `at` of report `r` for the reader (`reader-parts.ts`); `matching` are its paragraphs
   * the query matches (ascending). Only the part's blocks are marked; the navigation between
   * matches and the table of contents cover the whole report.
   */
  read(r: number, query: CompiledQuery | undefined, matching: Int32Array, at: ReaderAt = {}): ReaderDocument | undefined {
    const report = this.table.reports[r];
    if (report === undefined) return undefined;
    const { norms, reportStart } = this.table;
    const first = reportStart[r] ?? 0;
    const matchingSet = new Set(matching);
    const parts = partsOf(report);
    const fromAnchor = at.anchor === undefined ? undefined : partOfAnchor(parts, at.anchor);
    const number = fromAnchor ?? Math.min(Math.max(1, Math.trunc(at.part ?? 1)), parts.length);
    const shown = parts[number - 1] ?? { from: 0, to: 0, firstParagraph: 1, lastParagraph: 0, lastHeading: 0 };
    const headingPath: string[] = [];
    const matchAnchors: string[] = [];
    const matchParts: number[] = [];
    const outline: ReaderDocument['outline'] = [];
    const blocks: ReaderDocument['blocks'] = [];
    let id = first;
    let partIndex = 0;
    report.blocks.forEach((block, i) => {
      while (i >= (parts[partIndex]?.to ?? Infinity)) partIndex++;
      const inPart = i >= shown.from && i < shown.to;
      if (block.type === 'heading') {
        // Keep the enclosing headings only (a level may be skipped: never pad with holes).
        if (headingPath.length > block.level - 1) headingPath.length = Math.max(0, block.level - 1);
        const norm = normalize(block.text);
        if (query?.plan != null && matchesText(query.plan, norm)) {
          matchAnchors.push(block.anchor);
          matchParts.push(partIndex + 1);
        }
        outline.push({ level: block.level, text: block.text, anchor: block.anchor, part: partIndex + 1 });
        if (inPart) {
          const marked: Range[] = query === undefined ? [] : marks(query, norm, query.headingNeedles, ['any', 'heading']);
          blocks.push({ type: 'heading' as const, level: block.level, sectionPath: [...headingPath], text: block.text, anchor: block.anchor, highlights: marked });
        }
        headingPath.push(block.text);
        return;
      }
      // Navigation goes to the paragraphs the query matches (and the headings it matches alone).
      if (matchingSet.has(id)) {
        matchAnchors.push(block.anchor);
        matchParts.push(partIndex + 1);
      }
      if (inPart) {
        const marked: Range[] = query === undefined ? [] : marks(query, norms[id] ?? '', query.textNeedles, ['any']);
        blocks.push({ type: 'paragraph' as const, paragraph: block.ordinal, sectionPath: [...block.sectionPath], text: block.text, anchor: block.anchor, highlights: marked });
      }
      id++;
    });
    const info = (part: ReaderPart, index: number): ReaderPartInfo => ({ number: index + 1, firstParagraph: part.firstParagraph, lastParagraph: part.lastParagraph });
    // The summary counted once at start: counting a long report's characters again costs more than its part.
    const summary = this.summaries[r];
    return {
      summary: summary === undefined ? summarize(report) : { ...summary },
      source: report.meta.source,
      blocks,
      matchAnchors,
      matchParts,
      part: info(shown, number - 1),
      parts: parts.map(info),
      outline,
    };
  }

  /** The reader's part (1-based) of report `r` holding `anchor`; 1 for an anchor it does not know. */
  partOf(r: number, anchor: string): number {
    const report = this.table.reports[r];
    return report === undefined ? 1 : (partOfAnchor(partsOf(report), anchor) ?? 1);
  }
}

/** Paragraphs counted between two looks at the clock in `eachOccurrence`. */
const OCCURRENCE_CHECK = 16;

/** The numbers `from` … `to − 1`. */
export function rangeOf(from: number, to: number): Int32Array {
  const out = new Int32Array(Math.max(0, to - from));
  for (let i = 0; i < out.length; i++) out[i] = from + i;
  return out;
}
