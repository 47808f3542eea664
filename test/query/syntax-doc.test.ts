import { expect } from 'chai';
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
      expect(examples.length, `only ${String(examples.length)} examples`).to.be.at.least(15);
    });
    for (const example of examples) {
      it(`parses ${JSON.stringify(example)} with no repair`, () => {
        const parsed = parseQuery(example);
        expect(parsed.root).to.not.equal(null);
        expect(parsed.notes).to.deep.equal([]);
      });
    }
  });

  describe('#errors', () => {
    for (const example of firstColumnExamples('| 写法 | 提示 |')) {
      it(`rejects ${JSON.stringify(example)}`, () => {
        expect(() => parseQuery(example)).to.throw(QueryError);
      });
    }
  });
});
