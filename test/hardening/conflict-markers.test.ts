/**
 * A merge once left both versions of the reader's header, with their conflict markers, in a
 * template: EJS rendered them as text and every test still passed. No source, template, style,
 * script or document of the project may hold a conflict marker line.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const FOLDERS = ['src', 'views', 'public', 'test', 'bench', '.ci'];
const KINDS = /\.(ts|js|cjs|mjs|ejs|css|md|json|txt|sh)$/u;
const MARKER = /^(<{7} |={7}$|>{7} )/mu;

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' || entry.name === 'fixtures' ? [] : files(path);
    return entry.isFile() && (KINDS.test(entry.name) || entry.name === 'run') ? [path] : [];
  });
}

describe('hardening: merge conflict markers', () => {
  it('finds none in the project files', () => {
    const paths = [...FOLDERS.flatMap((folder) => files(join(ROOT, folder))), ...readdirSync(ROOT).filter((name) => name.endsWith('.md')).map((name) => join(ROOT, name))];
    expect(paths.length).to.be.above(100);
    const marked = paths.filter((path) => MARKER.test(readFileSync(path, 'utf8'))).map((path) => relative(ROOT, path));
    expect(marked).to.deep.equal([]);
  });
});
