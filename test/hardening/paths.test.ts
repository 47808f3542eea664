/**
 * Paths a stranger would try: traversal in every encoding, NUL bytes, file names of the corpus
 * and the project, over-long paths. Each is answered with a 404 (or the server's own 4xx for a
 * request line too long to read), and while they are answered no file outside `public/` is
 * touched but the templates: every file-system call the app makes is recorded.
 */
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import fc from 'fast-check';
import { createApp } from '../../src/web/app.js';
import { CITED_ON, corpusService, memoryLogger } from '../web/helpers.js';
import { live, type LiveApp } from './helpers.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PUBLIC_DIR = resolve(ROOT, 'public');
const VIEWS_DIR = resolve(ROOT, 'views');

/** The templates: EJS checks that an included partial exists on every render. */
const TEMPLATES = new Set(
  fs
    .readdirSync(VIEWS_DIR, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ejs'))
    .map((name) => resolve(VIEWS_DIR, name)),
);

/** Text that would show a file outside the site was read and sent. */
const LEAKS = ['"name": "policy-search"', 'root:x:0:0', '<%', '"format":', '"fingerprint"', 'source: ', '[core]', "from 'node:", 'BEGIN '];

const TRAVERSALS = [
  '/doc/..%2F..',
  '/doc/..%2F..%2Fpackage.json',
  '/doc/%2e%2e%2fpackage.json',
  '/doc/%2E%2E/%2E%2E/package.json',
  '/doc/..%5c..%5cpackage.json',
  '/doc/%252e%252e%252fpackage.json',
  '/doc/%EF%BC%8E%EF%BC%8E%EF%BC%8Fpackage.json',
  '/doc/%C0%AE%C0%AE%C0%AFpackage.json',
  '/doc/qu-01%00',
  '/doc/qu-01%00.txt',
  '/doc/%00',
  '/doc/..',
  '/doc/.',
  '/doc/qu-01/../../package.json',
  '/doc/qu-01.txt',
  '/doc/qu-01.md',
  '/doc/QU-01',
  '/doc/qu-01%20',
  '/doc/%20qu-01',
  '/doc/qu-01%2F',
  '/api/docs/..%2F..%2Fpackage.json',
  '/api/docs/%2e%2e%2f%2e%2e%2fetc%2fpasswd',
  '/api/docs/qu-01%00',
  '/api/docs/qu-01.txt',
  '/static/../package.json',
  '/static/..%2fpackage.json',
  '/static/%2e%2e/%2e%2e/etc/passwd',
  '/static/.%2e/package.json',
  '/static/....//package.json',
  '/static/site.css/..%2f..%2fpackage.json',
  '/static//etc/passwd',
  '/static/%2fetc%2fpasswd',
  '/static/%5c..%5cpackage.json',
  '/static/..%5cpackage.json',
  '/static/site.css%00',
  '/static/site.css%00.js',
  '/static/%00/../package.json',
  '/static/.gitignore',
  '/static/%2egitignore',
  '/static/../../../../../../etc/passwd',
  '/static/%c0%ae%c0%ae/package.json',
  '/static/../views/doc.ejs',
  '/static/../src/web/app.ts',
  '/static/../corpus/qu-01.txt',
  '/static/../var/index/search-index.json',
  '/static/%252e%252e/package.json',
  '/public/../package.json',
  '/public/site.css',
  '/package.json',
  '/corpus/qu-01.txt',
  '/views/doc.ejs',
  '/var/index/search-index.json',
  '/.git/config',
  '/.env',
  '/src/web/app.ts',
  '/node_modules/express/package.json',
  '/%2e%2e/%2e%2e/etc/passwd',
  '/..%2f..%2fetc%2fpasswd',
  '/%00',
  '/doc/',
];

/** File-system calls a request could read a file through. */
const CALLS = ['stat', 'statSync', 'lstat', 'lstatSync', 'open', 'openSync', 'readFile', 'readFileSync', 'createReadStream', 'existsSync', 'access', 'accessSync', 'readdir', 'readdirSync', 'realpath', 'realpathSync'] as const;

/** Records the path of every call in {@link CALLS} made while `during` runs. */
async function recordFileAccess(during: () => Promise<void>): Promise<string[]> {
  const seen: string[] = [];
  const target = fs as unknown as Record<string, (...args: unknown[]) => unknown>;
  const promises = fs.promises as unknown as Record<string, (...args: unknown[]) => unknown>;
  const saved = CALLS.map((name) => [name, target[name]] as const);
  const savedPromises = (['readFile', 'open', 'stat', 'lstat', 'readdir', 'access'] as const).map((name) => [name, promises[name]] as const);
  const spy = (original: ((...args: unknown[]) => unknown) | undefined) =>
    function (this: unknown, ...args: unknown[]): unknown {
      seen.push(String(args[0]));
      return original?.apply(this, args);
    };
  for (const [name, original] of saved) target[name] = spy(original);
  for (const [name, original] of savedPromises) promises[name] = spy(original);
  // Modules that imported the functions by name see the spies too.
  syncBuiltinESMExports();
  try {
    await during();
  } finally {
    for (const [name, original] of saved) if (original !== undefined) target[name] = original;
    for (const [name, original] of savedPromises) if (original !== undefined) promises[name] = original;
    syncBuiltinESMExports();
  }
  return seen;
}

/** True when `path` is `public/` or inside it, or one of the templates. */
function allowed(path: string): boolean {
  const full = resolve(path);
  return full === PUBLIC_DIR || full.startsWith(`${PUBLIC_DIR}/`) || TEMPLATES.has(full);
}

describe('hardening: paths', () => {
  let app: LiveApp;

  before(async () => {
    app = await live(createApp({ service: await corpusService(), logger: memoryLogger(), now: () => CITED_ON }));
    // Every view once, so that templates are compiled and cached before file access is recorded.
    for (const path of ['/', '/docs', '/help', '/search?q=a', '/search?q=a)', '/doc/qu-01', '/compare?q=a', '/nothing', '/static/site.css']) await app.get(path);
  });

  after(async () => {
    await app.close();
  });

  it('answers traversal, encoded dots and slashes, NUL bytes and project file names with a 404 and no file content', async () => {
    const answers: Array<[string, number]> = [];
    const touched = await recordFileAccess(async () => {
      for (const path of TRAVERSALS) {
        const res = await app.get(path);
        answers.push([path, res.status]);
        for (const leak of LEAKS) expect(res.body, `${path} leaks ${leak}`).to.not.include(leak);
      }
      // The spy sees what the static handler reads (the site's CSS and JS are served from memory).
      expect((await app.get('/static/favicon.svg')).status).to.equal(200);
    });
    expect(touched).to.include(resolve(PUBLIC_DIR, 'favicon.svg'));
    // `/static/..` paths that climb out are refused by the static handler before any file is opened.
    expect(answers.filter(([, status]) => status !== 404)).to.deep.equal([]);
    expect(touched.filter((path) => !allowed(path))).to.deep.equal([]);
  });

  it('answers over-long paths with a 404, or a 431 when the request line is past what the server reads', async () => {
    const cases: Array<[string, number]> = [
      [`/doc/${'a'.repeat(10_000)}`, 404],
      [`/doc/${'..%2F'.repeat(2_000)}package.json`, 404],
      [`/api/docs/${'q'.repeat(10_000)}`, 404],
      [`/static/${'a/'.repeat(3_000)}`, 404],
      [`/search?q=a&${'x'.repeat(12_000)}=1`, 200],
      [`/${'x'.repeat(20_000)}`, 431],
    ];
    for (const [path, status] of cases) {
      const res = await app.get(path);
      expect(res.status, path.slice(0, 40)).to.equal(status);
      // Error pages never echo the whole path back.
      if (status !== 200) expect(res.body.length, path.slice(0, 40)).to.be.below(10_000);
    }
  });

  it('touches no file outside public/ but the templates, for any path built from traversal pieces', async () => {
    const piece = fc.constantFrom('..', '%2e%2e', '.%2e', '%2f', '%5c', '%00', '/', '//', '%252e', 'package.json', 'etc', 'passwd', 'static', 'doc', 'api', 'docs', 'public', 'qu-01', 'site.css', '.git', 'corpus', 'views', '%c0%af', '%E3%80%82');
    const touched = await recordFileAccess(async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(piece, { minLength: 1, maxLength: 8 }), async (parts) => {
          const path = `/${parts.join('/')}`.replace(/^\/+/, '/');
          const res = await app.get(path);
          expect(res.status, path).to.be.oneOf([200, 301, 302, 400, 404]);
          for (const leak of LEAKS) expect(res.body, `${path} leaks ${leak}`).to.not.include(leak);
        }),
        { numRuns: 400 },
      );
    });
    expect(touched.filter((path) => !allowed(path))).to.deep.equal([]);
  });
});
