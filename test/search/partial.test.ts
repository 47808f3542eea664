import { expect } from 'chai';
import { partialNotice } from '../../src/cli/partial-notice.js';
import { combinePartial } from '../../src/search/partial.js';
import { partialHeader } from '../../src/web/routes/workbench-api.js';

describe('search/partial', () => {
  describe('#combinePartial', () => {
    it('is undefined when every part was complete, and the part itself when only one was not', () => {
      const one = { missing: ['a:1:shard0'], reasons: ['down'] };
      expect(combinePartial(undefined, undefined)).to.equal(undefined);
      expect(combinePartial(undefined, one, undefined)).to.equal(one);
    });

    it('names every missing shard once and keeps the shortest prefix searched', () => {
      const combined = combinePartial(
        { missing: ['a:1:shard0'], reasons: ['agent a:1: connect() timed out'] },
        { missing: [], reasons: ['time limit reached after 700 of 1000 paragraphs'], searched: 700, paragraphs: 1000 },
        { missing: ['a:1:shard0', 'b:2:shard1'], reasons: ['agent a:1: connect() timed out', 'agent b:2: query timed out'], timeLimited: true },
        { missing: [], reasons: ['time limit reached after 300 of 1000 paragraphs'], searched: 300, paragraphs: 1000 },
      );
      expect(combined).to.deep.equal({
        missing: ['a:1:shard0', 'b:2:shard1'],
        reasons: ['agent a:1: connect() timed out', 'time limit reached after 700 of 1000 paragraphs', 'agent b:2: query timed out', 'time limit reached after 300 of 1000 paragraphs'],
        searched: 300,
        paragraphs: 1000,
        timeLimited: true,
      });
    });
  });

  describe('#partialHeader', () => {
    it('gives the prefix searched, else the shards missing and whether the time limit left them out', () => {
      expect(partialHeader({ missing: [], reasons: [], searched: 12, paragraphs: 345 })).to.equal('12/345');
      expect(partialHeader({ missing: ['127.0.0.1:9312:shard0,shard2', '127.0.0.1:9313:shard1'], reasons: [] })).to.equal('shards; missing=127.0.0.1:9312:shard0,shard2 127.0.0.1:9313:shard1');
      expect(partialHeader({ missing: [], reasons: ['time limit'], timeLimited: true })).to.equal('shards; time-limit');
    });
  });

  describe('#partialNotice', () => {
    it('says in Chinese what the answer covers', () => {
      expect(partialNotice({ missing: ['127.0.0.1:9313:shard1'], reasons: [] })).to.equal('结果不完整：部分检索节点未应答（1 个：127.0.0.1:9313:shard1），数目和列表只含已应答的部分。');
      expect(partialNotice({ missing: [], reasons: [], searched: 256, paragraphs: 1518 })).to.equal('结果不完整：用完了时间限额，只检查了全部 1518 个段落中按报告顺序的前 256 个，实际匹配可能更多。');
      expect(partialNotice({ missing: ['policy'], reasons: [], timeLimited: true })).to.equal('结果不完整：用完了时间限额，部分检索节点未在时限内应答（1 个：policy），数目和列表只含已应答的部分。');
    });
  });
});
