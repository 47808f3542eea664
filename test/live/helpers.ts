import { copyFileSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LiveCorpus, snapshot, type LiveOptions } from '../../src/live/index.js';
import { openSearch } from '../../src/search/index.js';
import { formatFrontMatter } from '../../src/ingest/frontmatter.js';
import type { ReportMeta } from '../../src/ingest/types.js';
import { CORPUS_DIR } from '../web/helpers.js';
import { memoryLogger } from '../web/helpers.js';

/** Bundled reports copied into each test corpus (a few, so that a rebuild is quick). */
export const SEED_FILES = ['qu-01.txt', 'shi-01.txt', 'xian-01.txt', 'zhen-01.txt'];

/** Quick timing for tests: the watcher reacts within a fraction of a second. */
export const QUICK: Partial<LiveOptions> = { debounceMs: 50, settleMs: 100, pollMs: 400, maxSettleRounds: 10 };

/** A temporary corpus (a copy of {@link SEED_FILES}), index and inbox folder. */
export function tempCorpus(): { root: string; corpusDir: string; indexDir: string; inboxDir: string } {
  const root = mkdtempSync(join(tmpdir(), 'policy-search-live-'));
  const corpusDir = join(root, 'corpus');
  mkdirSync(corpusDir);
  for (const name of SEED_FILES) copyFileSync(join(CORPUS_DIR, name), join(corpusDir, name));
  return { root, corpusDir, indexDir: join(root, 'index'), inboxDir: join(root, 'inbox') };
}

/** A live corpus over `dirs`, opened as the server opens it. */
export async function startLive(dirs: { corpusDir: string; indexDir: string; inboxDir?: string }, options: Partial<LiveOptions> = QUICK): Promise<LiveCorpus> {
  const before = await snapshot(dirs.corpusDir);
  const opened = await openSearch({ corpusDir: dirs.corpusDir, indexDir: dirs.indexDir });
  return LiveCorpus.start({ opened, snapshot: before, logger: memoryLogger() }, { ...options, corpusDir: dirs.corpusDir, indexDir: dirs.indexDir, inboxDir: dirs.inboxDir });
}

/** A small report file: front matter for `id` and the given paragraphs under one heading. */
export function reportFile(id: string, paragraphs: readonly string[]): string {
  const meta: ReportMeta = { id, title: `2024年${id}政府工作报告`, region: `测试县${id}`, level: '县', year: 2024, kind: '全文', source: 'test' };
  return `${formatFrontMatter(meta)}一、工作回顾\n\n${paragraphs.join('\n\n')}\n`;
}

/** Resolves once `test` holds, checking every `everyMs`; rejects after `timeoutMs`. */
export async function eventually(test: () => Promise<boolean> | boolean, timeoutMs: number, everyMs = 50): Promise<number> {
  const started = performance.now();
  for (;;) {
    if (await test()) return performance.now() - started;
    if (performance.now() - started > timeoutMs) throw new Error(`not within ${String(timeoutMs)} ms`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
