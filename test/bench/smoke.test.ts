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

function runScript(args: string[]): string {
  const child = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
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
    it('times the three engines and the scan agrees with the index on every query', () => {
      const out = join(dir, 'engines.json');
      const stdout = runScript(['bench/engines.ts', '--smoke', '--out', out]);
      expect(stdout).to.match(/^\| kind \| ours p50 \|/m);
      const figures = JSON.parse(readFileSync(out, 'utf8')) as { totals: number[][]; footprints: { engine: string }[] };
      expect(figures.footprints.map((f) => f.engine)).to.deep.equal(['ours', 'scan', 'flexsearch']);
      expect(figures.totals[1]).to.deep.equal(figures.totals[0]);
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
    it('builds, queries and starts the server on a tiny corpus', () => {
      const stdout = runScript(['bench/scale/run.ts', '--smoke']);
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
});
