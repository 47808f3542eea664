import { expect } from 'chai';
import fc from 'fast-check';
import { countCandidates, MAX_STEPS, probesOf } from '../../src/search/typo.js';

type Probe = ReturnType<typeof probesOf>[number];

/** Every candidate of `probe` in `norm`, by trying each start and each one-character middle. */
function bruteCount(norm: string, probe: Probe, counts: Map<string, number>): void {
  const chars = Array.from(norm);
  const left = Array.from(probe.left);
  const right = Array.from(probe.right);
  const gap = probe.kind === 'drop' ? 0 : 1;
  const width = left.length + gap + right.length;
  for (let start = 0; start + width <= chars.length; start++) {
    const piece = chars.slice(start, start + width);
    if (piece.slice(0, left.length).join('') !== probe.left) continue;
    if (piece.slice(left.length + gap).join('') !== probe.right) continue;
    const candidate = piece.join('');
    if (!/^[\p{L}\p{N}]+$/u.test(candidate)) continue;
    counts.set(candidate, (counts.get(candidate) ?? 0) + 1);
  }
}

/** Occurrences of `needle` (non-empty) in `text`, overlapping. */
function occurrences(text: string, needle: string): number {
  let n = 0;
  for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) n++;
  return n;
}

describe('typo', () => {
  describe('#countCandidates', () => {
    it('ends and counts replacements of the first character (an empty left side)', () => {
      const counts = new Map<string, number>();
      const probe: Probe = { left: '', right: '营商环境', kind: 'replace' };
      countCandidates(['优化营商环境，营商环境', '营商环境'], Int32Array.from([0, 1]), probe, counts);
      expect([...counts]).to.deep.equal([['化营商环境', 1]]);
    });

    it('counts what a scan of every position counts, for random texts and probes', () => {
      const alphabet = fc.constantFrom('营', '商', '环', '境', '高', '𠀀', 'a', '，', '2');
      const text = fc.array(alphabet, { maxLength: 30 }).map((c) => c.join(''));
      fc.assert(
        fc.property(fc.array(text, { minLength: 1, maxLength: 5 }), fc.array(alphabet, { minLength: 3, maxLength: 6 }), fc.nat(), (norms, word, pick) => {
          const probes = probesOf(word.join(''));
          const probe = probes[pick % probes.length] as Probe;
          const fast = new Map<string, number>();
          const slow = new Map<string, number>();
          countCandidates(norms, Int32Array.from(norms.keys()), probe, fast);
          for (const norm of norms) bruteCount(norm, probe, slow);
          expect(new Map([...fast].sort()), JSON.stringify({ norms, probe })).to.deep.equal(new Map([...slow].sort()));
        }),
        { numRuns: 2000 },
      );
    });

    it('does one step per paragraph and per occurrence of its anchor, never more than MAX_STEPS', () => {
      const norms = ['高'.repeat(200), '高质量'.repeat(50), '', '质量'];
      const ids = Int32Array.from(norms.keys());
      for (const word of ['高高高', '高质量发展', '质量高高', '高'.repeat(8)]) {
        for (const probe of probesOf(word)) {
          const anchor = probe.left === '' ? probe.right : probe.left;
          const bound = norms.length + norms.reduce((sum, norm) => sum + occurrences(norm, anchor), 0);
          expect(countCandidates(norms, ids, probe, new Map()), `${word} ${JSON.stringify(probe)}`).to.be.at.most(bound);
        }
      }
      const flood = Array.from({ length: 100 }, () => '高'.repeat(1000));
      expect(countCandidates(flood, Int32Array.from(flood.keys()), { left: '高', right: '高', kind: 'insert' }, new Map())).to.equal(MAX_STEPS);
    });
  });
});
