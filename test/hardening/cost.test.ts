/**
 * Hostile queries cost CPU time in proportion to their length: each answer of search, compare,
 * suggest and read stays under a CPU-time bound (CPU time of this process, not wall clock, so
 * other processes on the machine do not make it fail). The bound is generous (the benchmark
 * `bench/cost.ts` holds the real figures); what it catches is a path that loops or grows with
 * the square of the input, as a spelling probe with an empty side once did.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import type { SearchService } from '../../src/search/types.js';
import { corpusService } from '../web/helpers.js';
import { hostileQuery } from './helpers.js';

/** CPU milliseconds one call may take, whatever the query (a few ms is usual). */
const CPU_BOUND_MS = 400;

/** Inputs of the shapes that are costly when a path is not bounded. */
const SHAPES = [
  '純营商环境',
  '純'.repeat(8),
  '高'.repeat(200),
  '的'.repeat(200),
  '𠀀'.repeat(200),
  '高 '.repeat(100),
  '发展 '.repeat(66),
  '发展 OR '.repeat(40),
  '"高质量发展" OR '.repeat(12),
  '-'.repeat(200),
  '(((('.repeat(50),
  '"'.repeat(200),
  '高质量发展的'.repeat(33),
  Array.from({ length: 60 }, (_, i) => `词${String(i)}`).join(' '),
  '营商环境 '.repeat(20) + '优',
];

/** CPU milliseconds (user + system) spent by `call`. */
async function cpuMs(call: () => Promise<unknown>): Promise<number> {
  const before = process.cpuUsage();
  try {
    await call();
  } catch {
    // Only the cost is measured here; what may be thrown is the fuzz test's concern.
  }
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}

describe('hardening: cost of hostile queries', () => {
  let service: SearchService;
  let docId: string;

  before(async () => {
    service = await corpusService();
    docId = service.documents()[0]?.id ?? '';
  });

  async function costs(text: string): Promise<Record<string, number>> {
    return {
      search: await cpuMs(() => service.search(text)),
      compare: await cpuMs(() => service.compare(text)),
      suggest: await cpuMs(() => service.suggest(text)),
      read: await cpuMs(() => service.read(docId, text)),
    };
  }

  it(`answers long runs, floods and many words within ${String(CPU_BOUND_MS)} ms of CPU per call`, async function () {
    this.timeout(120_000);
    for (const text of SHAPES) {
      for (const [call, ms] of Object.entries(await costs(text))) expect(ms, `${call} ${JSON.stringify(text)}`).to.be.below(CPU_BOUND_MS);
    }
  });

  it(`answers 300 generated hostile queries within ${String(CPU_BOUND_MS)} ms of CPU per call`, async function () {
    this.timeout(300_000);
    await fc.assert(
      fc.asyncProperty(hostileQuery, async (text) => {
        for (const [call, ms] of Object.entries(await costs(text))) expect(ms, `${call} ${JSON.stringify(text)}`).to.be.below(CPU_BOUND_MS);
      }),
      { numRuns: 300 },
    );
  });
});
