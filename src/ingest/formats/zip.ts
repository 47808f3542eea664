/**
 * A `.docx` is a zip archive. Before any library unpacks one, its central directory is read
 * and every part inflated here with a hard output bound, so a zip bomb posing as a Word file
 * (a few kilobytes that unpack to gigabytes, or sizes that lie) is refused at the bound.
 */
import { inflateRawSync } from 'node:zlib';
import type { ImportLimits } from './limits.js';
import { ImportError } from './types.js';

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/** One part of the archive as its central directory lists it. */
interface Entry {
  name: string;
  method: number;
  compressed: number;
  size: number;
  offset: number;
}

function entries(file: string, buf: Buffer, limits: ImportLimits): Entry[] {
  const bad = (): ImportError => new ImportError(file, '不是有效的 Word（.docx）文件：压缩包结构损坏；如是旧版 .doc，请在 Word 或 WPS 中另存为 .docx');
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 65535); i--) {
    if (buf.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw bad();
  const count = buf.readUInt16LE(eocd + 10);
  const start = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || start === 0xffffffff) throw new ImportError(file, 'Word 文件使用了 ZIP64 大文件格式，超出导入上限');
  if (count > limits.maxZipEntries) throw new ImportError(file, `Word 文件内含 ${String(count)} 个部件，超过上限 ${String(limits.maxZipEntries)}，疑似压缩炸弹，已拒绝`);
  const out: Entry[] = [];
  let at = start;
  for (let k = 0; k < count; k++) {
    if (at + 46 > buf.length || buf.readUInt32LE(at) !== CENTRAL) throw bad();
    const nameLength = buf.readUInt16LE(at + 28);
    out.push({
      method: buf.readUInt16LE(at + 10),
      compressed: buf.readUInt32LE(at + 20),
      size: buf.readUInt32LE(at + 24),
      name: buf.toString('utf8', at + 46, at + 46 + nameLength),
      offset: buf.readUInt32LE(at + 42),
    });
    at += 46 + nameLength + buf.readUInt16LE(at + 30) + buf.readUInt16LE(at + 32);
  }
  return out;
}

/**
 * Checks a `.docx` archive against the limits by unpacking every part with a bounded output;
 * throws {@link ImportError} for a zip bomb, a damaged archive or one that is not a Word file.
 */
export function checkDocxArchive(file: string, bytes: Uint8Array, limits: ImportLimits): void {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const list = entries(file, buf, limits);
  if (!list.some((e) => e.name === 'word/document.xml')) throw new ImportError(file, '压缩包里没有 word/document.xml，不是 Word（.docx）文件');
  const bomb = (): ImportError =>
    new ImportError(file, `解压后超过 ${String(Math.round(limits.maxUnzippedBytes / 1024 / 1024))} MB，疑似压缩炸弹（zip bomb），已拒绝`);
  let total = 0;
  for (const entry of list) {
    total += entry.size;
    if (total > limits.maxUnzippedBytes) throw bomb();
    const local = entry.offset;
    if (local + 30 > buf.length || buf.readUInt32LE(local) !== LOCAL) throw new ImportError(file, `Word 文件的部件 ${entry.name} 已损坏`);
    const dataStart = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = buf.subarray(dataStart, dataStart + entry.compressed);
    if (entry.method === 0) continue;
    if (entry.method !== 8) throw new ImportError(file, `Word 文件的部件 ${entry.name} 使用了不支持的压缩方式 ${String(entry.method)}`);
    try {
      // The declared size may lie: inflate no further than it (and the overall bound) allows.
      const out = inflateRawSync(data, { maxOutputLength: Math.min(entry.size, limits.maxUnzippedBytes) + 1 });
      if (out.length > entry.size) throw bomb();
    } catch (error) {
      if (error instanceof ImportError) throw error;
      if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw bomb();
      throw new ImportError(file, `Word 文件的部件 ${entry.name} 无法解压，文件已损坏`);
    }
  }
}
