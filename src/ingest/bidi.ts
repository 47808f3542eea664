/**
 * Bidirectional-text controls in metadata. A title is shown in pages, citations and the API; a
 * right-to-left override (U+202E) or isolate in it reorders what a reader sees (`政府工作报告
 * ‮txt.exe` shows reversed), and a citation copied into a paper carries the trick along. Chinese
 * metadata never needs them, so they are removed from front-matter values (the body text stays
 * exactly as received: ingest is lossless there).
 */

/** LRM, RLM, ALM, the embeddings and overrides (LRE…RLO, PDF) and the isolates (LRI…PDI). */
const BIDI_CONTROLS = /[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]/gu;

/** `text` without bidirectional controls. */
export function withoutBidiControls(text: string): string {
  return text.replace(BIDI_CONTROLS, '');
}
