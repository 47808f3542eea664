import { expect } from 'chai';
import fc from 'fast-check';
import { CorpusError } from '../../src/ingest/errors.js';
import { checkLossless } from '../../src/ingest/lossless.js';
import { analyzeReport, parseReport } from '../../src/ingest/parse.js';
import type { Report } from '../../src/ingest/types.js';

function front(title: string): string {
  return ['---', 'id: qu-01', `title: ${title}`, 'region: XX区·01', 'level: 区', 'year: 2024', 'kind: 全文', 'source: test', '---'].join('\n');
}

const FRONT = front('2024年XX区政府工作报告（XX区·01）');

/** Wraps a paragraph as the PDF extraction did: first line indented (24 characters), then 26. */
function wrap(text: string, indent = true): string[] {
  const chars = Array.from(text);
  const lines: string[] = [];
  let width = indent ? 24 : 26;
  while (chars.length > 0) {
    lines.push(chars.splice(0, width).join(''));
    width = 26;
  }
  return lines;
}

/** A hard-wrapped body: a blank line between every two lines, as in the 26 reports. */
function wrapped(blocks: readonly (string | string[])[]): string {
  const lines = blocks.flatMap((b) => (typeof b === 'string' ? wrap(b) : b));
  return `${FRONT}\n${lines.join('\n\n')}\n`;
}

function outline(report: Report): string[] {
  return report.blocks.map((b) => (b.type === 'heading' ? `H${String(b.level)} ${b.text}` : `P ${b.text}`));
}

const FILLER = '坚持稳中求进工作总基调，完整、准确、全面贯彻新发展理念，推动经济实现质的有效提升和量的合理增长，全区经济社会发展呈现稳中有进的良好态势。';

describe('parse', () => {
  describe('#parseReport (hard-wrapped reports)', () => {
    const raw = wrapped([
      [' 2024年 XX区政府工作报告'],
      ['各位代表：'],
      '现在，我代表区人民政府向大会报告工作，请予审议。',
      ['一、2023 年工作回顾'],
      FILLER + FILLER,
      ['（一）聚焦产业提能，实体经济稳中见韧。工业经济量', '质齐升，规上工业总产值增长 6%。一是做强工业，二', '是做优服务，三是做大消费，全年新签约项目 146个，实现入市', '', '', '143', '', '“第一槌”。'],
      ['二、坚持科技赋能提质，增强发展动力，激活创新驱动', '新引擎'],
      FILLER,
      FILLER,
    ]);

    it('drops the title line and page numbers, reflows paragraphs, splits run-in headings', () => {
      const report = parseReport('qu-01.txt', raw);
      expect(outline(report)).to.deep.equal([
        'P 各位代表：',
        'P 现在，我代表区人民政府向大会报告工作，请予审议。',
        'H1 一、2023年工作回顾',
        `P ${FILLER}${FILLER}`,
        'H2 （一）聚焦产业提能，实体经济稳中见韧。',
        'P 工业经济量质齐升，规上工业总产值增长6%。一是做强工业，二是做优服务，三是做大消费，全年新签约项目146个，实现入市“第一槌”。',
        'H1 二、坚持科技赋能提质，增强发展动力，激活创新驱动新引擎',
        `P ${FILLER}`,
        `P ${FILLER}`,
      ]);
    });

    it('records section paths, ordinals, anchors and source lines', () => {
      const report = parseReport('qu-01.txt', raw);
      const p = report.paragraphs[3];
      expect(p?.sectionPath).to.deep.equal(['一、2023年工作回顾', '（一）聚焦产业提能，实体经济稳中见韧。']);
      expect(p?.ordinal).to.equal(4);
      expect(p?.anchor).to.equal('p4');
      expect(report.paragraphs[0]?.sectionPath).to.deep.equal([]);
      expect(report.paragraphs[4]?.sectionPath).to.deep.equal(['二、坚持科技赋能提质，增强发展动力，激活创新驱动新引擎']);
      expect(report.blocks.filter((b) => b.type === 'heading').map((b) => b.anchor)).to.deep.equal(['h1', 'h2', 'h3']);
      // Body line 1 is the title; blank lines count.
      expect(report.blocks.map((b) => [b.lines.from, b.lines.to])).to.deep.equal([
        [3, 3],
        [5, 5],
        [7, 7],
        [9, 19],
        [21, 21],
        [21, 35],
        [37, 39],
        [41, 45],
        [47, 51],
      ]);
    });

    it('is lossless and knows what it dropped', () => {
      const analysis = analyzeReport('qu-01.txt', raw);
      expect(analysis.titleLine).to.equal('2024年XX区政府工作报告');
      expect(analysis.dropped.map((d) => [d.n, d.text, d.reason])).to.deep.equal([
        [1, '2024年XX区政府工作报告', 'title'],
        [31, '143', 'page-number'],
      ]);
      expect(checkLossless(analysis)).to.deep.equal({ ok: true, length: analysis.report.text.replace(/\s/g, '').length + 14, firstDiff: null, context: null });
    });
  });

  describe('#parseReport (one paragraph per line)', () => {
    it('reads 001-style headings: 一、, （一） on its own line, run-in 1. and ——', () => {
      const report = parseReport(
        'x.txt',
        `${FRONT}\n各位代表：\n\n一、2023年工作回顾\n\n——过去一年，我们推动经济回升向好。全市地区生产总值增长6.2%。\n\n突出科技支撑，新增企业2家。\n\n二、把主题教育成果转化为干事创业的生动实践\n\n1.始终坚持人民至上，树牢造福人民的政绩观。站稳人民立场。\n\n三、2024年主要预期目标和重点工作\n\n（一）用力扩大有效供给，厚植实体经济优势。\n\n持续保持项目攻坚力度。\n`,
      );
      expect(outline(report)).to.deep.equal([
        'P 各位代表：',
        'H1 一、2023年工作回顾',
        'H2 ——过去一年，我们推动经济回升向好。',
        'P 全市地区生产总值增长6.2%。',
        'P 突出科技支撑，新增企业2家。',
        'H1 二、把主题教育成果转化为干事创业的生动实践',
        'H2 1.始终坚持人民至上，树牢造福人民的政绩观。',
        'P 站稳人民立场。',
        'H1 三、2024年主要预期目标和重点工作',
        'H2 （一）用力扩大有效供给，厚植实体经济优势。',
        'P 持续保持项目攻坚力度。',
      ]);
    });

    it('reads a run of paragraphs opening 一是, 二是, 三是 as run-in headings, and leaves 一是 inside a paragraph alone', () => {
      const report = parseReport(
        'x.txt',
        `${FRONT}\n2023年工作回顾\n\n一年来，一是稳增长，二是促改革，三是惠民生。\n\n一是坚持抓巩固促衔接，乡村振兴更有成色。落实帮扶责任。\n\n二是坚持抓产业促升级，发展动能更为强劲。特色产业提质。\n\n三是坚持抓治理促转型，绿色家底更显殷实。开展国土绿化。\n\n二是作风有待改进，要加强。\n`,
      );
      expect(outline(report)).to.deep.equal([
        'H1 2023年工作回顾',
        'P 一年来，一是稳增长，二是促改革，三是惠民生。',
        'H2 一是坚持抓巩固促衔接，乡村振兴更有成色。',
        'P 落实帮扶责任。',
        'H2 二是坚持抓产业促升级，发展动能更为强劲。',
        'P 特色产业提质。',
        'H2 三是坚持抓治理促转型，绿色家底更显殷实。',
        'P 开展国土绿化。',
        'P 二是作风有待改进，要加强。',
      ]);
    });

    it('strips Markdown emphasis and bullets, nests bare headings, keeps captions as paragraphs', () => {
      const report = parseReport(
        'x.txt',
        `${FRONT}\n\n\n\n政府工作报告\n\n2024年主要预期目标\n\n地区生产总值增长**5.2%**以上,城镇新增就业**2.4万**人以上。\n\n2024年重点工作\n\n用力扩大有效供给 厚植实体经济优势\n\n- 新签约项目总投资额达到**1800亿元**。\n- 省、市重大项目年度投资额达到**600亿元**。\n\n\n\n加强政府自身建设\n\n行远自迩,笃行致远。\n\n严守纪律规矩\n捍卫“两个确立”\n`,
      );
      expect(outline(report)).to.deep.equal([
        'H1 2024年主要预期目标',
        'P 地区生产总值增长5.2%以上,城镇新增就业2.4万人以上。',
        'H1 2024年重点工作',
        'H2 用力扩大有效供给厚植实体经济优势',
        'P 新签约项目总投资额达到1800亿元。',
        'P 省、市重大项目年度投资额达到600亿元。',
        'H1 加强政府自身建设',
        'P 行远自迩,笃行致远。',
        'P 严守纪律规矩捍卫“两个确立”',
      ]);
    });

    it('joins a bullet broken across a blank line', () => {
      const analysis = analyzeReport('x.txt', `${front('一图读“懂”2024年镇江市政府工作报告')}\n一图读“懂”\n\n● 保持了全市经济平\n\n稳运行和社会和谐稳定。\n\n● 新增企业**2**家。\n`);
      expect(outline(analysis.report)).to.deep.equal(['P 保持了全市经济平稳运行和社会和谐稳定。', 'P 新增企业2家。']);
      expect(analysis.doubts).to.deep.equal([{ line: 5, decision: 'join', why: 'sentence continues across a blank line', context: '保持了全市经济平|稳运行和社会和谐稳定。' }]);
    });

    it('undoubles heading lines printed twice and closes up spaced-out characters', () => {
      const analysis = analyzeReport(
        'x.txt',
        `${FRONT}\n一年来一年来一年来一年来\n\n深化深化““智改数转网联智改数转网联””赋能赋能\n\n全年工业技改投资达到\n161.3亿元。\n\n3. 加 强 综 合 防 灾 减 灾 救 灾 能\n\n力 建 设 。\n`,
      );
      expect(outline(analysis.report)).to.deep.equal([
        'H1 一年来',
        'H2 深化“智改数转网联”赋能',
        'P 全年工业技改投资达到161.3亿元。',
        'H3 3.加强综合防灾减灾救灾能力建设。',
      ]);
      expect(analysis.repairs).to.deep.equal([
        { line: 1, from: '一年来一年来一年来一年来', to: '一年来' },
        { line: 3, from: '深化深化““智改数转网联智改数转网联””赋能赋能', to: '深化“智改数转网联”赋能' },
      ]);
      expect(checkLossless(analysis).ok).to.equal(true);
    });
  });

  describe('#parseReport (Markdown files)', () => {
    it('reads # headings above numbered ones and takes a first # line naming the report as its title', () => {
      const analysis = analyzeReport(
        'm.md',
        `${front('2024年某县政府工作报告')}\n# 2024年某县政府工作报告\n\n各位代表：\n\n## 第一部分 ##\n\n一、2023年工作回顾\n\n（一）经济运行稳中向好。全年增长 **5%**。\n\n## 第二部分\n\n- 新增企业 **20家**。\n`,
      );
      expect(analysis.titleLine).to.equal('2024年某县政府工作报告');
      expect(outline(analysis.report)).to.deep.equal([
        'P 各位代表：',
        'H1 第一部分',
        'H2 一、2023年工作回顾',
        'H3 （一）经济运行稳中向好。',
        'P 全年增长5%。',
        'H1 第二部分',
        'P 新增企业20家。',
      ]);
      expect(checkLossless(analysis).ok).to.equal(true);
    });
  });

  describe('#parseReport (errors)', () => {
    it('refuses an empty body and binary content, naming the file', () => {
      expect(() => parseReport('e.txt', `${FRONT}\n\n  \n`)).to.throw(CorpusError, 'ingest: e.txt: empty: no text after the front matter');
      expect(() => parseReport('b.txt', `${FRONT}\n\u0000\u0001`)).to.throw(CorpusError, 'ingest: b.txt: binary content (NUL bytes), expected UTF-8 text');
    });

    it('accepts Windows line ends and a byte-order mark', () => {
      const report = parseReport('w.txt', `\uFEFF${FRONT}\n各位代表：\n\n一、2023年工作回顾\n`.replace(/\n/g, '\r\n'));
      expect(outline(report)).to.deep.equal(['P 各位代表：', 'H1 一、2023年工作回顾']);
    });
  });

  describe('#analyzeReport (invariants)', () => {
    const line = fc.oneof(
      fc.constant(''),
      fc.constant(''),
      fc.constantFrom('一、2023 年工作回顾', '（二）聚焦动能提档，改革创新活力迸发。营商环境优', '1.保持经济稳健运行。', '——过去一年，', '2024 年工作任务', '143', '- **5%**以上。', '● 保持了平', '一年来一年来', '十 年 来十 年 来', ' 【 】'),
      fc.stringMatching(/^[ 一是二年来项目增长个亿元，。“”：XG5.%-]{1,40}$/),
    );
    it('never loses a character, and every block sits at its offsets in the text', () => {
      fc.assert(
        fc.property(fc.array(line, { minLength: 1, maxLength: 40 }), (lines) => {
          const raw = `${FRONT}\n${lines.join('\n')}\n`;
          let analysis;
          try {
            analysis = analyzeReport('p.txt', raw);
          } catch (error) {
            expect((error as Error).message).to.equal('ingest: p.txt: empty: no text after the front matter');
            return;
          }
          expect(checkLossless(analysis).ok).to.equal(true);
          const { report } = analysis;
          expect(report.text).to.equal(report.blocks.map((b) => b.text).join('\n'));
          for (const b of report.blocks) {
            expect(report.text.slice(b.start, b.end)).to.equal(b.text);
            expect(b.text).to.not.equal('');
            expect(b.lines.from).to.be.at.most(b.lines.to);
          }
          expect(report.paragraphs.map((p) => p.ordinal)).to.deep.equal(report.paragraphs.map((_, i) => i + 1));
          expect(new Set(report.blocks.map((b) => b.anchor)).size).to.equal(report.blocks.length);
        }),
        { numRuns: 300 },
      );
    });
  });
});
