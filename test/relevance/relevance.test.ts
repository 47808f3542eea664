/**
 * Relevance evidence: for hand-judged queries, the share with a judged paragraph among the top
 * three hits. Prints the misses and the share; fails below 80%.
 */
import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { bundledCorpus } from '../search/fixtures.js';

interface Judged {
  query: string;
  kind: string;
  want: string[];
  why: string;
}

const judged = (JSON.parse(readFileSync(new URL('./judged.json', import.meta.url), 'utf8')) as { queries: Judged[] }).queries;

describe('relevance (judged queries on the bundled corpus)', () => {
  it('has at least 20 judged queries of every kind', () => {
    expect(judged.length).to.be.at.least(20);
    expect([...new Set(judged.map((q) => q.kind))].sort()).to.deep.equal(['heading', 'number', 'slogan', 'term', 'two words']);
  });

  it('puts a judged paragraph in the top 3 for at least 80% of the queries', async () => {
    const { service } = await bundledCorpus();
    const documents = new Map(service.documents().map((doc) => [doc.id, doc]));
    let found = 0;
    const misses: string[] = [];
    for (const { query, want } of judged) {
      for (const key of want) {
        const [docId, anchor] = key.split('#');
        expect(service.read(docId ?? '')?.blocks.some((block) => block.anchor === anchor), `${key} exists`).to.equal(true);
        expect(documents.has(docId ?? '')).to.equal(true);
      }
      const top = service.search(query, { size: 3 }).hits.map((hit) => `${hit.docId}#${hit.anchor}`);
      if (top.some((key) => want.includes(key))) found++;
      else misses.push(`    ${query}: top 3 ${top.join(' ')}; judged ${want.join(' ')}`);
    }
    const share = found / judged.length;
    console.log(`      top-3 share: ${String(found)}/${String(judged.length)} = ${(share * 100).toFixed(1)}%`);
    if (misses.length > 0) console.log(`      misses:\n${misses.join('\n')}`);
    expect(share).to.be.at.least(0.8);
  });
});
