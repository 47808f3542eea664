/**
 * What a saved index was built from, so a stale one is never served: the corpus files' bytes,
 * the analyser's version, and the paragraphs ingest produced from them (which also changes
 * when ingest's rules do, though the files do not).
 */
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { isCorpusFile, readEntrySync } from '../ingest/index.js';
import { Checksum } from './checksum.js';
import type { Report } from '../ingest/types.js';

/**
 * A checksum (`checksum.ts`: fast, for change detection) over the names, lengths and contents
 * of the corpus files in `corpusDir`, in name order. Every start computes it, so it must cost
 * little next to the start itself at any corpus size. An entry that cannot be read counts by
 * its name and the reason (read as ingest reads it: a FIFO or device is never opened), so the
 * fingerprint changes once it is fixed.
 */
export function hashCorpusFiles(corpusDir: string): string {
  const checksum = new Checksum();
  const names = readdirSync(corpusDir).filter(isCorpusFile).sort();
  for (const name of names) {
    const entry = readEntrySync(corpusDir, name);
    if ('bytes' in entry) {
      checksum.update(Buffer.from(`${name}\0${String(entry.bytes.byteLength)}\0`)).update(entry.bytes);
    } else {
      checksum.update(Buffer.from(`${name}\0\u0001unreadable: ${entry.error}\0`));
    }
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
