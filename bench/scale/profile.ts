/**
 * `node --expose-gc --import tsx bench/scale/profile.ts --factor 100 --what query [--rounds 5]`
 *
 * CPU profile of one part of the pipeline at a corpus size, taken with the inspector's sampling
 * profiler (the same profile `node --cpu-prof` writes) around that part only, so that loading
 * the corpus does not drown what is being looked at:
 *
 * - `query`: the query mix on the saved index (`run.ts --phase build` first), index only;
 * - `build`: building the index in memory (not saving it); `--threads never` keeps the whole
 *   build in the profiled thread (by default, from 8,192 paragraphs, workers build the ranked shards);
 * - `load`: the fingerprint check and loading of the saved index;
 * - `ingest`: reading and parsing the corpus files (and adding their quoted terms to the
 *   segmenter), the first step of every start.
 *
 * Writes `var/prof/<what>-xN.cpuprofile` and prints the functions with the most self time.
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadCorpus, type Report } from '../../src/ingest/index.js';
import { buildSearchIndex, fingerprintOf, INDEX_FILE, loadIndex, type SearchIndex } from '../../src/index/index.js';
import { IndexSearchService } from '../../src/search/index.js';
import { addCorpusTerms } from '../../src/text/index.js';
import { isMain, positiveNumber, ROOT, run } from '../lib/cli.js';
import { formatSelfTime, selfTimes } from '../lib/cpuprofile.js';
import { QUERY_MIX } from '../lib/queries.js';

function tag(factor: number): string {
  return `x${String(factor).replace('.', 'p')}`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { factor: { type: 'string' }, what: { type: 'string' }, rounds: { type: 'string' }, top: { type: 'string' }, threads: { type: 'string' } } });
  const threads = values.threads ?? 'auto';
  if (threads !== 'auto' && threads !== 'never' && threads !== 'always') throw new Error(`bench: --threads must be auto, never or always, got "${threads}"`);
  const factor = positiveNumber('factor', values.factor, 1);
  const what = values.what ?? 'query';
  if (!['query', 'build', 'load', 'ingest'].includes(what)) throw new Error(`bench: --what must be query, build, load or ingest, got "${what}"`);
  const rounds = positiveNumber('rounds', values.rounds, 5);
  const corpusDir = factor === 1 ? join(ROOT, 'corpus') : join(ROOT, 'var', 'scale', tag(factor));
  const indexDir = join(ROOT, 'var', 'scale', `index-${tag(factor)}`);
  const ingest = async (): Promise<Report[]> => {
    const { reports: loaded } = await loadCorpus(corpusDir);
    addCorpusTerms(loaded);
    return loaded;
  };
  const reports = what === 'ingest' ? [] : await ingest();
  const load = (): SearchIndex => {
    const outcome = loadIndex(join(indexDir, INDEX_FILE), reports, fingerprintOf(corpusDir, reports));
    if (!('index' in outcome)) throw new Error(`bench: saved index not loaded (${outcome.reason}); run run.ts --phase build first`);
    return outcome.index;
  };
  const service = what === 'query' ? new IndexSearchService(load()) : undefined;
  if (service !== undefined) for (const { q } of QUERY_MIX) service.search(q);

  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  const started = performance.now();
  if (what === 'ingest') await ingest();
  else if (what === 'build') buildSearchIndex(reports, { threads });
  else if (what === 'load') load();
  else for (let r = 0; r < rounds; r++) for (const { q } of QUERY_MIX) service?.search(q);
  const ms = performance.now() - started;
  const { profile } = await session.post('Profiler.stop');
  session.disconnect();

  const dir = join(ROOT, 'var', 'prof');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${what}-${tag(factor)}.cpuprofile`);
  writeFileSync(file, JSON.stringify(profile));
  process.stdout.write(`${what} at ${String(factor)}×: ${(ms / 1000).toFixed(2)} s profiled, ${file}\n`);
  for (const row of selfTimes(profile).slice(0, positiveNumber('top', values.top, 25))) process.stdout.write(`${formatSelfTime(row)}\n`);
}

if (isMain(import.meta.url)) run('profile', main);
