import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseQuery, QueryError } from '../../src/query/index.js';

const SYNTAX = readFileSync(new URL('../../src/query/SYNTAX.md', import.meta.url), 'utf8');

/** The first-column code spans of the tables whose header starts with `header`. */
function firstColumnExamples(header: string): string[] {
  const examples: string[] = [];
  let inTable = false;
  for (const line of SYNTAX.split('\n')) {
    if (!line.startsWith('|')) inTable = false;
    else if (line.startsWith(header)) inTable = true;
    else if (inTable) {
      const cell = line.split(/(?<!\\)\|/)[1] ?? '';
      for (const match of cell.matchAll(/`([^`]+)`/g)) examples.push((match[1] ?? '').replaceAll('\\|', '|'));
    }
  }
  return examples;
}

describe('query syntax help (SYNTAX.md)', () => {
  describe('#examples', () => {
    const examples = firstColumnExamples('| 示例 |');
    it('has examples', () => {
      assert.ok(examples.length >= 15, `only ${String(examples.length)} examples`);
    });
    for (const example of examples) {
      it(`parses ${JSON.stringify(example)} with no repair`, () => {
        const parsed = parseQuery(example);
        assert.notEqual(parsed.root, null);
        assert.deepEqual(parsed.notes, []);
      });
    }
  });

  describe('#errors', () => {
    for (const example of firstColumnExamples('| 写法 | 提示 |')) {
      it(`rejects ${JSON.stringify(example)}`, () => {
        assert.throws(() => parseQuery(example), QueryError);
      });
    }
  });
});
