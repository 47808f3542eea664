import { expect } from 'chai';
import { frontConfig, frontIndexName, nodeConfig, nodeIndexes, shardIndexName, type ClusterSpec } from '../../src/cluster/config.js';

describe('cluster/config', () => {
  const previous = { shard0: shardIndexName('shard0', 'aa'.repeat(32)), shard1: shardIndexName('shard1', 'bb'.repeat(32)) };
  const current = { ...previous, shard1: shardIndexName('shard1', 'cc'.repeat(32)) };
  const spec: ClusterSpec = {
    dir: '/c',
    nodes: [
      { name: 'node0', apiPort: 9312, sqlPort: 9306, shards: ['shard0'] },
      { name: 'node1', apiPort: 9313, sqlPort: 9307, shards: ['shard1'] },
    ],
    front: { sqlPort: 9308 },
    served: [
      { index: frontIndexName(current), shards: current },
      { index: frontIndexName(previous), shards: previous },
    ],
  };

  describe('#shardIndexName, #frontIndexName', () => {
    it('name a version by its content, the front index by its shards in any order', () => {
      expect(shardIndexName('shard1', 'cc'.repeat(32))).to.equal('shard1_cccccccccccccccc');
      expect(frontIndexName(current)).to.match(/^policy_[0-9a-f]{16}$/u);
      expect(frontIndexName({ shard1: current.shard1, shard0: current.shard0 })).to.equal(frontIndexName(current));
      expect(frontIndexName(previous)).to.not.equal(frontIndexName(current));
    });
  });

  describe('#nodeConfig, #frontConfig', () => {
    it('serve every generation kept: each version once on its node, one distributed index per generation', () => {
      const [node0, node1] = spec.nodes;
      if (node0 === undefined || node1 === undefined) throw new Error('two nodes');
      expect(nodeIndexes(spec, node0)).to.deep.equal(['shard0_aaaaaaaaaaaaaaaa']);
      expect(nodeIndexes(spec, node1)).to.deep.equal(['shard1_cccccccccccccccc', 'shard1_bbbbbbbbbbbbbbbb']);
      const config = nodeConfig(spec, node1);
      expect(config.match(/^index \S+/gmu)).to.deep.equal(['index shard1_cccccccccccccccc', 'index shard1_bbbbbbbbbbbbbbbb']);
      expect(config).to.include('tsvpipe_command = cat /c/rows/shard1_cccccccccccccccc.tsv');
      const front = frontConfig(spec);
      expect(front.match(/^index \S+|^ {2}agent = \S+/gmu)).to.deep.equal([
        `index ${frontIndexName(current)}`,
        '  agent = 127.0.0.1:9312:shard0_aaaaaaaaaaaaaaaa',
        '  agent = 127.0.0.1:9313:shard1_cccccccccccccccc',
        `index ${frontIndexName(previous)}`,
        '  agent = 127.0.0.1:9312:shard0_aaaaaaaaaaaaaaaa',
        '  agent = 127.0.0.1:9313:shard1_bbbbbbbbbbbbbbbb',
      ]);
    });
  });
});
