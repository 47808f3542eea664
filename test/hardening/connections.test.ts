/**
 * Clients that misbehave at the connection level: they hang up before or while the answer is
 * sent, send bytes that are not HTTP, or keep a request half sent. The server answers everyone
 * else meanwhile and logs none of it as a fault.
 */
import { connect, type Socket } from 'node:net';
import { expect } from 'chai';
import { createApp } from '../../src/web/app.js';
import { listen, shutdown } from '../../src/web/server.js';
import { CITED_ON, corpusService, memoryLogger } from '../web/helpers.js';
import { percentBytes } from './helpers.js';

function open(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      resolve(socket);
    });
    socket.once('error', reject);
  });
}

/** Sends `raw` and collects what comes back until the server closes the connection. */
async function exchange(port: number, raw: string): Promise<string> {
  const socket = await open(port);
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', () => {
      /* a reset after the answer is fine */
    });
    socket.on('close', () => {
      resolve(Buffer.concat(chunks).toString('utf8'));
    });
    socket.write(raw);
  });
}

describe('hardening: connections', () => {
  it('keeps answering while clients hang up early, send garbage or hold a request half sent, and logs no fault', async function () {
    this.timeout(60_000);
    const logger = memoryLogger();
    const { server, url } = await listen(createApp({ service: await corpusService(), logger, now: () => CITED_ON }), 0, '127.0.0.1');
    const port = Number(new URL(url).port);
    const big = `/search?q=${percentBytes('发展')}&size=100`;
    try {
      const half = await open(port);
      half.on('error', () => {
        /* closed at shutdown */
      });
      half.write('GET /api/search?q=a HTTP/1.1\r\nHost: x\r\n');
      // Hang-ups: right after the request line, and once the first bytes of a large page arrive.
      for (let i = 0; i < 40; i++) {
        const early = await open(port);
        early.on('error', () => {
          /* ours to cut */
        });
        early.end(`GET ${big} HTTP/1.1\r\nHost: x\r\n\r\n`);
        early.destroy();
        const late = await open(port);
        late.on('error', () => {
          /* ours to cut */
        });
        late.once('data', () => late.destroy());
        late.write(`GET ${big} HTTP/1.1\r\nHost: x\r\n\r\n`);
      }
      // Not HTTP at all, and HTTP with a broken request line or header.
      for (const raw of ['\u0000\u0001\u0002garbage\r\n\r\n', 'GET / HTTP/9.9\r\n\r\n', 'GET /a b c HTTP/1.1\r\nHost: x\r\n\r\n', 'GET / HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n', `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`]) {
        expect(await exchange(port, raw), JSON.stringify(raw.slice(0, 30))).to.match(/^HTTP\/1\.1 4\d\d /);
      }
      const health = await fetch(`${url}/healthz`);
      expect(health.status).to.equal(200);
      expect(await health.json()).to.include({ status: 'ok', documents: 30, generation: 1 });
      const page = await fetch(`${url}${big}`);
      expect(page.status).to.equal(200);
      expect(await page.text()).to.include('</html>');
      half.destroy();
    } finally {
      await shutdown(server, 2000);
    }
    expect(logger.lines.filter((line) => line.level === 'error')).to.deep.equal([]);
  });
});
