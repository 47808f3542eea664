/**
 * Text files → the text as received. UTF-8 (with or without a byte-order mark) and GB18030
 * (GBK, GB2312) are read as the corpus reads them; UTF-16 with a byte-order mark is read too.
 * The corpus parser reflows the lines later, so nothing is rearranged here.
 */
import { decodeCorpusFile } from '../decode.js';
import { CorpusError } from '../errors.js';
import { normaliseNewlines } from '../parse.js';
import { ImportError, type ExtractedDocument } from './types.js';

function decode(file: string, bytes: Uint8Array): { text: string; encoding: string } {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be' };
  try {
    return decodeCorpusFile(file, bytes);
  } catch (error) {
    if (error instanceof CorpusError) throw new ImportError(file, '不是 UTF-8、GB18030（GBK）或带 BOM 的 UTF-16 文本，无法读取；请另存为 UTF-8');
    throw error;
  }
}

/** Reads a text file; a front matter block it starts with is returned apart from the body. */
export function textDocument(file: string, bytes: Uint8Array): ExtractedDocument & { frontMatter: string | null } {
  const decoded = decode(file, bytes);
  let text = normaliseNewlines(decoded.text);
  if (text.includes('\u0000')) throw new ImportError(file, '含有二进制内容（NUL 字节），不是文本文件');
  let frontMatter: string | null = null;
  const fm = /^---[ \t]*\n([\s\S]*?)\n---[ \t]*(?:\n|$)/.exec(text);
  if (fm !== null) {
    frontMatter = fm[1] ?? '';
    text = text.slice(fm[0].length);
  }
  if (text.trim() === '') throw new ImportError(file, '没有正文（文件为空）');
  const lines = text.split('\n');
  const blocks: ExtractedDocument['blocks'] = [];
  const lineOf: number[] = [];
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    blocks.push({ type: 'paragraph', text: line.trim() });
    lineOf.push(i);
  });
  return {
    format: 'text',
    blocks,
    pages: null,
    tables: 0,
    doubtfulBreaks: 0,
    droppedLines: 0,
    ocr: null,
    declaredTitle: null,
    notes: decoded.encoding === 'utf-8' ? [] : [`按 ${decoded.encoding.toUpperCase()} 编码读取，语料文件将保存为 UTF-8`],
    encoding: decoded.encoding,
    raw: { text, lineOf },
    frontMatter,
  };
}
