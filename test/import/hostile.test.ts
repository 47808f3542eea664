import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImportError, importDocument, IMPORT_LIMITS } from '../../src/ingest/formats/index.js';
import { encryptedPdf, malformedPdf, manyPagesPdf, zipBombDocx } from './hostile.js';

const GOOD_TEXT = ['2024年XX县政府工作报告', '', '——2024年1月12日在XX县第十八届人民代表大会第四次会议上', '', '各位代表：', '', '一、2023年工作回顾', '', '全县经济稳中向好，地区生产总值增长5.2%。'].join('\n');

/** The refusal message of importing `bytes` as `name`, or a failure if it was imported. */
async function refusal(name: string, bytes: Uint8Array, limits?: Parameters<typeof importDocument>[1]): Promise<{ message: string; ms: number }> {
  const started = Date.now();
  try {
    await importDocument({ name, bytes }, limits);
  } catch (error) {
    expect(error).to.be.instanceOf(ImportError);
    return { message: (error as ImportError).message, ms: Date.now() - started };
  }
  throw new Error(`import: ${name} was imported, expected a refusal`);
}

describe('import: hostile files', function () {
  this.timeout(120_000);

  describe('#importDocument', () => {
    it('refuses a malformed PDF in Chinese, naming the file', async () => {
      const { message } = await refusal('坏文件.pdf', malformedPdf());
      expect(message).to.match(/^坏文件\.pdf：(?:不是有效的 PDF 文件|PDF 无法解析)/);
    });

    it('refuses a PDF with the extension of one but other bytes', async () => {
      expect((await refusal('x.pdf', Buffer.from('hello'))).message).to.equal('x.pdf：扩展名是 .pdf，但内容不是 PDF（文件已损坏或并非 PDF）');
    });

    it('refuses an encrypted PDF, saying it needs a password', async () => {
      expect((await refusal('加密.pdf', encryptedPdf())).message).to.equal('加密.pdf：PDF 已加密（需要密码才能打开），无法读取；请取得未加密的版本后再导入');
    });

    it('refuses a PDF of 5,000 pages by its page count, without reading the pages', async () => {
      const { message, ms } = await refusal('5000页.pdf', manyPagesPdf(5000));
      expect(message).to.equal(`5000页.pdf：PDF 有 5000 页，超过上限 ${String(IMPORT_LIMITS.maxPages)} 页，不像一份政府工作报告；如确需导入，请拆分文件或调高 maxPages`);
      console.log(`      (5,000-page PDF refused in ${String(ms)} ms)`);
    });

    it('refuses a zip bomb posing as a Word file, whether its sizes are honest or lie', async () => {
      const honest = await refusal('炸弹.docx', await zipBombDocx(300, false));
      expect(honest.message).to.equal('炸弹.docx：解压后超过 200 MB，疑似压缩炸弹（zip bomb），已拒绝');
      const lying = await refusal('炸弹2.docx', await zipBombDocx(300, true));
      expect(lying.message).to.equal('炸弹2.docx：解压后超过 200 MB，疑似压缩炸弹（zip bomb），已拒绝');
    });

    it('refuses a 100 MB web page by its size before parsing it', async () => {
      const page = Buffer.alloc(100 * 1024 * 1024, 'a');
      page.write('<html><body><p>', 0);
      const { message } = await refusal('巨大.html', page);
      expect(message).to.equal('巨大.html：文件有 100.0 MB，超过网页的上限 20 MB，已拒绝');
    });

    it('stops a reader at the time limit', async () => {
      const { message } = await refusal('慢.pdf', manyPagesPdf(400), { limits: { timeoutMs: 1 } });
      expect(message).to.match(/^慢\.pdf：读取超时/);
    });

    it('stops a reader past the heap limit', async () => {
      const rows = Array.from({ length: 40_000 }, (_, i) => `<tr><td>第${String(i)}行</td><td>数值${String(i)}</td></tr>`).join('');
      const { message } = await refusal('大表.html', Buffer.from(`<html><body><table>${rows}</table></body></html>`), { limits: { maxHeapMb: 8 } });
      expect(message).to.match(/^大表\.html：读取时内存超过上限 8 MB，已停止|^大表\.html：读取失败/);
    });

    for (const name of ['../../etc/passwd.txt', 'a/b.txt', '..', 'a\u0000b.txt', 'x\n.txt', 'bad\u001b[31m.txt', 'doc\u202etxt.exe']) {
      it(`refuses the file name ${JSON.stringify(name)}`, async () => {
        const { message } = await refusal(name, Buffer.from(GOOD_TEXT));
        expect(message).to.equal(`${JSON.stringify(name)}：文件名含有路径（../ 或 /）或控制字符，已拒绝；请改为普通文件名后再导入`);
      });
    }
  });

  describe('npm run import', () => {
    it('imports the good files of a folder and refuses each hostile one in Chinese', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'import-hostile-'));
      const corpus = join(dir, 'corpus');
      try {
        const inbox = join(dir, 'inbox');
        spawnSync('mkdir', ['-p', inbox, corpus]);
        writeFileSync(join(inbox, 'a-good.txt'), GOOD_TEXT);
        writeFileSync(join(inbox, 'b-bad.pdf'), malformedPdf());
        writeFileSync(join(inbox, 'c-locked.pdf'), encryptedPdf());
        writeFileSync(join(inbox, 'd-bomb.docx'), await zipBombDocx(300, true));
        writeFileSync(join(inbox, 'e-old.doc'), 'x');
        const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/import.ts', '--corpus', corpus, inbox], { encoding: 'utf8', timeout: 110_000 });
        expect(run.status, run.stderr).to.equal(1);
        const lines = run.stdout.split('\n').filter((l) => l.startsWith('✗') || l.startsWith('✓') || l.startsWith('共'));
        expect(lines.map((l) => l.replace(/ → .*$/, ' →').replace(/：.*$/, '：'))).to.deep.equal([
          `✓ ${join(inbox, 'a-good.txt')} →`,
          '✗ b-bad.pdf：',
          '✗ c-locked.pdf：',
          '✗ d-bomb.docx：',
          '✗ e-old.doc：',
          '共 5 个文件：',
        ]);
        expect(run.stdout).to.include('✗ e-old.doc：旧版 Word（.doc）文件无法直接读取；请在 Word 或 WPS 中另存为 .docx 后导入');
        const written = readdirSync(corpus).filter((f) => f.endsWith('.txt'));
        expect(written).to.have.length(1);
        const text = readFileSync(join(corpus, written[0] ?? ''), 'utf8');
        expect(text.split('\n').slice(0, 12)).to.deep.equal([
          '---',
          `id: ${written[0]?.replace('.txt', '') ?? ''}`,
          'title: 2024年XX县政府工作报告',
          'region: XX县',
          'level: 县',
          'year: 2024',
          'kind: 全文',
          'source: a-good.txt',
          'meeting: XX县第十八届人民代表大会第四次会议',
          'date: 2024-01-12',
          'original: a-good.txt',
          '---',
        ]);
        expect(readdirSync(join(corpus, 'originals'))).to.deep.equal([written[0]?.replace('.txt', '.txt')]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});
