/**
 * Heading markers the reports use, from the widest section to the narrowest. `rank` orders
 * them: a heading closes every open heading of equal or higher rank.
 */
export type MarkerKind = 'cn' | 'paren' | 'shi' | 'dash' | 'box' | 'num';

interface MarkerRule {
  kind: MarkerKind;
  rank: number;
  pattern: RegExp;
}

const CN_NUMERAL = '[一二三四五六七八九十]{1,3}';

/** Tested on text with extraction spaces removed, except `box`/`cn-space`, which need the space. */
const RULES: readonly MarkerRule[] = [
  { kind: 'cn', rank: 1, pattern: new RegExp(`^${CN_NUMERAL}[、．.]`) },
  { kind: 'paren', rank: 2, pattern: new RegExp(`^[（(]${CN_NUMERAL}[)）]`) },
  { kind: 'dash', rank: 3, pattern: /^(?:——|--)/ },
  { kind: 'num', rank: 5, pattern: /^\d{1,2}(?:[、．]|\.(?!\d))/ },
];

/** Markers followed by a space in the source (`二 2025年…`, `1 驭好…`): 002's boxed layout. */
const SPACED_RULES: readonly MarkerRule[] = [
  { kind: 'cn', rank: 1, pattern: new RegExp(`^${CN_NUMERAL} +(?=[\\u4e00-\\u9fff\\d])`) },
  { kind: 'box', rank: 4, pattern: /^[1-9] +(?=[\u4e00-\u9fff])/ },
];

const SPACED_OUT = /[\u4e00-\u9fff] [\u4e00-\u9fff] [\u4e00-\u9fff]/;

/** Rank of each marker kind; bare headings rank below them all. */
export const MARKER_RANK: Record<MarkerKind, number> = { cn: 1, paren: 2, shi: 2.5, dash: 3, box: 4, num: 5 };

/** Ends a sentence, and so a run-in heading. */
export const STOP = /[。！？!?]/;

/** `一是`…`十是` opening a paragraph: a heading only in a run of them (see `classify`). */
export const ORDINAL_LEAD = /^([一二三四五六七八九十])是/;

/** A heading marker found at the start of a line. */
export interface Marker {
  kind: MarkerKind;
  /**
   * Followed by a space instead of punctuation (`二 2025年…`): such a line is a heading only as
   * a whole, never run-in, since `4 个项目…` may as well be a figure.
   */
  spaced: boolean;
}

/** The marker a line starts with, if any. `trimmed` keeps the source spaces, `clean` has none. */
export function markerOf(trimmed: string, clean: string): Marker | null {
  for (const rule of RULES) if (rule.pattern.test(clean)) return { kind: rule.kind, spaced: false };
  // `十 年 来` is spaced-out text, not a numeral marker.
  if (SPACED_OUT.test(trimmed)) return null;
  for (const rule of SPACED_RULES) if (rule.pattern.test(trimmed)) return { kind: rule.kind, spaced: true };
  return null;
}

const ANY_MARKER = /^(?:[（(][一二三四五六七八九十]{1,3}[)）]|[一二三四五六七八九十]{1,3}[、．.是]?|——|--|\d{1,2}[、．.]?)/;

/** A heading's text without its numbering marker: `（三）抓项目…` → `抓项目…`. */
export function stripMarker(text: string): string {
  return text.replace(ANY_MARKER, '');
}
