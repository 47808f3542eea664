import { expect } from 'chai';
import fc from 'fast-check';
import { loadCorpusSync } from '../../src/ingest/load.js';
import { CORPUS_DIR } from '../../src/ingest/paths.js';
import { analyze, normalize } from '../../src/text/index.js';

/** Any code point, or a lone surrogate (fast-check's `binary` unit takes a second to set up). */
const anyCodeUnitOrPoint = fc.oneof(
  fc.integer({ min: 0, max: 0x10ffff }).map((c) => String.fromCodePoint(c)),
  fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)),
);

const { reports } = loadCorpusSync(CORPUS_DIR);
const paragraphs = reports.flatMap((r) => r.paragraphs.map((p) => ({ where: `${r.file} p${String(p.ordinal)}`, text: p.text })));

/** Checks every token of `text` cuts its own source characters out of `text`. */
function offsetProblems(text: string, mode: 'index' | 'query'): string[] {
  const norm = normalize(text);
  const problems: string[] = [];
  let previous = -1;
  for (const t of analyze(text, { mode })) {
    if (!(t.start >= 0 && t.start < t.end && t.end <= text.length)) problems.push(`${t.term}: [${String(t.start)}, ${String(t.end)})`);
    else if (norm.slice(t.start, t.end) !== t.term) problems.push(`${t.term} ≠ ${text.slice(t.start, t.end)}`);
    if (t.start < previous) problems.push(`${t.term} out of order`);
    previous = t.start;
  }
  return problems;
}

describe('text/analyze on the corpus', () => {
  it('has a corpus to check', () => {
    expect(paragraphs.length, `only ${String(paragraphs.length)} paragraphs`).to.be.above(1000);
  });

  describe('#analyze index/query agreement', () => {
    it('turns every term indexed for a paragraph, typed as a query, into terms of that paragraph', () => {
      const asQuery = new Map<string, string[]>();
      const failures: string[] = [];
      for (const { where, text } of paragraphs) {
        const indexed = new Set(analyze(text).map((t) => t.term));
        for (const term of indexed) {
          let query = asQuery.get(term);
          if (!query) {
            query = analyze(term, { mode: 'query' }).map((t) => t.term);
            asQuery.set(term, query);
          }
          if (query.length === 0 || query.some((q) => !indexed.has(q))) failures.push(`${where}: ${term} → ${query.join('/')}`);
        }
      }
      expect(failures.slice(0, 20)).to.deep.equal([]);
      expect(asQuery.size, `only ${String(asQuery.size)} distinct terms checked`).to.be.above(10000);
    });

    it('gives each main term back unchanged when it is typed alone', () => {
      const changed: string[] = [];
      for (const { text } of paragraphs.slice(0, 300)) {
        for (const t of analyze(text, { mode: 'query' })) {
          const again = analyze(t.term, { mode: 'query' }).map((q) => q.term);
          if (again.length !== 1 || again[0] !== t.term) changed.push(`${t.term} → ${again.join('/')}`);
        }
      }
      expect(changed).to.deep.equal([]);
    });
  });

  describe('#analyze offsets', () => {
    it('cut exactly each token’s source characters out of random paragraphs', () => {
      fc.assert(
        fc.property(fc.integer({ min: 0, max: paragraphs.length - 1 }), fc.constantFrom<'index' | 'query'>('index', 'query'), (i, mode) => {
          const { where, text } = paragraphs[i] ?? { where: '', text: '' };
          expect(offsetProblems(text, mode), where).to.deep.equal([]);
        }),
        { numRuns: 200 },
      );
    });

    it('hold on random slices of paragraphs, and traditional or full-width forms give the same terms', () => {
      const toFullWidth = (s: string): string => s.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
      const toTraditional: Record<string, string> = { 营: '營', 环: '環', 发: '發', 业: '業', 经: '經', 济: '濟', 质: '質', 产: '產', 区: '區', 长: '長' };
      fc.assert(
        fc.property(
          fc.integer({ min: 0, max: paragraphs.length - 1 }),
          fc.nat(),
          fc.nat(),
          fc.constantFrom('plain', 'full-width', 'traditional'),
          (i, a, b, form) => {
            const text = paragraphs[i]?.text ?? '';
            const from = a % (text.length + 1);
            const to = from + (b % (text.length - from + 1));
            let slice = text.slice(from, to);
            if (form === 'full-width') slice = toFullWidth(slice);
            if (form === 'traditional') slice = Array.from(slice, (c) => toTraditional[c] ?? c).join('');
            expect(offsetProblems(slice, 'index'), JSON.stringify(slice)).to.deep.equal([]);
            const plain = text.slice(from, to);
            expect(analyze(slice).map((t) => [t.term, t.start]), JSON.stringify(slice)).to.deep.equal(analyze(plain).map((t) => [t.term, t.start]));
          },
        ),
        { numRuns: 200 },
      );
    });

    it('hold on arbitrary strings', () => {
      const chars = fc.constantFrom(...'中华人民共和国新质生产力四群八链營商環境ＰＭ２．５％PM2.5%6.2V-PARK年万亿 ，。“”（）-.\u3000𠮷①'.split(''));
      fc.assert(
        fc.property(fc.oneof(fc.string({ unit: chars, maxLength: 40 }), fc.string({ unit: anyCodeUnitOrPoint, maxLength: 40 })), (text) => {
          expect(offsetProblems(text, 'index'), JSON.stringify(text)).to.deep.equal([]);
        }),
        { numRuns: 200 },
      );
    });
  });
});
