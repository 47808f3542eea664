/**
 * Each benchmark script, run the way its doc comment says with `--smoke` (a corpus of three
 * generated reports, one round): proves they still work without timing anything.
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../../bench/lib/cli.js';
import type { LoadBenchResult } from '../../bench/load.js';

function runScript(args: string[], timeout = 60_000): string {
  const child = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', ...args], { cwd: ROOT, encoding: 'utf8', timeout });
  expect(child.status, `${args.join(' ')} failed:\n${child.stderr}`).to.equal(0);
  return child.stdout;
}

describe('bench scripts (--smoke)', function () {
  this.timeout(60_000);
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'bench-smoke-test-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  describe('bench/engines.ts', () => {
    it('times every engine; the scan agrees with the index, FTS5 with the scan before relaxation', () => {
      const out = join(dir, 'engines.json');
      const stdout = runScript(['bench/engines.ts', '--smoke', '--out', out]);
      expect(stdout).to.match(/^\| kind \| ours p50 \| scan p50 \| flexsearch p50 \| fts5 p50 \| orama p50 \|/m);
      const figures = JSON.parse(readFileSync(out, 'utf8')) as { engines: string[]; totals: number[][]; strictTotals: number[]; footprints: { engine: string }[] };
      const expected = ['ours', 'scan', 'flexsearch', 'fts5', 'orama', ...(figures.engines.includes('groonga') ? ['groonga'] : [])];
      expect(figures.footprints.map((f) => f.engine)).to.deep.equal(expected);
      expect(figures.engines).to.deep.equal(expected);
      expect(figures.totals[1]).to.deep.equal(figures.totals[0]);
      // FTS5 does not relax a query nothing fully matches: it agrees with the scan before relaxation.
      expect(figures.totals[3]).to.deep.equal(figures.strictTotals);
      expect(figures.totals[0]?.some((total) => total > 0)).to.equal(true);
    });
  });

  describe('bench/scale/generate.ts', () => {
    it('writes a corpus of the requested size', () => {
      const stdout = runScript(['bench/scale/generate.ts', '--factor', '0.1', '--out', dir]);
      expect(stdout).to.match(/: 3 reports, [\d,]+ characters/);
      expect(readdirSync(dir).sort()).to.deep.equal(['gen-x0p1-00001.txt', 'gen-x0p1-00002.txt', 'gen-x0p1-00003.txt']);
    });
  });

  describe('bench/scale/run.ts', () => {
    it('builds, queries and starts the server on a tiny corpus', function () {
      this.timeout(150_000);
      // Three phases in fresh processes: allow for a machine shared with other work.
      const stdout = runScript(['bench/scale/run.ts', '--smoke'], 140_000);
      expect(stdout.trim()).to.match(/x0p1\.json$/);
    });
  });

  describe('bench/scale/plot.ts', () => {
    it('draws the committed results and prints the tables', () => {
      const svg = join(dir, 'scale.svg');
      const stdout = runScript(['bench/scale/plot.ts', '--out', svg]);
      expect(stdout).to.match(/^\| size \| reports \|/m);
      expect(existsSync(svg)).to.equal(true);
      expect(readFileSync(svg, 'utf8')).to.match(/^<svg [^>]+>[\s\S]*<\/svg>\n$/);
    });
  });

  describe('bench/live.ts', () => {
    it('adds, changes and deletes a report under search traffic with no failed search', function () {
      this.timeout(180_000);
      const stdout = runScript(['bench/live.ts', '--smoke'], 170_000);
      expect(stdout).to.match(/^\| change \| searchable after ms \| ingest ms \| build ms \| load \+ swap ms \|/m);
      expect(stdout).to.match(/^\| delete it \| \d/m);
      expect(stdout).to.include('Failed searches: 0.');
    });
  });

  describe('bench/hostile.ts', () => {
    it('runs the normal clients alone and beside each hostile pattern, with no 5xx but 503, and reports the figures', function () {
      this.timeout(180_000);
      const stdout = runScript(['bench/hostile.ts', '--smoke'], 170_000);
      expect(stdout).to.match(/^\| beside the normal clients \| normal answers \| normal p50 \| normal p99 \| p99 \/ alone \|/m);
      expect(stdout).to.include('| alone |');
      for (const name of ['a hundred words finding nothing', 'costly comparisons, 5 clients', 'pipelined 100 deep', 'four readers of the long report', 'the mix of all, 5 clients']) expect(stdout).to.include(name);
      expect(stdout).to.match(/The long report's reader page alone: [0-9.]+ MB in .+, shown in \d+ parts\./u);
      expect(stdout).to.include('No 5xx but the documented 503, no error, no timeout.');
    });
  });

  // The server child starts on a generated three-report corpus and autocannon drives it.
  describe('bench/load.ts', () => {
    it('drives /api/search with the query mix without an error or a non-2xx answer, and reports the figures', function () {
      this.timeout(90_000);
      const out = join(dir, 'load.json');
      const stdout = runScript(['bench/load.ts', '--smoke', '--json', out], 80_000);
      expect(stdout).to.match(/^\| run \| requests \| s \| req\/s \| p50 ms \| p99 ms \| max ms \| errors \| non-2xx \| server CPU ms\/req \| server CPU \|$/m);
      expect(stdout).to.include('No errors, no timeouts, no non-2xx answers; heap stable over the long run.');
      const result = JSON.parse(readFileSync(out, 'utf8')) as LoadBenchResult;
      expect(result.failures).to.deep.equal([]);
      for (const run of [result.timed, result.long]) {
        expect([run.errors, run.timeouts, run.non2xx]).to.deep.equal([0, 0, 0]);
        expect(run.requests).to.be.above(0);
        expect(run.p50Ms).to.be.at.most(run.p99Ms);
        expect(run.p99Ms).to.be.at.most(run.maxMs);
        expect(run.serverCpuMsPerRequest).to.be.above(0);
      }
      expect(result.long.requests).to.equal(1000);
      expect(result.curve.map((point) => point.completed)).to.deep.equal([100, 200, 300, 400, 500, 600, 700, 800, 900, 1000]);
      for (const sample of [result.memory.start, result.memory.afterTimed, result.memory.afterLong]) expect(sample.rss).to.be.above(sample.heapUsed);
      expect(result.loadBefore).to.have.length(3);
    });
  });
});
