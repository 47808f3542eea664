import { expect } from 'chai';
import fc from 'fast-check';
import { loadCorpusSync } from '../../src/ingest/load.js';
import { CORPUS_DIR } from '../../src/ingest/paths.js';
import { analyze, normalize, type Token } from '../../src/text/index.js';
import { analyzeNormalized } from '../../src/text/analyze.js';
import { cutRuns, cutWords } from '../../src/text/segment.js';
import { referenceAnalyze, referenceNormalize } from './reference-analyzer.js';

const { reports } = loadCorpusSync(CORPUS_DIR);
const texts = reports.flatMap((r) => r.blocks.map((b) => b.text));

/**
 * Characters where the analyser's shortcuts could go wrong: Han (also outside the BMP: 𠮷),
 * traditional characters and those OpenCC changes in context (乾, 覆, 沈, 著, 瞭), Latin runs with
 * `.`, `-`, `%`, `‰`, full-width forms, a non-Han character outside the BMP (𝐀), lone
 * surrogates, the separators jieba cuts at (newline, space, `，`, `。`) and a compatibility
 * ideograph.
 */
const ALPHABET = [...Array.from('中华人民共和国新质生产力四群八链營商環境乾隆覆盖沈阳著名瞭解ＰＭ２．５％PM2.5%6.2‰V-PARK5g年万亿 ，。“”（）-.\u3000\n①⾼'), '𠮷', '𝐀', '\ud800', '\udc00', '\uf900'];
const mixed = fc.string({ unit: fc.constantFrom(...ALPHABET), maxLength: 60 });
/** Any code point, or a lone surrogate. */
const anyUnit = fc.oneof(
  fc.integer({ min: 0, max: 0x10ffff }).map((c) => String.fromCodePoint(c)),
  fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)),
);
/** Tokens as one line (chai's deep comparison of thousands of token lists takes seconds). */
function line(tokens: readonly Token[]): string {
  return tokens.map((t) => `${t.term}@${String(t.start)}-${String(t.end)}`).join(' ');
}

/** A slice of a corpus text. */
const corpusSlice = fc.tuple(fc.nat(texts.length - 1), fc.nat(400), fc.nat(120)).map(([t, from, length]) => (texts[t] ?? '').slice(from, from + length));

describe('text/analyze against its reference', () => {
  describe('#analyze', () => {
    it('gives the reference tokens for every paragraph and heading of the corpus, in both modes', () => {
      expect(texts.length).to.be.greaterThan(1000);
      for (const text of texts) {
        expect(line(analyze(text)), text).to.equal(line(referenceAnalyze(text, 'index')));
        expect(line(analyze(text, { mode: 'query' })), text).to.equal(line(referenceAnalyze(text, 'query')));
      }
    });

    it('gives the reference tokens on random text', () => {
      fc.assert(
        fc.property(fc.oneof(mixed, corpusSlice, fc.string({ unit: anyUnit, maxLength: 40 })), fc.constantFrom('index' as const, 'query' as const), (text, mode) => {
          expect(analyze(text, { mode }), JSON.stringify(text)).to.deep.equal(referenceAnalyze(text, mode));
        }),
        { numRuns: 1000 },
      );
    });
  });

  describe('#analyzeNormalized', () => {
    it('is analyze of the text the normalised text came from', () => {
      fc.assert(
        fc.property(fc.oneof(mixed, corpusSlice), (text) => {
          expect(analyzeNormalized(normalize(text))).to.deep.equal(analyze(text));
        }),
        { numRuns: 300 },
      );
    });
  });

  describe('#normalize', () => {
    it('gives the reference normalisation for the corpus and for random text', () => {
      for (const text of texts) expect(normalize(text)).to.equal(referenceNormalize(text));
      fc.assert(
        fc.property(fc.oneof(mixed, fc.string({ unit: anyUnit, maxLength: 40 })), (text) => {
          expect(normalize(text), JSON.stringify(text)).to.equal(referenceNormalize(text));
        }),
        { numRuns: 1000 },
      );
    });

    it('gives the reference normalisation for every code unit alone', () => {
      for (let unit = 0; unit < 0x10000; unit++) {
        const text = String.fromCharCode(unit);
        if (normalize(text) !== referenceNormalize(text)) expect(normalize(text), `U+${unit.toString(16)}`).to.equal(referenceNormalize(text));
      }
    });
  });

  describe('#cutRuns', () => {
    it('cuts each run as cutWords cuts it alone', () => {
      const han = fc.string({ unit: fc.constantFrom(...Array.from('中华人民共和国新质生产力四群八链营商环境高质量发展一老一小乾隆'), '𠮷'), minLength: 1, maxLength: 20 });
      fc.assert(
        fc.property(fc.array(han, { minLength: 1, maxLength: 8 }), (runs) => {
          expect(cutRuns(runs)).to.deep.equal(runs.flatMap((run) => cutWords(run)));
        }),
        { numRuns: 300 },
      );
    });
  });
});
