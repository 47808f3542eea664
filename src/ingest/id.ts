/**
 * What a report id is, in one place: ingest refuses any other, the web layer and the query
 * language's `doc:` filter accept no other, so every report listed can be reached by its id.
 */

/** Longest report id, in characters: ids go into URLs, `doc:` filters and citations. */
export const DOC_ID_MAX_LENGTH = 64;

/** Runs of lowercase ASCII letters and digits joined by single hyphens, 1 to 64 characters (`qu-01`). */
export const DOC_ID_PATTERN = new RegExp(`^(?=.{1,${String(DOC_ID_MAX_LENGTH)}}$)[a-z0-9]+(?:-[a-z0-9]+)*$`);

/** True when `text` is a well-formed report id (whether such a report exists is another matter). */
export function isDocId(text: string): boolean {
  return DOC_ID_PATTERN.test(text);
}
