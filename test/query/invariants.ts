/** Structural invariants every parsed query must satisfy; shared by the table and property tests. */
import { LEVELS } from '../../src/ingest/types.js';
import type { ParsedQuery, QueryNode, Span } from '../../src/query/index.js';
import { trimSeparators } from '../../src/query/lexer.js';

/** Describes every broken invariant of `parsed` for `input` (empty when all hold). */
export function invariantViolations(input: string, parsed: ParsedQuery): string[] {
  const problems: string[] = [];
  const spanOk = (span: Span): boolean => span[0] >= 0 && span[0] < span[1] && span[1] <= input.length;
  const visit = (node: QueryNode, parent: QueryNode | undefined): void => {
    switch (node.kind) {
      case 'term':
        if (node.text === '') problems.push('empty term');
        if (!spanOk(node.span)) problems.push(`term span ${String(node.span)} outside the input`);
        else if (input.slice(node.span[0], node.span[1]) !== node.text) problems.push(`term "${node.text}" is not its span`);
        break;
      case 'phrase':
        if (node.text === '' || node.text !== trimSeparators(node.text)) problems.push(`phrase "${node.text}" empty or untrimmed`);
        if (!spanOk(node.span)) problems.push(`phrase span ${String(node.span)} outside the input`);
        else if (!input.slice(node.span[0], node.span[1]).includes(node.text)) problems.push(`phrase "${node.text}" not in its span`);
        break;
      case 'and':
      case 'or':
        if (node.children.length < 2) problems.push(`${node.kind} with ${String(node.children.length)} children`);
        for (const child of node.children) {
          if (child.kind === node.kind) problems.push(`${node.kind} directly inside ${node.kind}`);
          visit(child, node);
        }
        break;
      case 'not':
        if (!spanOk(node.span) || input[node.span[0]] !== '-') problems.push(`not span ${String(node.span)} does not start at a "-"`);
        if (parent?.kind !== 'and' || parent.children.every((child) => child.kind === 'not')) {
          problems.push('not without a positive sibling in an and');
        }
        visit(node.child, node);
        break;
      case 'near':
        if (node.operands.length < 2 || (node.within !== 'sentence' && node.operands.length !== 2)) problems.push(`near with ${String(node.operands.length)} operands`);
        if (node.within !== 'sentence' && !(Number.isInteger(node.within) && node.within >= 0)) problems.push(`near distance ${String(node.within)}`);
        for (const operand of node.operands) {
          const leaves = operand.kind === 'or' ? operand.children : [operand];
          if (leaves.some((leaf) => (leaf.kind !== 'term' && leaf.kind !== 'phrase') || leaf.field !== 'any')) problems.push('near operand not a text word, phrase or OR of them');
          visit(operand, node);
        }
        break;
    }
  };
  if (parsed.source !== input) problems.push('source differs from the input');
  if (parsed.root) visit(parsed.root, undefined);
  for (const level of parsed.filters.level) if (!LEVELS.includes(level)) problems.push(`bad level ${level}`);
  for (const doc of parsed.filters.doc) if (!/^[a-z0-9-]+$/.test(doc)) problems.push(`bad doc ${doc}`);
  for (const year of parsed.filters.year) if (!Number.isInteger(year) || year < 0 || year > 9999) problems.push(`bad year ${String(year)}`);
  for (const note of parsed.notes) if (note === '') problems.push('empty note');
  return problems;
}

/** The tree without spans, for comparing a parse with the parse of its formatted form. */
export function shape(node: QueryNode | null): unknown {
  if (node === null) return null;
  switch (node.kind) {
    case 'term':
    case 'phrase':
      return [node.kind, node.field, node.text];
    case 'and':
    case 'or':
      return [node.kind, node.children.map(shape)];
    case 'not':
      return ['not', shape(node.child)];
    case 'near':
      return ['near', node.within, node.field, node.operands.map(shape)];
  }
}
