/**
 * What a saved index was built from, so a stale one is never served: the corpus files' bytes,
 * the analyser's version, and the paragraphs ingest produced from them (which also changes
 * when ingest's rules do, though the files do not).
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isCorpusFile } from '../ingest/index.js';
import { Checksum } from './checksum.js';
import type { Report } from '../ingest/types.js';

/**
 * A checksum (`checksum.ts`: fast, for change detection) over the names, lengths and contents
 * of the corpus files in `corpusDir`, in name order. Every start computes it, so it must cost
 * little next to the start itself at any corpus size.
 */
export function hashCorpusFiles(corpusDir: string): string {
  const checksum = new Checksum();
  const names = readdirSync(corpusDir).filter(isCorpusFile).sort();
  for (const name of names) {
    const bytes = readFileSync(join(corpusDir, name));
    checksum.update(Buffer.from(`${name}\0${String(bytes.byteLength)}\0`)).update(bytes);
  }
  return checksum.digest();
}

/** SHA-256 over every report's id and every paragraph's text and heading path. */
export function hashParagraphs(reports: readonly Report[]): string {
  const hash = createHash('sha256');
  for (const report of reports) {
    hash.update(report.meta.id).update('\0');
    for (const paragraph of report.paragraphs) {
      hash.update(paragraph.sectionPath.join('\n')).update('\0').update(paragraph.text).update('\0');
    }
  }
  return hash.digest('hex');
}
