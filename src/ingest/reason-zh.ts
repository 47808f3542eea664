/**
 * Why a corpus file was left out, in Chinese for the site's users. Ingest's messages are written
 * for logs (`ingest: x.txt: front matter "level" is missing`); each known shape is rendered
 * here with the file's own values kept. A message of a shape not listed keeps its detail after
 * a Chinese lead, so nothing is hidden.
 */

/** Front matter keys as a user of the site knows them. */
const KEY_NAMES: Record<string, string> = {
  id: '编号（id）',
  title: '标题（title）',
  region: '地区（region）',
  level: '级别（level）',
  year: '年份（year）',
  kind: '类别（kind）',
  source: '来源（source）',
  meeting: '会议（meeting）',
  date: '日期（date）',
  speaker: '报告人（speaker）',
  original: '原件（original）',
  ocr: '识别方式（ocr）',
};

function key(name: string): string {
  return KEY_NAMES[name] ?? `“${name}”`;
}

/** Message shapes, most specific first; each turns the detail's captures into Chinese. */
const SHAPES: Array<[RegExp, (...groups: string[]) => string]> = [
  [/^not a \.txt or \.md file/u, () => '不是 .txt 或 .md 文本文件；PDF、Word 和网页请放入收件箱导入，或转成 UTF-8 文本'],
  [/^cannot be read \((.*)\)$/u, (code) => `文件无法读取（${code}）`],
  [/^empty file$/u, () => '文件是空的'],
  [/^UTF-16 text/u, () => '文件是 UTF-16 编码，请另存为 UTF-8'],
  [/^binary content/u, () => '文件含二进制内容，不是文本'],
  [/^not valid UTF-8 text/u, () => '既不是 UTF-8 文本，也不是 GB18030（GBK）中文文本，请另存为 UTF-8'],
  [/^empty: no text after the front matter/u, () => '元数据之后没有正文'],
  [/^front matter missing/u, () => '缺少文件开头的元数据（第一行应为“---”）'],
  [/^front matter not closed/u, () => '元数据没有结束（缺少第二个“---”行）'],
  [/^front matter line (\d+) is not "key: value", got "(.*)"$/su, (line, got) => `元数据第 ${line} 行不是“字段: 值”的形式：“${got}”`],
  [/^front matter has unknown field "(.*?)"/su, (name) => `元数据含未知字段“${name}”`],
  [/^front matter "(\w+)" is given twice/u, (name) => `元数据字段${key(name)}出现了两次`],
  [/^front matter "(\w+)" is missing/u, (name) => `缺少元数据字段${key(name)}`],
  [/^front matter "(\w+)" is empty/u, (name) => `元数据字段${key(name)}为空`],
  [/^front matter "id" must be at most (\d+) characters, got \d+: "(.*)"$/su, (max, id) => `编号“${id}”太长，最多 ${max} 个字符`],
  [/^front matter "id" must be lowercase letters.*got "(.*)"$/su, (id) => `编号“${id}”只能由小写字母、数字和单个连字符组成`],
  [/^front matter "level" must be one of (\S+), got "(.*)"$/su, (levels, got) => `级别“${got}”无效，应为 ${levels} 之一`],
  [/^front matter "year" must be .*got "(.*)"$/su, (got) => `年份“${got}”无效，应为 1949 至 2100 年的四位数`],
  [/^front matter "date" must be .*got "(.*)"$/su, (got) => `日期“${got}”无效，应写成 YYYY-MM-DD`],
  [/^front matter "id" "(.*)" is already used by (.*)$/su, (id, other) => `编号“${id}”已被 ${other} 使用`],
];

/**
 * The Chinese reason for a problem message of ingest (`ingest: FILE: detail`, or the detail
 * alone); `file` is stripped from the message when given.
 */
export function reasonInChinese(message: string, file?: string): string {
  let detail = message.replace(/^ingest: /u, '');
  if (file !== undefined && detail.startsWith(`${file}: `)) detail = detail.slice(file.length + 2);
  for (const [shape, render] of SHAPES) {
    const match = shape.exec(detail);
    if (match) return render(...match.slice(1));
  }
  return `无法读取：${detail}`;
}
