import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { compareTable } from '../../src/cli/compare.js';
import { bundledCorpus, smallService } from './fixtures.js';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..');

/** Runs a CLI script; resolves with its exit code and output (non-zero exits included). */
async function cli(script: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', join(ROOT, 'src', 'cli', script), ...args], {
      cwd: ROOT,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('cli', () => {
  describe('search', () => {
    it('prints a caret under the error and exits with 2 for a malformed query or option', async () => {
      const [bad, option] = await Promise.all([cli('search.ts', ['营商 OR -环境']), cli('search.ts', ['营商', '--limit', '500'])]);
      expect([bad.code, bad.stderr]).to.deep.equal([2, '查询有误：排除条件“-”不能作为 OR 的一项\n  营商 OR -环境\n          ^\n']);
      expect(option.code).to.equal(2);
      expect(option.stderr.split('\n')[0]).to.equal('search: option "--limit" must be an integer from 1 to 100, got "500"');
    });
  });

  describe('search (headings)', () => {
    it('says what the API says: the paragraphs counted, and the headings matching on their own listed apart', async function () {
      this.timeout(60_000);
      const { service } = await bundledCorpus();
      const expected = service.search('营商环境', { size: 2 });
      const [text, json] = await Promise.all([cli('search.ts', ['营商环境', '--limit', '2']), cli('search.ts', ['营商环境', '--limit', '2', '--json'])]);
      expect(text.code).to.equal(0);
      expect(text.stdout).to.include(`共 ${String(expected.total)} 段`);
      expect(text.stdout).to.include(`章节标题 ${String(expected.headings)} 个（单独列出，不计入段数）`);
      const listed = text.stdout.split('\n').filter((line) => line.startsWith('  [标题] '));
      expect(listed.map((line) => line.replace(/^ {2}\[标题\] [^·]+· /u, '').replace(/【|】/gu, '').split(' › ').at(-1))).to.deep.equal(expected.headingHits.map((hit) => hit.text));
      const parsed = JSON.parse(json.stdout) as { total: number; headings: number; headingHits: Array<{ anchor: string }> };
      expect([parsed.total, parsed.headings, parsed.headingHits.map((hit) => hit.anchor)]).to.deep.equal([expected.total, expected.headings, expected.headingHits.map((hit) => hit.anchor)]);
    });
  });

  describe('compare', () => {
    it('prints one row per document with totals', () => {
      expect(compareTable(smallService().compare('"高质量发展"'))).to.equal(
        [
          '文件  地区    级别  出现次数  段落数',
          '----  ------  ----  --------  ------',
          'a     XX区·a  区           2       1',
          'b     XX市·b  市           0       0',
          'c     XX县·c  县           1       1',
          '----  ------  ----  --------  ------',
          '合计                       3       2',
        ].join('\n'),
      );
    });
  });
});
