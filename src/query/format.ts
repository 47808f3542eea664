/**
 * Prints a query tree back as a normalised query string: one space between items, `OR` between
 * alternatives, `/SEN` and `/NEAR n` between proximity operands, parentheses only where needed, phrases in `"…"` (or `「…」` when the text holds
 * a `"`), filters last. Parsing the output gives the same tree (spans aside).
 */
import type { Field, ParsedQuery, QueryNode } from './ast.js';
import { operatorText } from './proximity.js';

/** The normalised query string for a tree (`a (b OR c) -"d e"`). */
export function formatQuery(node: QueryNode): string {
  switch (node.kind) {
    case 'term':
      return fieldPrefix(node.field) + node.text;
    case 'phrase':
      return fieldPrefix(node.field) + quote(node.text);
    case 'and':
      return node.children.map(formatQuery).join(' ');
    case 'or':
      return node.children.map((child) => (child.kind === 'and' ? group(formatQuery(child)) : formatQuery(child))).join(' OR ');
    case 'not':
      return node.child.kind === 'and' || node.child.kind === 'or' ? `-${group(formatQuery(node.child))}` : `-${formatQuery(node.child)}`;
    case 'near': {
      const joined = node.operands.map((operand) => (operand.kind === 'or' ? group(formatQuery(operand)) : formatQuery(operand))).join(` ${operatorText(node.within)} `);
      return node.field === 'heading' ? `heading:${group(joined)}` : joined;
    }
  }
}

const OPEN = new Set(['(', '（']);
const CLOSE = new Set([')', '）']);

/**
 * `inner` in parentheses. A word keeps a parenthesis it opened (`a(b)`, or `🌀(` alone), so a
 * last word left open would take the group's `)` as its own: a space then ends the word first.
 */
function group(inner: string): string {
  let open = 0;
  for (let i = inner.length - 1; i >= 0 && !/\s/u.test(inner.charAt(i)); i--) {
    const c = inner.charAt(i);
    if (CLOSE.has(c)) open--;
    else if (OPEN.has(c)) open++;
  }
  return open > 0 ? `(${inner} )` : `(${inner})`;
}

/** The whole parsed query, tree then filters (`营商环境 -疫情 level:区|县 year:2024`); empty when there is nothing. */
export function describeQuery(parsed: ParsedQuery): string {
  const parts: string[] = [];
  if (parsed.root) parts.push(formatQuery(parsed.root));
  const { level, doc, year } = parsed.filters;
  if (level.length > 0) parts.push(`level:${level.join('|')}`);
  if (doc.length > 0) parts.push(`doc:${doc.join('|')}`);
  if (year.length > 0) parts.push(`year:${year.join('|')}`);
  return parts.join(' ');
}

function fieldPrefix(field: Field): string {
  return field === 'heading' ? 'heading:' : '';
}

function quote(text: string): string {
  if (!/["”＂]/.test(text)) return `"${text}"`;
  if (!text.includes('」')) return `「${text}」`;
  return `『${text}』`;
}
