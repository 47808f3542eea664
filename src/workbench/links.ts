/**
 * Permanent links of reports and paragraphs on the site's public address. A paragraph's link
 * is a path (`/doc/qu-01/p12`), not a fragment: it survives being copied with the full stop that
 * ends a reference (the site strips trailing punctuation and redirects), and needs no escaping
 * in BibTeX or RIS.
 */

/** `base` without trailing slashes (`https://example.org`). */
export function trimBase(base: string): string {
  return base.replace(/\/+$/u, '');
}

/** The report's permanent link. */
export function reportLink(base: string, docId: string): string {
  return `${trimBase(base)}/doc/${encodeURIComponent(docId)}`;
}

/** The paragraph's permanent link; `anchor` is its fragment id in the reader (`p12`). */
export function paragraphLink(base: string, docId: string, anchor: string): string {
  return `${reportLink(base, docId)}/${encodeURIComponent(anchor)}`;
}

/** Characters a link may have picked up from the sentence around it when copied. */
const TRAILING_PUNCTUATION = /[.,;:!?。，；：！？、)）\]】》>'"’”]+$/u;

/** A path segment without the punctuation a copy may have dragged along (`qu-01.` → `qu-01`). */
export function stripTrailingPunctuation(segment: string): string {
  return segment.replace(TRAILING_PUNCTUATION, '');
}
