/** The build on worker threads gives exactly the index of the one-thread build. */
import { once } from 'node:events';
import { receiveMessageOnPort } from 'node:worker_threads';
import { expect } from 'chai';
import { CORPUS_DIR, loadCorpusSync } from '../../src/ingest/index.js';
import { buildSearchIndex, type SearchIndex } from '../../src/index/index.js';
import { PROGRESS_EVERY, SIGNAL_COUNTER, startBuildThread, stopWorkers, type BuildThread } from '../../src/index/ranked-workers.js';
import { addCorpusTerms, addedWords } from '../../src/text/index.js';

function snapshot(index: SearchIndex): unknown {
  const { ranked, ngramTables, vocabulary } = index;
  const t = ranked.tables;
  return {
    terms: t.terms,
    offsets: Array.from(t.offsets),
    ids: Array.from(t.ids),
    tfs: Array.from(t.tfs),
    lengths: t.lengths.map((array) => Array.from(array)),
    averages: t.averages,
    documentCount: t.documentCount,
    unigrams: Array.from(ngramTables.unigrams.ids),
    bigrams: Array.from(ngramTables.bigrams.ids),
    vocabulary,
  };
}

describe('index/ranked-workers', () => {
  describe('#buildSearchIndex with threads', () => {
    it('builds the same tables, postings and vocabulary as one thread, over several shards and workers', function () {
      this.timeout(120_000);
      const { reports } = loadCorpusSync(CORPUS_DIR);
      addCorpusTerms(reports);
      const single = buildSearchIndex(reports, { threads: 'never' });
      const reasons: string[] = [];
      const progress: number[] = [];
      const parallel = buildSearchIndex(reports, {
        threads: 'always',
        parallel: { workers: 2, shardSize: 300 },
        onFallback: (reason) => reasons.push(reason),
        onProgress: (p) => progress.push(p.done),
      });
      expect(reasons).to.deep.equal([]);
      expect(snapshot(parallel)).to.deep.equal(snapshot(single));
      expect(progress[progress.length - 1]).to.equal(single.table.blocks.length * 3);
    });

    it('falls back to one thread, saying why, when a worker cannot give an answer in time', function () {
      this.timeout(60_000);
      const { reports } = loadCorpusSync(CORPUS_DIR);
      const few = reports.slice(0, 2);
      const reasons: string[] = [];
      const index = buildSearchIndex(few, { threads: 'always', parallel: { workers: 1, stallMs: 0 }, onFallback: (reason) => reasons.push(reason) });
      expect(reasons).to.have.length(1);
      expect(reasons[0]).to.match(/^no word from the build threads for 0 ms$/u);
      expect(snapshot(index)).to.deep.equal(snapshot(buildSearchIndex(few, { threads: 'never' })));
    });
  });
});

/** Reads `thread`'s messages until one of type `type` comes (waiting on the shared counter). */
function waitFor(thread: BuildThread, signal: Int32Array, type: string): void {
  const deadline = performance.now() + 60_000;
  for (;;) {
    const seen = Atomics.load(signal, SIGNAL_COUNTER);
    for (let message = receiveMessageOnPort(thread.port); message !== undefined; message = receiveMessageOnPort(thread.port)) {
      if ((message.message as { type: string }).type === type) return;
    }
    if (performance.now() > deadline) throw new Error(`test: no "${type}" from the build thread`);
    Atomics.wait(signal, SIGNAL_COUNTER, seen, 100);
  }
}

describe('index/ranked-workers', () => {
  describe('#stopWorkers', () => {
    it('stops a thread in the middle of a shard (inside the segmenter) without aborting the process, and terminates it', async function () {
      this.timeout(300_000);
      const { reports } = loadCorpusSync(CORPUS_DIR);
      addCorpusTerms(reports);
      const blocks = reports.flatMap((report) => report.paragraphs);
      const signal = new Int32Array(new SharedArrayBuffer(8));
      const thread = startBuildThread(signal, addedWords());
      const exited = once(thread.worker, 'exit');
      waitFor(thread, signal, 'ready');
      // Right after the first progress report, one paragraph of 300,000 characters (the corpus
      // over and over), most of a second of jieba calls: the thread is busy with it when asked
      // to stop, and cannot stop before the paragraph is done.
      const whole = blocks.map((block) => block.text).join('');
      const giant = whole.repeat(Math.ceil(300_000 / whole.length)).slice(0, 300_000);
      const texts = [...blocks.slice(0, PROGRESS_EVERY).map((block) => block.text), giant, ...blocks.map((block) => block.text)];
      thread.port.postMessage({ base: 0, texts, paths: texts.map(() => ['一、标题']) });
      thread.busy = true;
      waitFor(thread, signal, 'progress');
      await new Promise((done) => setTimeout(done, 200));
      // Terminated at once, a thread inside jieba's native code can abort the whole process.
      // However loaded the machine, the paragraph ends within the (test's) wait.
      expect(stopWorkers([thread], signal, 200_000)).to.equal(0);
      expect(thread.busy).to.equal(false);
      await exited;
    });
  });
});
