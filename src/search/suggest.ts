/**
 * Completions for the search box. Each is a whole word or phrase as the reports write it (their
 * case: `PM2.5`, not `pm2.5`), and each finds at least one paragraph together with the words
 * already typed before it (`营商环境 优` offers only what follows 优 in paragraphs that also say
 * 营商环境).
 *
 * Candidates come from the vocabulary (words, frequent two-word phrases, headings' key phrases,
 * most used first) and, when that is not enough, from the text itself: every occurrence of the
 * typed prefix in a paragraph the earlier words allow is extended to the end of the word it
 * stops in (`老旧小` → `老旧小区`), most frequent first. A candidate ending in a function
 * character (`高质量发展的`) or in the middle of a word of the text (`绿色低` of 绿色低碳) is a
 * fragment and is never offered; so is one that the text, wherever it was looked at (three
 * times at least), always goes on with the same character (`绿色低` of 绿色/低/碳循环, where the
 * analyser cut 低 off 碳): a word ends where what follows it varies.
 */
import { analyze } from '../text/index.js';
import { unfold } from './unfold.js';

/** Characters that end no word worth completing to (particles and conjunctions). */
const FUNCTION_CHARACTERS = new Set(['的', '了', '和', '与', '及', '在', '是', '等', '对', '将', '把', '为', '着', '或', '而', '并', '之', '其', '中', '以', '于', '从', '向', '被', '也', '就', '都', '又', '要', '让', '由']);

/** Characters looked at past the typed prefix to find where its word ends. */
const WINDOW = 12;

/** Characters looked at before an occurrence, to tell whether it starts a word. */
const LOOK_BEHIND = 6;

/** Occurrences of a candidate seen before the one character always following it marks it a fragment. */
const MIN_SEEN_FOR_END = 3;

/** Occurrences looked at when extending the prefix from the text (bounds the cost). */
const MAX_OCCURRENCES = 60;

/** A text to draw completions from: its normalised form and its display form (same length). */
export interface SourceText {
  norm: string;
  text: string;
  /** Where each code unit of `norm` comes from in `text` (`null`: the same offsets; see `fold()`). */
  origin: Int32Array | null;
}

/** What completions are computed from. */
export interface SuggestInput {
  /** The typed prefix's last word, normalised. */
  last: string;
  /**
   * Texts holding `last`: the paragraphs the earlier words allow (and, with no earlier words,
   * the headings), in the order to look at them.
   */
  sources: Iterable<SourceText>;
  /** Vocabulary completions of `last`, most used first. */
  vocabulary: readonly string[];
}

/** Whether `candidate` ends in a function character (and is more than it). */
function endsInParticle(candidate: string): boolean {
  const last = candidate.at(-1) ?? '';
  return candidate.length > 1 && FUNCTION_CHARACTERS.has(last);
}

/** A word of a window: where it starts and ends. */
interface Span {
  start: number;
  end: number;
}

/**
 * The words of `window` (normalised), by the one analyser, with single characters kept
 * together as the search keeps them (`低/碳` of 绿色低碳 is one word there).
 */
function wordsOf(window: string): Span[] {
  const single = (t: Span): boolean => t.end - t.start === 1 && /\p{Script=Han}/u.test(window.slice(t.start, t.end));
  const out: Span[] = [];
  for (const token of analyze(window, { mode: 'query' })) {
    const previous = out.at(-1);
    const current = { start: token.start, end: token.end };
    if (previous !== undefined && previous.end === token.start && single(current) && single(previous)) previous.end = token.end;
    else out.push(current);
  }
  return out;
}

/**
 * Candidates in order, each with the display form of one occurrence: vocabulary entries that
 * occur in the sources as whole words (most used first), then the words the prefix starts in
 * the text (most frequent first). An occurrence inside a word (民生 of 便民生活圈) offers nothing.
 */
export function completions(input: SuggestInput, limit: number): string[] {
  const { last, sources, vocabulary } = input;
  const found = new Map<string, { display: string; count: number; rank: number }>();
  // The texts looked at: how a candidate goes on in them tells a word from a fragment.
  const looked: string[] = [];
  const vocabularyRank = new Map(vocabulary.filter((entry) => !endsInParticle(entry)).map((entry, i) => [entry, i]));
  const textRank = vocabulary.length;
  let seen = 0;
  for (const { norm, text, origin } of sources) {
    looked.push(norm);
    for (let at = norm.indexOf(last); at >= 0 && seen < MAX_OCCURRENCES; at = norm.indexOf(last, at + 1)) {
      seen++;
      const from = Math.max(0, at - LOOK_BEHIND);
      const window = norm.slice(from, at + last.length + WINDOW);
      const words = wordsOf(window);
      const offset = at - from;
      if (!words.some((word) => word.start === offset)) continue;
      const ends = new Set(words.map((word) => word.end - offset));
      const offer = (length: number, rank: number): void => {
        const candidate = norm.slice(at, at + length);
        if (endsInParticle(candidate)) return;
        const entry = found.get(candidate);
        const [start, end] = unfold(origin, text, at, at + length);
        const display = text.slice(start, end);
        if (entry === undefined) {
          found.set(candidate, { display, count: 1, rank });
          return;
        }
        entry.count++;
        entry.rank = Math.min(entry.rank, rank);
        // Prefer a form that differs from what is searched only in case (PM2.5, not ＰＭ２．５ or 數字).
        if (entry.display.toLowerCase() !== candidate && display.toLowerCase() === candidate) entry.display = display;
      };
      // The word the prefix stops in: up to the first word end at or after the prefix.
      const end = [...ends].filter((e) => e >= last.length).sort((a, b) => a - b)[0];
      if (end !== undefined) offer(end, textRank);
      for (const [entry, rank] of vocabularyRank) {
        if (norm.startsWith(entry, at) && ends.has(entry.length)) offer(entry.length, rank);
      }
    }
    if (seen >= MAX_OCCURRENCES) break;
  }
  return [...found]
    .filter(([candidate]) => !alwaysGoesOn(candidate, looked))
    .map(([, entry]) => entry)
    .sort((a, b) => a.rank - b.rank || b.count - a.count || a.display.length - b.display.length)
    .slice(0, limit)
    .map((entry) => entry.display);
}

/**
 * Whether `candidate` is, in `texts`, seen `MIN_SEEN_FOR_END` times at least and always followed
 * by the same Han character: then it is part of a longer word, not a word.
 */
function alwaysGoesOn(candidate: string, texts: readonly string[]): boolean {
  let seen = 0;
  let follower: string | undefined;
  for (const norm of texts) {
    for (let at = norm.indexOf(candidate); at >= 0; at = norm.indexOf(candidate, at + 1)) {
      const next = norm.charAt(at + candidate.length);
      if (!HAN.test(next) || (follower !== undefined && next !== follower)) return false;
      follower = next;
      seen++;
    }
  }
  return seen >= MIN_SEEN_FOR_END;
}

const HAN = /^\p{Script=Han}$/u;
