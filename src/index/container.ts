/**
 * A file of named binary sections with a JSON header, for indexes too large for one JSON string
 * (V8 caps a string at about 512 MB; a 100× corpus needs more) and to load typed arrays without
 * decoding them.
 *
 * Layout: `PSIX` · header length (uint32 LE) · header (UTF-8 JSON) · zero padding to a multiple
 * of 8 · section data. Each section starts at a multiple of 8 from the data start, so typed
 * arrays can view it in place. The header's `checksum` is the SHA-256 (hex) of the section data:
 * a byte changed inside a section keeps every length and bound, and only the digest tells.
 */
import { createHash } from 'node:crypto';

const MAGIC = 'PSIX';
const ALIGN = 8;

/** How a section's bytes are read. */
export type SectionType = 'u16' | 'u32' | 'i32' | 'text';

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

/** A section to write: a typed array, or strings (joined with NUL, which texts never hold). */
export type SectionValue = Uint16Array | Uint32Array | Int32Array | string[];

const SEPARATOR = '\u0000';

function typeOf(value: SectionValue): SectionType {
  if (Array.isArray(value)) return 'text';
  if (value instanceof Uint16Array) return 'u16';
  if (value instanceof Uint32Array) return 'u32';
  return 'i32';
}

function pad(length: number): number {
  return (ALIGN - (length % ALIGN)) % ALIGN;
}

/** The SHA-256 (hex) of section data given in one or more pieces. */
export function dataChecksum(data: readonly Uint8Array[]): string {
  const hash = createHash('sha256');
  for (const piece of data) hash.update(piece);
  return hash.digest('hex');
}

/** The file bytes for `header` fields and `sections`; the header gets the data's `checksum`. */
export function encodeContainer(fields: Record<string, unknown>, sections: Record<string, SectionValue>): Buffer[] {
  const chunks: Buffer[] = [];
  const table: Record<string, SectionEntry> = {};
  let offset = 0;
  for (const [name, value] of Object.entries(sections)) {
    const bytes = Array.isArray(value) ? Buffer.from(value.join(SEPARATOR), 'utf8') : Buffer.from(value.buffer, value.byteOffset, value.byteLength);
    table[name] = { type: typeOf(value), offset, length: bytes.byteLength };
    chunks.push(bytes, Buffer.alloc(pad(bytes.byteLength)));
    offset += bytes.byteLength + pad(bytes.byteLength);
  }
  const header = Buffer.from(JSON.stringify({ ...fields, checksum: dataChecksum(chunks), sections: table }), 'utf8');
  const prefix = Buffer.alloc(8);
  prefix.write(MAGIC, 0, 'latin1');
  prefix.writeUInt32LE(header.byteLength, 4);
  return [prefix, header, Buffer.alloc(pad(8 + header.byteLength)), ...chunks];
}

/** A container read back: its header and typed views of its sections. */
export class Container {
  readonly header: ContainerHeader;
  readonly #bytes: Buffer;
  readonly #dataStart: number;

  /** Parses `bytes`; throws when they are not a whole container. */
  constructor(bytes: Buffer) {
    if (bytes.byteLength < 8 || bytes.toString('latin1', 0, 4) !== MAGIC) throw new Error('not an index file');
    const headerLength = bytes.readUInt32LE(4);
    if (8 + headerLength > bytes.byteLength) throw new Error('header runs past the end of the file');
    const header = JSON.parse(bytes.toString('utf8', 8, 8 + headerLength)) as unknown;
    if (typeof header !== 'object' || header === null || Array.isArray(header)) throw new Error('header is not an object');
    const sections = (header as Record<string, unknown>).sections;
    if (typeof sections !== 'object' || sections === null) throw new Error('header has no section table');
    this.#dataStart = 8 + headerLength + pad(8 + headerLength);
    for (const [name, entry] of Object.entries(sections as Record<string, unknown>)) {
      const { offset, length, type } = (entry ?? {}) as Partial<SectionEntry>;
      if (typeof offset !== 'number' || typeof length !== 'number' || offset % ALIGN !== 0 || offset < 0 || length < 0) throw new Error(`section ${name} is malformed`);
      if (this.#dataStart + offset + length > bytes.byteLength) throw new Error(`section ${name} runs past the end of the file`);
      if (type !== 'u16' && type !== 'u32' && type !== 'i32' && type !== 'text') throw new Error(`section ${name} has type ${String(type)}`);
    }
    this.header = header as ContainerHeader;
    this.#bytes = bytes;
  }

  /**
   * Whether the section data still has the digest written in the header; hashes the whole data
   * region (a few milliseconds for megabytes), so call it once, before reading any section.
   */
  checksumMatches(): boolean {
    const saved = this.header.checksum;
    return typeof saved === 'string' && saved === dataChecksum([this.#bytes.subarray(this.#dataStart)]);
  }

  #entry(name: string, type: SectionType): SectionEntry {
    const entry = this.header.sections[name];
    if (entry === undefined) throw new Error(`section ${name} is missing`);
    if (entry.type !== type) throw new Error(`section ${name} is ${entry.type}, expected ${type}`);
    return entry;
  }

  #view(name: string, type: SectionType, size: number): ArrayBuffer | [ArrayBufferLike, number, number] {
    const { offset, length } = this.#entry(name, type);
    if (length % size !== 0) throw new Error(`section ${name} has ${String(length)} bytes`);
    const start = this.#bytes.byteOffset + this.#dataStart + offset;
    // View the file's memory when aligned (the usual case); copy otherwise.
    if (start % size === 0) return [this.#bytes.buffer, start, length / size];
    const copy = new ArrayBuffer(length);
    new Uint8Array(copy).set(this.#bytes.subarray(this.#dataStart + offset, this.#dataStart + offset + length));
    return copy;
  }

  u16(name: string): Uint16Array {
    const view = this.#view(name, 'u16', 2);
    return view instanceof ArrayBuffer ? new Uint16Array(view) : new Uint16Array(view[0], view[1], view[2]);
  }

  u32(name: string): Uint32Array {
    const view = this.#view(name, 'u32', 4);
    return view instanceof ArrayBuffer ? new Uint32Array(view) : new Uint32Array(view[0], view[1], view[2]);
  }

  i32(name: string): Int32Array {
    const view = this.#view(name, 'i32', 4);
    return view instanceof ArrayBuffer ? new Int32Array(view) : new Int32Array(view[0], view[1], view[2]);
  }

  /** The strings of a text section (an empty section holds one empty string). */
  text(name: string): string[] {
    const { offset, length } = this.#entry(name, 'text');
    return this.#bytes.toString('utf8', this.#dataStart + offset, this.#dataStart + offset + length).split(SEPARATOR);
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
