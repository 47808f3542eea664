/**
 * `ingestVersion()`: a short hash of ingest's own code, so that an index saved with the parsed
 * reports is rebuilt when the parsing rules change though the corpus files do not.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = fileURLToPath(new URL('.', import.meta.url));

let cached: string | undefined;

/**
 * SHA-256 (12 hex digits) of the source files of this module's directory — the TypeScript
 * sources, or the compiled JavaScript when running from a build — read once per process.
 */
export function ingestVersion(): string {
  if (cached !== undefined) return cached;
  const hash = createHash('sha256');
  const names = readdirSync(HERE)
    .filter((name) => /\.(?:ts|js|mjs)$/u.test(name) && !name.endsWith('.d.ts'))
    .sort();
  for (const name of names) hash.update(name).update('\0').update(readFileSync(join(HERE, name))).update('\0');
  cached = hash.digest('hex').slice(0, 12);
  return cached;
}
