/**
 * The bare baseline server: `node:http` alone, answering `/api/search?q=` by the brute-force
 * scan (`scan.ts`, the core's semantics) with the total, the facets and the first 20 matching
 * paragraphs in document order (their report, number and text), JSON, gzip (zlib's default
 * level) when the client accepts it. No framework, no ranking, no highlights, no snippets, no
 * cache: the floor an HTTP search server must beat.
 */
import { createServer, type Server } from 'node:http';
import { gzipSync } from 'node:zlib';
import type { Report } from '../../src/ingest/index.js';
import { facetCounts, viewCorpus } from './corpus-view.js';
import { scanIds } from './scan.js';

const PAGE = 20;

export function scanServer(reports: readonly Report[]): Server {
  const view = viewCorpus(reports);
  const paragraphs = reports.flatMap((report) => report.paragraphs.map((paragraph) => ({ docId: report.meta.id, title: report.meta.title, paragraph: paragraph.ordinal, text: paragraph.text })));
  return createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const q = url.searchParams.get('q') ?? '';
    if (url.pathname !== '/api/search' || q.trim() === '') {
      res.writeHead(url.pathname === '/api/search' ? 400 : 404, { 'Content-Type': 'application/json' }).end('{"error":"bad request"}');
      return;
    }
    let body: Buffer;
    try {
      const ids = scanIds(view, q);
      const { total, level, doc } = facetCounts(view, ids);
      body = Buffer.from(JSON.stringify({ query: q, total, facets: { level, doc }, hits: ids.slice(0, PAGE).map((id) => paragraphs[id]) }));
    } catch (error) {
      res.writeHead(400, { 'Content-Type': 'application/json' }).end(JSON.stringify({ error: error instanceof Error ? error.message : String(error) }));
      return;
    }
    const headers: Record<string, string> = { 'Content-Type': 'application/json; charset=utf-8' };
    if (/\bgzip\b/u.test(req.headers['accept-encoding'] ?? '')) {
      body = gzipSync(body);
      headers['Content-Encoding'] = 'gzip';
    }
    headers['Content-Length'] = String(body.byteLength);
    res.writeHead(200, headers).end(body);
  });
}
