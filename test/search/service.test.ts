import { expect } from 'chai';
import { QueryError } from '../../src/query/index.js';
import { buildSearchIndex } from '../../src/index/index.js';
import { IndexSearchService, SearchOptionError } from '../../src/search/index.js';
import type { SearchOptions } from '../../src/search/types.js';
import { makeReport, smallService } from './fixtures.js';
import { completions } from '../../src/search/suggest.js';

const ids = (query: string, options?: SearchOptions): string[] => smallService().search(query, options).hits.map((hit) => `${hit.docId}#${hit.anchor}`);

describe('search/service (small corpus)', () => {
  describe('#search', () => {
    it('counts paragraphs whose own text matches; offers heading-only matches after them, labelled', () => {
      const result = smallService().search('数字经济');
      expect(result.total).to.equal(3);
      expect(result.headingMatches).to.equal(1);
      expect(result.facets.doc).to.deep.equal({ a: 2, b: 1 });
      // `数字 经济` in a#p4 is the word itself: a space inside a word is not seen (src/text/fold.ts).
      expect(result.hits.map((hit) => [hit.anchor, hit.match])).to.deep.equal([['p4', 'text'], ['p3', 'text'], ['p2', 'text'], ['p5', 'heading']]);
      expect(smallService().search('数字经济', { size: 2, page: 2 }).hits.map((hit) => [hit.docId, hit.anchor, hit.match])).to.deep.equal([['b', 'p2', 'text'], ['a', 'p5', 'heading']]);
    });
    it('ranks a word found whole above its terms found scattered or only in a heading', () => {
      expect(ids('营商环境优化')).to.deep.equal(['a#p1', 'a#p2']);
      expect(ids('数字经济')).to.deep.equal(['a#p4', 'a#p3', 'b#p2', 'a#p5']);
    });
    it('matches normalised text: traditional characters and full-width forms', () => {
      expect(ids('"营商环境持续"')).to.deep.equal(['b#p2']);
    });
    it('finds exact phrases only where the normalised text holds them', () => {
      expect(ids('"数字经济"')).to.deep.equal(['a#p4', 'a#p3', 'b#p2']);
      expect(ids('"高质量发展"')).to.deep.equal(['a#p5', 'c#p1']);
      expect(ids('"6.2%"')).to.deep.equal(['b#p1']);
      expect(ids('"pm2.5"')).to.deep.equal(['a#p4']);
      expect(ids('"5G基站"')).to.deep.equal(['a#p3']);
      expect(ids('"境优化提"')).to.deep.equal(['a#p1']);
    });
    it('matches a word with Latin or digit edges only where it stands on its own; a phrase anywhere', () => {
      const service = new IndexSearchService(buildSearchIndex([makeReport('n', '区', 2024, ['增长46.2%。', '增长6.2%，其中46.2%来自工业。'])]));
      const search = (query: string) => service.search(query).hits.map((hit) => [hit.anchor, hit.highlights]);
      expect(search('6.2%')).to.deep.equal([['p2', [[2, 6]]]]);
      expect(search('"6.2%"')).to.deep.equal([['p2', [[2, 6], [10, 14]]], ['p1', [[3, 7]]]]);
      expect(service.compare('6.2%').totalOccurrences).to.equal(1);
    });
    it('requires every word, and excludes with -', () => {
      expect(ids('营商 -优化')).to.deep.equal(['b#p2']);
      expect(ids('就业 收入')).to.deep.equal(['c#p2']);
    });
    it('takes either side of OR', () => {
      expect(ids('农业 OR 就业')).to.deep.equal(['b#p3', 'c#p2']);
      expect(ids('农业 | 就业', { sort: 'order' })).to.deep.equal(['b#p3', 'c#p2']);
    });
    it('matches heading: in the heading path only', () => {
      expect(ids('heading:数字')).to.deep.equal(['a#p4', 'a#p3', 'a#p5']);
      expect(ids('heading:"2023年工作回顾"', { sort: 'order' })).to.deep.equal(['b#p1', 'b#p2', 'b#p3']);
    });
    it('applies level:, doc: and year: filters together with the options', () => {
      expect(ids('(营商 OR 农业) year:2024')).to.deep.equal(['a#p2', 'a#p1', 'b#p3', 'b#p2']);
      expect(ids('稳中求进 doc:c')).to.deep.equal(['c#p1']);
      expect(ids('稳中求进', { doc: ['a'] })).to.deep.equal(['a#p5']);
      expect(ids('稳中求进 level:县', { level: ['区'] })).to.deep.equal([]);
      expect(ids('level:区', { sort: 'order' })).to.deep.equal(['a#p1', 'a#p2', 'a#p3', 'a#p4', 'a#p5']);
    });
    it('notes an unknown document in doc:', () => {
      const result = smallService().search('发展 doc:zz');
      expect(result.total).to.equal(0);
      expect(result.notes).to.deep.equal(['没有编号为“zz”的文件']);
    });
    it('sorts in document order and pages', () => {
      expect(ids('发展')).to.deep.equal(['a#p5', 'b#p2', 'a#p4', 'c#p1']);
      expect(ids('发展', { sort: 'order' })).to.deep.equal(['a#p4', 'a#p5', 'b#p2', 'c#p1']);
      expect(ids('发展', { size: 2, page: 2 })).to.deep.equal(['a#p4', 'c#p1']);
      expect(ids('发展', { size: 2, page: 3 })).to.deep.equal([]);
    });
    it('counts facets over the whole result set, not the page', () => {
      const result = smallService().search('发展', { size: 1 });
      expect(result.total).to.equal(4);
      expect(result.facets).to.deep.equal({ level: { 区: 2, 市: 1, 县: 1 }, doc: { a: 2, b: 1, c: 1 } });
      expect(Object.keys(result.facets.level)).to.deep.equal(['市', '区', '县']);
    });
    it('returns a complete hit with highlights, snippet, heading highlights and reader URL', () => {
      const [hit] = smallService().search('营商环境', { size: 1 }).hits;
      expect(hit).to.deep.equal({
        docId: 'a',
        title: '2024年a政府工作报告',
        region: 'XX区·a',
        level: '区',
        year: 2024,
        kind: '全文',
        sectionPath: ['一、优化营商环境'],
        paragraph: 1,
        anchor: 'p1',
        url: '/doc/a?q=%E8%90%A5%E5%95%86%E7%8E%AF%E5%A2%83#p1',
        text: '营商环境优化提升，企业满意度达到95%。',
        highlights: [[0, 4]],
        snippet: { text: '营商环境优化提升，企业满意度达到95%。', highlights: [[0, 4]] },
        sectionHighlights: [[[4, 8]]],
        score: hit?.score,
        match: 'text',
        copies: [],
      });
      expect(hit?.score).to.be.greaterThan(1000);
    });
    it('highlights a traditional-script match at the display offsets', () => {
      const [hit] = smallService().search('营商环境 doc:b').hits;
      expect(hit?.text.slice(0, 4)).to.equal('營商環境');
      expect(hit?.highlights).to.deep.equal([[0, 4]]);
    });
    it('searches a word of stop words or symbols as typed', () => {
      expect(ids('%', { sort: 'order' })).to.deep.equal(['a#p1', 'a#p3', 'b#p1']);
    });
    it('returns nothing for an empty query', () => {
      const result = smallService().search('   ');
      expect([result.total, result.hits.length]).to.deep.equal([0, 0]);
    });
    it('throws QueryError for a malformed query', () => {
      expect(() => smallService().search('营商 OR -环境')).to.throw(QueryError);
    });
    it('throws SearchOptionError naming the option and quoting the value', () => {
      const cases: [SearchOptions, string][] = [
        [{ page: 0 }, 'search: option "page" must be an integer ≥ 1, got "0"'],
        [{ size: 101 }, 'search: option "size" must be an integer from 1 to 100, got "101"'],
        [{ size: 2.5 }, 'search: option "size" must be an integer from 1 to 100, got "2.5"'],
        [{ sort: 'date' as 'order' }, 'search: option "sort" must be "relevance" or "order", got "date"'],
        [{ level: ['州' as '区'] }, 'search: option "level" must be one of 省/市/区/县/镇, got "州"'],
        [{ doc: ['nope'] }, 'search: option "doc" must be a known document id, got "nope"'],
      ];
      for (const [options, message] of cases) {
        expect(() => smallService().search('发展', options)).to.throw(SearchOptionError, message);
      }
      const caught = ((): unknown => {
        try {
          smallService().search('发展', { page: -1 });
        } catch (error) {
          return error;
        }
        return undefined;
      })();
      expect(caught).to.be.instanceOf(SearchOptionError);
      expect([(caught as SearchOptionError).option, (caught as SearchOptionError).value]).to.deep.equal(['page', '-1']);
    });
  });

  describe('#search (words as a reader means them)', () => {
    it('keeps single characters with their neighbours: no hit on a lone character', () => {
      const service = new IndexSearchService(buildSearchIndex([makeReport('w', '区', 2024, ['一是稳增长。', '这是一项工作。', '抓牢“两新”政策。', '新增两个园区。'])]));
      expect(service.search('一是').hits.map((hit) => hit.anchor)).to.deep.equal(['p1']);
      expect(service.search('两新', { strict: true }).hits.map((hit) => hit.anchor)).to.deep.equal(['p3']);
    });
    it('drops question words with a note, and relaxes to the paragraphs holding the most words', () => {
      const result = smallService().search('如何推动数字化转型 葡萄柚');
      expect(result.dropped).to.deep.equal(['如何']);
      expect(result.relaxation).to.deep.equal({ required: 3, matched: 2, words: ['推动', '数字化转型', '葡萄柚'] });
      expect(result.hits.map((hit) => `${hit.docId}#${hit.anchor}`)).to.deep.equal(['a#p4']);
      expect(result.notes).to.deep.equal(['已省略疑问词：如何（要保留，请给它加引号）', '没有同时包含全部词语（推动、数字化转型、葡萄柚）的段落，以下结果包含其中 2 个']);
      expect(smallService().search('如何推动数字化转型 葡萄柚', { strict: true }).total).to.equal(0);
    });
    it('searches variants and says so', () => {
      const result = smallService().search('GDP');
      expect(result.expansions).to.deep.equal([{ form: 'gdp', variants: ['地区生产总值', '国内生产总值'] }]);
      expect(result.hits.map((hit) => [hit.anchor, hit.highlights])).to.deep.equal([['p1', [[2, 8]]]]);
      expect(smallService().search('GDP', { strict: true }).total).to.equal(0);
    });
    it('offers the likely word for one that occurs nowhere (你要找的是不是)', () => {
      expect(smallService().search('营商环竟').didYouMean).to.equal('营商环境');
      expect(smallService().search('营商环境').didYouMean).to.equal(null);
    });
  });

  describe('#compare', () => {
    it('counts non-overlapping occurrences and paragraphs in every document, zeros included', () => {
      expect(smallService().compare('"高质量发展"')).to.deep.equal({
        query: '"高质量发展"',
        words: ['高质量发展'],
        totalOccurrences: 3,
        totalParagraphs: 2,
        totalHeadings: 0,
        documents: [
          { docId: 'a', title: '2024年a政府工作报告', region: 'XX区·a', level: '区', occurrences: 2, paragraphs: 1, headings: 0, words: [2] },
          { docId: 'b', title: '2024年b政府工作报告', region: 'XX市·b', level: '市', occurrences: 0, paragraphs: 0, headings: 0, words: [0] },
          { docId: 'c', title: '2023年c政府工作报告', region: 'XX县·c', level: '县', occurrences: 1, paragraphs: 1, headings: 0, words: [1] },
        ],
        notes: [],
      });
    });
    it('counts occurrences in headings too, and headings as units of their own', () => {
      const rows = smallService().compare('"营商环境"').documents.map((row) => [row.docId, row.occurrences, row.paragraphs, row.headings]);
      expect(rows).to.deep.equal([
        ['a', 2, 1, 1],
        ['b', 1, 1, 0],
        ['c', 0, 0, 0],
      ]);
    });
    it('counts one unquoted run as typed, never its pieces', () => {
      const counts = (query: string) => smallService().compare(query).documents.map((row) => [row.occurrences, row.paragraphs]);
      expect(counts('营商环境优化')).to.deep.equal(counts('"营商环境优化"'));
      expect(counts('营商环境优化')).to.deep.equal([[1, 1], [0, 0], [0, 0]]);
      expect(counts('数字经济')).to.deep.equal([[3, 2], [1, 1], [0, 0]]);
    });
    it('counts, for several words, the paragraphs holding all and the occurrences of each', () => {
      const result = smallService().compare('数字 发展');
      expect(result.words).to.deep.equal(['数字', '发展']);
      expect(result.documents.map((row) => [row.paragraphs, row.words])).to.deep.equal([[1, [2, 1]], [1, [1, 1]], [0, [0, 0]]]);
    });
    it('throws QueryError for a malformed query', () => {
      expect(() => smallService().compare('(营商')).not.to.throw();
      expect(() => smallService().compare('foo:bar')).to.throw(QueryError);
    });
  });

  describe('#suggest', () => {
    it('completes the last word from the corpus, most used first', () => {
      expect(smallService().suggest('营商')).to.deep.equal(['营商', '营商环境']);
      expect(smallService().suggest('发展 数字')).to.deep.equal(['发展 数字', '发展 數字經濟', '发展 数字化转型']);
      expect(smallService().suggest('數字', 1)).to.deep.equal(['数字']);
      expect(smallService().suggest('  ')).to.deep.equal([]);
    });
    it("offers headings' key phrases, numbering and later clauses removed", () => {
      expect(smallService().suggest('优化')).to.deep.equal(['优化', '优化营商环境']);
      expect(smallService().suggest('2023')).to.deep.equal(['2023年工作回顾', '2023']);
      expect(smallService().suggest('民生')).to.deep.equal(['民生保障', '民生']);
    });
    it('offers whole words as written, each finding something with the words typed before it', () => {
      expect(smallService().suggest('pm')).to.deep.equal(['PM2.5']);
      expect(smallService().suggest('营商环境 数字')).to.deep.equal(['营商环境 數字', '营商环境 數字經濟']);
      expect(smallService().suggest('营商环境 农业')).to.deep.equal([]);
      expect(smallService().suggest('高质量 稳中')).to.deep.equal(['高质量 稳中求进']);
    });
    it('never offers what the text always goes on from with the same character (a word cut short by the analyser)', () => {
      // The analyser cuts 绿色/低/碳循环: 绿色低 ends at a token, but 碳 always follows it.
      const texts = ['推进绿色低碳循环发展。', '构建绿色低碳循环经济体系。', '发展绿色低碳循环产业，建设绿色工厂。'];
      const sources = texts.map((text) => ({ norm: text, text, origin: null }));
      expect(completions({ last: '绿色', sources, vocabulary: ['绿色低', '绿色', '绿色工厂'] }, 10)).to.deep.equal(['绿色', '绿色工厂']);
      // Seen fewer than three times, or followed by different characters: a word.
      expect(completions({ last: '绿色', sources: sources.slice(0, 2), vocabulary: ['绿色低'] }, 10)).to.include('绿色低');
    });
    it('rejects a bad limit', () => {
      expect(() => smallService().suggest('营商', 0)).to.throw(SearchOptionError, 'search: option "limit" must be an integer from 1 to 50, got "0"');
    });
  });

  describe('#read', () => {
    it('marks the query in every block and lists the matching anchors', () => {
      const doc = smallService().read('a', '营商');
      expect(doc?.blocks.map((block) => [block.anchor, block.highlights])).to.deep.equal([
        ['h1', [[4, 6]]],
        ['p1', [[0, 2]]],
        ['p2', [[9, 11]]],
        ['h2', []],
        ['p3', []],
        ['p4', []],
        ['p5', []],
      ]);
      expect(doc?.matchAnchors).to.deep.equal(['h1', 'p1', 'p2']);
      expect(doc?.summary).to.deep.equal({ id: 'a', title: '2024年a政府工作报告', region: 'XX区·a', level: '区', year: 2024, kind: '全文', paragraphs: 5, characters: 121 });
      expect(doc?.blocks[4]).to.deep.include({ type: 'paragraph', paragraph: 3, sectionPath: ['二、数字经济'] });
      expect(doc?.blocks[3]).to.deep.include({ type: 'heading', level: 1, sectionPath: [] });
    });
    it('shows the document unmarked without a query or with a malformed one', () => {
      expect(smallService().read('a')?.matchAnchors).to.deep.equal([]);
      expect(smallService().read('a', 'foo:bar')?.blocks.every((block) => block.highlights.length === 0)).to.equal(true);
    });
    it('gives headings the path of the headings above them, even when a level is skipped', () => {
      const doc = new IndexSearchService(buildSearchIndex([makeReport('d', '镇', 2024, ['# 一、总体', '### 1.细目', '正文。', '## （一）分项', '正文二。'])])).read('d');
      expect(doc?.blocks.map((block) => [block.anchor, block.sectionPath])).to.deep.equal([
        ['h1', []],
        ['h2', ['一、总体']],
        ['p1', ['一、总体', '1.细目']],
        ['h3', ['一、总体']],
        ['p2', ['一、总体', '（一）分项']],
      ]);
    });
    it('returns undefined for an unknown document', () => {
      expect(smallService().read('zz', '营商')).to.equal(undefined);
    });
  });

  describe('#documents', () => {
    it('lists documents in corpus order', () => {
      expect(smallService().documents().map((doc) => [doc.id, doc.level, doc.year, doc.paragraphs])).to.deep.equal([
        ['a', '区', 2024, 5],
        ['b', '市', 2024, 3],
        ['c', '县', 2023, 2],
      ]);
    });
  });
});
