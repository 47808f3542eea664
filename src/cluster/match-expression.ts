/**
 * A compiled query tree as a SphinxQL full-text expression whose matches are a superset of the
 * tree's. The engine indexes our normalised text with every letter, digit and ideograph a token
 * of its own (`ngram_len = 1`), so a needle that occurs in a text is a run of adjacent tokens
 * there: the needle's tokens as a phrase find it. The reverse does not hold (other characters
 * are separators, and Latin or digit words need bounds), so the search checks every candidate
 * with `matchesParagraph`; the engine never decides what matches, only narrows it.
 *
 * Exclusions are left out (excluding a superset would lose answers): the check applies them.
 * Proximity (`/SEN`, `/NEAR`) asks only that every operand occur; the check measures distance.
 */
import { formsOf, type Scope } from '../search/evaluate.js';
import type { Leaf, Plan } from '../search/plan.js';

/** Index fields: paragraph text and heading path (normalised). */
export const FIELDS = { text: 'text', path: 'path' } as const;

/** Ranges of code points that are tokens, for `charset_table` and `ngram_chars` alike. */
export const TOKEN_RANGES: readonly (readonly [number, number])[] = [
  [0x30, 0x39],
  [0x61, 0x7a],
  [0x3400, 0x4dbf],
  [0x4e00, 0x9fff],
  [0xf900, 0xfaff],
  [0x20000, 0x2fa1f],
];

/** Whether code point `code` is a token character of the index. */
export function isTokenChar(code: number): boolean {
  return TOKEN_RANGES.some(([from, to]) => code >= from && code <= to);
}

/** `TOKEN_RANGES` in config syntax (`0..9, a..z, U+3400..U+4DBF, …`). */
export function tokenCharsetSpec(): string {
  const hex = (code: number): string => `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  return TOKEN_RANGES.map(([from, to]) => (to < 0x80 ? `${String.fromCodePoint(from)}..${String.fromCodePoint(to)}` : `${hex(from)}..${hex(to)}`)).join(', ');
}

/** The token characters of `needle`, space-separated as a phrase body; `''` when none. */
function phraseTokens(needle: string): string {
  const tokens: string[] = [];
  for (const char of needle) if (isTokenChar(char.codePointAt(0) ?? 0)) tokens.push(char);
  return tokens.join(' ');
}

/** A superset of one needle, in the given fields; `null` when it has no token (matches all). */
function needleExpression(needle: string, fields: readonly string[]): string | null {
  const body = phraseTokens(needle);
  if (body === '') return null;
  if (fields.length === 1) return `(@${fields[0] ?? ''} "${body}")`;
  return `(${fields.map((field) => `(@${field} "${body}")`).join(' | ')})`;
}

/** A superset of one needle with its variant forms (any of them). */
function formsExpression(leaf: Leaf, needle: string, fields: readonly string[]): string | null {
  const parts = formsOf(leaf, needle).map((form) => needleExpression(form, fields));
  if (parts.some((part) => part === null)) return null;
  return parts.length === 1 ? (parts[0] ?? null) : `(${parts.join(' | ')})`;
}

function leafExpression(leaf: Leaf, scope: Scope): string | null {
  // A word matches in the text (and, in the section scope, the heading path); a phrase in the
  // text; `heading:` in the path.
  const fields = leaf.field === 'heading' ? [FIELDS.path] : leaf.source === 'term' && scope === 'section' ? [FIELDS.text, FIELDS.path] : [FIELDS.text];
  const parts = leaf.needles.map((needle) => formsExpression(leaf, needle, fields)).filter((part) => part !== null);
  return parts.length === 0 ? null : parts.join(' ');
}

/**
 * The expression for `plan` in `scope` (`evaluate.ts`), or `null` when its superset is every paragraph (only exclusions,
 * or needles without a token character): the engine then scans the filtered reports.
 */
export function matchExpression(plan: Plan, scope: Scope = 'text'): string | null {
  switch (plan.kind) {
    case 'leaf':
      return leafExpression(plan, scope);
    case 'and': {
      const parts = plan.positive.map((child) => matchExpression(child, scope)).filter((part) => part !== null);
      return parts.length === 0 ? null : parts.map((part) => `(${part})`).join(' ');
    }
    case 'or': {
      const parts = plan.children.map((child) => matchExpression(child, scope));
      if (parts.some((part) => part === null)) return null;
      return parts.map((part) => `(${part ?? ''})`).join(' | ');
    }
    case 'not':
      return null;
    case 'near': {
      // Every operand must occur (one of its alternatives), in the text or, for `heading:`, the path.
      const field = plan.field === 'heading' ? FIELDS.path : FIELDS.text;
      const operands = plan.operands.map((alternatives) => {
        const parts = alternatives.map((alternative) => needleExpression(alternative.needle, [field]));
        return parts.length === 0 || parts.some((part) => part === null) ? null : parts.join(' | ');
      });
      const parts = operands.filter((part) => part !== null);
      return parts.length === 0 ? null : parts.map((part) => `(${part})`).join(' ');
    }
  }
}
