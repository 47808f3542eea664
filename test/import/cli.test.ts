import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const TEXT = ['各位代表：', '', '现在，我代表县人民政府向大会报告工作，请予审议。', '', '一、2023年工作回顾', '', '全县经济稳中向好，地区生产总值增长5.2%，城乡居民收入稳步提高。'].join('\n');

function runImport(args: readonly string[]): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/import.ts', ...args], { encoding: 'utf8', timeout: 120_000 });
}

describe('npm run import', function () {
  this.timeout(240_000);

  describe('--dry-run --json', () => {
    it('prints the documents and problems and writes nothing', () => {
      const dir = mkdtempSync(join(tmpdir(), 'import-json-'));
      try {
        writeFileSync(join(dir, '报告.txt'), `2024年XX县政府工作报告\n\n${TEXT}\n`);
        const run = runImport(['--dry-run', '--json', '--corpus', join(dir, 'corpus'), join(dir, '报告.txt')]);
        expect(run.status, run.stderr).to.equal(0);
        expect(JSON.parse(run.stdout)).to.deep.equal({
          documents: [
            {
              file: join(dir, '报告.txt'),
              title: '2024年XX县政府工作报告',
              region: 'XX县',
              level: '县',
              year: 2024,
              kind: '全文',
              blocks: [
                { type: 'paragraph', text: '各位代表：' },
                { type: 'paragraph', text: '现在，我代表县人民政府向大会报告工作，请予审议。' },
                { type: 'heading', level: 1, text: '一、2023年工作回顾' },
                { type: 'paragraph', text: '全县经济稳中向好，地区生产总值增长5.2%，城乡居民收入稳步提高。' },
              ],
            },
          ],
          problems: [],
        });
        expect(readdirSync(dir)).to.deep.equal(['报告.txt']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe('writing', () => {
    it('asks for what it cannot read, and keeps what the user filled in when the file is imported again', () => {
      const dir = mkdtempSync(join(tmpdir(), 'import-edit-'));
      const corpus = join(dir, 'corpus');
      try {
        writeFileSync(join(dir, 'a.txt'), `${TEXT}\n`);
        const first = runImport(['--corpus', corpus, '--year', '2024', '--kind', '全文', join(dir, 'a.txt')]);
        expect(first.status, first.stderr).to.equal(0);
        expect(first.stdout).to.include('! a.txt：无法从文件中读出地区（region）；请在 doc-x-');
        const [name] = readdirSync(corpus).filter((f) => f.endsWith('.txt'));
        const path = join(corpus, name ?? '');
        const edited = readFileSync(path, 'utf8').replace('title: \n', 'title: 2024年XX县政府工作报告\n').replace('region: \n', 'region: XX县\n').replace('level: \n', 'level: 县\n');
        writeFileSync(path, edited);
        const second = runImport(['--corpus', corpus, join(dir, 'a.txt')]);
        expect(second.status, second.stderr).to.equal(0);
        expect(second.stdout).to.include('保留了此前在 front matter 中填写或改正的：title、region、level、year、kind');
        expect(second.stdout).not.to.include('无法从文件中读出');
        expect(readFileSync(path, 'utf8')).to.equal(edited);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('skips a report the corpus already holds (the same text in another file), says which, and imports it with --allow-duplicate', () => {
      const dir = mkdtempSync(join(tmpdir(), 'import-same-'));
      const corpus = join(dir, 'corpus');
      const body = `2024年XX县政府工作报告\n\n${TEXT}\n\n${'二、2024年工作安排\n\n坚持稳中求进工作总基调，完整准确全面贯彻新发展理念，加快构建新发展格局，着力推动高质量发展。\n\n'.repeat(3)}`;
      try {
        writeFileSync(join(dir, 'a.txt'), body);
        writeFileSync(join(dir, 'b.txt'), body.replace(/\n\n/g, '\n'));
        const run = runImport(['--corpus', corpus, join(dir, 'a.txt'), join(dir, 'b.txt')]);
        expect(run.status, run.stderr).to.equal(0);
        const [written] = readdirSync(corpus).filter((f) => f.endsWith('.txt'));
        expect(run.stdout).to.include(`= ${join(dir, 'b.txt')}：与已收录的 ${written ?? ''}（2024年XX县政府工作报告）内容相同，是同一份报告，未重复导入（如确需另存一份，请加 --allow-duplicate）\n`);
        expect(run.stdout).to.include('共 2 个文件：导入 1（其中 0 个待补信息），已收录而跳过 1，拒绝 0\n');
        expect(readdirSync(corpus).filter((f) => f.endsWith('.txt'))).to.have.length(1);
        const forced = runImport(['--corpus', corpus, '--allow-duplicate', join(dir, 'b.txt')]);
        expect(forced.status, forced.stderr).to.equal(0);
        expect(readdirSync(corpus).filter((f) => f.endsWith('.txt'))).to.have.length(2);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});
