/**
 * A fast checksum for saved files: two 32-bit lanes (MurmurHash3's block mix, and a second
 * multiplicative lane) over the bytes read as little-endian 32-bit words, with the length mixed
 * in at the end. It detects damage (a changed byte, a cut or a shifted section), not tampering:
 * the saved index and the corpus are the user's own files. SHA-256 in Node costs about 5 ms per
 * MB on a core without SHA instructions — two seconds for a 100× index at every start — where
 * this costs a fraction of it. The digest does not depend on how the bytes are split into
 * `update()` calls.
 */

const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;
const C3 = 0x85ebca6b;
const C4 = 0xc2b2ae35;

function fmix(h: number): number {
  let x = h;
  x ^= x >>> 16;
  x = Math.imul(x, C3);
  x ^= x >>> 13;
  x = Math.imul(x, C4);
  x ^= x >>> 16;
  return x >>> 0;
}

/** Streaming checksum; `digest()` gives 16 hex digits. */
export class Checksum {
  #h1 = 0x9747b28c;
  #h2 = 0x2f1a3e5d;
  #length = 0;
  /** Bytes of a word begun in an earlier `update()` (fewer than 4). */
  #pending: number[] = [];

  #word(w: number): void {
    let k = Math.imul(w, C1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, C2);
    let h = this.#h1 ^ k;
    h = (h << 13) | (h >>> 19);
    this.#h1 = (Math.imul(h, 5) + 0xe6546b64) | 0;
    this.#h2 = Math.imul(this.#h2 ^ w, C3) ^ (this.#h2 >>> 15);
  }

  update(bytes: Uint8Array): this {
    let i = 0;
    const n = bytes.length;
    while (this.#pending.length > 0 && this.#pending.length < 4 && i < n) this.#pending.push(bytes[i++] ?? 0);
    if (this.#pending.length === 4) {
      const [a = 0, b = 0, c = 0, d = 0] = this.#pending;
      this.#word(a | (b << 8) | (c << 16) | (d << 24));
      this.#pending = [];
    }
    const words = Math.floor((n - i) / 4);
    if (words > 0) {
      const at = bytes.byteOffset + i;
      if (at % 4 === 0) {
        // The usual case: read the words in place (little-endian, as on every platform Node runs on here).
        const view = new Uint32Array(bytes.buffer, at, words);
        let h1 = this.#h1;
        let h2 = this.#h2;
        for (let j = 0; j < words; j++) {
          const w = view[j] ?? 0;
          let k = Math.imul(w, C1);
          k = (k << 15) | (k >>> 17);
          k = Math.imul(k, C2);
          h1 ^= k;
          h1 = (h1 << 13) | (h1 >>> 19);
          h1 = (Math.imul(h1, 5) + 0xe6546b64) | 0;
          h2 = Math.imul(h2 ^ w, C3) ^ (h2 >>> 15);
        }
        this.#h1 = h1;
        this.#h2 = h2;
      } else {
        const view = new DataView(bytes.buffer, at, words * 4);
        for (let j = 0; j < words; j++) this.#word(view.getUint32(j * 4, true));
      }
      i += words * 4;
    }
    while (i < n) this.#pending.push(bytes[i++] ?? 0);
    this.#length += n;
    return this;
  }

  digest(): string {
    let tail = 0;
    this.#pending.forEach((byte, j) => {
      tail |= byte << (8 * j);
    });
    const h1 = fmix(this.#h1 ^ Math.imul(tail, C1) ^ (this.#length >>> 0));
    const h2 = fmix(this.#h2 ^ tail ^ Math.floor(this.#length / 2 ** 32) ^ h1);
    return h1.toString(16).padStart(8, '0') + h2.toString(16).padStart(8, '0');
  }
}

/** The checksum of some bytes given in one or more pieces. */
export function checksumOf(pieces: Iterable<Uint8Array>): string {
  const checksum = new Checksum();
  for (const piece of pieces) checksum.update(piece);
  return checksum.digest();
}
