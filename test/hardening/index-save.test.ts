/**
 * Finding 6 of the reliability review, reproduced: an index folder that is full or read-only
 * killed the server (ENOSPC left a 1 MB `.tmp` behind, which the next start replaced with
 * another; EROFS; a misleading ENOENT for a missing folder under a read-only mount), though the
 * index had been built in memory and could be served. The disk's failures are injected into the
 * save's file-system calls; the server test points INDEX_DIR into `/proc`, a mount where no
 * folder can be created.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeSync as nodeWriteSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import request from 'supertest';
import { CORPUS_DIR } from '../../src/ingest/index.js';
import { NODE_FILE_SYSTEM, type SaveFileSystem } from '../../src/index/index.js';
import { CoreSearchService, openSearch } from '../../src/search/index.js';
import { createApp } from '../../src/web/app.js';
import { memoryLogger } from '../web/helpers.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function failure(code: string): NodeJS.ErrnoException {
  const error: NodeJS.ErrnoException = new Error(`${code}: simulated`);
  error.code = code;
  return error;
}

/** A disk that fills up after `room` bytes: writes go through until then, as on a real one. */
function fullDisk(room: number): SaveFileSystem {
  let left = room;
  return {
    ...NODE_FILE_SYSTEM,
    writeSync: (fd, data) => {
      if (data.length > left) {
        nodeWriteSync(fd, data.subarray(0, left));
        left = 0;
        throw failure('ENOSPC');
      }
      left -= data.length;
      return nodeWriteSync(fd, data);
    },
  };
}

const readOnly: SaveFileSystem = {
  ...NODE_FILE_SYSTEM,
  openSync: () => {
    throw failure('EROFS');
  },
};

const missingUnderReadOnly: SaveFileSystem = {
  ...NODE_FILE_SYSTEM,
  mkdirSync: () => {
    throw failure('ENOENT');
  },
};

describe('hardening: index that cannot be saved', function () {
  this.timeout(120_000);
  let root = '';
  let corpus = '';

  before(() => {
    root = mkdtempSync(join(tmpdir(), 'index-save-'));
    corpus = join(root, 'corpus');
    mkdirSync(corpus);
    for (const name of ['zhenjiang-2024-summary.txt', 'zhenjiang-2024-graphic.txt']) copyFileSync(join(CORPUS_DIR, name), join(corpus, name));
  });

  after(() => {
    rmSync(root, { recursive: true, force: true });
  });

  for (const [label, fileSystem, expected] of [
    ['a full disk (ENOSPC)', fullDisk(64 * 1024), 'writing failed (ENOSPC)'],
    ['a read-only folder (EROFS)', readOnly, 'creating the temporary file failed (EROFS)'],
    ['a missing folder under a read-only mount (ENOENT)', missingUnderReadOnly, 'failed (ENOENT)'],
  ] as const) {
    it(`serves the index built in memory on ${label}, says why, and leaves no temporary file`, async () => {
      const indexDir = join(root, `index-${label.replace(/\W+/g, '-')}`);
      const opened = await openSearch({ corpusDir: corpus, indexDir, fileSystem });
      const file = join(indexDir, 'search-index.bin');
      expect(opened.index.source).to.equal('built');
      expect(opened.index.saveError).to.be.a('string').and.include(`index: cannot save ${file}: `).and.include(expected);
      expect(opened.service.search('高质量发展').total).to.be.above(0);
      expect(existsSync(indexDir) ? readdirSync(indexDir) : []).to.deep.equal([]);
      // The next start (a working disk now) saves it.
      const next = await openSearch({ corpusDir: corpus, indexDir });
      expect([next.index.source, next.index.saveError]).to.deep.equal(['built', undefined]);
      expect(readdirSync(indexDir)).to.deep.equal(['search-index.bin']);
    });
  }

  it('shows the warning on /healthz', async () => {
    const opened = await openSearch({ corpusDir: corpus, indexDir: join(root, 'ro'), fileSystem: readOnly });
    const app = createApp({ service: new CoreSearchService(opened.service), logger: memoryLogger(), warnings: [`索引无法保存：${opened.index.saveError ?? ''}`] });
    const res = await request(app).get('/healthz').expect(200);
    const body = res.body as { status: string; warnings: string[] };
    expect(body.status).to.equal('ok');
    expect(body.warnings).to.deep.equal([`索引无法保存：${opened.index.saveError ?? ''}`]);
  });

  it('starts the server with INDEX_DIR on a mount where no folder can be created, logs why and warns on /healthz', async () => {
    if (!existsSync('/proc/self')) {
      console.log('    (no /proc: skipped)');
      return;
    }
    const server = spawn(process.execPath, ['--import', 'tsx', 'src/cli/serve.ts'], {
      cwd: ROOT,
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', CORPUS_DIR: corpus, INDEX_DIR: '/proc/no-such-folder/index' },
    });
    const output = { stdout: '', stderr: '' };
    server.stdout.setEncoding('utf8').on('data', (chunk: string) => (output.stdout += chunk));
    server.stderr.setEncoding('utf8').on('data', (chunk: string) => (output.stderr += chunk));
    const exited = new Promise<number | null>((resolve) => server.on('exit', resolve));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => {
          reject(new Error(`not serving within 90 s:\n${output.stdout}\n${output.stderr}`));
        }, 90_000);
        server.stdout.on('data', () => {
          const match = /"message":"serving (http:\/\/127\.0\.0\.1:\d+)"/.exec(output.stdout);
          if (match?.[1] === undefined) return;
          clearTimeout(timer);
          resolve(match[1]);
        });
        void exited.then(() => {
          reject(new Error(`exited:\n${output.stderr}`));
        });
      });
      expect(output.stderr).to.include('"message":"index not saved; serving it from memory"');
      expect(output.stderr).to.include('index: cannot save /proc/no-such-folder/index/search-index.bin: creating the folder /proc/no-such-folder (on a read-only, full or virtual file system?) failed (ENOENT)');
      expect(output.stderr).not.to.include('    at ');
      const health = (await (await fetch(`${url}/healthz`)).json()) as { status: string; warnings: string[] };
      expect(health.status).to.equal('ok');
      expect(health.warnings).to.have.length(1);
      expect(health.warnings[0]).to.include('索引无法保存，仅在内存中提供服务');
      const found = (await (await fetch(`${url}/api/search?q=${encodeURIComponent('高质量发展')}`)).json()) as { total: number };
      expect(found.total).to.be.above(0);
    } finally {
      server.kill('SIGTERM');
      await exited;
    }
  });
});
