import { expect } from 'chai';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeSameness, ImportError, importInto, SameText } from '../../src/ingest/formats/index.js';
import { CORPUS_DIR } from '../../src/ingest/paths.js';

const HEAD = (id: string, year = 2024): string => `---\nid: ${id}\ntitle: ${String(year)}年XX县政府工作报告\nregion: XX县\nlevel: 县\nyear: ${String(year)}\nkind: 全文\nsource: test\n---\n`;
const PARAGRAPHS = [
  '各位代表：现在，我代表县人民政府向大会报告工作，请予审议，并请县政协委员和其他列席人员提出意见。',
  '过去一年，全县地区生产总值增长5.2%，一般公共预算收入增长6.1%，城乡居民人均可支配收入分别增长4.8%和6.9%。',
  '坚持创新驱动发展，新认定高新技术企业38家，专精特新中小企业21家，研发经费投入强度提高到2.6%。',
  '扎实推进乡村振兴，新建高标准农田3.2万亩，粮食总产量稳定在48万吨以上，农村人居环境整治三年行动圆满收官。',
  '持续优化营商环境，企业开办时间压缩至1个工作日，政务服务事项网上可办率达到98%以上。',
];
const BODY = `一、2023年工作回顾\n\n${PARAGRAPHS.join('\n\n')}\n`;

describe('SameText', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'same-text-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  describe('#find', () => {
    it('finds the same report whatever its line wraps, page numbers and punctuation', async () => {
      const bundled = readFileSync(join(CORPUS_DIR, 'qu-02.txt'), 'utf8');
      writeFileSync(join(dir, 'qu-02.txt'), bundled);
      const texts = await SameText.read(dir);
      const body = bundled.replace(/^---\n[\s\S]*?\n---\n/, '');
      // As another site's copy: lines wrapped every 30 characters, a page number every 20 lines, ASCII punctuation.
      const lines = (body.replace(/\n+/g, '').match(/[\s\S]{1,30}/g) ?? []).map((line, i) => (i % 20 === 19 ? `${line}\n— ${String(i / 20 + 1)} —` : line));
      const copy = HEAD('qu-2024-abcd') + lines.join('\n').replace(/。/g, '.').replace(/，/g, ', ');
      const found = texts.find('qu-2024-abcd.txt', copy);
      expect(found).to.include({ file: 'qu-02.txt', same: true });
      expect(found?.ofImport).to.be.at.least(0.95);
    });

    it('tells a partial copy apart from the same report, with the shares each way', async () => {
      writeFileSync(join(dir, 'xian-01.txt'), HEAD('xian-01') + BODY);
      const texts = await SameText.read(dir);
      const excerpt = `${PARAGRAPHS.slice(0, 4).join('\n\n')}\n`;
      const found = texts.find('xian-2024-abcd.txt', HEAD('xian-2024-abcd') + excerpt);
      expect(found?.same).to.equal(false);
      expect(found?.ofImport).to.equal(1);
      expect(found?.ofReport).to.be.within(0.6, 0.95);
    });

    it('does not compare a file with itself (the same original imported again), nor reports of another year', async () => {
      writeFileSync(join(dir, 'xian-01.txt'), HEAD('xian-01') + BODY);
      const texts = await SameText.read(dir);
      expect(texts.find('xian-01.txt', HEAD('xian-01') + BODY)).to.equal(null);
      expect(texts.find('xian-2023-abcd.txt', HEAD('xian-2023-abcd', 2023) + BODY)).to.equal(null);
    });

    it('holds none of the bundled reports for another one', async () => {
      const texts = await SameText.read(CORPUS_DIR);
      const found = readdirSync(CORPUS_DIR)
        .filter((name) => name.endsWith('.txt'))
        .map((name) => texts.find(name, readFileSync(join(CORPUS_DIR, name), 'utf8')))
        .filter((s) => s !== null);
      expect(found).to.deep.equal([]);
    });

    it('reads a missing corpus directory as holding nothing', async () => {
      const texts = await SameText.read(join(dir, 'none'));
      expect(texts.find('a.txt', HEAD('a') + BODY)).to.equal(null);
    });
  });

  describe('describeSameness', () => {
    it('says in Chinese which report an import repeats, and how much of it', () => {
      expect(describeSameness({ file: 'xian-01.txt', title: '2024年XX县政府工作报告', ofImport: 1, ofReport: 0.99, same: true })).to.equal(
        '与已收录的 xian-01.txt（2024年XX县政府工作报告）内容相同，是同一份报告，未重复导入',
      );
      expect(describeSameness({ file: 'xian-01.txt', title: '', ofImport: 0.996, ofReport: 0.7, same: false })).to.equal(
        '99% 的文字与已收录的 xian-01.txt相同，可能是同一报告的另一版本或节选；已导入，请核对后删去多余的一份',
      );
      expect(describeSameness({ file: 'xian-01.txt', title: '', ofImport: 0.3, ofReport: 0.85, same: false })).to.equal(
        '已收录的 xian-01.txt的 85% 文字包含在本文件中，可能是同一报告的另一版本或其摘要；已导入，请核对',
      );
    });
  });

  describe('importInto', () => {
    it('refuses a document the corpus already holds in another file, naming that file, and writes nothing', async () => {
      const corpus = join(dir, 'corpus');
      const first = join(dir, '报告.txt');
      writeFileSync(first, `2024年XX县政府工作报告\n\n${BODY}`);
      const { written } = await importInto(first, corpus);
      const again = join(dir, '报告（网站转载）.txt');
      writeFileSync(again, `2024年XX县政府工作报告\n\n${BODY.replace(/\n\n/g, '\n')}\n`);
      let error: unknown;
      try {
        await importInto(again, corpus);
      } catch (e) {
        error = e;
      }
      expect(error).to.be.instanceOf(ImportError);
      expect((error as Error).message).to.equal(`报告（网站转载）.txt：与已收录的 ${written[0] ?? ''}（2024年XX县政府工作报告）内容相同，是同一份报告，未重复导入`);
      expect(readdirSync(corpus).filter((n) => n.endsWith('.txt'))).to.deep.equal(written);
    });
  });
});
