/**
 * Corpus file bytes → text. UTF-8 is the corpus encoding; GB18030 (which includes GBK and
 * GB2312, what Chinese government offices often save) is read when the bytes are not UTF-8 and
 * plainly are Chinese text in that encoding. Everything else is refused with the likely cause.
 */
import { CorpusError } from './errors.js';

/** Encodings a corpus file is read in. */
export type CorpusEncoding = 'utf-8' | 'gb18030';

/** A corpus file's text and the encoding it was read in. */
export interface DecodedFile {
  text: string;
  encoding: CorpusEncoding;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });
const GB18030 = new TextDecoder('gb18030', { fatal: true });

/**
 * Share of a file's multi-byte characters that must be GB2312 symbols or its 3,755 common
 * ideographs for the file to be read as GB18030. Chinese text saved as GBK scores above 0.99;
 * damaged UTF-8 Chinese read as GB18030 about 0.18 (its lead bytes fall on rare ideographs).
 */
const GB_COMMON_SHARE = 0.8;

function isWhitespaceByte(byte: number): boolean {
  return byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d;
}

/** Nothing but a UTF-8 byte-order mark and spaces, tabs and line ends. */
function isBlank(bytes: Uint8Array): boolean {
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  for (let i = start; i < bytes.length; i++) if (!isWhitespaceByte(bytes[i] ?? 0)) return false;
  return true;
}

function hasUtf16Mark(bytes: Uint8Array): boolean {
  return (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
}

/**
 * True when GB18030 bytes read as Chinese text: most two-byte characters are GB2312
 * punctuation and symbols (lead byte A1–A9) or common ideographs (lead byte B0–D7).
 */
function looksLikeGbChinese(bytes: Uint8Array): boolean {
  let common = 0;
  let all = 0;
  for (let i = 0; i < bytes.length; ) {
    const lead = bytes[i] ?? 0;
    if (lead < 0x80) {
      i += 1;
      continue;
    }
    const trail = bytes[i + 1] ?? 0;
    all++;
    if (trail >= 0x30 && trail <= 0x39) {
      // A four-byte sequence: rare ideographs and the rest of Unicode.
      i += 4;
      continue;
    }
    if (((lead >= 0xa1 && lead <= 0xa9) || (lead >= 0xb0 && lead <= 0xd7)) && trail >= 0xa1 && trail <= 0xfe) common++;
    i += 2;
  }
  return all > 0 && common / all >= GB_COMMON_SHARE;
}

/**
 * Byte offset just past the closing `---` line of a front matter block at the start of
 * `bytes`, or 0 when there is none. Safe on GB18030 bytes: none of its multi-byte characters
 * holds a `-` or a line feed.
 */
function frontMatterEnd(bytes: Uint8Array): number {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const start = buffer.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf])) ? 3 : 0;
  if (!buffer.subarray(start, start + 3).equals(Buffer.from('---'))) return 0;
  for (let at = buffer.indexOf('\n---', start + 3); at >= 0; at = buffer.indexOf('\n---', at + 1)) {
    let end = at + 4;
    while (end < buffer.length && buffer[end] !== 0x0a && isWhitespaceByte(buffer[end] ?? 0)) end++;
    if (end >= buffer.length) return buffer.length;
    if (buffer[end] === 0x0a) return end + 1;
  }
  return 0;
}

/**
 * GB18030 text of `bytes` when it is plainly Chinese in that encoding: the whole file, or the
 * body after UTF-8 front matter (a header typed in an editor, put before a file saved as GBK).
 */
function decodeGb(bytes: Uint8Array): string | undefined {
  const split = frontMatterEnd(bytes);
  for (const cut of split > 0 ? [split, 0] : [0]) {
    const head = bytes.subarray(0, cut);
    const body = bytes.subarray(cut);
    if (!looksLikeGbChinese(body)) continue;
    try {
      return UTF8.decode(head) + GB18030.decode(body);
    } catch {
      // This split does not decode; the other may.
    }
  }
  return undefined;
}

/**
 * Decodes a corpus file: UTF-8 (a byte-order mark is dropped), else GB18030 when the bytes,
 * or those after UTF-8 front matter, are plainly Chinese text in it. Throws {@link CorpusError} naming the
 * likely cause: an empty file, UTF-16, binary content, or an encoding that is neither.
 */
export function decodeCorpusFile(file: string, bytes: Uint8Array): DecodedFile {
  if (isBlank(bytes)) throw new CorpusError(file, 'empty file');
  if (hasUtf16Mark(bytes)) throw new CorpusError(file, 'UTF-16 text; save it as UTF-8');
  if (bytes.includes(0)) throw new CorpusError(file, 'binary content (NUL bytes), expected UTF-8 text');
  try {
    return { text: UTF8.decode(bytes), encoding: 'utf-8' };
  } catch {
    // Not UTF-8: perhaps GBK, below.
  }
  const text = decodeGb(bytes);
  if (text !== undefined) return { text, encoding: 'gb18030' };
  throw new CorpusError(file, 'not valid UTF-8 text, nor Chinese text in GB18030 (GBK); save it as UTF-8');
}
