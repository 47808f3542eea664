import { expect } from 'chai';
import fc from 'fast-check';
import type { Token } from '../../src/text/index.js';
import { VocabularyBuilder, type VocabularyCounts } from '../../src/index/vocabulary.js';

/** Paragraph counts by the definition: per paragraph, its distinct words and adjacent pairs, as strings. */
function bruteForce(paragraphs: readonly Token[][]): VocabularyCounts {
  const words = new Map<string, number>();
  const pairs = new Map<string, number>();
  for (const tokens of paragraphs) {
    const ownWords = new Set<string>();
    const ownPairs = new Set<string>();
    let previous: Token | undefined;
    for (const token of tokens) {
      if (token.term.length >= 2 && /\p{L}/u.test(token.term)) ownWords.add(token.term);
      if (previous !== undefined && previous.end === token.start && /\p{L}/u.test(token.term) && (previous.term + token.term).length <= 16) ownPairs.add(previous.term + token.term);
      if (previous === undefined || token.start >= previous.end) previous = token;
    }
    for (const word of ownWords) words.set(word, (words.get(word) ?? 0) + 1);
    for (const pair of ownPairs) pairs.set(pair, (pairs.get(pair) ?? 0) + 1);
  }
  return { words: [...words], pairs: [...pairs] };
}

/** Tokens laid out as the analyser does: main words in sequence, some followed by sub-terms inside them. */
const paragraph = fc.array(fc.tuple(fc.constantFrom('发展', '高质', '量', '高质量', '6.2%', '2023', 'pm2.5', '年', '新质生产力', '𠮷', '一', '①'), fc.boolean(), fc.boolean()), { maxLength: 20 }).map((words) => {
  const tokens: Token[] = [];
  let at = 0;
  for (const [term, sub, gap] of words) {
    tokens.push({ term, start: at, end: at + term.length });
    if (sub && term.length > 1) tokens.push({ term: term.slice(0, 1), start: at, end: at + 1 });
    at += term.length + (gap ? 1 : 0);
  }
  return tokens;
});

describe('index/vocabulary', () => {
  describe('VocabularyBuilder#add', () => {
    it('counts the paragraphs holding each word and each adjacent pair, as the definition does', () => {
      fc.assert(
        fc.property(fc.array(paragraph, { maxLength: 12 }), (paragraphs) => {
          const builder = new VocabularyBuilder();
          for (const tokens of paragraphs) builder.add(tokens);
          const sorted = (counts: VocabularyCounts): VocabularyCounts => ({ words: [...counts.words].sort(), pairs: [...counts.pairs].sort() });
          expect(sorted(builder.counts())).to.deep.equal(sorted(bruteForce(paragraphs)));
        }),
        { numRuns: 300 },
      );
    });
  });
});
