/**
 * `analyzerVersion()`: a short hash of everything that changes the tokens `analyze()` emits, so
 * an index built with another analyser is detected and rebuilt.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { OPENCC_CONFIG } from './normalize.js';
import { segmenterFingerprint } from './segment.js';
import { STOP_WORDS } from './stopwords.js';
import { compareCodeUnits } from './dictionary.js';

/**
 * Bump when the analyser's code changes its output (run rules, sub-terms, normalisation).
 * Data (dictionaries, stop words, OpenCC config, nodejieba version) is hashed on its own.
 */
export const ANALYZER_CODE_VERSION = 3;

/** opencc-js's version: its tables decide what traditional characters become. */
function openccVersion(): string {
  // The package's `exports` hide package.json; its main file sits two levels below it.
  const main = createRequire(import.meta.url).resolve('opencc-js');
  const pkg = JSON.parse(readFileSync(join(dirname(main), '..', '..', 'package.json'), 'utf8')) as { name: string; version: string };
  if (pkg.name !== 'opencc-js') throw new Error(`text: expected opencc-js's package.json, found "${pkg.name}"`);
  return pkg.version;
}

let openccVersionCache: string | undefined;

/**
 * Short hex hash of the analyser: code version, OpenCC version and configuration, the Unicode
 * version of the regular expressions, stop words, nodejieba version, and the policy dictionary
 * jieba is loaded with (the terms of both files, terms added at run time with `addCorpusTerms`,
 * and their frequencies). Changes whenever any of them does.
 */
export function analyzerVersion(): string {
  const hash = createHash('sha256');
  hash.update(`code ${String(ANALYZER_CODE_VERSION)}\n`);
  openccVersionCache ??= openccVersion();
  hash.update(`opencc ${openccVersionCache} ${OPENCC_CONFIG.from}->${OPENCC_CONFIG.to}\n`);
  hash.update(`unicode ${process.versions.unicode ?? 'unknown'}\n`);
  hash.update(`stop ${[...STOP_WORDS].sort(compareCodeUnits).join(' ')}\n`);
  hash.update(segmenterFingerprint());
  return hash.digest('hex').slice(0, 12);
}
