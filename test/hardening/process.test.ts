/**
 * Finding 8 of the reliability review, reproduced: stopping `npm start`'s process left the
 * server running (the signal stopped at a parent and never reached the server), fullwidth `ＯＲ`
 * was not an operator, and titles could carry right-to-left overrides that reorder what a
 * reader sees. The production start runs compiled JavaScript, no TypeScript at run time.
 */
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { parseFrontMatter } from '../../src/ingest/frontmatter.js';
import { CORPUS_DIR } from '../../src/ingest/index.js';
import { parseQuery } from '../../src/query/index.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Whether something still accepts connections on `port` of 127.0.0.1. */
function accepting(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => {
      resolve(false);
    });
  });
}

/** Every file under `dir`, relative. */
function filesUnder(dir: string, prefix = ''): string[] {
  return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(dir, join(prefix, entry.name)) : [join(prefix, entry.name)],
  );
}

/**
 * Runs `npm run <script>` on a two-report corpus, waits until it serves, sends `signal` to the
 * npm process (what a supervisor or `kill` does) and resolves with npm's exit and the server's
 * last log lines, once the port no longer accepts connections.
 */
async function startAndStop(root: string, script: string, signal: NodeJS.Signals): Promise<{ code: number | null; log: string; stillServing: boolean }> {
  const npm = spawn('npm', ['run', '--silent', script], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', CORPUS_DIR: join(root, 'corpus'), INDEX_DIR: join(root, `index-${script}`), INBOX_DIR: 'off' },
  });
  let log = '';
  npm.stdout.setEncoding('utf8').on('data', (chunk: string) => (log += chunk));
  npm.stderr.setEncoding('utf8').on('data', (chunk: string) => (log += chunk));
  // `close`: npm has exited and every holder of its output pipes (the server too) has let go.
  const exited = new Promise<number | null>((resolve) => npm.on('close', resolve));
  try {
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`not serving within 90 s:\n${log}`));
      }, 90_000);
      npm.stdout.on('data', () => {
        const match = /"message":"serving http:\/\/127\.0\.0\.1:(\d+)"/.exec(log);
        if (match?.[1] === undefined) return;
        clearTimeout(timer);
        resolve(Number(match[1]));
      });
    });
    npm.kill(signal);
    const code = await exited;
    return { code, log, stillServing: await accepting(port) };
  } finally {
    if (npm.exitCode === null) npm.kill('SIGKILL');
  }
}

describe('hardening: process', function () {
  this.timeout(300_000);
  let root = '';

  before(() => {
    root = mkdtempSync(join(tmpdir(), 'process-'));
    mkdirSync(join(root, 'corpus'));
    for (const name of ['zhenjiang-2024-summary.txt', 'zhenjiang-2024-graphic.txt']) copyFileSync(join(CORPUS_DIR, name), join(root, 'corpus', name));
  });

  after(() => {
    rmSync(root, { recursive: true, force: true });
  });

  describe('npm start', () => {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      it(`stops the server when npm's process gets ${signal} (was: npm exited, the server kept serving)`, async () => {
        const { code, log, stillServing } = await startAndStop(root, 'start', signal);
        // npm passes the signal on, waits for the server, then exits 0 or ends by the same signal.
        expect([0, null], log).to.include(code);
        expect(stillServing).to.equal(false);
      });
    }
  });

  describe('npm run build:prod && npm run start:prod', () => {
    it('compiles to dist/ (JavaScript and the files it reads, no TypeScript) and serves, stopping on SIGTERM', async () => {
      const build = spawnSync('npm', ['run', '--silent', 'build:prod'], { cwd: ROOT, encoding: 'utf8' });
      expect(build.status, build.stderr).to.equal(0);
      const files = filesUnder(join(ROOT, 'dist'));
      expect(files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).to.deep.equal([]);
      expect(files).to.include.members([join('cli', 'serve.js'), join('query', 'SYNTAX.md'), join('text', 'dict', 'curated.txt'), join('live', 'build-worker.js')]);
      const { code, log, stillServing } = await startAndStop(root, 'start:prod', 'SIGTERM');
      expect(code, log).to.equal(0);
      expect(stillServing).to.equal(false);
      expect(existsSync(join(root, 'index-start:prod', 'search-index.bin'))).to.equal(true);
    });
  });

  describe('fullwidth ＯＲ', () => {
    it('is the OR operator, as OR is (was: searched as a word)', () => {
      expect(parseQuery('科技 ＯＲ 人才').root).to.deep.equal({
        kind: 'or',
        children: [
          { kind: 'term', text: '科技', field: 'any', span: [0, 2] },
          { kind: 'term', text: '人才', field: 'any', span: [6, 8] },
        ],
      });
      expect(parseQuery('科技 ＯＲ 人才').root).to.deep.equal(parseQuery('科技 OR 人才').root);
    });

    it('is a word inside a word or in lower case, as OR is', () => {
      expect(parseQuery('科技ＯＲ人才').root).to.deep.equal({ kind: 'term', text: '科技ＯＲ人才', field: 'any', span: [0, 6] });
      expect(parseQuery('科技 ｏｒ 人才').root?.kind).to.equal('and');
    });
  });

  describe('bidirectional controls in metadata', () => {
    it('are removed from every front-matter value, so a title cannot reorder what a reader sees', () => {
      const text = [
        '---',
        'id: xian-09',
        'title: 2024年\u202eXX县\u202c政府工作报告\u2067txt.exe\u2069',
        'region: XX\u200f县',
        'level: 县',
        'year: 2024',
        'kind: 全文',
        'source: \u202dsource.pdf',
        '---',
        '正文。',
      ].join('\n');
      const meta = parseFrontMatter('xian-09.txt', text).meta;
      expect(meta.title).to.equal('2024年XX县政府工作报告txt.exe');
      expect(meta.region).to.equal('XX县');
      expect(meta.source).to.equal('source.pdf');
    });
  });
});
