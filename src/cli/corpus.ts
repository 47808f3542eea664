/**
 * Inspects the corpus as ingest reads it.
 *
 *   npm run corpus -- --check          table per report; exit 1 if a file fails to load or
 *                                      a report is not lossless
 *   npm run --silent corpus -- --json  every report's metadata and blocks, as JSON
 *   … --dir <path>                     another corpus directory (default: corpus/)
 */
import { resolve } from 'node:path';
import { analyzeCorpusSync } from '../ingest/load.js';
import { CORPUS_DIR } from '../ingest/paths.js';
import { corpusJson, formatSummaryTable, summarize } from '../ingest/summary.js';

const USAGE = 'usage: corpus [--check | --json] [--dir <path>]';

function main(argv: readonly string[]): number {
  const dirAt = argv.indexOf('--dir');
  const dirArg = dirAt >= 0 ? argv[dirAt + 1] : undefined;
  if (dirAt >= 0 && dirArg === undefined) {
    console.error(`corpus: --dir needs a path\n${USAGE}`);
    return 2;
  }
  const known = new Set(['--check', '--json', '--dir', dirArg]);
  const unknown = argv.filter((a) => !known.has(a));
  if (unknown.length > 0) {
    console.error(`corpus: unknown argument "${unknown[0] ?? ''}"\n${USAGE}`);
    return 2;
  }
  const dir = dirArg === undefined ? CORPUS_DIR : resolve(dirArg);
  const { analyses, problems } = analyzeCorpusSync(dir);
  if (argv.includes('--json')) {
    process.stdout.write(`${JSON.stringify(corpusJson(analyses.map((a) => a.report)), null, 2)}\n`);
    for (const p of problems) console.error(p.reason);
    return problems.length > 0 ? 1 : 0;
  }
  const rows = analyses.map(summarize);
  console.log(formatSummaryTable(rows));
  for (const p of problems) console.error(`skipped: ${p.reason}`);
  if (!argv.includes('--check')) return 0;
  const failed = rows.filter((r) => !r.lossless).length;
  if (failed > 0) console.error(`corpus: ${String(failed)} report(s) not lossless`);
  return failed > 0 || problems.length > 0 ? 1 : 0;
}

process.exitCode = main(process.argv.slice(2));
