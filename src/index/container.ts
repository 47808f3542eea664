/**
 * A file of named binary sections with a JSON header, for indexes of any size: typed arrays are
 * read without decoding, texts are decoded in pieces (V8 caps a string at about 512 MB), and no
 * read, write or hash ever handles more than `CHUNK_BYTES` at once, so a file past 2 GiB (the
 * limit of one `readFileSync` and of one `read` call) works as a small one does.
 *
 * Texts are written as UTF-16LE (`utf16` sections), the form V8 holds them in: decoding is a
 * copy, where UTF-8 had to be transcoded (the 100× corpus's 210 MB of UTF-8 text took 1.1–1.7 s
 * of every start, its UTF-16 96 ms), and Chinese text is smaller (2 bytes a character, not 3).
 * UTF-8 `text` sections, written before, are still read.
 *
 * Layout: `PSIX` · header length (uint32 LE) · header (UTF-8 JSON) · zero padding to a multiple
 * of 8 · section data. Each section starts at a multiple of 8 from the data start. The header's
 * `checksum` (`checksum.ts`) covers the section data in file order, so a byte changed inside a
 * section, which keeps every length and bound, is caught before any section is used.
 */
import { closeSync, fstatSync, mkdirSync, openSync, read, readSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { Checksum, checksumOf } from './checksum.js';

const MAGIC = 'PSIX';
const ALIGN = 8;

/** Largest piece read, written, hashed or decoded at once (well under 2 GiB and 512 MB of text). */
export const CHUNK_BYTES = 64 * 2 ** 20;

/** How a section's bytes are read. */
export type SectionType = 'u16' | 'u32' | 'i32' | 'text' | 'utf16';

/** Where a section lies, relative to the data start. */
export interface SectionEntry {
  type: SectionType;
  offset: number;
  length: number;
}

/** The header: anything small, plus the section table. */
export interface ContainerHeader {
  sections: Record<string, SectionEntry>;
  [key: string]: unknown;
}

/** A section to write: a typed array, or strings (joined with NUL, which texts never hold; written as UTF-16LE). */
export type SectionValue = Uint16Array | Uint32Array | Int32Array | readonly string[];

const SEPARATOR = '\u0000';
const NUL = 0;

function typeOf(value: SectionValue): SectionType {
  if (value instanceof Uint16Array) return 'u16';
  if (value instanceof Uint32Array) return 'u32';
  if (value instanceof Int32Array) return 'i32';
  return 'utf16';
}

function pad(length: number): number {
  return (ALIGN - (length % ALIGN)) % ALIGN;
}

/** A section's bytes in pieces of at most `chunk` bytes. */
function* sectionPieces(value: SectionValue, chunk: number): Generator<Buffer> {
  if (!(value instanceof Uint16Array || value instanceof Uint32Array || value instanceof Int32Array)) {
    // Strings joined in batches, so no joined string nears V8's limit.
    let batch: string[] = [];
    let size = 0;
    let first = true;
    const flush = function* (): Generator<Buffer> {
      if (batch.length === 0) return;
      yield Buffer.from((first ? '' : SEPARATOR) + batch.join(SEPARATOR), 'utf16le');
      first = false;
      batch = [];
      size = 0;
    };
    for (const text of value) {
      batch.push(text);
      size += text.length + 1;
      if (size * 2 >= chunk) yield* flush();
    }
    yield* flush();
    return;
  }
  for (let at = 0; at < value.byteLength; at += chunk) yield Buffer.from(value.buffer, value.byteOffset + at, Math.min(chunk, value.byteLength - at));
}

/** The checksum (`checksum.ts`) of section data given in one or more pieces, as the header holds it. */
export function dataChecksum(data: readonly Uint8Array[]): string {
  return checksumOf(data);
}

/** Where the bytes of an encoded container go, piece by piece. */
export type Sink = (piece: Uint8Array) => void;

/**
 * Writes the container for `header` fields and `sections` to `sink`, in pieces of at most
 * `chunk` bytes, and returns the bytes written. The header (which holds the checksum and the
 * section table) comes first, so the sections are encoded twice — once to hash and measure,
 * once to write — and memory holds one piece at a time whatever the index's size.
 */
export function writeContainer(fields: Record<string, unknown>, sections: Record<string, SectionValue>, sink: Sink, chunk = CHUNK_BYTES): number {
  const table: Record<string, SectionEntry> = {};
  const checksum = new Checksum();
  let offset = 0;
  const zeros = Buffer.alloc(ALIGN);
  for (const [name, value] of Object.entries(sections)) {
    let length = 0;
    for (const piece of sectionPieces(value, chunk)) {
      checksum.update(piece);
      length += piece.byteLength;
    }
    checksum.update(zeros.subarray(0, pad(length)));
    table[name] = { type: typeOf(value), offset, length };
    offset += length + pad(length);
  }
  const header = Buffer.from(JSON.stringify({ ...fields, checksum: checksum.digest(), sections: table }), 'utf8');
  const prefix = Buffer.alloc(8);
  prefix.write(MAGIC, 0, 'latin1');
  prefix.writeUInt32LE(header.byteLength, 4);
  sink(prefix);
  sink(header);
  sink(zeros.subarray(0, pad(8 + header.byteLength)));
  let written = 8 + header.byteLength + pad(8 + header.byteLength);
  for (const value of Object.values(sections)) {
    let length = 0;
    for (const piece of sectionPieces(value, chunk)) {
      sink(piece);
      length += piece.byteLength;
    }
    sink(zeros.subarray(0, pad(length)));
    written += length + pad(length);
  }
  return written;
}

/**
 * Writes the container to `file` atomically: to `file.<pid>.tmp`, then renamed, so a reader sees
 * the old file or the new one, never half of one. Returns the bytes written.
 */
export function writeContainerFile(file: string, fields: Record<string, unknown>, sections: Record<string, SectionValue>): number {
  mkdirSync(dirname(file), { recursive: true });
  const temporary = `${file}.${String(process.pid)}.tmp`;
  const fd = openSync(temporary, 'w');
  let bytes = 0;
  try {
    bytes = writeContainer(fields, sections, (piece) => {
      for (let at = 0; at < piece.byteLength; ) at += writeSync(fd, piece, at);
    });
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, file);
  return bytes;
}

/** The file bytes for `header` fields and `sections`, as one buffer (small containers, tests). */
export function encodeContainer(fields: Record<string, unknown>, sections: Record<string, SectionValue>): Buffer {
  const pieces: Uint8Array[] = [];
  writeContainer(fields, sections, (piece) => pieces.push(Buffer.from(piece)));
  return Buffer.concat(pieces);
}

/** Reads `length` bytes at `position` of a file or a buffer. */
export interface ContainerSource {
  size: number;
  read(position: number, length: number): Buffer;
  /**
   * The same, with every piece queued at once on libuv's thread pool, which reads them while
   * this thread is busy with other work (its event loop is needed only to hear they are done).
   * Absent where reading costs nothing (a buffer).
   */
  readAsync?: (position: number, length: number) => Promise<Buffer>;
  close(): void;
}

function bufferSource(bytes: Buffer): ContainerSource {
  return {
    size: bytes.byteLength,
    read: (position, length) => bytes.subarray(position, position + length),
    close: () => undefined,
  };
}

/** A file read piece by piece (at most `chunk` bytes per `read` call). */
export function fileSource(file: string, chunk = CHUNK_BYTES): ContainerSource {
  const fd = openSync(file, 'r');
  try {
    const { size } = fstatSync(fd);
    return {
      size,
      read: (position, length) => {
        const out = Buffer.allocUnsafe(length);
        for (let done = 0; done < length; ) {
          const n = readSync(fd, out, done, Math.min(chunk, length - done), position + done);
          if (n === 0) throw new Error(`file ends at ${String(position + done)} bytes`);
          done += n;
        }
        return out;
      },
      readAsync: async (position, length) => {
        const out = Buffer.allocUnsafe(length);
        const pieces: Promise<void>[] = [];
        for (let done = 0; done < length; done += chunk) pieces.push(readFully(fd, out, done, Math.min(chunk, length - done), position + done));
        await Promise.all(pieces);
        return out;
      },
      close: () => {
        closeSync(fd);
      },
    };
  } catch (error) {
    closeSync(fd);
    throw error;
  }
}

/** Reads `length` bytes at `position` of `fd` into `out` at `offset`, on the thread pool. */
async function readFully(fd: number, out: Buffer, offset: number, length: number, position: number): Promise<void> {
  for (let done = 0; done < length; ) {
    const n = await new Promise<number>((resolveRead, reject) => {
      read(fd, out, offset + done, length - done, position + done, (error, bytesRead) => {
        if (error === null) resolveRead(bytesRead);
        else reject(error);
      });
    });
    if (n === 0) throw new Error(`file ends at ${String(position + done)} bytes`);
    done += n;
  }
}

function parseHeader(source: ContainerSource): [ContainerHeader, number] {
  if (source.size < 8) throw new Error('not an index file');
  const prefix = source.read(0, 8);
  if (prefix.toString('latin1', 0, 4) !== MAGIC) throw new Error('not an index file');
  const headerLength = prefix.readUInt32LE(4);
  if (8 + headerLength > source.size) throw new Error('header runs past the end of the file');
  const header = JSON.parse(source.read(8, headerLength).toString('utf8')) as unknown;
  if (typeof header !== 'object' || header === null || Array.isArray(header)) throw new Error('header is not an object');
  const sections = (header as Record<string, unknown>).sections;
  if (typeof sections !== 'object' || sections === null) throw new Error('header has no section table');
  const dataStart = 8 + headerLength + pad(8 + headerLength);
  for (const [name, entry] of Object.entries(sections as Record<string, unknown>)) {
    const { offset, length, type } = (entry ?? {}) as Partial<SectionEntry>;
    if (typeof offset !== 'number' || typeof length !== 'number' || !Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset % ALIGN !== 0 || offset < 0 || length < 0) {
      throw new Error(`section ${name} is malformed`);
    }
    if (dataStart + offset + length > source.size) throw new Error(`section ${name} runs past the end of the file`);
    if (type !== 'u16' && type !== 'u32' && type !== 'i32' && type !== 'text' && type !== 'utf16') throw new Error(`section ${name} has type ${String(type)}`);
  }
  return [header as ContainerHeader, dataStart];
}

/** A container read back: its header and typed views of its sections. */
export class Container {
  readonly header: ContainerHeader;
  readonly #source: ContainerSource;
  readonly #dataStart: number;
  readonly #chunk: number;
  /** Sections read so far (each is read from the source once). */
  readonly #sections = new Map<string, Buffer>();

  /**
   * Parses the header of a container held in memory (a `Buffer`) or read from a source
   * (`fileSource(file)`: sections are read when first used, or all by `checksumMatches()`);
   * throws when it is not a whole container.
   */
  constructor(bytes: Buffer | ContainerSource, chunk = CHUNK_BYTES) {
    this.#chunk = chunk;
    this.#source = Buffer.isBuffer(bytes) ? bufferSource(bytes) : bytes;
    [this.header, this.#dataStart] = parseHeader(this.#source);
  }

  /** Opens the container in `file`, reading its header only; `close()` it when done. */
  static open(file: string, chunk = CHUNK_BYTES): Container {
    const source = fileSource(file, chunk);
    try {
      return new Container(source, chunk);
    } catch (error) {
      source.close();
      throw error;
    }
  }

  /** Closes the file (sections already read stay usable). */
  close(): void {
    this.#source.close();
  }

  /** Sections in file order. */
  #ordered(): [string, SectionEntry][] {
    return Object.entries(this.header.sections).sort(([, a], [, b]) => a.offset - b.offset);
  }

  #bytes(name: string, entry: SectionEntry): Buffer {
    let bytes = this.#sections.get(name);
    if (bytes === undefined) {
      bytes = this.#source.read(this.#dataStart + entry.offset, entry.length);
      this.#sections.set(name, bytes);
    }
    return bytes;
  }

  /**
   * Starts reading every section not read yet, all at once, off this thread where the source
   * allows (a file: libuv's thread pool), so that this thread can do other work meanwhile
   * (a start loads the segmenter while the index file is read). Await it before the container
   * is closed: the reads use its file.
   */
  preload(): Promise<void> {
    const { readAsync } = this.#source;
    if (readAsync === undefined) return Promise.resolve();
    return Promise.all(
      this.#ordered()
        .filter(([name]) => !this.#sections.has(name))
        .map(async ([name, entry]) => {
          const bytes = await readAsync(this.#dataStart + entry.offset, entry.length);
          // Read meanwhile by a synchronous call: keep that copy.
          if (!this.#sections.has(name)) this.#sections.set(name, bytes);
        }),
    ).then(() => undefined);
  }

  /**
   * Whether the section data still has the checksum written in the header. Reads every
   * section (kept for the typed views), so call it once, before using any of them.
   */
  checksumMatches(): boolean {
    const saved = this.header.checksum;
    if (typeof saved !== 'string') return false;
    const checksum = new Checksum();
    const hash = (bytes: Buffer): void => {
      for (let at = 0; at < bytes.byteLength; at += this.#chunk) checksum.update(bytes.subarray(at, Math.min(bytes.byteLength, at + this.#chunk)));
    };
    const end = this.#source.size - this.#dataStart;
    // The whole data region in order: each section from its own read, anything between or
    // after them (padding, or bytes that should not be there) straight from the source.
    let position = 0;
    for (const [name, entry] of this.#ordered()) {
      if (entry.offset > position) hash(this.#source.read(this.#dataStart + position, entry.offset - position));
      if (entry.offset >= position) hash(this.#bytes(name, entry));
      else if (entry.offset + entry.length > position) hash(this.#source.read(this.#dataStart + position, entry.offset + entry.length - position));
      position = Math.max(position, entry.offset + entry.length);
    }
    for (; position < end; position += this.#chunk) hash(this.#source.read(this.#dataStart + position, Math.min(this.#chunk, end - position)));
    return saved === checksum.digest();
  }

  #entry(name: string, type: SectionType): SectionEntry {
    const entry = this.header.sections[name];
    if (entry === undefined) throw new Error(`section ${name} is missing`);
    if (entry.type !== type) throw new Error(`section ${name} is ${entry.type}, expected ${type}`);
    return entry;
  }

  #view(name: string, type: SectionType, size: number): [ArrayBufferLike, number, number] {
    const entry = this.#entry(name, type);
    if (entry.length % size !== 0) throw new Error(`section ${name} has ${String(entry.length)} bytes`);
    const bytes = this.#bytes(name, entry);
    // View the bytes in place when aligned (the usual case); copy otherwise.
    if (bytes.byteOffset % size === 0) return [bytes.buffer, bytes.byteOffset, entry.length / size];
    const copy = new Uint8Array(entry.length);
    copy.set(bytes);
    return [copy.buffer, 0, entry.length / size];
  }

  u16(name: string): Uint16Array {
    return new Uint16Array(...this.#view(name, 'u16', 2));
  }

  u32(name: string): Uint32Array {
    return new Uint32Array(...this.#view(name, 'u32', 4));
  }

  i32(name: string): Int32Array {
    return new Int32Array(...this.#view(name, 'i32', 4));
  }

  /**
   * The strings of a text section (an empty section holds one empty string), decoded a piece
   * at a time (each piece ends at a separator), so no decoded string nears V8's limit.
   */
  text(name: string): string[] {
    const entry = this.header.sections[name];
    if (entry?.type === 'utf16') {
      const bytes = this.#bytes(name, entry);
      this.#sections.delete(name);
      return decodeUtf16(bytes, this.#chunk, name);
    }
    const bytes = this.#bytes(name, this.#entry(name, 'text'));
    // Decoded once: the bytes are not needed again.
    this.#sections.delete(name);
    const out: string[] = [];
    let from = 0;
    for (;;) {
      if (bytes.byteLength - from <= this.#chunk) {
        for (const text of bytes.toString('utf8', from).split(SEPARATOR)) out.push(text);
        return out;
      }
      const cut = bytes.lastIndexOf(NUL, from + this.#chunk);
      if (cut < from) throw new Error(`section ${name} holds a text longer than ${String(this.#chunk)} bytes`);
      for (const text of bytes.toString('utf8', from, cut).split(SEPARATOR)) out.push(text);
      from = cut + 1;
    }
  }
}

/** The strings of a UTF-16LE section's `bytes`, decoded in pieces of at most `chunk` bytes that end at a separator. */
function decodeUtf16(bytes: Buffer, chunk: number, name: string): string[] {
  if (bytes.byteLength % 2 !== 0) throw new Error(`section ${name} has ${String(bytes.byteLength)} bytes, not whole UTF-16 code units`);
  // Separators are looked for as whole code units (a NUL byte may be half of a character).
  const aligned = bytes.byteOffset % 2 === 0 ? bytes : Buffer.from(bytes);
  const units = new Uint16Array(aligned.buffer, aligned.byteOffset, aligned.byteLength / 2);
  const perPiece = Math.max(1, Math.floor(chunk / 2));
  const out: string[] = [];
  let from = 0;
  for (;;) {
    if (units.length - from <= perPiece) {
      for (const text of aligned.toString('utf16le', from * 2).split(SEPARATOR)) out.push(text);
      return out;
    }
    const cut = units.lastIndexOf(NUL, from + perPiece);
    if (cut < from) throw new Error(`section ${name} holds a text longer than ${String(chunk)} bytes`);
    for (const text of aligned.toString('utf16le', from * 2, cut * 2).split(SEPARATOR)) out.push(text);
    from = cut + 1;
  }
}

/** Replaces a container's header fields (keeping its sections), e.g. to inspect or test it. */
export function withHeader(bytes: Buffer, change: (header: ContainerHeader) => ContainerHeader): Buffer {
  const container = new Container(bytes);
  const headerLength = bytes.readUInt32LE(4);
  const dataStart = 8 + headerLength + pad(8 + headerLength);
  const header = Buffer.from(JSON.stringify(change(container.header)), 'utf8');
  const prefix = Buffer.alloc(8);
  prefix.write(MAGIC, 0, 'latin1');
  prefix.writeUInt32LE(header.byteLength, 4);
  return Buffer.concat([prefix, header, Buffer.alloc(pad(8 + header.byteLength)), bytes.subarray(dataStart)]);
}
