/**
 * `npm run build-index`: builds the search index over the corpus and saves it (a progress bar
 * on a terminal). `--if-stale` only rebuilds when the saved index does not match the corpus.
 * Exits 1 when no report at all could be read, or when the index cannot be saved.
 * Environment: CORPUS_DIR, INDEX_DIR (default `corpus/`, `var/index/`).
 */
import { parseArgs } from 'node:util';
import { CORPUS_DIR } from '../ingest/index.js';
import { DEFAULT_INDEX_DIR, progressBar } from '../index/index.js';
import { openSearch } from '../search/index.js';
import { runCommand } from './run.js';

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { 'if-stale': { type: 'boolean', default: false } } });
  const bar = progressBar();
  const corpusDir = process.env.CORPUS_DIR ?? CORPUS_DIR;
  const opened = await openSearch({
    corpusDir,
    indexDir: process.env.INDEX_DIR ?? DEFAULT_INDEX_DIR,
    rebuild: !values['if-stale'],
    onProgress: bar.update,
  });
  bar.done();
  for (const problem of opened.problems) process.stderr.write(`跳过 ${problem.file}：${problem.reason}\n`);
  for (const warning of opened.warnings) process.stderr.write(`注意 ${warning.file}：${warning.message}\n`);
  // An empty index would only serve an empty site.
  if (opened.service.documents().length === 0) throw new Error(`no report could be read from ${corpusDir}`);
  const { index } = opened;
  const paragraphs = opened.service.documents().reduce((sum, doc) => sum + doc.paragraphs, 0);
  if (index.source === 'loaded') {
    process.stdout.write(`索引已是最新：${index.file}（${String(paragraphs)} 段，载入 ${index.loadMs.toFixed(0)} ms）\n`);
    return 0;
  }
  // Saving is this command's whole purpose: a full or read-only disk is a failure here.
  if (index.saveError !== undefined) throw new Error(`索引已建立但无法保存：${index.saveError}`);
  const size = ((index.savedBytes ?? 0) / 1024 / 1024).toFixed(1);
  process.stdout.write(
    `已建立索引：${index.file}\n  ${String(opened.service.documents().length)} 份文件，${String(paragraphs)} 段；建立 ${index.buildMs.toFixed(0)} ms，${size} MB\n`,
  );
  return 0;
}

runCommand('build-index', main);
