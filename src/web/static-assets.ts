/**
 * The site's own CSS and JS served from memory, compressed once at start (brotli at its
 * highest quality, gzip at its highest level: they are small and sent to every visitor), with
 * an ETag and a year-long cache: their URLs carry a hash of their content (`?v=`), so a
 * changed file has a new URL.
 */
import { readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { Request, RequestHandler, Response } from 'express';
import { EncodedAnswer } from './answer-cache.js';
import { acceptedEncoding } from './send-answer.js';

const TYPES: Record<string, string> = { '.css': 'text/css; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.svg': 'image/svg+xml' };

interface Asset {
  type: string;
  etag: string;
  identity: Buffer;
  gzip: Buffer;
  brotli: Buffer;
}

function load(dir: string, name: string): Asset {
  const identity = readFileSync(join(dir, name));
  return {
    type: TYPES[extname(name)] ?? 'application/octet-stream',
    etag: new EncodedAnswer(identity).etag,
    identity,
    gzip: gzipSync(identity, { level: 9 }),
    brotli: brotliCompressSync(identity, { params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY } }),
  };
}

function send(req: Request, res: Response, asset: Asset): void {
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
    if (asset === undefined) {
      next();
      return;
    }
    send(req, res, asset);
  };
}
