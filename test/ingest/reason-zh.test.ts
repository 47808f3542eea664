import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { loadCorpus } from '../../src/ingest/load.js';
import { reasonInChinese } from '../../src/ingest/reason-zh.js';

describe('reason-zh', () => {
  describe('#reasonInChinese', () => {
    const cases: Array<[string, string]> = [
      ['ingest: report.docx: not a .txt or .md file; convert it to UTF-8 text', '不是 .txt 或 .md 文本文件；PDF、Word 和网页请放入收件箱导入，或转成 UTF-8 文本'],
      ['ingest: a.txt: cannot be read (EACCES)', '文件无法读取（EACCES）'],
      ['ingest: a.txt: empty file', '文件是空的'],
      ['ingest: a.txt: UTF-16 text; save it as UTF-8', '文件是 UTF-16 编码，请另存为 UTF-8'],
      ['ingest: a.txt: binary content (NUL bytes), expected UTF-8 text', '文件含二进制内容，不是文本'],
      ['ingest: a.txt: not valid UTF-8 text, nor Chinese text in GB18030 (GBK); save it as UTF-8', '既不是 UTF-8 文本，也不是 GB18030（GBK）中文文本，请另存为 UTF-8'],
      ['ingest: a.txt: empty: no text after the front matter', '元数据之后没有正文'],
      ['ingest: a.txt: front matter missing: the file must start with a "---" line', '缺少文件开头的元数据（第一行应为“---”）'],
      ['ingest: a.txt: front matter not closed: no second "---" line', '元数据没有结束（缺少第二个“---”行）'],
      ['ingest: a.txt: front matter line 6 is not "key: value", got "kind 全文"', '元数据第 6 行不是“字段: 值”的形式：“kind 全文”'],
      ['ingest: a.txt: front matter has unknown field "author" (expected id, title)', '元数据含未知字段“author”'],
      ['ingest: a.txt: front matter "title" is given twice', '元数据字段标题（title）出现了两次'],
      ['ingest: a.txt: front matter "level" is missing', '缺少元数据字段级别（level）'],
      ['ingest: a.txt: front matter "meeting" is empty; remove the line or give a value', '元数据字段会议（meeting）为空'],
      ['ingest: a.txt: front matter "id" must be at most 64 characters, got 91: "x-a1"', '编号“x-a1”太长，最多 64 个字符'],
      ['ingest: a.txt: front matter "id" must be lowercase letters, digits and single hyphens, got "Qu_01"', '编号“Qu_01”只能由小写字母、数字和单个连字符组成'],
      ['ingest: a.txt: front matter "level" must be one of 省/市/区/县/镇, got "乡"', '级别“乡”无效，应为 省/市/区/县/镇 之一'],
      ['ingest: a.txt: front matter "year" must be a four-digit year from 1949 to 2100, got "二〇二四"', '年份“二〇二四”无效，应为 1949 至 2100 年的四位数'],
      ['ingest: a.txt: front matter "date" must be a day as YYYY-MM-DD, got "1月10日"', '日期“1月10日”无效，应写成 YYYY-MM-DD'],
      ['ingest: zz.txt: front matter "id" "ok-01" is already used by ok-01.txt', '编号“ok-01”已被 ok-01.txt 使用'],
    ];
    for (const [message, chinese] of cases) {
      it(`says “${chinese}” for ${message.slice(0, 60)}`, () => {
        expect(reasonInChinese(message, message.split(': ')[1])).to.equal(chinese);
      });
    }

    it('renders every problem ingest reports for bad files in a known shape', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'policy-search-reasons-'));
      try {
        const head = (id: string, extra = '') => `---\nid: ${id}\ntitle: t\nregion: XX县\nlevel: 县\nyear: 2024\nkind: 全文\nsource: s\n${extra}---\n正文。\n`;
        const files: Record<string, string | Buffer> = {
          'empty.txt': '',
          'bin.txt': Buffer.from([0x89, 0x50, 0x00, 0x01]),
          'u16.txt': Buffer.from([0xff, 0xfe, 0x41, 0x00]),
          'latin1.txt': Buffer.from([0x2d, 0x2d, 0x2d, 0x0a, 0xe9, 0xff, 0xfe, 0x0a]),
          'none.txt': '没有元数据。\n',
          'open.txt': '---\nid: a\n正文。\n',
          'colon.txt': head('colon').replace('kind: 全文', 'kind 全文'),
          'unknown.txt': head('unknown', 'author: x\n'),
          'twice.txt': head('twice', 'title: again\n'),
          'missing.txt': head('missing').replace('level: 县\n', ''),
          'blank.txt': head('blank').replace('kind: 全文', 'kind:'),
          'id.txt': head('Bad_Id'),
          'long.txt': head(`x${'-a1'.repeat(30)}`),
          'level.txt': head('level').replace('level: 县', 'level: 乡'),
          'year.txt': head('year').replace('year: 2024', 'year: 24'),
          'nobody.txt': head('nobody').replace('正文。\n', ''),
          'zz-dup.txt': head('colon-ok'),
          'zz-dup2.txt': head('colon-ok'),
          'report.docx': 'PK',
        };
        for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
        const { problems } = await loadCorpus(dir);
        expect(problems).to.have.length(Object.keys(files).length - 1);
        expect(problems.map((p) => reasonInChinese(p.reason, p.file)).filter((r) => r.startsWith('无法读取'))).to.deep.equal([]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('keeps the detail of a message of an unknown shape after a Chinese lead', () => {
      expect(reasonInChinese('ingest: a.txt: something new', 'a.txt')).to.equal('无法读取：something new');
    });
  });
});
