/**
 * A fast checksum for saved files: CRC-32 (zlib's, in C++, through `zlib.crc32`) of the bytes,
 * with their length beside it, as gzip and zip check their members. It detects damage (a
 * changed byte, a cut or a shifted section: every error burst of up to 32 bits, and any other
 * with a probability of 1 − 2⁻³²), not tampering: the saved index and the corpus are the user's
 * own files. SHA-256 in Node costs about 5 ms per MB on a core without SHA instructions — two
 * seconds for a 100× index at every start — and the 64-bit multiply-and-rotate hash in
 * JavaScript used before still 0.33–0.45 s for its 543 MB; CRC-32 costs about a quarter of that.
 * The digest does not depend on how the bytes are split into `update()` calls.
 */
import { crc32 } from 'node:zlib';

/** Streaming checksum; `digest()` gives 16 hex digits (the CRC, then the length modulo 2³²). */
export class Checksum {
  #crc = 0;
  #length = 0;

  update(bytes: Uint8Array): this {
    this.#crc = crc32(bytes, this.#crc);
    this.#length += bytes.byteLength;
    return this;
  }

  digest(): string {
    return this.#crc.toString(16).padStart(8, '0') + (this.#length % 2 ** 32).toString(16).padStart(8, '0');
  }
}

/** The checksum of some bytes given in one or more pieces. */
export function checksumOf(pieces: Iterable<Uint8Array>): string {
  const checksum = new Checksum();
  for (const piece of pieces) checksum.update(piece);
  return checksum.digest();
}
