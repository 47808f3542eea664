/**
 * Web pages (and Word files, which mammoth turns into HTML) → blocks. A page saved from a
 * government site holds the report among navigation, footers, share buttons and related
 * links: the article body is the element whose own paragraphs hold the most text, and only
 * it is read. The charset comes from the page (BOM, `<meta charset>`, `http-equiv`), else the
 * bytes (UTF-8, else GB18030, which includes GBK and GB2312).
 */
import { isTag, isText, type ChildNode, type Element } from 'domhandler';
import { parseDocument } from 'htmlparser2';
import type { ExtractedBlock } from './types.js';

/** Elements that never hold the report's text. */
const SKIP_TAGS = new Set(['script', 'style', 'noscript', 'template', 'nav', 'header', 'footer', 'aside', 'form', 'button', 'select', 'iframe', 'svg', 'canvas', 'object', 'head', 'title', 'menu']);
/** Class or id of page furniture on government sites. */
const FURNITURE =
  /(?:^|[\s_-])(?:nav|navbar|menu|footer|foot|header|head|share|bdshare|breadcrumb|crumb|position|location|sidebar|side|related|relevant|comment|copyright|toolbar|tools|print|fontsize|search|login|links?|friend|pager|pagination|qrcode|ewm|banner|top|bottom|fxb|jiathis)(?:$|[\s_-]|\d)/i;
const BLOCK_TAGS = new Set(['p', 'div', 'section', 'article', 'li', 'dd', 'dt', 'blockquote', 'pre', 'center', 'td', 'th', 'tr', 'table', 'ul', 'ol', 'main', 'body', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'br', 'hr', 'font']);
const HEADING = /^h([1-6])$/;

function isElement(node: ChildNode): node is Element {
  return isTag(node);
}

function textData(node: ChildNode): string | null {
  return isText(node) ? node.data : null;
}

function isFurniture(el: Element): boolean {
  if (SKIP_TAGS.has(el.name)) return true;
  const label = `${el.attribs.class ?? ''} ${el.attribs.id ?? ''}`;
  if (el.attribs.role === 'navigation' || el.attribs.hidden !== undefined || /display\s*:\s*none/i.test(el.attribs.style ?? '')) return true;
  return FURNITURE.test(label);
}

/** Text of a node, with `<br>` as a line break. */
function textOf(node: ChildNode): string {
  const data = textData(node);
  if (data !== null) return data;
  if (!isElement(node) || isFurniture(node)) return '';
  if (node.name === 'br') return '\n';
  return node.children.map(textOf).join('');
}

function clean(text: string): string {
  return text.replace(/[\u00a0\u3000\t ]+/g, ' ').replace(/ *\n */g, '\n').trim();
}

/**
 * The article body: the element whose direct paragraph-like children hold the most text
 * (a `<div id="zoom">` or `TRS_Editor`), which is where a site puts what it publishes.
 */
function articleRoot(root: Element | { children: ChildNode[] }): { children: ChildNode[] } {
  let best: { children: ChildNode[] } = root;
  let bestScore = 0;
  const visit = (node: Element | { children: ChildNode[] }): void => {
    let score = 0;
    for (const child of node.children) {
      const data = textData(child);
      if (data !== null) score += clean(data).length;
      else if (isElement(child) && !isFurniture(child) && /^(?:p|h[1-6]|table|ul|ol|pre|blockquote|font|span|strong|b)$/.test(child.name)) {
        score += clean(textOf(child)).length;
      }
    }
    if (score > bestScore) {
      best = node;
      bestScore = score;
    }
    for (const child of node.children) if (isElement(child) && !isFurniture(child)) visit(child);
  };
  visit(root);
  return best;
}

/** Rows of a table, each the text of its cells. */
function tableRows(table: Element): string[][] {
  const rows: string[][] = [];
  const walk = (node: ChildNode): void => {
    if (!isElement(node)) return;
    if (node.name === 'tr') {
      rows.push(node.children.filter((c): c is Element => isElement(c) && (c.name === 'td' || c.name === 'th')).map((c) => clean(textOf(c)).replace(/\n/g, '')));
      return;
    }
    if (node.name === 'table' && node !== table) return;
    node.children.forEach(walk);
  };
  table.children.forEach(walk);
  return rows;
}

/** Blocks of an element, in document order. */
function blocksOf(root: { children: ChildNode[] }): { blocks: ExtractedBlock[]; tables: number } {
  const blocks: ExtractedBlock[] = [];
  let tables = 0;
  let inline = '';
  const flush = (): void => {
    for (const line of clean(inline).split('\n')) if (line.trim() !== '') blocks.push({ type: 'paragraph', text: line.trim() });
    inline = '';
  };
  const walk = (node: ChildNode): void => {
    const data = textData(node);
    if (data !== null) {
      inline += data.replace(/\s*\n\s*/g, ' ');
      return;
    }
    if (!isElement(node) || isFurniture(node)) return;
    if (node.name === 'br') {
      inline += '\n';
      return;
    }
    const heading = HEADING.exec(node.name);
    if (heading !== null) {
      flush();
      const text = clean(textOf(node)).replace(/\n/g, '');
      if (text !== '') blocks.push(node.attribs.class === 'doc-title' ? { type: 'paragraph', text } : { type: 'heading', level: Number(heading[1]), text });
      return;
    }
    if (node.name === 'table') {
      flush();
      const rows = tableRows(node).map((cells) => cells.filter((c) => c !== ''));
      // A one-cell table is a layout box around text, not a table.
      if (rows.every((r) => r.length <= 1)) {
        for (const r of rows) if (r[0] !== undefined) blocks.push({ type: 'paragraph', text: r[0] });
        return;
      }
      tables++;
      for (const cells of rows) if (cells.length > 0) blocks.push({ type: 'row', cells });
      return;
    }
    const block = BLOCK_TAGS.has(node.name);
    if (block) flush();
    node.children.forEach(walk);
    if (block) flush();
  };
  root.children.forEach(walk);
  flush();
  return { blocks, tables };
}

/** Charset a page declares in its first bytes, lower-cased, or null. */
export function declaredCharset(bytes: Uint8Array): string | null {
  const head = Buffer.from(bytes.subarray(0, 4096)).toString('latin1');
  const m = /<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)/i.exec(head);
  return m?.[1]?.toLowerCase() ?? null;
}

/** The text of an HTML file in the charset it declares, else UTF-8, else GB18030. */
export function decodeHtml(bytes: Uint8Array): { text: string; encoding: string } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8' };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be' };
  const declared = declaredCharset(bytes);
  const gb = declared !== null && /^(?:gb2312|gbk|gb18030|x-gbk|cp936|euc-cn)$/.test(declared);
  if (!gb) {
    try {
      return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
    } catch {
      // Declared UTF-8 (or nothing) but not UTF-8: Chinese sites that mislabel GBK pages.
    }
  }
  return { text: new TextDecoder('gb18030').decode(bytes), encoding: 'gb18030' };
}

/** Blocks of an HTML document's article body, the page's title and the tables read. */
export function htmlBlocks(html: string, wholeDocument = false): { blocks: ExtractedBlock[]; tables: number; title: string | null } {
  const dom = parseDocument(html, { decodeEntities: true, lowerCaseTags: true });
  let title: string | null = null;
  const findTitle = (nodes: readonly ChildNode[]): void => {
    for (const n of nodes) {
      if (title !== null) return;
      if (isElement(n) && n.name === 'title') title = clean(n.children.map((c) => textData(c) ?? '').join('')) || null;
      else if (isElement(n)) findTitle(n.children);
    }
  };
  findTitle(dom.children);
  const root = wholeDocument ? dom : articleRoot(dom);
  const { blocks, tables } = blocksOf(root);
  // The article's own heading usually sits just outside the body element (`<h1>` above `#zoom`).
  if (!wholeDocument && root !== dom) {
    const h1 = blocksOf(dom).blocks.find((b) => b.type === 'heading' && b.level === 1);
    if (h1 !== undefined && h1.type === 'heading' && !blocks.some((b) => b.type !== 'row' && b.text === h1.text)) blocks.unshift({ type: 'paragraph', text: h1.text });
  }
  return { blocks, tables, title };
}
