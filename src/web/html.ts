import type { Range } from '../search/types.js';
import { segments } from './segments.js';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&#34;', "'": '&#39;' };

/** Escapes text for HTML content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

/** `text` as HTML, each highlight range in `<mark>`; every run of text is escaped. */
export function markedHtml(text: string, ranges: readonly Range[]): string {
  return segments(text, ranges)
    .map((s) => (s.mark ? `<mark>${escapeHtml(s.text)}</mark>` : escapeHtml(s.text)))
    .join('');
}
