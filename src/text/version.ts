/**
 * `analyzerVersion()`: a short hash of everything that changes the tokens `analyze()` emits, so
 * an index built with another analyser is detected and rebuilt.
 */
import { createHash } from 'node:crypto';
import { OPENCC_CONFIG } from './normalize.js';
import { segmenterFingerprint } from './segment.js';
import { STOP_WORDS } from './stopwords.js';
import { compareCodeUnits } from './dictionary.js';

/**
 * Bump when the analyser's code changes its output (run rules, sub-terms, normalisation).
 * Data (dictionaries, stop words, OpenCC config, nodejieba version) is hashed on its own.
 */
export const ANALYZER_CODE_VERSION = 1;

/**
 * Short hex hash of the analyser: code version, OpenCC configuration, stop words, nodejieba
 * version, dictionary files and terms added at run time with `addCorpusTerms`. Changes whenever
 * any of them does.
 */
export function analyzerVersion(): string {
  const hash = createHash('sha256');
  hash.update(`code ${String(ANALYZER_CODE_VERSION)}\n`);
  hash.update(`opencc ${OPENCC_CONFIG.from}->${OPENCC_CONFIG.to}\n`);
  hash.update(`stop ${[...STOP_WORDS].sort(compareCodeUnits).join(' ')}\n`);
  hash.update(segmenterFingerprint());
  return hash.digest('hex').slice(0, 12);
}
