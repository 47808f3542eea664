/**
 * A query the user typed that cannot be answered as written: a stray `)`, an unknown field, a
 * bad filter value, a query of exclusions only. The only error the query module ever throws.
 */
export class QueryError extends Error {
  /** UTF-16 offset of the offending part in the query string. */
  readonly position: number;
  /** Length in UTF-16 units of the offending part (at least 1). */
  readonly length: number;
  /** What is wrong, in Chinese, for display to users (`多余的右括号“)”`). */
  readonly detail: string;

  constructor(detail: string, position: number, length = 1) {
    super(`query: ${detail}（位置 ${String(position + 1)}）`);
    this.name = 'QueryError';
    this.detail = detail;
    this.position = position;
    this.length = Math.max(1, length);
  }
}

/** Longest piece of user text quoted in a message; the position already says where the rest is. */
const QUOTE_MAX = 20;

/** Characters a quote spells out: controls, and the marks that would reorder the text around them. */
const UNSEEN = /[\p{Cc}\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;

/** `text` with control characters and direction marks spelled out (`\u0000` → `U+0000`), so a message shows what was typed. */
export function visible(text: string): string {
  return text.replace(UNSEEN, (c) => `U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`);
}

/**
 * `text` cut to {@link QUOTE_MAX} UTF-16 units (never inside a surrogate pair), with `…` when
 * cut, and made {@link visible}.
 */
export function clip(text: string): string {
  if (text.length <= QUOTE_MAX) return visible(text);
  const code = text.charCodeAt(QUOTE_MAX - 1);
  const end = code >= 0xd800 && code <= 0xdbff ? QUOTE_MAX - 1 : QUOTE_MAX;
  return `${visible(text.slice(0, end))}…`;
}
