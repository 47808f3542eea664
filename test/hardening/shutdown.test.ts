/**
 * The server as `npm start` runs it, in its own process: it logs the corpus files it skipped,
 * answers `/healthz`, and on SIGTERM stops taking connections, finishes the request in flight,
 * closes idle keep-alive connections and exits 0. And the shutdown helper with a response
 * larger than the socket buffers, still being sent to a slow client.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import express from 'express';
import { CORPUS_DIR } from '../../src/ingest/index.js';
import { listen, shutdown } from '../../src/web/server.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** A log line of the server (one JSON object a line). */
interface LogLine {
  level: string;
  message: string;
  [field: string]: unknown;
}

function lines(text: string): LogLine[] {
  return text
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as LogLine);
}

/** Resolves with the first log line on `child`'s stdout that `match` accepts. */
function waitForLog(child: ChildProcess, output: { stdout: string }, match: (line: LogLine) => boolean, timeoutMs: number): Promise<LogLine> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`no such log line within ${String(timeoutMs)} ms:\n${output.stdout}`));
    }, timeoutMs);
    const check = () => {
      const found = lines(output.stdout).find(match);
      if (found === undefined) return;
      clearTimeout(timer);
      child.stdout?.off('data', check);
      resolve(found);
    };
    child.stdout?.on('data', check);
    check();
  });
}

/** Everything a raw socket receives until the server closes it. */
function readAll(socket: Socket): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      resolve(Buffer.concat(chunks).toString('utf8'));
    });
  });
}

function connected(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      resolve(socket);
    });
    socket.once('error', reject);
  });
}

const sleep = (ms: number) =>
  new Promise((resolve) => {
    setTimeout(resolve, ms);
  });

describe('hardening: shutdown', () => {
  describe('src/cli/serve.ts', () => {
    let root: string;
    let child: ChildProcess | undefined;

    before(() => {
      root = mkdtempSync(join(tmpdir(), 'hardening-serve-'));
      const corpus = join(root, 'corpus');
      mkdirSync(corpus);
      for (const name of ['zhenjiang-2024-summary.txt', 'zhenjiang-2024-graphic.txt']) copyFileSync(join(CORPUS_DIR, name), join(corpus, name));
      writeFileSync(join(corpus, 'broken.txt'), Buffer.from([0x00, 0x01]));
    });

    after(() => {
      if (child?.exitCode === null) child.kill('SIGKILL');
      rmSync(root, { recursive: true, force: true });
    });

    it('logs skipped files, answers /healthz, and on SIGTERM finishes the request in flight, closes idle connections and exits 0', async function () {
      this.timeout(120_000);
      const output = { stdout: '', stderr: '' };
      const server = spawn(process.execPath, ['--import', 'tsx', 'src/cli/serve.ts'], {
        cwd: ROOT,
        env: { ...process.env, PORT: '0', HOST: '127.0.0.1', CORPUS_DIR: join(root, 'corpus'), INDEX_DIR: join(root, 'index'), INBOX_DIR: join(root, 'inbox') },
      });
      child = server;
      server.stdout.setEncoding('utf8').on('data', (chunk: string) => (output.stdout += chunk));
      server.stderr.setEncoding('utf8').on('data', (chunk: string) => (output.stderr += chunk));
      const exited = new Promise<[number | null, NodeJS.Signals | null]>((resolve) => {
        server.on('exit', (code, signal) => {
          resolve([code, signal]);
        });
      });

      const ready = await waitForLog(server, output, (line) => line.message.startsWith('serving http://127.0.0.1:'), 90_000);
      const url = ready.message.slice('serving '.length);
      const port = Number(new URL(url).port);
      expect(ready).to.include({ documents: 2, index: 'built', reason: `no saved index at ${join(root, 'index', 'search-index.bin')}` });
      expect(lines(output.stderr).map((line) => [line.message, line.file, line.reason])).to.deep.equal([['corpus file skipped', 'broken.txt', 'ingest: broken.txt: binary content (NUL bytes), expected UTF-8 text']]);

      const health = await fetch(`${url}/healthz`);
      expect(health.status).to.equal(200);
      expect(await health.json()).to.deep.include({ status: 'ok', documents: 2, generation: 1, leftOut: [{ file: 'broken.txt', reason: '文件含二进制内容，不是文本' }] });

      // An idle keep-alive connection, and one whose request is half sent when the signal comes.
      const idle = await connected(port);
      const idleClosed = readAll(idle);
      idle.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
      const busy = await connected(port);
      const busyAnswer = readAll(busy);
      busy.write(`GET /api/search?q=${encodeURIComponent('经济')}&size=3 HTTP/1.1\r\nHost: x\r\n`);
      // Time for the server to read what was sent, so the half request is in progress, not idle.
      await sleep(500);

      server.kill('SIGTERM');
      await waitForLog(server, output, (line) => line.message === 'shutting down', 10_000);
      // No new connections (the log line comes just before the listener closes, so a connection
      // may still slip in first); the idle one is closed at once; the busy one keeps the process up.
      let refused = '';
      for (let attempt = 0; attempt < 100 && refused !== 'ECONNREFUSED'; attempt++) {
        await connected(port).then(
          (socket) => socket.destroy(),
          (error: unknown) => {
            refused = (error as NodeJS.ErrnoException).code ?? '';
          },
        );
        if (refused !== 'ECONNREFUSED') await sleep(20);
      }
      expect(refused).to.equal('ECONNREFUSED');
      expect(await idleClosed).to.match(/^HTTP\/1\.1 200 OK\r\n/);
      await sleep(300);
      expect(server.exitCode).to.equal(null);

      busy.write('\r\n');
      const answer = await busyAnswer;
      expect(answer).to.match(/^HTTP\/1\.1 200 OK\r\n/);
      const body = JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)) as { query: string; hits: unknown[] };
      expect([body.query, body.hits.length]).to.deep.equal(['经济', 3]);

      expect(await exited).to.deep.equal([0, null]);
      expect(lines(output.stdout).map((line) => line.message).slice(-2)).to.deep.equal(['shutting down', 'stopped']);
      expect(lines(output.stdout).find((line) => line.message === 'shutting down')).to.include({ signal: 'SIGTERM' });
    });
  });

  describe('#shutdown', () => {
    // Node's server.closeIdleConnections(), which server.close() itself calls (Node ≥ 19) and the
    // 50 ms sweep in shutdown() calls again, destroys every connection whose response has *ended*
    // (`res.finished`), also when its bytes still sit in the socket's buffer because the client
    // reads slowly (`res.writableFinished` false). Here an 8 MB answer to a client that pauses
    // reading would lose everything past what the kernel buffers held (about 4 MB on loopback).
    it('delivers a large response in full to a slow client while shutting down', async function () {
      this.timeout(30_000);
      const size = 8_000_000;
      const app = express();
      app.get('/big', (_req, res) => {
        res.type('text/plain').send('x'.repeat(size));
      });
      const { server, url } = await listen(app, 0, '127.0.0.1');
      const socket = await connected(Number(new URL(url).port));
      socket.pause();
      const received = readAll(socket);
      socket.write('GET /big HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
      await sleep(300);
      const closed = shutdown(server, 5000);
      await sleep(300);
      socket.resume();
      const answer = await received;
      await closed;
      expect(answer.length - answer.indexOf('\r\n\r\n') - 4).to.equal(size);
    });
  });
});
