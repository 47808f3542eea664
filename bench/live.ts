/**
 * The live corpus under search traffic: `node --expose-gc --import tsx bench/live.ts [--smoke]`.
 * Serves a copy of the bundled corpus (`--smoke`: four reports) on loopback with a live corpus,
 * keeps one client searching without pause, then adds a report, changes it and deletes it. For
 * each change: how long until the server answers from the new index, the build's timings (ingest
 * and build in the worker thread, load and swap on the serving thread), and the client's
 * latencies while the change was being built next to those of the quiet period before.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatFrontMatter } from '../src/ingest/frontmatter.js';
import { CORPUS_DIR } from '../src/ingest/index.js';
import { LiveCorpus, snapshot } from '../src/live/index.js';
import { openSearch } from '../src/search/index.js';
import { createApp } from '../src/web/app.js';
import { silentLogger } from '../src/web/logger.js';
import { listen, shutdown } from '../src/web/server.js';
import { isMain, run } from './lib/cli.js';
import { describeMachine } from './lib/machine.js';
import { formatMs, markdownTable, percentile } from './lib/stats.js';

const QUERIES = ['高质量发展', '营商环境', '"一般公共预算收入"', '乡村振兴 -脱贫', 'heading:科技创新', '新质生产力 OR 数字经济'];
const PROBE = '乡村振兴';

function report(id: string, n: number): string {
  const body = Array.from({ length: n }, (_, i) => `第${String(i + 1)}项：全面推进乡村振兴，建设宜居宜业和美乡村，发展特色产业。`).join('\n\n');
  return `${formatFrontMatter({ id, title: `2024年${id}政府工作报告`, region: `基准县${id}`, level: '县', year: 2024, kind: '全文', source: 'bench' })}一、工作回顾\n\n${body}\n`;
}

function loads(): string {
  return loadavg()
    .map((l) => l.toFixed(2))
    .join(' / ');
}

async function main(): Promise<void> {
  const smoke = process.argv.includes('--smoke');
  const root = mkdtempSync(join(tmpdir(), 'policy-search-bench-live-'));
  const corpusDir = join(root, 'corpus');
  mkdirSync(corpusDir);
  const names = readdirSync(CORPUS_DIR).filter((n) => n.endsWith('.txt'));
  for (const name of smoke ? names.slice(0, 4) : names) copyFileSync(join(CORPUS_DIR, name), join(corpusDir, name));
  const loadBefore = loads();
  const before = await snapshot(corpusDir);
  const opened = await openSearch({ corpusDir, indexDir: join(root, 'index') });
  const live = await LiveCorpus.start({ opened, snapshot: before, logger: silentLogger }, { corpusDir, indexDir: join(root, 'index') });
  const { server, url } = await listen(createApp({ generations: live, logger: silentLogger }), 0, '127.0.0.1');
  const samples: Array<{ at: number; ms: number; building: boolean; probe?: number }> = [];
  const running = { stop: false };
  let failures = 0;
  let probeTotal = -1;
  const client = (async () => {
    for (let i = 0; !running.stop; i++) {
      const q = i % 2 === 0 ? PROBE : (QUERIES[i % QUERIES.length] ?? PROBE);
      const started = performance.now();
      const res = await fetch(`${url}/api/search?q=${encodeURIComponent(q)}&size=10`);
      const body = (await res.json()) as { total: number };
      const ms = performance.now() - started;
      if (res.status !== 200) failures++;
      if (q === PROBE) probeTotal = body.total;
      samples.push({ at: started, ms, building: live.status().building });
    }
  })();
  const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  const until = async (total: number): Promise<number> => {
    const started = performance.now();
    while (probeTotal !== total) {
      if (performance.now() - started > 300_000) throw new Error(`bench/live: total ${String(total)} not seen in 300 s`);
      await wait(5);
    }
    return performance.now() - started;
  };
  // Let the build thread load its analyser and the client warm up; then a quiet period to compare with.
  await wait(smoke ? 1000 : 20_000);
  const quietFrom = performance.now();
  await wait(smoke ? 1000 : 5000);
  const quiet = samples.filter((s) => s.at >= quietFrom).map((s) => s.ms);
  const base = probeTotal;
  const file = join(corpusDir, 'bench-live.txt');
  const rows: string[][] = [];
  const during: number[] = [];
  const steps: Array<[string, () => void, number]> = [
    ['add a report (3 matching paragraphs)', () => { writeFileSync(file, report('bench-live', 3)); }, base + 3],
    ['change it (5 matching paragraphs)', () => { writeFileSync(file, report('bench-live', 5)); }, base + 5],
    ['delete it', () => { unlinkSync(file); }, base],
  ];
  for (const [what, act, total] of steps) {
    const from = performance.now();
    act();
    const ms = await until(total);
    const built = live.status().lastBuild;
    const mine = samples.filter((s) => s.at >= from).map((s) => s.ms);
    during.push(...mine);
    rows.push([what, formatMs(ms), String(built?.ingestMs ?? '–'), String(built?.buildMs ?? '–'), String(built?.swapMs ?? '–'), String(mine.length), formatMs(percentile(mine, 50)), formatMs(percentile(mine, 99)), formatMs(Math.max(...mine))]);
    await wait(smoke ? 200 : 2000);
  }
  running.stop = true;
  await client;
  await shutdown(server);
  await live.close();
  rmSync(root, { recursive: true, force: true });
  const header = ['change', 'searchable after ms', 'ingest ms', 'build ms', 'load + swap ms', 'searches meanwhile', 'p50 ms', 'p99 ms', 'max ms'];
  process.stdout.write(`Machine: ${describeMachine()}. Load average (1/5/15 min) ${loadBefore} before, ${loads()} after.\n`);
  process.stdout.write(`Corpus: ${String(opened.service.documents().length)} reports; one client searching without pause over loopback (${PROBE} and ${String(QUERIES.length)} other queries, size 10).\n\n`);
  process.stdout.write(`${markdownTable(header, rows)}\n\n`);
  process.stdout.write(
    `${markdownTable(['period', 'searches', 'p50 ms', 'p99 ms', 'max ms'], [
      ['quiet (before the changes)', String(quiet.length), formatMs(percentile(quiet, 50)), formatMs(percentile(quiet, 99)), formatMs(Math.max(...quiet))],
      ['from each change until it was served', String(during.length), formatMs(percentile(during, 50)), formatMs(percentile(during, 99)), formatMs(Math.max(...during))],
    ])}\n\nFailed searches: ${String(failures)}.\n`,
  );
  if (failures > 0) throw new Error(`bench/live: ${String(failures)} searches failed`);
}

if (isMain(import.meta.url)) run('bench/live', main);
