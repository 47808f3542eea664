/**
 * Partial answers combined. An answer built from several questions to an engine (the text
 * matches, the heading matches, a relaxation, the counting within a time budget) is as complete
 * as the least complete of them: it is partial when any part was, naming every shard that did
 * not answer and covering the shortest prefix of the corpus any time limit left.
 */
import type { PartialAnswer } from './types.js';

/** The union of `parts` (those present), or `undefined` when every part was complete. */
export function combinePartial(...parts: ReadonlyArray<PartialAnswer | undefined>): PartialAnswer | undefined {
  const present = parts.filter((part): part is PartialAnswer => part !== undefined);
  if (present.length === 0) return undefined;
  if (present.length === 1) return present[0];
  const out: PartialAnswer = {
    missing: [...new Set(present.flatMap((part) => part.missing))],
    reasons: [...new Set(present.flatMap((part) => part.reasons))],
  };
  // The answer is exact only for the shortest prefix covered.
  const cut = present.filter((part) => part.searched !== undefined).sort((a, b) => (a.searched ?? 0) - (b.searched ?? 0))[0];
  if (cut?.searched !== undefined && cut.paragraphs !== undefined) {
    out.searched = cut.searched;
    out.paragraphs = cut.paragraphs;
  }
  if (present.some((part) => part.timeLimited === true)) out.timeLimited = true;
  return out;
}

/** `{ partial }` for spreading into an answer, or nothing when complete. */
export function partialField(partial: PartialAnswer | undefined): { partial?: PartialAnswer } {
  return partial === undefined ? {} : { partial };
}
