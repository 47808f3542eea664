/**
 * Relevance evidence: for hand-judged queries, success@3 (the share with a judged paragraph
 * among the first three hits) and MRR (mean reciprocal rank of the first judged paragraph in the
 * first ten). Prints both, the figures per kind and the misses; fails below 90% success@3.
 */
import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { bundledCorpus } from '../search/fixtures.js';

/** A judged paragraph: `docId#anchor`, or with the words it holds (`says`), checked so that a judgement cannot drift. */
type Want = string | { at: string; says: string };

interface Judged {
  query: string;
  kind: string;
  want: Want[];
  why: string;
}

const judged = (JSON.parse(readFileSync(new URL('./judged.json', import.meta.url), 'utf8')) as { queries: Judged[] }).queries;

const keyOf = (want: Want): string => (typeof want === 'string' ? want : want.at);

/** Fewest queries of each kind the set must hold. */
const AT_LEAST: Record<string, number> = { question: 10, abbreviation: 8, number: 6, copies: 6, heading: 1, slogan: 1, term: 1, 'two words': 1 };

describe('relevance (judged queries on the bundled corpus)', () => {
  it('has at least 50 judged queries, with the required mix of kinds', () => {
    expect(judged.length).to.be.at.least(50);
    const counts = new Map<string, number>();
    for (const { kind } of judged) counts.set(kind, (counts.get(kind) ?? 0) + 1);
    expect([...counts.keys()].sort()).to.deep.equal(Object.keys(AT_LEAST).sort());
    for (const [kind, least] of Object.entries(AT_LEAST)) expect(counts.get(kind) ?? 0, kind).to.be.at.least(least);
    expect(new Set(judged.map((q) => q.query)).size).to.equal(judged.length);
  });

  it('puts a judged paragraph in the top 3 for at least 90% of the queries (success@3), and prints MRR', async () => {
    const { service } = await bundledCorpus();
    const documents = new Map(service.documents().map((doc) => [doc.id, doc]));
    const perKind = new Map<string, { n: number; found: number; rr: number }>();
    let found = 0;
    let reciprocal = 0;
    const misses: string[] = [];
    for (const { query, kind, want: judgedWant } of judged) {
      const want = judgedWant.map(keyOf);
      for (const item of judgedWant) {
        const [docId, anchor] = keyOf(item).split('#');
        const block = service.read(docId ?? '')?.blocks.find((candidate) => candidate.anchor === anchor);
        expect(block, `${keyOf(item)} exists`).to.not.equal(undefined);
        expect(documents.has(docId ?? '')).to.equal(true);
        // The paragraph judged is still the one that says it (not another after a renumbering).
        if (typeof item !== 'string') expect(block?.text, `${item.at} says ${item.says}`).to.include(item.says);
      }
      const top = service.search(query, { size: 10 }).hits.map((hit) => `${hit.docId}#${hit.anchor}`);
      const rank = top.findIndex((key) => want.includes(key));
      const stats = perKind.get(kind) ?? { n: 0, found: 0, rr: 0 };
      stats.n++;
      if (rank >= 0) {
        reciprocal += 1 / (rank + 1);
        stats.rr += 1 / (rank + 1);
      }
      if (rank >= 0 && rank < 3) {
        found++;
        stats.found++;
      } else misses.push(`    ${query}: top 3 ${top.slice(0, 3).join(' ')}; judged ${want.join(' ')}`);
      perKind.set(kind, stats);
    }
    const share = found / judged.length;
    console.log(`      success@3: ${String(found)}/${String(judged.length)} = ${(share * 100).toFixed(1)}%; MRR@10: ${(reciprocal / judged.length).toFixed(3)}`);
    for (const [kind, stats] of [...perKind].sort()) {
      console.log(`        ${kind}: success@3 ${String(stats.found)}/${String(stats.n)}, MRR ${(stats.rr / stats.n).toFixed(3)}`);
    }
    if (misses.length > 0) console.log(`      misses:\n${misses.join('\n')}`);
    expect(share).to.be.at.least(0.9);
  });
});
