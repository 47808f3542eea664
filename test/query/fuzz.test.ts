import { expect } from 'chai';
import fc from 'fast-check';
import { describeQuery, parseQuery, QueryError } from '../../src/query/index.js';
import type { ParsedQuery } from '../../src/query/index.js';
import { invariantViolations, shape } from './invariants.js';

/** Operators, field names and look-alikes, so that generated strings hit every rule in bulk. */
const SYNTAX = [
  '"', '"', '＂', '“', '”', '「', '」', '『', '』', '(', ')', '（', '）', '(', ')', '-', '-', '|', '｜', ':', '：',
  'OR', ' OR ', 'or', ' ', ' ', '　', '\t', '\n', 'heading:', '标题：', 'level:', '级别:', 'doc:', '文档：', 'year:',
  '年份:', 'title:', 'foo:', '区', '市|县', '镇,省', 'qu-01', '2024', '２０２４', '营商环境', '新质生产力', 'V-PARK', 'a', 'Z9',
  ' -a', ' -营商环境', '-(', ' -"', ' x -heading:', ' -', ' /SEN ', ' 同句 ', ' /NEAR 5 ', ' /NEAR', '邻近10', ' /邻近 ', '12',
];

const unit = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...SYNTAX) },
  { weight: 3, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 3 }) },
  { weight: 1, arbitrary: fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code)) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 0x9f }).filter((c) => c < 0x20 || c >= 0x7f).map((code) => String.fromCharCode(code)) },
  { weight: 1, arbitrary: fc.constantFrom('\u200f', '\u202e', '\u200e', '\u2066', '\u200b', '\ufeff', '\u00a0') },
  { weight: 1, arbitrary: fc.integer({ min: 0x1f300, max: 0x1faff }).map((code) => String.fromCodePoint(code)) },
  { weight: 1, arbitrary: fc.integer({ min: 0x4e00, max: 0x9fff }).map((code) => String.fromCodePoint(code)) },
);
const query = fc.oneof(
  { weight: 20, arbitrary: fc.array(unit, { maxLength: 30 }).map((parts) => parts.join('')) },
  { weight: 1, arbitrary: fc.tuple(unit, fc.integer({ min: 200, max: 3000 })).map(([part, times]) => part.repeat(times)) },
);

/** Parses, letting only QueryError through as `undefined`; anything else fails the property. */
function tryParse(input: string): ParsedQuery | undefined {
  try {
    return parseQuery(input);
  } catch (error) {
    if (!(error instanceof QueryError)) throw error;
    expect(error.position, `position ${String(error.position)} outside the input`).to.be.at.least(0).and.below(Math.max(1, input.length));
    expect(error.length, 'error length below 1').to.be.at.least(1);
    expect(error.position + error.length, 'error length past the input').to.be.at.most(Math.max(1, input.length));
    expect(error.detail).to.not.equal('');
    return undefined;
  }
}

describe('query (fuzzed)', () => {
  describe('#parseQuery', () => {
    it('throws only QueryError and returns only valid trees, for 10,000 hostile strings', () => {
      fc.assert(
        fc.property(query, (input) => {
          const parsed = tryParse(input);
          if (parsed) expect(invariantViolations(input, parsed)).to.deep.equal([]);
        }),
        { numRuns: 10_000 },
      );
    });

    it('reads its own formatted output back as the same tree', () => {
      fc.assert(
        fc.property(query, (input) => {
          const parsed = tryParse(input);
          if (!parsed) return;
          const again = parseQuery(describeQuery(parsed));
          expect(shape(again.root)).to.deep.equal(shape(parsed.root));
          expect(again.filters).to.deep.equal(parsed.filters);
        }),
        { numRuns: 2_000 },
      );
    });

    it('stays linear on long pathological inputs', () => {
      const n = 100_000;
      const inputs = [
        'a'.repeat(n), '-'.repeat(n), '"'.repeat(n), '“'.repeat(n), '()'.repeat(n / 2), '(a'.repeat(30) + ' b'.repeat(n / 2),
        'a OR '.repeat(n / 5), '|'.repeat(n), 'heading:'.repeat(n / 8), '-a '.repeat(n / 3) + 'b', 'x（'.repeat(n / 2),
        'level:区|市'.repeat(n / 9), '国内生产总值（GDP） '.repeat(n / 13), ' '.repeat(n),
      ];
      for (const input of inputs) {
        // CPU time of this process, not wall clock: on a shared machine the wall clock also counts
        // time slices lost to other processes, while a quadratic parse costs seconds of CPU here.
        const before = process.cpuUsage();
        tryParse(input);
        const spent = process.cpuUsage(before);
        const took = (spent.user + spent.system) / 1000;
        expect(took, `${input.slice(0, 12)}… (${String(input.length)} chars) took ${took.toFixed(0)} ms of CPU`).to.be.below(250);
      }
    });
  });
});
