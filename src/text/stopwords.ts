/**
 * Stop words: none. Punctuation, spaces and symbols (①, ×, —) are never terms — they only
 * separate terms (see `analyze.ts`) — but function words (的, 和, 等, 在, 以, 为, 了, 与, 及, 是 …)
 * are indexed and searched like any other word.
 *
 * Evidence, measured on the corpus (30 reports, 1,523 paragraphs; `npx tsx bench/segment.ts`
 * prints these figures) with a candidate list of 31 function words (`CANDIDATE_STOP_WORDS`),
 * MiniSearch over paragraphs, query terms combined with AND:
 *
 * - **Index size:** dropping them saves 3.4 % of postings (163,657 → 158,133 term/paragraph
 *   pairs) and 2.7 % of the serialised index (1.71 MB → 1.66 MB). Government reports are dense
 *   in content words: the most frequent term, 的, is 0.9 % of tokens and occurs in half of the
 *   paragraphs, so it costs little.
 * - **Ranking:** BM25 already gives them a low weight, and dropping them removes a constraint
 *   the user typed. Queries with a function word match more paragraphs without it (城市的更新
 *   19 → 42, 以人民为中心 21 → 46, 产业和项目 158 → 235) and the share of the top 10 that
 *   contain the typed phrase falls (mean over 20 such queries 0.490 → 0.475).
 * - **Queries made of them** (的, 和, 在) would find nothing at all.
 *
 * So the list is empty. It stays here, hashed into `analyzerVersion()`, as the one place to
 * change that decision.
 */
export const STOP_WORDS: ReadonlySet<string> = new Set<string>();

/** The function words measured above (in `bench/segment.ts`) and deliberately not stopped. */
export const CANDIDATE_STOP_WORDS: readonly string[] = [
  '的', '和', '等', '在', '以', '为', '了', '与', '及', '是', '对', '把', '将', '从', '于', '也',
  '就', '都', '而', '并', '之', '其', '中', '由', '向', '被', '让', '着', '或', '又', '要',
];

/** Whether `term` is a stop word (never, for now; see above). */
export function isStopWord(term: string): boolean {
  return STOP_WORDS.has(term);
}
