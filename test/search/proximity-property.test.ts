/**
 * Same sentence and nearness against a brute-force answer: for random pairs of phrases taken
 * from the bundled corpus, `"a" /SEN "b"` finds exactly the paragraphs where some sentence (text
 * split after 。！？；) holds both, and `"a" /NEAR n "b"` exactly those with two non-overlapping
 * occurrences at most n characters apart; the highlights of each hit cover both ends.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import type { IndexSearchService } from '../../src/search/index.js';
import { normalize } from '../../src/text/index.js';
import { bundledCorpus, makeReport } from './fixtures.js';
import { buildSearchIndex } from '../../src/index/index.js';
import { IndexSearchService as Service } from '../../src/search/index.js';

interface Paragraph {
  key: string;
  norm: string;
}

/**
 * Every hit of a query (every page) with its highlights, and `keys`: the hits' paragraphs and
 * those of the copies folded under them (另见), sorted, to set beside a scan.
 */
function allHits(service: IndexSearchService, query: string): { keys: string[]; hits: Array<{ key: string; highlights: Array<[number, number]> }> } {
  const hits: Array<{ key: string; highlights: Array<[number, number]> }> = [];
  const keys: string[] = [];
  for (let page = 1; ; page++) {
    const result = service.search(query, { size: 100, page, sort: 'order' });
    hits.push(...result.hits.map((hit) => ({ key: `${hit.docId}#${hit.anchor}`, highlights: hit.highlights })));
    keys.push(...result.hits.flatMap((hit) => [`${hit.docId}#${hit.anchor}`, ...hit.copies.map((copy) => `${copy.docId}#${copy.anchor}`)]));
    if (page * 100 >= result.total - result.folded) return { keys: keys.sort(), hits };
  }
}

/** Every start position of `needle` in `text`. */
function positions(text: string, needle: string): number[] {
  const out: number[] = [];
  for (let i = 0; i + needle.length <= text.length; i++) if (text.startsWith(needle, i)) out.push(i);
  return out;
}

function sameSentence(norm: string, a: string, b: string): boolean {
  return norm.split(/(?<=[。！？；!?;])/u).some((sentence) => sentence.includes(a) && sentence.includes(b));
}

function near(norm: string, a: string, b: string, distance: number): boolean {
  for (const i of positions(norm, a)) {
    for (const j of positions(norm, b)) {
      const gap = i + a.length <= j ? j - (i + a.length) : j + b.length <= i ? i - (j + b.length) : -1;
      if (gap >= 0 && gap <= distance) return true;
    }
  }
  return false;
}

/** Quotes a phrase so that nothing inside it ends the phrase. */
function quote(phrase: string): string | undefined {
  if (/["”＂」]/u.test(phrase) || phrase.trim() !== phrase || phrase === '') return undefined;
  return `「${phrase}」`;
}

const covers = (highlights: ReadonlyArray<[number, number]>, norm: string, needle: string): boolean =>
  positions(norm, needle).some((i) => highlights.some(([s, e]) => s <= i && i + needle.length <= e));

describe('search/proximity (bundled corpus)', function () {
  let service: IndexSearchService;
  let paragraphs: Paragraph[];
  let byKey: Map<string, string>;

  before(async () => {
    const opened = await bundledCorpus();
    service = opened.service;
    paragraphs = opened.index.index.table.reports.flatMap((report) => report.paragraphs.map((p) => ({ key: `${report.meta.id}#${p.anchor}`, norm: normalize(p.text) })));
    byKey = new Map(paragraphs.map((p) => [p.key, p.norm]));
  });

  /** Two phrases from one paragraph (or from two, for pairs that rarely meet). */
  const pairs = fc.tuple(fc.nat(), fc.nat(), fc.nat(), fc.integer({ min: 2, max: 4 }), fc.integer({ min: 1, max: 3 }), fc.boolean(), fc.nat());
  function pick([p, s1, s2, len1, len2, sameParagraph, q]: [number, number, number, number, number, boolean, number]): [string, string] | undefined {
    const first = paragraphs[p % paragraphs.length];
    const second = sameParagraph ? first : paragraphs[q % paragraphs.length];
    if (first === undefined || second === undefined || first.norm.length < 8 || second.norm.length < 8) return undefined;
    const a = first.norm.slice(s1 % first.norm.length, (s1 % first.norm.length) + len1);
    const b = second.norm.slice(s2 % second.norm.length, (s2 % second.norm.length) + len2);
    return quote(a) === undefined || quote(b) === undefined ? undefined : [a, b];
  }

  it('/SEN finds exactly the paragraphs with a sentence holding both, for 300 random pairs', () => {
    let checked = 0;
    fc.assert(
      fc.property(pairs, (input) => {
        const pair = pick(input);
        if (pair === undefined) return;
        const [a, b] = pair;
        const query = `${quote(a) ?? ''} /SEN ${quote(b) ?? ''}`;
        const { keys, hits } = allHits(service, query);
        expect(keys, query).to.deep.equal(paragraphs.filter((p) => sameSentence(p.norm, a, b)).map((p) => p.key).sort());
        for (const hit of hits) {
          const norm = byKey.get(hit.key) ?? '';
          expect(covers(hit.highlights, norm, a) && covers(hit.highlights, norm, b), `${query} marks both in ${hit.key}`).to.equal(true);
        }
        checked++;
      }),
      { numRuns: 300, seed: 20261202 },
    );
    expect(checked).to.be.greaterThan(200);
  });

  it('/NEAR n finds exactly the paragraphs with both at most n characters apart, for 300 random pairs', () => {
    let checked = 0;
    fc.assert(
      fc.property(pairs, fc.integer({ min: 0, max: 40 }), (input, distance) => {
        const pair = pick(input);
        if (pair === undefined) return;
        const [a, b] = pair;
        const query = `${quote(a) ?? ''} 邻近${String(distance)} ${quote(b) ?? ''}`;
        const { keys, hits } = allHits(service, query);
        expect(keys, query).to.deep.equal(paragraphs.filter((p) => near(p.norm, a, b, distance)).map((p) => p.key).sort());
        for (const hit of hits) {
          const norm = byKey.get(hit.key) ?? '';
          expect(covers(hit.highlights, norm, a) && covers(hit.highlights, norm, b), `${query} marks both in ${hit.key}`).to.equal(true);
        }
        checked++;
      }),
      { numRuns: 300, seed: 20261203 },
    );
    expect(checked).to.be.greaterThan(200);
  });
});

describe('search/proximity (small corpus)', () => {
  const service = new Service(
    buildSearchIndex([
      makeReport('s', '区', 2024, [
        '# 一、数字经济与产业',
        '发展数字经济。壮大产业集群；推动产业升级！数字经济和实体经济融合。',
        '招商引资成效明显，营商环境持续优化，PM2.5浓度下降。',
        '产业',
      ]),
    ]),
  );
  const search = (query: string) => service.search(query, { sort: 'order' }).hits.map((hit) => [hit.anchor, hit.highlights.map(([s, e]) => hit.text.slice(s, e)).join('|'), hit.highlights]);

  it('marks only the occurrences that share a sentence', () => {
    expect(search('数字经济 /SEN 实体经济')).to.deep.equal([['p1', '数字经济|实体经济', [[21, 25], [26, 30]]]]);
    expect(search('数字经济 /SEN 集群')).to.deep.equal([]);
  });
  it('marks the occurrences within the distance, in either order', () => {
    expect(search('营商环境 /NEAR 3 招商引资')).to.deep.equal([]);
    expect(search('营商环境 邻近5 招商引资')).to.deep.equal([['p2', '招商引资|营商环境', [[0, 4], [9, 13]]]]);
    expect(search('"营商" /NEAR 0 "环境"')).to.deep.equal([['p2', '营商环境', [[9, 13]]]]);
  });
  it('keeps word bounds for Latin and digit edges, and combines with everything else', () => {
    expect(search('pm2 /SEN 浓度')).to.deep.equal([]);
    expect(search('pm2.5 /SEN 浓度')).to.deep.equal([['p2', 'PM2.5浓度', [[18, 25]]]]);
    expect(search('(集群 OR 融合) /SEN 产业 -招商')).to.deep.equal([['p1', '产业集群', [[9, 13]]]]);
    const inHeading = service.search('heading:(数字经济 /SEN 产业) 营商').hits;
    expect(inHeading.map((hit) => [hit.anchor, hit.sectionHighlights])).to.deep.equal([['p2', [[[2, 6], [7, 9]]]]]);
    expect(service.compare('产业 /SEN 集群').totalOccurrences).to.equal(2);
  });
});
