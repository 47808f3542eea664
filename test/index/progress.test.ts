import { expect } from 'chai';
import { progressBar } from '../../src/index/index.js';

function fakeStream(isTTY: boolean): { stream: NodeJS.WriteStream; writes: string[] } {
  const writes: string[] = [];
  const stream = { isTTY, write: (text: string) => writes.push(text) > 0 } as unknown as NodeJS.WriteStream;
  return { stream, writes };
}

describe('index/progress', () => {
  describe('#progressBar', () => {
    it('redraws one line on a terminal when the percentage changes, and ends it', () => {
      const { stream, writes } = fakeStream(true);
      const bar = progressBar(stream);
      bar.update({ phase: 'ngrams', done: 50, total: 100 });
      bar.update({ phase: 'ngrams', done: 50, total: 100 });
      bar.update({ phase: 'ranked', done: 100, total: 100 });
      bar.done();
      expect(writes).to.deep.equal([
        `\r建立索引 [${'#'.repeat(15)}${'.'.repeat(15)}]  50% 字串索引  `,
        `\r建立索引 [${'#'.repeat(30)}] 100% 分词与排序索引  `,
        '\n',
      ]);
    });
    it('stays silent when the stream is not a terminal', () => {
      const { stream, writes } = fakeStream(false);
      const bar = progressBar(stream);
      bar.update({ phase: 'normalise', done: 1, total: 2 });
      bar.done();
      expect(writes).to.deep.equal([]);
    });
  });
});
