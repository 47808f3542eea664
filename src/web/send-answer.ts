/**
 * Sends an encoded answer (`answer-cache.ts`): the ETag, a 304 when the client holds it, and
 * the brotli or gzip form when the client accepts one (compressed once per answer). The
 * `compression` middleware leaves such a response alone (it is already encoded).
 */
import type { Request, Response } from 'express';
import type { EncodedAnswer } from './answer-cache.js';

/** Smaller answers are sent as they are: compressing them saves less than it costs. */
const COMPRESS_FROM_BYTES = 1024;

function holds(req: Request, etag: string): boolean {
  const header = req.headers['if-none-match'];
  if (header === undefined) return false;
  return header.trim() === '*' || header.split(',').some((tag) => tag.trim().replace(/^W\//u, '') === etag);
}

/**
 * `br` when the client accepts it, else `gzip` when it accepts that, else nothing: ours is the
 * choice among what the client accepts (browsers list `gzip, deflate, br` and take any).
 */
export function acceptedEncoding(req: Request): 'br' | 'gzip' | undefined {
  if (req.acceptsEncodings('br') === 'br') return 'br';
  if (req.acceptsEncodings('gzip') === 'gzip') return 'gzip';
  return undefined;
}

export function sendAnswer(req: Request, res: Response, answer: EncodedAnswer): void {
  res.setHeader('ETag', answer.etag);
  res.setHeader('Vary', 'Accept-Encoding');
  // Revalidate every time: the answer changes when the index does.
  res.setHeader('Cache-Control', 'no-cache');
  if (holds(req, answer.etag)) {
    res.status(304).end();
    return;
  }
  res.type('application/json; charset=utf-8');
  let body = answer.json;
  if (body.byteLength >= COMPRESS_FROM_BYTES) {
    const encoding = acceptedEncoding(req);
    if (encoding === 'br') body = answer.brotli();
    else if (encoding === 'gzip') body = answer.gzip();
    if (encoding !== undefined) res.setHeader('Content-Encoding', encoding);
  }
  res.setHeader('Content-Length', String(body.byteLength));
  res.end(req.method === 'HEAD' ? undefined : body);
}
