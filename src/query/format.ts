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
      return node.children.map((child) => (child.kind === 'and' ? `(${formatQuery(child)})` : formatQuery(child))).join(' OR ');
    case 'not':
      return node.child.kind === 'and' || node.child.kind === 'or' ? `-(${formatQuery(node.child)})` : `-${formatQuery(node.child)}`;
    case 'near': {
      const joined = node.operands.map((operand) => (operand.kind === 'or' ? `(${formatQuery(operand)})` : formatQuery(operand))).join(` ${operatorText(node.within)} `);
      return node.field === 'heading' ? `heading:(${joined})` : joined;
    }
  }
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
