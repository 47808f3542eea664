/**
 * What a saved index was built from, so a stale one is never served: the corpus files' bytes,
 * the analyser's version, and the paragraphs ingest produced from them (which also changes
 * when ingest's rules do, though the files do not).
 */
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { isCorpusFile, readEntrySync } from '../ingest/index.js';
import type { Report } from '../ingest/types.js';

/**
 * SHA-256 over the names and contents of the corpus files in `corpusDir`, in name order. An
 * entry that cannot be read counts by its name and the reason (read as ingest reads it: a FIFO
 * or device is never opened), so the fingerprint changes once it is fixed.
 */
export function hashCorpusFiles(corpusDir: string): string {
  const hash = createHash('sha256');
  const names = readdirSync(corpusDir).filter(isCorpusFile).sort();
  for (const name of names) {
    const entry = readEntrySync(corpusDir, name);
    hash.update(name).update('\0');
    if ('bytes' in entry) hash.update(entry.bytes);
    else hash.update('\u0001unreadable: ').update(entry.error);
    hash.update('\0');
  }
  return hash.digest('hex');
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
