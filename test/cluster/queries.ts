/**
 * Queries for conformance between engines: the benchmark mix and random words and phrases
 * drawn (seeded) from a corpus's own paragraphs and headings, so that most find something and
 * some find a lot; plus random exclusions, alternatives, heading, filter and proximity queries.
 */
import { pick, randomIndex, seededRandom } from '../../bench/lib/random.js';
import { QUERY_MIX } from '../../bench/lib/queries.js';
import type { ParagraphTable } from '../../src/index/paragraphs.js';
import { analyze } from '../../src/text/index.js';

/** Characters that would make a sampled phrase a query operator instead of text. */
const SYNTAX = /["“”「」()（）|\-:：\s\\]/u;

/** `count` random queries over `table` (same seed, same queries), after the benchmark mix. */
export function conformanceQueries(table: ParagraphTable, count: number, seed = 13): string[] {
  const random = seededRandom(seed);
  const { norms, paths } = table;
  const word = (): string => {
    for (;;) {
      const norm = pick(random, norms);
      const terms = analyze(norm, { mode: 'index' }).filter((token) => !SYNTAX.test(token.term) && token.term.length > 0);
      if (terms.length > 0) return pick(random, terms).term;
    }
  };
  const phrase = (): string => {
    for (;;) {
      const norm = pick(random, norms);
      const length = 2 + randomIndex(random, 7);
      if (norm.length < length) continue;
      const start = randomIndex(random, norm.length - length + 1);
      const text = norm.slice(start, start + length);
      if (!SYNTAX.test(text)) return `"${text}"`;
    }
  };
  const heading = (): string => {
    for (;;) {
      const path = pick(random, paths);
      if (path.length < 2) continue;
      const length = 2 + randomIndex(random, 3);
      const start = randomIndex(random, Math.max(1, path.length - length + 1));
      const text = path.slice(start, start + length);
      if (text.length === length && !SYNTAX.test(text)) return `heading:${text}`;
    }
  };
  const shapes: (() => string)[] = [
    word,
    word,
    word,
    phrase,
    phrase,
    phrase,
    () => `${word()} ${word()}`,
    () => `${word()} -${word()}`,
    () => `${phrase()} OR ${word()}`,
    heading,
    () => `${word()} level:区|县`,
    () => `${phrase()} year:2024`,
    () => `${word()} /SEN ${word()}`,
    () => `${word()} /NEAR ${String(randomIndex(random, 12))} ${phrase()}`,
  ];
  const out: string[] = QUERY_MIX.map((query) => query.q);
  for (let i = 0; i < count; i++) out.push(pick(random, shapes)());
  return out;
}
