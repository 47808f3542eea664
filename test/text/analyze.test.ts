import { expect } from 'chai';
import { analyze, type Token } from '../../src/text/index.js';

/** `term@start` for each token; `end` is checked separately (always `start + term.length`). */
function show(tokens: Token[]): string {
  return tokens.map((t) => `${t.term}@${String(t.start)}`).join(' ');
}

/**
 * TEXT → index tokens → query terms, from the corpus (slogans, numbers with units, years,
 * PM2.5, Latin) and corpus phrases written in traditional characters or full-width forms.
 */
const CASES: [text: string, index: string, query: string][] = [
  ['中华人民共和国成立75周年',
    '中华人民共和国@0 中华人民@0 中华@0 华人@1 人民共和国@2 人民@2 共和国@4 共和@4 成立@7 75@9 周年@11 周@11',
    '中华人民共和国 成立 75 周年'],
  ['加快发展新质生产力',
    '加快@0 发展@2 新质生产力@4 新@4 质@5 生产力@6 生产@6',
    '加快 发展 新质生产力'],
  ['持续深化“四群八链”建设',
    '持续@0 深化@2 四群八链@5 四@5 群@6 八@7 链@8 建设@10',
    '持续 深化 四群八链 建设'],
  ['深化“智改数转网联”赋能',
    '深化@0 智改数转网联@3 智改数转@3 改数@4 转网@6 网联@7 赋@10 能@11',
    '深化 智改数转网联 赋 能'],
  ['推进“一老一小”服务',
    '推进@0 一老一小@3 一@3 老@4 一小@5 服务@8',
    '推进 一老一小 服务'],
  ['深化“放管服”改革',
    '深化@0 放管服@3 放@3 管@4 服@5 改革@7',
    '深化 放管服 改革'],
  ['专精特新“小巨人”企业',
    '专精特新@0 专精@0 特@2 新@3 小巨人@5 小@5 巨人@6 企业@9',
    '专精特新 小巨人 企业'],
  ['新增瞪羚企业12家',
    '新增@0 瞪羚企业@2 瞪羚@2 企业@4 12@6 家@8',
    '新增 瞪羚企业 12 家'],
  ['培育独角兽企业',
    '培育@0 独角兽企业@2 独角兽@2 独角@2 企业@5',
    '培育 独角兽企业'],
  ['建成高标准农田5.2万亩',
    '建成@0 高标准农田@2 高标准@2 高标@2 标准@3 农田@5 5.2@7 万亩@10 万@10',
    '建成 高标准农田 5.2 万亩'],
  ['2023年工作回顾',
    '2023@0 年@4 工作@5 回顾@7',
    '2023 年 工作 回顾'],
  ['城镇新增就业2.4万人以上',
    '城镇新增就业@0 城镇@0 新增@2 就业@4 2.4@6 万@9 人@10 以上@11',
    '城镇新增就业 2.4 万 人 以上'],
  ['地区生产总值增长6.2%',
    '地区@0 生产总值@2 生产@2 总值@4 增长@6 6.2%@8 6.2@8',
    '地区 生产总值 增长 6.2%'],
  ['增长5.04个百分点',
    '增长@0 5.04@2 个@6 百分点@7 百分@7 分点@8',
    '增长 5.04 个 百分点'],
  ['PM2.5年均浓度',
    'pm2.5@0 pm@0 2.5@2 年均@5 年@5 浓度@7',
    'pm2.5 年均 浓度'],
  ['PM2.5平均浓度37.3微克/立方米',
    'pm2.5@0 pm@0 2.5@2 平均@5 平@5 浓度@7 37.3@9 微克@13 微@13 立方米@16 立方@16 米@18',
    'pm2.5 平均 浓度 37.3 微克 立方米'],
  ['国家首批5G全连接工厂',
    '国家@0 首批@2 5g@4 全@6 连接@7 工厂@9',
    '国家 首批 5g 全 连接 工厂'],
  ['新建5G基站7000个',
    '新建@0 5g@2 基站@4 7000@6 个@10',
    '新建 5g 基站 7000 个'],
  ['开工实施的EOD项目',
    '开工@0 实施@2 的@4 eod@5 项目@8',
    '开工 实施 的 eod 项目'],
  ['V-PARK现代服务业集聚区',
    'v-park@0 v@0 park@2 现代@6 服务业@8 服务@8 业@10 集聚@11 区@13',
    'v-park 现代 服务业 集聚 区'],
  ['精心打造CityWalk全域文旅路线11条',
    '精心@0 打造@2 citywalk@4 全域@12 文@14 旅@15 路线@16 11@18 条@20',
    '精心 打造 citywalk 全域 文 旅 路线 11 条'],
  ['整合运用EOD、TOD等多元化建设模式',
    '整合@0 运用@2 eod@4 tod@8 等@11 多元化@12 多元@12 化@14 建设@15 模式@17',
    '整合 运用 eod tod 等 多元化 建设 模式'],
  ['化解率99％',
    '化解@0 率@2 99%@3 99@3',
    '化解 率 99%'],
  ['营造市场化法治化国际化一流营商环境',
    '营造@0 市场化@2 市场@2 化@4 法治化@5 法治@5 化@7 国际化@8 国际@8 化@10 一流@11 营商环境@13 营商@13 环境@15',
    '营造 市场化 法治化 国际化 一流 营商环境'],
  ['營商環境持續優化',
    '营商环境@0 营商@0 环境@2 持续@4 优化@6',
    '营商环境 持续 优化'],
  ['ＰＭ２．５年均濃度',
    'pm2.5@0 pm@0 2.5@2 年均@5 年@5 浓度@7',
    'pm2.5 年均 浓度'],
  ['增长６．２％',
    '增长@0 6.2%@2 6.2@2',
    '增长 6.2%'],
  ['規上工業增加值增長7.8%',
    '规上工业增加值@0 规上工业@0 上工@1 工业@2 增加值@4 增加@4 加值@5 增长@7 7.8%@9 7.8@9',
    '规上工业增加值 增长 7.8%'],
  ['完成一般公共预算收入XX元',
    '完成@0 一般公共预算收入@2 一般@2 公共@4 预算@6 收入@8 xx@10 元@12',
    '完成 一般公共预算收入 xx 元'],
  ['绿水青山就是金山银山',
    '绿水青山就是金山银山@0 绿水青山@0 绿水@0 青山@2 就是@4 金山@6 银山@8',
    '绿水青山就是金山银山'],
  ['入市143“第一槌”',
    '入市@0 143@2 第一槌@6 第一@6 槌@8',
    '入市 143 第一槌'],
  ['2023年度',
    '2023@0 年度@4 年@4',
    '2023 年度'],
  ['项目146个',
    '项目@0 146@2 个@5',
    '项目 146 个'],
  ['1-11月',
    '1-11@0 1@0 11@2 月@4',
    '1-11 月'],
  ['低空经济',
    '低空经济@0 低空@0 经济@2',
    '低空经济'],
];

describe('text/analyze', () => {
  describe('#analyze (index mode)', () => {
    for (const [text, index] of CASES) {
      it(`segments ${text}`, () => {
        const tokens = analyze(text);
        expect(show(tokens)).to.equal(index);
        for (const t of tokens) expect(t.end - t.start, t.term).to.equal(t.term.length);
      });
    }
  });

  describe('#analyze (query mode)', () => {
    for (const [text, , query] of CASES) {
      it(`keeps the main terms of ${text}`, () => {
        expect(analyze(text, { mode: 'query' }).map((t) => t.term).join(' ')).to.equal(query);
      });
    }
  });

  describe('#analyze (edges)', () => {
    it('returns no tokens for empty text, punctuation and spaces', () => {
      expect(analyze('')).to.deep.equal([]);
      expect(analyze('，。、；：“”（）《》—— \u3000')).to.deep.equal([]);
      // Circled numbers are their digits under NFKC, as a reader reads them (src/text/fold.ts).
      expect(analyze('①②').map((token) => token.term)).to.deep.equal(['12']);
    });

    it('defaults to index mode', () => {
      expect(analyze('新质生产力')).to.deep.equal(analyze('新质生产力', { mode: 'index' }));
    });

    it('gives offsets into the displayed text where normalisation changed characters', () => {
      const text = '（ＰＭ２．５）營商環境';
      expect(analyze(text).map((t) => [t.term, text.slice(t.start, t.end)])).to.deep.equal([
        ['pm2.5', 'ＰＭ２．５'],
        ['pm', 'ＰＭ'],
        ['2.5', '２．５'],
        ['营商环境', '營商環境'],
        ['营商', '營商'],
        ['环境', '環境'],
      ]);
    });

    it('keeps a percentage apart from a bare number and from its digits', () => {
      expect(analyze('增长6.2亿元').map((t) => t.term)).to.deep.equal(['增长', '6.2', '亿元', '亿']);
      expect(analyze('6和2').map((t) => t.term)).to.deep.equal(['6', '和', '2']);
      expect(analyze('增长6.2%', { mode: 'query' }).map((t) => t.term)).to.deep.equal(['增长', '6.2%']);
    });

    it('keeps Latin words apart when a space separates them', () => {
      expect(analyze('Made in China', { mode: 'query' }).map((t) => t.term)).to.deep.equal(['made', 'in', 'china']);
    });
  });
});
