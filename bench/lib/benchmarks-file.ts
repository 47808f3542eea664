/**
 * BENCHMARKS.md holds one `## Name` section per benchmark script; each script rewrites only its
 * own section with `--write`, so figures measured at different times never overwrite each other.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const FILE = fileURLToPath(new URL('../../BENCHMARKS.md', import.meta.url));

/** `text` (a BENCHMARKS.md) with the section named by `section`'s first line replaced, or appended. */
export function replaceSection(text: string, section: string): string {
  const heading = section.slice(0, section.indexOf('\n') + 1);
  if (!/^## \S.*\n$/.test(heading)) throw new Error(`bench: a section must start with a "## " heading line, got "${section.slice(0, 40)}"`);
  const start = text.indexOf(`\n${heading}`);
  if (start < 0) return `${text.trimEnd()}\n\n${section}`;
  const next = text.indexOf('\n## ', start + 1);
  return text.slice(0, start + 1) + section + (next < 0 ? '' : text.slice(next));
}

/** Rewrites `section` in BENCHMARKS.md (created when missing). */
export function writeSection(section: string): void {
  writeFileSync(FILE, replaceSection(existsSync(FILE) ? readFileSync(FILE, 'utf8') : '# Benchmarks\n', section));
}
