/**
 * `node --expose-gc --import tsx bench/cost.ts [--rounds 5] [--write] [--smoke]`
 *
 * The cost bound of one search: no query of at most 200 characters may take more than
 * `BOUND_MS` in process on the bundled corpus (1×). The script hunts for the slowest queries:
 * families built to be expensive (long unquoted runs and long phrases of the commonest
 * characters, many ORs of common words, many common words with one that finds nothing — the
 * worst case of relaxation —, a long question, many exclusions) and random queries cut from the
 * reports; each is timed as `/api/search` runs it for page 1 (median of `--rounds`, after a
 * warm-up), and `compare` is timed for the same queries. Prints per family the median and the
 * slowest, the slowest queries overall, and whether the bound holds; `--write` puts the tables
 * under `## Cost bound` in BENCHMARKS.md; `--smoke` runs one round on a three-report generated
 * corpus.
 */
import { loadavg } from 'node:os';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CORPUS_DIR } from '../src/ingest/index.js';
import { openSearch, type IndexSearchService } from '../src/search/index.js';
import { PARAM_LIMITS } from '../src/web/params.js';
import { isMain, positiveNumber, run } from './lib/cli.js';
import { writeSection } from './lib/benchmarks-file.js';
import { describeMachine } from './lib/machine.js';
import { pick, randomIndex, seededRandom } from './lib/random.js';
import { smokeCorpus } from './lib/smoke.js';
import { formatMs, markdownTable, median } from './lib/stats.js';

/** The bound every query must meet, in milliseconds, at 1×. */
export const BOUND_MS = 20;

/** One generated query and the family it belongs to. */
interface Probe {
  family: string;
  q: string;
}

/** The longest query the site and the API accept, in characters. */
const MAX_QUERY_LENGTH = PARAM_LIMITS.queryLength;

/** `text` cut to the longest prefix the site accepts. */
function fit(text: string): string {
  return Array.from(text).slice(0, MAX_QUERY_LENGTH).join('');
}

/** Queries built to be slow, plus random ones from the corpus's own text (same seed, same queries). */
export function probes(norms: readonly string[], seed = 10): Probe[] {
  const random = seededRandom(seed);
  const frequency = new Map<string, number>();
  for (const norm of norms) for (const ch of norm) if (/\p{Script=Han}/u.test(ch)) frequency.set(ch, (frequency.get(ch) ?? 0) + 1);
  const common = [...frequency].sort((a, b) => b[1] - a[1]).map(([ch]) => ch);
  const top = common.slice(0, 12);
  const words: string[] = [];
  for (const norm of norms) for (const match of norm.matchAll(/\p{Script=Han}{2}/gu)) if (words.length < 5000) words.push(match[0]);
  const wordCounts = new Map<string, number>();
  for (const w of words) wordCounts.set(w, (wordCounts.get(w) ?? 0) + 1);
  const commonWords = [...wordCounts].sort((a, b) => b[1] - a[1]).map(([w]) => w).slice(0, 60);
  const runOf = (alphabet: readonly string[], length: number): string => Array.from({ length }, () => pick(random, alphabet)).join('');
  const out: Probe[] = [];
  const add = (family: string, q: string): void => {
    out.push({ family, q: fit(q) });
  };
  for (let i = 0; i < 10; i++) {
    add('run of common characters', runOf(top, 200));
    add('phrase of common characters', `"${runOf(top, 198)}"`);
    add('common characters spaced', Array.from({ length: 100 }, () => pick(random, top)).join(' '));
    add('ORs of common words', Array.from({ length: 50 }, () => pick(random, commonWords)).join('|'));
    add('common words, one missing', `${Array.from({ length: 60 }, () => pick(random, commonWords)).join(' ')} 葡萄柚`);
    add('words that find nothing', Array.from({ length: 60 }, () => `${pick(random, ['葡', '萄', '柚', '猕', '猴', '桃'])}${pick(random, ['鲸', '鲨', '蚌'])}`).join(' '));
    add('exclusions', `发展 ${Array.from({ length: 60 }, () => `-${pick(random, common.slice(0, 30))}`).join(' ')}`);
    add('question', `如何${pick(random, norms).slice(0, 198)}`);
  }
  for (let i = 0; i < 120; i++) {
    const norm = pick(random, norms);
    const length = 2 + randomIndex(random, 199);
    const start = randomIndex(random, Math.max(1, norm.length - length));
    const text = norm.slice(start, start + length).replace(/["“”「」『』()（）|｜\-:：\\]/gu, ' ');
    add('random text, unquoted', text);
    add('random text, quoted', `"${text.replace(/\s+/gu, '')}"`);
  }
  return out.filter((probe) => probe.q.trim() !== '');
}

/** One query's timings. */
interface Timed extends Probe {
  searchMs: number;
  compareMs: number;
}

/** Milliseconds of `fn()` (the median of `rounds` runs after one warm-up). */
function timed(fn: () => void, rounds: number): number {
  fn();
  const samples: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const started = process.hrtime.bigint();
    fn();
    samples.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return median(samples);
}

/** Times every probe against `service`. */
export function measure(service: IndexSearchService, list: readonly Probe[], rounds: number): Timed[] {
  return list.map((probe) => ({
    ...probe,
    searchMs: timed(() => service.search(probe.q, { size: 10 }), rounds),
    compareMs: timed(() => service.compare(probe.q), rounds),
  }));
}

/** The report: per family, the slowest overall, the verdict. */
export function report(results: readonly Timed[], rounds: number, corpus: string): { markdown: string; slowest: number } {
  const families = [...new Set(results.map((r) => r.family))];
  const rows = families.map((family) => {
    const mine = results.filter((r) => r.family === family);
    return [family, String(mine.length), formatMs(median(mine.map((r) => r.searchMs))), formatMs(Math.max(...mine.map((r) => r.searchMs))), formatMs(Math.max(...mine.map((r) => r.compareMs)))];
  });
  const slowest = [...results].sort((a, b) => b.searchMs - a.searchMs).slice(0, 10);
  const show = (q: string): string => {
    const chars = Array.from(q);
    return (chars.length > 40 ? `${chars.slice(0, 40).join('')}…（${String(chars.length)} 字）` : q).replaceAll('|', '\\|');
  };
  const worst = Math.max(...results.map((r) => r.searchMs), ...results.map((r) => r.compareMs));
  const verdict = worst <= BOUND_MS ? `holds: the slowest query took ${formatMs(worst)}` : `**not met**: the slowest query took ${formatMs(worst)}`;
  const markdown = [
    '## Cost bound',
    '',
    `Every query of at most ${String(MAX_QUERY_LENGTH)} characters within ${String(BOUND_MS)} ms in process at 1× (\`node --expose-gc --import tsx bench/cost.ts --write\`; ${corpus}; median of ${String(rounds)} runs per query after a warm-up; search = page 1 of 10 hits with facets, highlights and snippets, as \`/api/search\`; compare = \`/api/compare\`). ${describeMachine()}, load average ${loadavg().map((n) => n.toFixed(2)).join(' ')}.`,
    '',
    `Bound ${verdict} (${String(results.length)} queries).`,
    '',
    markdownTable(['family', 'queries', 'search p50', 'search max', 'compare max'], rows),
    '',
    'Slowest searches:',
    '',
    markdownTable(['query', 'family', 'search', 'compare'], slowest.map((r) => [show(r.q), r.family, formatMs(r.searchMs), formatMs(r.compareMs)])),
    '',
  ].join('\n');
  return { markdown, slowest: worst };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { rounds: { type: 'string' }, write: { type: 'boolean', default: false }, smoke: { type: 'boolean', default: false } } });
  const smoke = values.smoke;
  const rounds = smoke ? 1 : positiveNumber('rounds', values.rounds, 5);
  const corpusDir = smoke ? smokeCorpus() : CORPUS_DIR;
  const indexDir = mkdtempSync(join(tmpdir(), 'bench-cost-'));
  try {
    const { service, index } = await openSearch({ corpusDir, indexDir });
    const list = probes(index.index.table.norms);
    const results = measure(service, smoke ? list.slice(0, 40) : list, rounds);
    const { markdown } = report(results, rounds, smoke ? 'smoke corpus' : `bundled corpus, ${String(index.index.table.blocks.length)} paragraphs`);
    process.stdout.write(`${markdown}\n`);
    if (values.write && !smoke) writeSection(markdown);
  } finally {
    rmSync(indexDir, { recursive: true, force: true });
    if (smoke) rmSync(corpusDir, { recursive: true, force: true });
  }
}

if (isMain(import.meta.url)) run('bench/cost', main);
