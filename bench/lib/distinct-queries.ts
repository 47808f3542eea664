/**
 * Distinct queries drawn from a corpus, for load runs that a cache of answers cannot absorb:
 * pieces of real paragraphs (two to six Han characters, as a reader would type a word), alone,
 * in pairs, as phrases and with an exclusion. Seeded, so every run sends the same ones.
 */
import type { Report } from '../../src/ingest/index.js';
import { randomIndex, seededRandom } from './random.js';

const HAN_RUN = /\p{Script=Han}{6,}/gu;

/** `count` distinct query strings (fewer only when the corpus is too small to give them). */
export function distinctQueries(reports: readonly Report[], count: number, seed = 14): string[] {
  const random = seededRandom(seed);
  const runs: string[] = [];
  for (const report of reports) for (const paragraph of report.paragraphs) for (const match of paragraph.text.matchAll(HAN_RUN)) runs.push(match[0]);
  if (runs.length === 0) return [];
  const piece = (min: number, max: number): string => {
    const run = runs[randomIndex(random, runs.length)] ?? '';
    const length = min + randomIndex(random, max - min + 1);
    const start = randomIndex(random, Math.max(1, run.length - length + 1));
    return run.slice(start, start + length);
  };
  const out = new Set<string>();
  for (let attempt = 0; out.size < count && attempt < count * 20; attempt++) {
    const kind = random();
    if (kind < 0.4) out.add(piece(2, 4));
    else if (kind < 0.7) out.add(`${piece(2, 4)} ${piece(2, 4)}`);
    else if (kind < 0.9) out.add(`"${piece(4, 6)}"`);
    else out.add(`${piece(2, 4)} -${piece(2, 3)}`);
  }
  return [...out];
}
