/**
 * `npm run compare -- "phrase"`: how often a phrase (or any query) occurs in each document,
 * zeros included, as a table in corpus order. A malformed query prints a caret under the
 * problem and exits with 2. `--json` prints the same JSON as `/api/compare`. Answers from the
 * backend the environment names, as the server does; an incomplete answer says so.
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { CORPUS_DIR } from '../ingest/index.js';
import { DEFAULT_INDEX_DIR, progressBar } from '../index/index.js';
import { parseQuery } from '../query/index.js';
import { openBackend } from '../cluster/backend.js';
import { formatQueryError, QueryError, type CompareResult } from '../search/index.js';
import { partialNotice } from './partial-notice.js';
import { runCommand } from './run.js';

function columns(text: string): number {
  let width = 0;
  for (const c of text) width += (c.codePointAt(0) ?? 0) >= 0x1100 ? 2 : 1;
  return width;
}

function pad(text: string, width: number, right = false): string {
  const fill = ' '.repeat(Math.max(0, width - columns(text)));
  return right ? fill + text : text + fill;
}

/** The comparison as an aligned text table, with a total line. */
export function compareTable(result: CompareResult): string {
  const header = ['文件', '地区', '级别', '出现次数', '段落数'];
  const rows = result.documents.map((row) => [row.docId, row.region, row.level, String(row.occurrences), String(row.paragraphs)]);
  const total = ['合计', '', '', String(result.totalOccurrences), String(result.totalParagraphs)];
  const all = [header, ...rows, total];
  const widths = header.map((_, c) => Math.max(...all.map((row) => columns(row[c] ?? ''))));
  const line = (row: string[]): string => row.map((cell, c) => pad(cell, widths[c] ?? 0, c >= 3)).join('  ').trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [line(header), rule, ...rows.map(line), rule, line(total)].join('\n');
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { json: { type: 'boolean', default: false } } });
  const query = positionals.join(' ');
  if (query.trim() === '') {
    process.stderr.write('usage: npm run compare -- "短语" [--json]\n');
    return 2;
  }
  try {
    // Reject a malformed query before loading anything.
    parseQuery(query);
    const bar = progressBar();
    const backend = await openBackend({ corpusDir: process.env.CORPUS_DIR ?? CORPUS_DIR, indexDir: process.env.INDEX_DIR ?? DEFAULT_INDEX_DIR, env: process.env, onProgress: bar.update });
    bar.done();
    const result = await backend.service.compare(query).finally(() => backend.close());
    const notice = result.partial === undefined ? '' : `${partialNotice(result.partial)}\n\n`;
    process.stdout.write(values.json ? `${JSON.stringify(result, null, 2)}\n` : `“${query}”在各文件中的分布\n\n${notice}${compareTable(result)}\n`);
    return 0;
  } catch (error) {
    if (error instanceof QueryError) {
      process.stderr.write(`${formatQueryError(query, error)}\n`);
      return 2;
    }
    throw error;
  }
}

/** True when this file is the script node runs (not imported, e.g. by a test). */
function isScript(): boolean {
  try {
    return process.argv[1] !== undefined && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isScript()) runCommand('compare', main);
