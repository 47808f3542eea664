/**
 * The site's own CSS and JS served from memory, compressed once at start (brotli at its
 * highest quality, gzip at its highest level: they are small and sent to every visitor), with
 * an ETag and a year-long cache: their URLs carry a hash of their content (`?v=`), so a
 * changed file has a new URL.
 */
import { readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { EncodedAnswer } from './answer-cache.js';
import { HttpError } from './errors.js';
import { acceptedEncoding } from './send-answer.js';

const TYPES: Record<string, string> = { '.css': 'text/css; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.svg': 'image/svg+xml' };

interface Asset {
  type: string;
  etag: string;
  identity: Buffer;
  gzip: Buffer;
  brotli: Buffer;
  /** The file's modification time, ms (for `If-Unmodified-Since`). */
  modified: number;
}

function load(dir: string, name: string): Asset {
  const identity = readFileSync(join(dir, name));
  return {
    type: TYPES[extname(name)] ?? 'application/octet-stream',
    etag: new EncodedAnswer(identity).etag,
    identity,
    gzip: gzipSync(identity, { level: 9 }),
    brotli: brotliCompressSync(identity, { params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY } }),
    modified: statSync(join(dir, name)).mtimeMs,
  };
}

/**
 * Whether the request's preconditions fail (RFC 9110 §13.2.2): an `If-Match` naming none of
 * our tag, or, without one, an `If-Unmodified-Since` before the file's last change.
 */
function preconditionFails(req: Request, asset: Asset): boolean {
  const ifMatch = req.headers['if-match'];
  if (ifMatch !== undefined) return ifMatch.trim() !== '*' && !ifMatch.split(',').some((tag) => tag.trim() === asset.etag);
  const since = req.headers['if-unmodified-since'];
  if (since === undefined) return false;
  const date = Date.parse(since);
  // HTTP dates have whole seconds.
  return !Number.isNaN(date) && Math.floor(asset.modified / 1000) * 1000 > date;
}

function send(req: Request, res: Response, asset: Asset, next: NextFunction): void {
  if (preconditionFails(req, asset)) {
    next(new HttpError(412, '请求的前提条件不成立（文件已更改）'));
    return;
  }
  res.setHeader('Content-Type', asset.type);
  res.setHeader('ETag', asset.etag);
  res.setHeader('Vary', 'Accept-Encoding');
  res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
  if (req.headers['if-none-match']?.split(',').some((tag) => tag.trim() === asset.etag) === true) {
    res.status(304).end();
    return;
  }
  const encoding = acceptedEncoding(req);
  const body = encoding === 'br' ? asset.brotli : encoding === 'gzip' ? asset.gzip : asset.identity;
  if (encoding !== undefined) res.setHeader('Content-Encoding', encoding);
  res.setHeader('Content-Length', String(body.byteLength));
  res.end(req.method === 'HEAD' ? undefined : body);
}

/** Serves `names` of `dir` at `/<name>` (mount it under `/static`); other paths fall through. */
export function preCompressedAssets(dir: string, names: readonly string[]): RequestHandler {
  const assets = new Map(names.map((name) => [`/${name}`, load(dir, name)]));
  return (req, res, next) => {
    const asset = req.method === 'GET' || req.method === 'HEAD' ? assets.get(req.path) : undefined;
    // A range is the file server's to answer (206, 416, If-Range), of the file as it is on disk.
    if (asset === undefined || req.headers.range !== undefined) {
      next();
      return;
    }
    send(req, res, asset, next);
  };
}
