/** A tiny generated corpus for `--smoke` runs: a few reports, so a script runs in seconds. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateInto } from '../scale/generate.js';
import { ROOT } from './cli.js';

/** Writes a corpus of about `factor` × the bundled one (0.1 → 3 reports) into a new temporary directory. */
export function smokeCorpus(factor = 0.1): string {
  const dir = mkdtempSync(join(tmpdir(), 'bench-smoke-'));
  generateInto(join(ROOT, 'corpus'), dir, { factor });
  return dir;
}
