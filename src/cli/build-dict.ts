/**
 * `npm run dict`: regenerates `src/text/dict/quoted.txt` from the “…” quotes in `corpus/`.
 * Deterministic (sorted, no duplicates). `--check` only compares: exit 1 when the file is stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { loadCorpusSync } from '../ingest/load.js';
import { CORPUS_DIR } from '../ingest/paths.js';
import { CURATED_PATH, QUOTED_PATH, formatQuotedFile, quotedDictionaryTerms, readDictionaryFile } from '../text/dictionary.js';
import { stockWords } from '../text/segment.js';

function main(argv: readonly string[]): number {
  const check = argv.includes('--check');
  const { reports, problems } = loadCorpusSync(CORPUS_DIR);
  for (const p of problems) console.error(`dict: ${p.reason}`);
  if (problems.length > 0) return 1;
  const terms = quotedDictionaryTerms(reports, stockWords(), readDictionaryFile(CURATED_PATH).terms);
  const contents = formatQuotedFile(terms);
  if (check) {
    if (readFileSync(QUOTED_PATH, 'utf8') !== contents) {
      console.error('dict: src/text/dict/quoted.txt is stale, run `npm run dict`');
      return 1;
    }
    console.log(`dict: src/text/dict/quoted.txt is up to date (${String(terms.length)} terms)`);
    return 0;
  }
  writeFileSync(QUOTED_PATH, contents);
  console.log(`dict: wrote ${String(terms.length)} terms from ${String(reports.length)} reports to src/text/dict/quoted.txt`);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
