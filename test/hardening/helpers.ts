/**
 * What the hardening tests share: the app on a real loopback port with a keep-alive client
 * (many thousands of requests in a few seconds, unlike a new connection per request), hostile
 * text generators, and percent-encoding that keeps every byte.
 */
import { Agent, request, type IncomingHttpHeaders } from 'node:http';
import type { Server } from 'node:http';
import type { Express } from 'express';
import fc from 'fast-check';
import { listen, shutdown } from '../../src/web/server.js';

/** A response as the tests look at it. */
export interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** The app listening on 127.0.0.1 with a keep-alive client; `close()` when done. */
export interface LiveApp {
  /** The loopback port it listens on. */
  port: number;
  /** Sends a request for `path` (exactly as given): GET unless `method` says otherwise. */
  get(path: string, options?: { method?: string; headers?: Record<string, string> }): Promise<Answer>;
  close(): Promise<void>;
}

/** Starts `app` on an ephemeral loopback port. */
export async function live(app: Express): Promise<LiveApp> {
  const { server, url }: { server: Server; url: string } = await listen(app, 0, '127.0.0.1');
  const agent = new Agent({ keepAlive: true, maxSockets: 8 });
  return {
    port: Number(new URL(url).port),
    get(path, { method = 'GET', headers = {} } = {}) {
      return new Promise((resolve, reject) => {
        // `path` is sent as given: the tests choose every byte of the request line.
        request({ host: '127.0.0.1', port: Number(new URL(url).port), path, method, headers, agent }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') });
          });
          res.on('error', reject);
        })
          .on('error', reject)
          .end();
      });
    },
    async close() {
      agent.destroy();
      await shutdown(server, 2000);
    },
  };
}

/** Percent-encodes the UTF-8 bytes of `text` (a lone surrogate becomes U+FFFD, as a browser sends it). */
export function percentBytes(text: string): string {
  return [...Buffer.from(text, 'utf8')].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');
}

/** What the server sees of `text` after the trip: UTF-8 round trip, then trimmed. */
export function asReceived(text: string): string {
  return Buffer.from(text, 'utf8').toString('utf8').trim();
}

/** Query syntax, look-alikes and words of the corpus, so that generated strings reach every rule. */
const SYNTAX = [
  '"', '＂', '“', '”', '「', '」', '(', ')', '（', '）', '-', '－', '|', '｜', ':', '：', '\\', "'", '*', '?',
  ' ', '　', '\t', '\n', 'OR', ' OR ', 'AND', 'NOT', 'heading:', 'level:', 'level:区', 'level:州', 'doc:', 'doc:qu-01',
  'doc:nope', 'year:', 'year:2024', 'year:99999', '高质量发展', '营商环境', '乡村振兴', '發展', 'ＡＢＣ', '6.2%', '%', '&', '#', '+', '=',
  '<script>', '</mark>', '"><img src=x onerror=alert(1)>', '&amp;', '&#60;',
];

/** Right-to-left and other invisible marks. */
const MARKS = ['\u200e', '\u200f', '\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069', '\u061c', '\u200b', '\u200c', '\u200d', '\ufeff', '\u00ad', '\u2028', '\u2029'];

/** Emoji, alone and as the multi-code-point sequences phones send. */
const EMOJI = ['😀', '👨‍👩‍👧‍👦', '🏳️‍🌈', '👍🏽', '\ufe0f', '🇨🇳', '1️⃣'];

const codePoint = (min: number, max: number) => fc.integer({ min, max }).map((code) => String.fromCodePoint(code));

/** One piece of a hostile query. */
const piece = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...SYNTAX) },
  { weight: 2, arbitrary: codePoint(0x20, 0xffff) },
  // Planes 1 to 16: emoji, rare CJK (U+20000…), private use.
  { weight: 2, arbitrary: codePoint(0x10000, 0x10ffff) },
  { weight: 1, arbitrary: fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code)) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 0x9f }).filter((c) => c < 0x20 || c >= 0x7f).map((code) => String.fromCharCode(code)) },
  { weight: 1, arbitrary: fc.constantFrom(...MARKS) },
  { weight: 1, arbitrary: fc.constantFrom(...EMOJI) },
  { weight: 2, arbitrary: codePoint(0x4e00, 0x9fff) },
);

/**
 * Hostile queries: mixtures of the pieces above; quotes and parentheses in bulk; one long
 * token (some past the 200-character limit); raw strings of any code unit.
 */
export const hostileQuery: fc.Arbitrary<string> = fc.oneof(
  { weight: 12, arbitrary: fc.array(piece, { maxLength: 24 }).map((parts) => parts.join('')) },
  { weight: 2, arbitrary: fc.array(fc.constantFrom('"', '(', ')', '“', '”', '（', '）', '-', ' '), { minLength: 20, maxLength: 200 }).map((parts) => parts.join('')) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom('a', '高', '𠀀', '😀', '"', '(', '-', '\u202e', '%'), fc.integer({ min: 40, max: 260 })).map(([c, n]) => c.repeat(n)) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
);
