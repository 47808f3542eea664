import { expect } from 'chai';
import fc from 'fast-check';
import { checkLossless } from '../../src/ingest/lossless.js';
import { analyzeReport } from '../../src/ingest/parse.js';
import type { Report } from '../../src/ingest/types.js';

const FRONT = ['---', 'id: shi-01', 'title: 2025年XX市政府工作报告', 'region: XX市', 'level: 市', 'year: 2025', 'kind: 全文', 'source: test', '---'].join('\n');

function outline(report: Report): string[] {
  return report.blocks.map((b) => (b.type === 'heading' ? `H${String(b.level)} ${b.text}` : `P ${b.text}`));
}

function read(body: string): { outline: string[]; dropped: string[]; lossless: boolean } {
  const analysis = analyzeReport('shi-01.txt', `${FRONT}\n${body}\n`);
  return { outline: outline(analysis.report), dropped: analysis.dropped.map((d) => d.text), lossless: checkLossless(analysis).ok };
}

describe('text files: page numbers and tables', () => {
  describe('#analyzeReport (page numbers)', () => {
    const styles = ['— 3 —', '—3—', '－3－', '－３－', '- 3 -', '-3-', '第3页', '第 3 页 共 20 页', '共20页 第3页', '3/20', '3 / 20'];
    for (const style of styles) {
      it(`drops "${style}" inside a paragraph instead of gluing it in or making it a heading`, () => {
        const got = read(`一、全面推进改革\n\n我们全面推进\n${style}\n政务服务改革，成效明显。\n\n${style.replace('3', '4')}\n\n二、下一步工作\n\n继续努力，推动各项工作再上新台阶。`);
        expect(got.outline).to.deep.equal(['H1 一、全面推进改革', 'P 我们全面推进政务服务改革，成效明显。', 'H1 二、下一步工作', 'P 继续努力，推动各项工作再上新台阶。']);
        expect(got.dropped).to.deep.equal([style, style.replace('3', '4')]);
        expect(got.lossless).to.equal(true);
      });
    }

    it('drops bare numbers that count up like pages, and one that cuts a sentence in two', () => {
      const body = ['一、工作回顾', '', '过去一年，经济运行稳中向好，', '12', '主要指标好于预期。', '', '产业结构持续优化。', '', '13', '', '民生保障更加有力。', '', '14', '', '二、今年安排', '', '稳增长，扩内需，促消费。'].join('\n');
      const got = read(body);
      expect(got.dropped).to.deep.equal(['12', '13', '14']);
      expect(got.outline).to.deep.equal(['H1 一、工作回顾', 'P 过去一年，经济运行稳中向好，主要指标好于预期。', 'P 产业结构持续优化。', 'P 民生保障更加有力。', 'H1 二、今年安排', 'P 稳增长，扩内需，促消费。']);
    });

    it('keeps a date like 2024/1 and a figure that ends a sentence line', () => {
      const got = read(['一、工作回顾', '', '统计口径见附表：', '2024/1', '', '全年新增市场主体', '', '5', '', '万户。'].join('\n'));
      expect(got.dropped).to.deep.equal([]);
      expect(got.outline.join('')).to.include('2024/1');
    });

    it('never drops a line with words in it, whatever the numbers around (property)', () => {
      fc.assert(
        fc.property(fc.array(fc.oneof(fc.constantFrom('— 3 —', '7', '第2页', ''), fc.stringMatching(/^[一-龥]{1,8}[，。]?$/)), { maxLength: 12 }), (lines) => {
          const body = ['一、开头', '', ...lines, '', '结束。'].join('\n');
          const analysis = analyzeReport('shi-01.txt', `${FRONT}\n${body}\n`);
          const words = analysis.dropped.filter((d) => /[一-龥]/.test(d.text) && !/^第|^共/.test(d.text));
          expect(words).to.deep.equal([]);
          expect(checkLossless(analysis).ok).to.equal(true);
        }),
      );
    });
  });

  describe('#analyzeReport (tables)', () => {
    it('reads an infographic of labels and figures as one paragraph per row (镇江 2025)', () => {
      const body = [
        '三、主要预期目标', '', '今年主要预期目标是：', '',
        '地区生产总值', '增长', '', '5.0%', '以上', '', '一般公共预算', '收入增长', '', '2.0%', '', '居民收入增长', '', '与经济增长', '', '基本同步', '',
        '粮食产量保持', '', '基本稳定',
        ' 市政府将始终站稳人民立场。',
      ].join('\n');
      expect(read(body).outline).to.deep.equal([
        'H1 三、主要预期目标',
        'P 今年主要预期目标是：',
        'P 地区生产总值增长5.0%以上',
        'P 一般公共预算收入增长2.0%',
        'P 居民收入增长与经济增长基本同步',
        'P 粮食产量保持基本稳定',
        'P 市政府将始终站稳人民立场。',
      ]);
    });

    it('leaves short captions without figures unjoined', () => {
      const body = ['一、图片说明', '', '新区一角', '', '高铁站', '', '科技馆', '', '湿地公园', '', '以上为示意。'].join('\n');
      expect(read(body).outline.map((line) => line.slice(2).trim())).to.deep.equal(['一、图片说明', '新区一角', '高铁站', '科技馆', '湿地公园', '以上为示意。']);
    });
  });
});
