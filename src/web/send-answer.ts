/**
 * Sends an encoded answer (`answer-cache.ts`): the ETag, a 304 when the client holds it, and
 * the brotli or gzip form when the client accepts one (compressed once per answer, off the
 * event loop). The `compression` middleware leaves such a response alone (it is already
 * encoded).
 */
import type { Request, Response } from 'express';
import type { AnswerEncoding, EncodedAnswer } from './answer-cache.js';

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

/**
 * Sends `answer` (see the module comment). A compressed form not yet held is made in the thread
 * pool and the response ends when it is ready: the caller returns at once, so a route behind
 * the admission gate gives up its turn before the compression, not after. Should compressing
 * fail, the JSON goes as it is.
 */
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
  const encoding = answer.json.byteLength >= COMPRESS_FROM_BYTES ? acceptedEncoding(req) : undefined;
  const send = (body: Buffer, as: AnswerEncoding | undefined): void => {
    if (as !== undefined) res.setHeader('Content-Encoding', as);
    res.setHeader('Content-Length', String(body.byteLength));
    res.end(req.method === 'HEAD' ? undefined : body);
  };
  if (encoding === undefined) {
    send(answer.json, undefined);
    return;
  }
  answer.encoded(encoding).then(
    (body) => {
      send(body, encoding);
    },
    () => {
      send(answer.json, undefined);
    },
  );
}
