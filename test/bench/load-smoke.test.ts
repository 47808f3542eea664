/**
 * `bench/load.ts --smoke`, run the way its doc comment says: the server child starts on a
 * generated three-report corpus, autocannon drives it, and every answer is a 2xx. Proves the
 * script works; times nothing.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import type { LoadBenchResult } from '../../bench/load.js';
import { ROOT } from '../../bench/lib/cli.js';

describe('bench/load.ts (--smoke)', function () {
  this.timeout(90_000);
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'load-smoke-test-'));
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('drives /api/search with the query mix without an error or a non-2xx answer, and reports the figures', () => {
    const out = join(dir, 'load.json');
    const child = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', 'bench/load.ts', '--smoke', '--json', out], { cwd: ROOT, encoding: 'utf8', timeout: 80_000 });
    expect(child.status, child.stderr).to.equal(0);
    expect(child.stdout).to.match(/^\| run \| requests \| s \| req\/s \| p50 ms \| p99 ms \| max ms \| errors \| non-2xx \| server CPU ms\/req \| server CPU \|$/m);
    expect(child.stdout).to.include('No errors, no timeouts, no non-2xx answers; heap stable over the long run.');
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
