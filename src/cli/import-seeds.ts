/**
 * Regenerates `corpus/` from the seed files (`../shared/seeds`, beside the project).
 * `--check` only compares: exit 1 and list the differing files when `corpus/` is stale.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CORPUS_DIR, SEEDS_DIR } from '../ingest/paths.js';
import { generateCorpus } from '../ingest/seeds.js';

function main(argv: readonly string[]): number {
  const check = argv.includes('--check');
  const files = generateCorpus(SEEDS_DIR);
  if (check) {
    const stale = files.filter((f) => {
      const path = join(CORPUS_DIR, f.name);
      return !existsSync(path) || readFileSync(path, 'utf8') !== f.content;
    });
    for (const f of stale) console.error(`import-seeds: corpus/${f.name} differs from the seeds`);
    if (stale.length > 0) return 1;
    console.log(`import-seeds: corpus/ matches the seeds (${String(files.length)} files)`);
    return 0;
  }
  mkdirSync(CORPUS_DIR, { recursive: true });
  for (const f of files) writeFileSync(join(CORPUS_DIR, f.name), f.content);
  const extra = readdirSync(CORPUS_DIR).filter((name) => !files.some((f) => f.name === name));
  console.log(`import-seeds: wrote ${String(files.length)} files to corpus/${extra.length > 0 ? ` (left alone: ${extra.join(', ')})` : ''}`);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
