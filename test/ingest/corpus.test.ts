import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeCorpusSync } from '../../src/ingest/load.js';
import { checkLossless } from '../../src/ingest/lossless.js';
import type { Analysis } from '../../src/ingest/parse.js';
import { CORPUS_DIR, PROJECT_ROOT, SEEDS_DIR } from '../../src/ingest/paths.js';
import { generateCorpus } from '../../src/ingest/seeds.js';

const FIXTURES = join(PROJECT_ROOT, 'test', 'fixtures', 'ingest');

interface StructureEntry {
  top: string[];
  paragraphs: number;
}

interface DoubtEntry {
  report: string;
  line: number;
  decision: string;
  context: string;
  verdict: 'right' | 'wrong' | 'unsure';
  note?: string;
}

function fixture(name: string): unknown {
  return JSON.parse(readFileSync(join(FIXTURES, name), 'utf8'));
}

/** Every heading with its level and the first ten characters of every paragraph. */
function golden(analysis: Analysis): string {
  const lines = analysis.report.blocks.map((b) => (b.type === 'heading' ? `H${String(b.level)} ${b.text}` : `P ${Array.from(b.text).slice(0, 10).join('')}`));
  return `${lines.join('\n')}\n`;
}

describe('corpus', () => {
  let analyses: Analysis[] = [];
  const byId = (id: string): Analysis => {
    const found = analyses.find((a) => a.report.meta.id === id);
    if (found === undefined) throw new Error(`no report ${id}`);
    return found;
  };

  before(() => {
    const loaded = analyzeCorpusSync(CORPUS_DIR);
    expect(loaded.problems).to.deep.equal([]);
    analyses = loaded.analyses;
  });

  describe('#generateCorpus', () => {
    it('regenerates exactly the committed corpus files from the seeds', () => {
      const generated = generateCorpus(SEEDS_DIR);
      const committed = readdirSync(CORPUS_DIR).sort();
      expect(generated.map((f) => f.name)).to.deep.equal(committed);
      for (const f of generated) expect(readFileSync(join(CORPUS_DIR, f.name), 'utf8'), f.name).to.equal(f.content);
    });

    it('names the 26 reports by level and seed order, and the four 镇江市 documents by edition', () => {
      expect(analyses.map((a) => [a.report.meta.id, a.report.meta.level, a.report.meta.year, a.report.meta.kind])).to.deep.equal([
        ...['01', '02', '03', '04', '05', '06', '07', '08'].map((n) => [`qu-${n}`, '区', 2024, '全文']),
        ...['01', '02', '03', '04', '05', '06', '07', '08', '09', '10'].map((n) => [`shi-${n}`, '市', 2024, '全文']),
        ...['01', '02', '03', '04', '05', '06', '07'].map((n) => [`xian-${n}`, '县', 2024, '全文']),
        ['zhen-01', '镇', 2024, '全文'],
        ['zhenjiang-2024-full', '市', 2024, '全文'],
        ['zhenjiang-2024-graphic', '市', 2024, '图解'],
        ['zhenjiang-2024-summary', '市', 2024, '摘要'],
        ['zhenjiang-2025-reform', '市', 2025, '改革任务'],
      ]);
      expect(byId('shi-03').report.meta).to.deep.include({ title: '2024年XX市政府工作报告（XX市·03）', region: 'XX市·03', source: '004_3995b373fa6e6aa5.txt:10651-11752' });
      expect(byId('zhenjiang-2024-summary').report.meta.source).to.equal('000_62f1682ba1711178.txt:1-95');
    });
  });

  describe('lossless', () => {
    it('keeps every character of all 30 reports: title line and blocks equal the source without whitespace, Markdown and page numbers', () => {
      const failed = analyses.filter((a) => !checkLossless(a).ok).map((a) => [a.report.meta.id, checkLossless(a).context]);
      expect(failed).to.deep.equal([]);
      expect(analyses).to.have.length(30);
    });

    it('drops the 20 page numbers of the concatenated seed and nothing else', () => {
      const pages = analyses.flatMap((a) => a.dropped.filter((d) => d.reason === 'page-number').map((d) => Number(d.text)));
      expect(pages).to.deep.equal([65, 97, 135, 143, 159, 193, 195, 207, 348, 384, 392, 416, 433, 453, 457, 532, 552, 554, 558, 559]);
    });

    it('differs from the source of 002 only in the eleven heading lines printed twice', () => {
      const repairs = analyses.filter((a) => a.repairs.length > 0).map((a) => a.report.meta.id);
      expect(repairs).to.deep.equal(['zhenjiang-2025-reform']);
      expect(byId('zhenjiang-2025-reform').repairs).to.deep.equal([
        { line: 295, from: '一年来一年来一年来一年来', to: '一年来' },
        { line: 297, from: '重点强化创新主体培育重点强化创新主体培育', to: '重点强化创新主体培育' },
        { line: 306, from: '聚力持续推进新兴产业集群建设聚力持续推进新兴产业集群建设', to: '聚力持续推进新兴产业集群建设' },
        { line: 317, from: '深化深化““智改数转网联智改数转网联””赋能赋能', to: '深化“智改数转网联”赋能' },
        { line: 390, from: '““一区多园一区多园””管理体制基本理顺管理体制基本理顺', to: '“一区多园”管理体制基本理顺' },
        { line: 399, from: '不遗余力推动营商环境持续优化不遗余力推动营商环境持续优化', to: '不遗余力推动营商环境持续优化' },
        { line: 407, from: '加力推进重大项目招引和建设加力推进重大项目招引和建设', to: '加力推进重大项目招引和建设' },
        { line: 412, from: '以前所未有的决心推进以前所未有的决心推进', to: '以前所未有的决心推进' },
        { line: 413, from: '地方国企改革地方国企改革', to: '地方国企改革' },
        { line: 424, from: '十年来十年来', to: '十年来' },
        { line: 425, from: '““强富美高强富美高””实践成果更加丰硕实践成果更加丰硕', to: '“强富美高”实践成果更加丰硕' },
      ]);
    });

    it('finds phrases across wraps, page breaks, spaces and bold marks as often as the corpus notes measured', () => {
      const zhenjiang = ['zhenjiang-2024-summary', 'zhenjiang-2024-full', 'zhenjiang-2025-reform', 'zhenjiang-2024-graphic'];
      const texts = [...zhenjiang.map((id) => [id]), analyses.map((a) => a.report.meta.id).filter((id) => !id.startsWith('zhenjiang'))].map((ids) =>
        ids.map((id) => byId(id).report.text.replace(/\s/g, '')).join('|'),
      );
      const count = (phrase: string): string => texts.map((t) => t.split(phrase).length - 1).join(',');
      expect(
        ['高质量发展', '一般公共预算收入', '稳中求进工作总基调', '绿水青山就是金山银山', '政府和社会资本合作', '四群八链', '中华人民共和国成立75周年', '2023年工作回顾', '城镇新增就业2.4万人', '项目146个', '5G全连接工厂', 'PM2.5年均浓度'].map(
          (p) => `${p} ${count(p)}`,
        ),
      ).to.deep.equal([
        '高质量发展 0,12,5,3,217',
        '一般公共预算收入 1,2,1,1,47',
        '稳中求进工作总基调 0,1,0,1,23',
        '绿水青山就是金山银山 0,0,0,0,12',
        '政府和社会资本合作 0,0,0,0,3',
        '四群八链 2,4,2,0,0',
        '中华人民共和国成立75周年 0,1,0,1,19',
        '2023年工作回顾 0,1,0,0,22',
        '城镇新增就业2.4万人 1,1,1,0,0',
        '项目146个 0,0,0,0,1',
        '5G全连接工厂 0,0,0,0,2',
        'PM2.5年均浓度 1,1,2,0,4',
      ]);
    });
  });

  describe('structure', () => {
    it('matches the hand-checked top-level headings and paragraph counts of all 30 reports', () => {
      const actual: Record<string, StructureEntry> = {};
      for (const a of analyses) {
        actual[a.report.meta.id] = {
          top: a.report.blocks.flatMap((b) => (b.type === 'heading' && b.level === 1 ? [b.text] : [])),
          paragraphs: a.report.paragraphs.length,
        };
      }
      expect(actual).to.deep.equal(fixture('structure.json'));
    });

    for (const id of ['qu-01', 'qu-03', 'qu-04', 'shi-05', 'xian-03', 'zhenjiang-2024-full']) {
      it(`matches the golden outline of ${id}: every heading and the start of every paragraph`, () => {
        expect(golden(byId(id))).to.equal(readFileSync(join(FIXTURES, 'golden', `${id}.txt`), 'utf8'));
      });
    }

    it('decides the doubtful paragraph breaks as recorded in the fixture', () => {
      const actual = analyses.flatMap((a) => a.doubts.map((d) => ({ report: a.report.meta.id, line: d.line, decision: d.decision, context: d.context })));
      const expected = fixture('doubtful-breaks.json') as DoubtEntry[];
      expect(actual).to.deep.equal(expected.map(({ report, line, decision, context }) => ({ report, line, decision, context })));
      expect(expected.filter((d) => d.verdict !== 'right').map((d) => `${d.report}:${String(d.line)} ${d.verdict}`)).to.deep.equal([
        'shi-01:1143 unsure',
        'shi-05:589 wrong',
        'xian-02:409 wrong',
      ]);
    });

    it('finds every numbered heading: 一、 （一） 1. run without gaps under each parent', () => {
      const numerals = '一二三四五六七八九十';
      const value = (s: string): number =>
        Array.from(s).reduce((n, c) => (c === '十' ? (n === 0 ? 10 : n * 10) : n - (n % 10) + numerals.indexOf(c) + 1), 0);
      const gaps: string[] = [];
      for (const { report } of analyses) {
        const last = new Map<string, number>();
        for (const b of report.blocks) {
          if (b.type !== 'heading') continue;
          const cn = /^([一二三四五六七八九十]{1,3})、/.exec(b.text)?.[1];
          const paren = /^[（(]([一二三四五六七八九十]{1,3})[)）]/.exec(b.text)?.[1];
          const num = /^(\d{1,2})[.、．]/.exec(b.text)?.[1];
          const [kind, n] = cn !== undefined ? ['cn', value(cn)] : paren !== undefined ? ['paren', value(paren)] : num !== undefined ? ['num', Number(num)] : ['', 0];
          if (kind === '') continue;
          if (n !== 1 && n !== (last.get(kind) ?? 0) + 1) gaps.push(`${report.meta.id}: ${b.text}`);
          last.set(kind, n);
          if (kind === 'cn') last.delete('paren');
          if (kind !== 'num') last.delete('num');
        }
      }
      expect(gaps).to.deep.equal([]);
    });

    it('gives every paragraph its section path, offsets and source lines', () => {
      for (const { report } of analyses) {
        expect(report.text, report.file).to.equal(report.blocks.map((b) => b.text).join('\n'));
        let previousLine = 0;
        for (const b of report.blocks) {
          expect(report.text.slice(b.start, b.end), `${report.file} ${b.anchor}`).to.equal(b.text);
          expect(b.lines.from, `${report.file} ${b.anchor}`).to.be.at.least(previousLine);
          previousLine = b.lines.from;
        }
      }
      const p = byId('zhenjiang-2024-full').report.paragraphs.find((x) => x.text.startsWith('加快培育壮大“四群八链”'));
      expect(p).to.deep.include({ ordinal: 39, anchor: 'p39', sectionPath: ['三、2024年主要预期目标和重点工作', '（三）用力推进新型工业化，加快产业体系升级。'], lines: { from: 89, to: 89 } });
    });
  });
});
