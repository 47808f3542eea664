/**
 * `npm run search -- "query" [--level 区] [--doc ID] [--limit N] [--page N] [--sort order] [--strict] [--json]`:
 * runs one query and prints the hits (or, with `--json`, the same JSON as `/api/search`), from
 * the backend the environment names as the server does (`SEARCH_BACKEND=sphinxql`: the cluster);
 * an incomplete answer says so. A malformed query prints a caret under the problem and exits with 2.
 */
import { parseArgs } from 'node:util';
import { CORPUS_DIR } from '../ingest/index.js';
import { DEFAULT_INDEX_DIR, progressBar } from '../index/index.js';
import { parseQuery } from '../query/index.js';
import { openBackend } from '../cluster/backend.js';
import { formatQueryError, QueryError, SearchOptionError, type Range } from '../search/index.js';
import { resolveOptions } from '../search/options.js';
import { partialNotice } from './partial-notice.js';
import { runCommand } from './run.js';

const USAGE = 'usage: npm run search -- "查询" [--level 区] [--doc ID] [--limit N] [--page N] [--sort relevance|order] [--strict] [--json]';

/** Marks highlights with 【】, or bold on a terminal. */
function mark(text: string, highlights: readonly Range[], tty: boolean): string {
  const [open, close] = tty ? ['\x1b[1;31m', '\x1b[0m'] : ['【', '】'];
  let out = '';
  let at = 0;
  for (const [start, end] of highlights) {
    out += text.slice(at, start) + open + text.slice(start, end) + close;
    at = end;
  }
  return out + text.slice(at);
}

function integer(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  return Number.isInteger(n) ? n : Number.NaN;
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      level: { type: 'string', multiple: true },
      doc: { type: 'string', multiple: true },
      limit: { type: 'string' },
      page: { type: 'string' },
      sort: { type: 'string' },
      json: { type: 'boolean', default: false },
      strict: { type: 'boolean', default: false },
    },
  });
  const query = positionals.join(' ');
  if (query.trim() === '' && values.level === undefined && values.doc === undefined) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const split = (list: string[] | undefined): string[] | undefined => list?.flatMap((item) => item.split(/[,|，]/u)).filter((item) => item !== '');
  const options: Record<string, unknown> = {
    size: integer(values.limit),
    page: integer(values.page),
    sort: values.sort,
    strict: values.strict,
    level: split(values.level),
    doc: split(values.doc),
  };
  try {
    // Reject a malformed query or option before loading anything.
    parseQuery(query);
    resolveOptions(options, () => true);
    const bar = progressBar();
    const backend = await openBackend({ corpusDir: process.env.CORPUS_DIR ?? CORPUS_DIR, indexDir: process.env.INDEX_DIR ?? DEFAULT_INDEX_DIR, env: process.env, onProgress: bar.update });
    bar.done();
    const result = await backend.service.search(query, options).finally(() => backend.close());
    if (values.json) {
      process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      return 0;
    }
    const tty = process.stdout.isTTY;
    const pages = Math.max(1, Math.ceil((result.total - result.folded + result.headingMatches) / result.size));
    const folded = result.folded > 0 ? `（其中 ${String(result.folded)} 段是同一报告其他版本中的相同段落，已合并显示）` : '';
    const more = `${folded}${result.headingMatches > 0 ? `，另有 ${String(result.headingMatches)} 段仅章节标题匹配` : ''}`;
    const headings = result.headings > 0 ? `；章节标题 ${String(result.headings)} 个（单独列出，不计入段数）` : '';
    process.stdout.write(`“${query}”：共 ${String(result.total)} 段${more}${headings}，第 ${String(result.page)}/${String(pages)} 页（${result.tookMs.toFixed(2)} ms）\n`);
    if (result.partial !== undefined) process.stdout.write(`  ${partialNotice(result.partial)}\n`);
    if (result.didYouMean !== null) process.stdout.write(`  你要找的是不是：${result.didYouMean}\n`);
    for (const note of result.notes) process.stdout.write(`  注：${note}\n`);
    const levels = Object.entries(result.facets.level).map(([name, count]) => `${name} ${String(count)}`).join('，');
    if (levels !== '') process.stdout.write(`  级别：${levels}\n`);
    if (result.page === 1 && result.headingHits.length > 0) {
      // Headings are hits of their own, listed apart from the paragraphs (as on the site's first page).
      const listed = result.headingHits.length < result.headings ? `，列出前 ${String(result.headingHits.length)} 个` : '';
      process.stdout.write(`\n章节标题（${String(result.headings)} 个${listed}）：\n`);
      for (const heading of result.headingHits) {
        const path = heading.sectionPath.length === 0 ? '' : `${heading.sectionPath.join(' › ')} › `;
        process.stdout.write(`  [标题] ${heading.title} · ${path}${mark(heading.text, heading.highlights, tty)}\n         ${heading.url}\n`);
      }
    }
    result.hits.forEach((hit, i) => {
      const rank = (result.page - 1) * result.size + i + 1;
      const path = hit.sectionPath.map((heading, h) => mark(heading, hit.sectionHighlights[h] ?? [], tty)).join(' › ');
      const label = hit.match === 'heading' ? ' （章节标题匹配）' : '';
      process.stdout.write(`\n${String(rank)}. ${hit.title} 第${String(hit.paragraph)}段${path === '' ? '' : ` · ${path}`}${label}  [${hit.score.toFixed(2)}]\n`);
      process.stdout.write(`   ${mark(hit.snippet.text, hit.snippet.highlights, tty)}\n   ${hit.url}\n`);
      for (const copy of hit.copies) process.stdout.write(`   另见：${copy.title}（${copy.kind}）第${String(copy.paragraph)}段 ${copy.url}\n`);
    });
    return 0;
  } catch (error) {
    if (error instanceof QueryError) {
      process.stderr.write(`${formatQueryError(query, error)}\n`);
      return 2;
    }
    if (error instanceof SearchOptionError) {
      // The command line calls the page size --limit.
      process.stderr.write(`${error.message.replace('option "size"', 'option "--limit"')}\n${USAGE}\n`);
      return 2;
    }
    throw error;
  }
}

runCommand('search', main);
