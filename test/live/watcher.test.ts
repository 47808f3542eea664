import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { snapshot } from '../../src/live/snapshot.js';
import { FolderWatcher } from '../../src/live/watcher.js';
import { eventually } from './helpers.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('FolderWatcher', function () {
  this.timeout(60_000);
  let dir: string;
  let watcher: FolderWatcher | undefined;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'policy-search-watch-'));
  });
  afterEach(async () => {
    await watcher?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('#start', () => {
    it('takes a burst of changes as one, once the folder has settled', async () => {
      const calls: string[] = [];
      watcher = new FolderWatcher(dir, { debounceMs: 100, settleMs: 150, pollMs: 5000, maxSettleRounds: 20 }, await snapshot(dir), (next) => {
        calls.push(next);
        return Promise.resolve();
      }).start();
      for (let i = 0; i < 20; i++) writeFileSync(join(dir, `f${String(i).padStart(2, '0')}.txt`), `file ${String(i)}`);
      await eventually(() => calls.length > 0, 20_000);
      await sleep(600);
      expect(calls).to.have.length(1);
      expect(calls[0]).to.equal(await snapshot(dir));
    });

    it('waits for a file still being written and hands over the finished folder', async () => {
      const calls: Array<{ at: number; snap: string }> = [];
      watcher = new FolderWatcher(dir, { debounceMs: 30, settleMs: 150, pollMs: 5000, maxSettleRounds: 40 }, await snapshot(dir), (next) => {
        calls.push({ at: performance.now(), snap: next });
        return Promise.resolve();
      }).start();
      const file = join(dir, 'growing.txt');
      writeFileSync(file, 'start\n');
      // Written in pieces every 40 ms for about a second (slower than the debounce, faster than the settling check).
      for (let i = 0; i < 25; i++) {
        await sleep(40);
        appendFileSync(file, `line ${String(i)}\n`);
      }
      const lastWrite = performance.now();
      await eventually(() => calls.length > 0, 20_000);
      await sleep(400);
      expect(calls).to.have.length(1);
      expect(calls[0]?.at).to.be.greaterThan(lastWrite);
      expect(calls[0]?.snap).to.equal(await snapshot(dir));
    });

  });

  describe('#check', () => {
    it('hands over a change made before watching began (no event will ever come for it)', async () => {
      const calls: string[] = [];
      const handled = await snapshot(dir);
      writeFileSync(join(dir, 'before-start.txt'), 'x');
      watcher = new FolderWatcher(dir, { debounceMs: 10_000, settleMs: 50, pollMs: 100, maxSettleRounds: 5 }, handled, (next) => {
        calls.push(next);
        return Promise.resolve();
      });
      await watcher.check();
      expect(calls).to.deep.equal([await snapshot(dir)]);
    });
  });
});
