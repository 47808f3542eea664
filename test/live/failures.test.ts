/**
 * What must not take down what is served: a build thread that dies (here out of memory, as a
 * hostile file could make it), and a corpus with no readable report left.
 */
import { readdirSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import type { LiveCorpus } from '../../src/live/index.js';
import { reportFile, SEED_FILES, startLive, tempCorpus } from './helpers.js';

describe('LiveCorpus failures', function () {
  this.timeout(300_000);
  let dirs: ReturnType<typeof tempCorpus>;
  let live: LiveCorpus | undefined;
  beforeEach(() => {
    dirs = tempCorpus();
  });
  afterEach(async () => {
    await live?.close();
    live = undefined;
    rmSync(dirs.root, { recursive: true, force: true });
  });

  describe('#refresh', () => {
    it('keeps serving the current generation when the build thread dies, and says so', async () => {
      live = await startLive(dirs, { debounceMs: 50, settleMs: 100, pollMs: 60_000, maxSettleRounds: 10, maxHeapMb: 8 });
      writeFileSync(join(dirs.corpusDir, 'new-01.txt'), reportFile('new-01', ['全面推进乡村振兴。']));
      const generation = await live.refresh();
      expect(generation.number).to.equal(1);
      expect(generation.service.documents()).to.have.length(SEED_FILES.length);
      const [problem] = live.status().problems;
      expect(problem?.message).to.match(/^索引未更新，继续使用第 1 版：live: build thread (failed|exited)/);
      expect(live.status().building).to.equal(false);
    });

    it('keeps serving the current generation when no report at all can be read', async () => {
      live = await startLive(dirs);
      for (const name of readdirSync(dirs.corpusDir)) unlinkSync(join(dirs.corpusDir, name));
      writeFileSync(join(dirs.corpusDir, 'broken.txt'), 'no front matter\n');
      const generation = await live.refresh();
      expect(generation.number).to.equal(1);
      expect(generation.service.documents()).to.have.length(SEED_FILES.length);
      expect(live.status().problems.map((p) => p.message)).to.deep.equal([`索引未更新，继续使用第 1 版：live: no report could be read from ${dirs.corpusDir}`]);
    });
  });
});
