/**
 * `node --import tsx bench/cluster-analysis.ts [--corpus var/scale/x10]`
 *
 * A cluster's analysis of the corpus (ranking tables and completion vocabulary), side by side in
 * one run: as it was (`buildRankedAndVocabulary` over a paragraph table: each paragraph into a
 * MiniSearch, exported and merged; one thread) against `analyseCorpus` (batches streamed to the
 * build threads, tables counted from the terms) in one thread and on every core; checks that the
 * three give identical tables and vocabulary, and prints times, RSS and the load average.
 */
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { isDeepStrictEqual } from 'node:util';
import { analyseCorpus, type CorpusAnalysis } from '../src/cluster/analysis.js';
import { buildRankedAndVocabulary } from '../src/index/build.js';
import { buildParagraphTable } from '../src/index/paragraphs.js';
import { loadCorpus } from '../src/ingest/index.js';
import { addCorpusTerms } from '../src/text/index.js';
import { isMain, ROOT, run } from './lib/cli.js';
import { describeMachine } from './lib/machine.js';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { corpus: { type: 'string' } } });
  const corpusDir = resolve(values.corpus ?? join(ROOT, 'var', 'scale', 'x10'));
  const { reports } = await loadCorpus(corpusDir);
  addCorpusTerms(reports);
  const paragraphs = reports.reduce((sum, report) => sum + report.paragraphs.length, 0);
  const characters = reports.reduce((sum, report) => sum + report.paragraphs.reduce((n, paragraph) => n + paragraph.text.length, 0), 0);
  const load = (): string => loadavg().map((value) => value.toFixed(1)).join(' / ');
  process.stdout.write(`${describeMachine()} ${corpusDir}: ${String(reports.length)} reports, ${String(paragraphs)} paragraphs, ${String(characters)} characters; load ${load()}\n`);
  const timed = (name: string, make: () => CorpusAnalysis): CorpusAnalysis => {
    const started = performance.now();
    const cpu = process.cpuUsage();
    const result = make();
    const ms = performance.now() - started;
    const used = process.cpuUsage(cpu);
    process.stdout.write(`${name}: ${(ms / 1000).toFixed(1)} s wall, ${((used.user + used.system) / 1e6).toFixed(1)} s CPU, ${(characters / (ms / 1000) / 1000).toFixed(0)}k characters/s, RSS ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB; load ${load()}\n`);
    return result;
  };
  const before = timed('before: MiniSearch per paragraph, one thread', () => buildRankedAndVocabulary(buildParagraphTable(reports), { threads: 'never' }));
  const single = timed('analyseCorpus, one thread', () => analyseCorpus(reports, { threads: 'never' }));
  const threaded = timed('analyseCorpus, build threads', () => analyseCorpus(reports, { threads: 'always', onFallback: (reason) => process.stdout.write(`fallback: ${reason}\n`) }));
  const same = (a: CorpusAnalysis): boolean => isDeepStrictEqual(a.rankedTables, before.rankedTables) && isDeepStrictEqual(a.vocabulary, before.vocabulary);
  process.stdout.write(`identical tables and vocabulary: one thread ${String(same(single))}, build threads ${String(same(threaded))}\n`);
}

if (isMain(import.meta.url)) run('bench/cluster-analysis', main);
