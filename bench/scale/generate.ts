/**
 * `npx tsx bench/scale/generate.ts --factor 10 --out var/scale/x10 [--seed 1] [--source corpus]`
 *
 * Builds a corpus `factor` times the size of the bundled one from its real paragraphs and
 * headings: each new report follows the block sequence (headings and paragraphs) of one real
 * report, with every heading replaced by a real heading of the same level and every paragraph by
 * a real paragraph, dealt from shuffled decks so each one is used about `factor` times. Reports
 * get new ids and metadata. Files are written in the corpus format (front matter, then one
 * block per line with blank lines between), so the benchmarks measure the real ingest and index
 * pipeline. Same seed and source, same bytes.
 *
 * What it does not model: the vocabulary does not grow with the corpus (every word already occurs
 * in the bundled reports), so term dictionaries stay the size of the 1× corpus, where a real
 * corpus's would grow (Heaps' law); posting lists grow linearly, as they would.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { formatFrontMatter, loadCorpusSync, type Level, type Report, type ReportMeta } from '../../src/ingest/index.js';
import { isMain, positiveNumber, ROOT, run } from '../lib/cli.js';
import { pick, randomIndex, seededRandom, type Random } from '../lib/random.js';

/** Options of {@link generateScaledCorpus}. */
export interface GenerateOptions {
  /** Size relative to the source corpus (10 → ten times the reports); fractions give fewer reports. */
  factor: number;
  /** PRNG seed. */
  seed?: number;
}

/** One generated corpus file. */
export interface GeneratedFile {
  name: string;
  text: string;
}

/** Default seed, so that `--seed` is only needed to get a different corpus. */
export const DEFAULT_SEED = 20240101;

const YEARS = [2022, 2023, 2024, 2025] as const;
/** Generated file names start with this, so a rerun can clear its own files and only those. */
const PREFIX = 'gen-';

/** Deals the items of a list in shuffled rounds: every item once per round. */
class Deck<T> {
  #order: T[] = [];
  readonly #items: readonly T[];
  readonly #random: Random;

  constructor(items: readonly T[], random: Random) {
    if (items.length === 0) throw new Error('bench: a deck needs at least one item');
    this.#items = items;
    this.#random = random;
  }

  next(): T {
    if (this.#order.length === 0) {
      this.#order = [...this.#items];
      for (let i = this.#order.length - 1; i > 0; i--) {
        const j = randomIndex(this.#random, i + 1);
        const t = this.#order[i] as T;
        this.#order[i] = this.#order[j] as T;
        this.#order[j] = t;
      }
    }
    return this.#order.pop() as T;
  }
}

function factorTag(factor: number): string {
  return String(factor).replace('.', 'p');
}

/** Builds the files of a corpus `factor` times the size of `reports` (see the module comment). */
export function generateScaledCorpus(reports: readonly Report[], options: GenerateOptions): GeneratedFile[] {
  if (reports.length === 0) throw new Error('bench: generate: the source corpus has no reports');
  const random = seededRandom(options.seed ?? DEFAULT_SEED);
  const paragraphs = new Deck(reports.flatMap((report) => report.paragraphs.map((p) => p.text)), random);
  const headingsByLevel = new Map<number, string[]>();
  for (const report of reports) {
    for (const block of report.blocks) {
      if (block.type !== 'heading') continue;
      const list = headingsByLevel.get(block.level) ?? [];
      list.push(block.text);
      headingsByLevel.set(block.level, list);
    }
  }
  const headingDecks = new Map([...headingsByLevel].map(([level, list]) => [level, new Deck(list, random)]));
  const levels: Level[] = reports.map((report) => report.meta.level);
  const count = Math.max(1, Math.round(reports.length * options.factor));
  const tag = factorTag(options.factor);
  const files: GeneratedFile[] = [];
  for (let k = 0; k < count; k++) {
    const template = reports[k % reports.length] as Report;
    const level = pick(random, levels);
    const year = pick(random, YEARS);
    const serial = String(k + 1).padStart(5, '0');
    const meta: ReportMeta = {
      id: `x${tag}-${serial}`,
      title: `${String(year)}年XX${level}政府工作报告（样本${tag}·${serial}）`,
      region: `XX${level}·${tag}-${serial}`,
      level,
      year,
      kind: '全文',
      source: `generated: factor ${String(options.factor)}, seed ${String(options.seed ?? DEFAULT_SEED)}, blocks of ${template.file}`,
    };
    const lines = template.blocks.map((block) => (block.type === 'heading' ? (headingDecks.get(block.level)?.next() ?? block.text) : paragraphs.next()));
    files.push({ name: `${PREFIX}${meta.id}.txt`, text: `${formatFrontMatter(meta)}${lines.join('\n\n')}\n` });
  }
  return files;
}

/** Writes `files` into `dir`, first removing files an earlier run generated there. */
export function writeGeneratedCorpus(dir: string, files: readonly GeneratedFile[]): number {
  mkdirSync(dir, { recursive: true });
  for (const name of readdirSync(dir)) if (name.startsWith(PREFIX)) rmSync(join(dir, name));
  let bytes = 0;
  for (const file of files) {
    writeFileSync(join(dir, file.name), file.text);
    bytes += Buffer.byteLength(file.text);
  }
  return bytes;
}

/** Generates and writes a scaled corpus from the corpus in `sourceDir`; returns a summary. */
export function generateInto(sourceDir: string, outDir: string, options: GenerateOptions): { reports: number; characters: number; bytes: number } {
  const { reports, problems } = loadCorpusSync(sourceDir);
  if (problems.length > 0) throw new Error(`bench: generate: ${sourceDir} has bad files: ${problems.map((p) => p.reason).join('; ')}`);
  const files = generateScaledCorpus(reports, options);
  const bytes = writeGeneratedCorpus(outDir, files);
  const characters = files.reduce((sum, file) => sum + file.text.length, 0);
  return { reports: files.length, characters, bytes };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { factor: { type: 'string' }, out: { type: 'string' }, seed: { type: 'string' }, source: { type: 'string' } },
  });
  const factor = positiveNumber('factor', values.factor, 10);
  const seed = positiveNumber('seed', values.seed, DEFAULT_SEED);
  const out = resolve(values.out ?? join(ROOT, 'var', 'scale', `x${factorTag(factor)}`));
  const source = resolve(values.source ?? join(ROOT, 'corpus'));
  const started = performance.now();
  const summary = generateInto(source, out, { factor, seed });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  process.stdout.write(
    `${out}: ${String(summary.reports)} reports, ${summary.characters.toLocaleString('en')} characters, ${(summary.bytes / 1e6).toFixed(1)} MB (${seconds} s)\n`,
  );
  await Promise.resolve();
}

if (isMain(import.meta.url)) run('generate', main);

