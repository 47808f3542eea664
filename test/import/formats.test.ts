import { expect } from 'chai';
import iconv from 'iconv-lite';
import type { Browser } from 'playwright-core';
import { importDocument, inferMeta, isoDate, levelOf } from '../../src/ingest/formats/index.js';
import { foldRadicals, foldSharedGlyphs } from '../../src/ingest/formats/glyphs.js';
import { htmlBlocks } from '../../src/ingest/formats/html.js';
import { CHROMIUM, launchBrowser, officialHtml, printPdf, writeDocx, type RenderBlock } from './official.js';

const PROSE = [
  '过去一年，面对复杂严峻的外部环境，全区上下坚持稳中求进工作总基调，经济运行稳中向好、质效齐升，地区生产总值增长百分之六点二，一般公共预算收入增长百分之九点二。',
  '我们坚持创新驱动发展，新增国家高新技术企业一百二十家，建成省级以上研发平台十八个，全社会研发投入占地区生产总值比重达到百分之三点一。',
  '我们坚持民生优先，城镇新增就业一点二万人，新建改扩建中小学和幼儿园九所，基本医疗保险参保率稳定在百分之九十八以上。',
  '今年，我们将坚持以高质量发展为首要任务，统筹扩大内需和深化供给侧结构性改革，推动经济实现质的有效提升和量的合理增长。',
];

function outline(blocks: readonly { type: string; level?: number; text: string }[]): string[] {
  return blocks.map((b) => (b.type === 'heading' ? `H${String(b.level)} ${b.text}` : `P ${b.text}`));
}

describe('import formats', function () {
  this.timeout(180_000);

  describe('#inferMeta', () => {
    it('reads title, meeting, date, speaker, region, level, year and kind from the opening lines', () => {
      const meta = inferMeta(['2024年XX市政府工作报告', '——二〇二四年一月十日在XX市第十七届人民代表大会第三次会议上', 'XX市人民政府代市长\u3000李四', '各位代表：'], null);
      expect(meta).to.deep.equal({
        title: '2024年XX市政府工作报告',
        region: 'XX市',
        level: '市',
        year: 2024,
        kind: '全文',
        meeting: 'XX市第十七届人民代表大会第三次会议',
        date: '2024-01-10',
        speaker: '代市长 李四',
        metaBlocks: [1, 2],
        titleBlock: 0,
      });
    });

    it('leaves out what the text does not state', () => {
      const meta = inferMeta(['关于印发若干措施的通知', '各有关单位：'], null);
      expect([meta.title, meta.region, meta.level, meta.year, meta.kind, meta.meeting, meta.date, meta.speaker]).to.deep.equal([null, null, null, null, null, null, null, null]);
    });

    it('tells the kind from the title and takes a page title without the site name', () => {
      expect(inferMeta(['一图读懂2024年XX区政府工作报告'], null).kind).to.equal('图解');
      expect(inferMeta(['2024年XX县政府工作报告（摘要）'], null).kind).to.equal('摘要');
      expect(inferMeta(['图文解读：2024年XX镇政府工作报告'], null).kind).to.equal('解读');
      expect(inferMeta(['各位代表：'], '2024年XX县政府工作报告_XX县人民政府').title).to.equal('2024年XX县政府工作报告');
    });
  });

  describe('#levelOf, #isoDate', () => {
    it('reads the level from the region name and a date in figures or numerals', () => {
      expect(['XX省', 'XX自治区', 'XX市', 'XX区', 'XX新区', 'XX县', 'XX自治县', 'XX旗', 'XX镇', 'XX乡', 'XX'].map(levelOf)).to.deep.equal(['省', '省', '市', '区', '区', '县', '县', '县', '镇', '镇', null]);
      expect(['2024年1月10日', '二〇二四年一月十日', '２０２４年１２月３日', '2024年2月30日'].map(isoDate)).to.deep.equal(['2024-01-10', '2024-01-10', '2024-12-03', null]);
    });
  });

  describe('#foldRadicals, #foldSharedGlyphs', () => {
    it('folds radicals and shared-glyph marks back to the characters', () => {
      expect(foldRadicals('⼈⺠⽣活⻓期―1〜2')).to.equal('人民生活长期—1～2');
    });

    it('folds a traditional form only where the simplified one never occurs', () => {
      const { blocks, replaced } = foldSharedGlyphs([{ type: 'paragraph', text: `新增市场主体1.2万戶，一戶一策。乾隆年间的干部。${PROSE.join('')}` }]);
      expect([...replaced]).to.deep.equal([['戶', '户']]);
      expect(blocks[0]?.type === 'paragraph' ? blocks[0].text.slice(0, 25) : '').to.equal('新增市场主体1.2万户，一户一策。乾隆年间的干部。');
    });
  });

  describe('#htmlBlocks', () => {
    it('reads the article body only: no navigation, share buttons, related links or footer', () => {
      const page = `<html><head><title>2024年XX区政府工作报告_XX区人民政府</title></head><body>
        <div class="nav"><a>首页</a><a>政务公开</a></div><div class="position">当前位置：首页 &gt; 政府工作报告</div>
        <h1>2024年XX区政府工作报告</h1>
        <div id="zoom"><p>各位代表：</p><p>${PROSE[0] ?? ''}</p><h3>一、2023年工作回顾</h3><p>${PROSE[1] ?? ''}</p>
          <table><tr><td>指标</td><td>目标</td></tr><tr><td>地区生产总值增长</td><td>5%左右</td></tr></table></div>
        <div class="bdshare"><a>分享到微信</a></div><div class="related"><p>相关阅读：XX区召开常务会议研究部署重点工作安排</p></div>
        <div class="footer"><p>主办单位：XX区人民政府办公室\u3000版权所有，未经许可不得转载本站内容</p></div></body></html>`;
      const { blocks, tables, title } = htmlBlocks(page);
      expect(title).to.equal('2024年XX区政府工作报告_XX区人民政府');
      expect(tables).to.equal(1);
      expect(blocks).to.deep.equal([
        { type: 'paragraph', text: '2024年XX区政府工作报告' },
        { type: 'paragraph', text: '各位代表：' },
        { type: 'paragraph', text: PROSE[0] },
        { type: 'heading', level: 3, text: '一、2023年工作回顾' },
        { type: 'paragraph', text: PROSE[1] },
        { type: 'row', cells: ['指标', '目标'] },
        { type: 'row', cells: ['地区生产总值增长', '5%左右'] },
      ]);
    });
  });

  describe('#importDocument (web pages and text)', () => {
    it('reads a GB2312 page in the charset it declares, tables as one paragraph per row', async () => {
      const html = `<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"><title>x</title></head><body><div class="TRS_Editor">
        <p>2024年XX县政府工作报告</p><p>各位代表：</p><p>${PROSE[2] ?? ''}</p><table><tr><td>地区生产总值增长</td><td>5.0%以上</td></tr><tr><td>粮食产量</td><td>基本稳定</td></tr></table><p>${PROSE[3] ?? ''}</p></div></body></html>`;
      const result = await importDocument({ name: 'gb.htm', bytes: iconv.encode(html, 'gb2312') }, { isolate: false });
      expect(result.stats.encoding).to.equal('gb18030');
      expect(result.stats.tables).to.equal(1);
      expect(outline(result.blocks)).to.deep.equal(['P 各位代表：', `P ${PROSE[2] ?? ''}`, 'P 地区生产总值增长｜5.0%以上', 'P 粮食产量｜基本稳定', `P ${PROSE[3] ?? ''}`]);
      expect(result.metadata.title).to.equal('2024年XX县政府工作报告');
    });

    it('reads UTF-16 text with a byte-order mark and asks for the fields it cannot read', async () => {
      const text = `各位代表：\n\n${PROSE[0] ?? ''}\n`;
      const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
      const result = await importDocument({ name: '报告.txt', bytes }, { isolate: false });
      expect(result.stats.encoding).to.equal('utf-16le');
      expect(result.missing).to.deep.equal(['title', 'region', 'level', 'year', 'kind']);
      expect(result.problems[1]).to.equal(`报告.txt：无法从文件中读出地区（region）；请在 ${result.corpusFile.name} 的 front matter 中填写 region 一行（或导入时用 --region 指定），填写前这份报告不会被收录`);
      expect(result.corpusFile.text).to.include('\nregion: \n');
      const given = await importDocument({ name: '报告.txt', bytes }, { isolate: false, meta: { title: '2024年XX县政府工作报告', region: 'XX县', year: 2024, kind: '全文' } });
      expect(given.missing).to.deep.equal([]);
      expect(given.metadata.level).to.equal('县');
    });
  });

  describe('#importDocument (PDF and Word layouts)', () => {
    let browser: Browser | null = null;

    before(async function () {
      browser = await launchBrowser();
      if (browser === null) {
        console.log(`      SKIPPED: PDF layout fixtures need Chromium at ${CHROMIUM}; set REQUIRE_BROWSER=1 to fail instead`);
        this.skip();
      }
    });

    after(async () => {
      await browser?.close();
    });

    const head = { title: '2024年XX区政府工作报告' };

    it('reads a two-column page column by column', async () => {
      if (browser === null) return;
      const blocks: RenderBlock[] = [...PROSE, ...PROSE.map((p) => p.replace('。', '，各项工作取得新进展。'))].map((text) => ({ type: 'paragraph', text }));
      const pdf = await printPdf(browser, officialHtml(head, blocks, true), head.title);
      const result = await importDocument({ name: 'two-columns.pdf', bytes: pdf }, { isolate: false });
      expect(outline(result.blocks)).to.deep.equal(blocks.map((b) => (b.type === 'paragraph' ? `P ${b.text}` : '')));
    });

    it('reads a table as one paragraph per row, cells joined by ｜, a wrapped cell kept whole', async () => {
      if (browser === null) return;
      const rows = [
        ['指标', '2023年完成', '2024年目标'],
        ['地区生产总值增长', '6.2%', '5.5%左右'],
        ['一般公共预算收入增长（按可比口径计算，扣除一次性因素）', '9.2%', '与经济增长基本同步'],
        ['城镇调查失业率', '5.0%', '5.5%以内'],
      ];
      const blocks: RenderBlock[] = [{ type: 'paragraph', text: PROSE[0] ?? '' }, { type: 'table', rows }, { type: 'paragraph', text: PROSE[1] ?? '' }];
      const pdf = await printPdf(browser, officialHtml(head, blocks), head.title);
      const fromPdf = await importDocument({ name: 'table.pdf', bytes: pdf }, { isolate: false });
      const expected = [`P ${PROSE[0] ?? ''}`, ...rows.map((r) => `P ${r.join('｜')}`), `P ${PROSE[1] ?? ''}`];
      expect(outline(fromPdf.blocks)).to.deep.equal(expected);
      expect(fromPdf.stats.tables).to.equal(1);
      const fromDocx = await importDocument({ name: 'table.docx', bytes: await writeDocx(head, blocks) }, { isolate: false });
      expect(outline(fromDocx.blocks)).to.deep.equal(expected);
    });
  });
});
