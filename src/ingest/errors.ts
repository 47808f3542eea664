/**
 * A corpus file that cannot be turned into a report: missing or invalid front matter, an
 * empty body, binary content. The message names the file and, where there is one, the field.
 */
export class CorpusError extends Error {
  /** Corpus file name (base name) the problem is in. */
  readonly file: string;

  constructor(file: string, detail: string) {
    super(`ingest: ${file}: ${detail}`);
    this.name = 'CorpusError';
    this.file = file;
  }
}
