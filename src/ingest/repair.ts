/**
 * Repairs for text a multi-column layout printed twice: `一年来一年来一年来一年来` → `一年来`,
 * `深化深化““智改数转网联智改数转网联””赋能赋能` → `深化“智改数转网联”赋能`.
 */

const PUNCT_RUN = /([\p{P}\p{S}]+)/u;

function halve(run: string): string | null {
  const chars = Array.from(run);
  if (chars.length % 2 !== 0) return null;
  const half = chars.slice(0, chars.length / 2).join('');
  return half + half === run ? half : null;
}

/** Halves `s` while it is a whole run printed twice. */
function undouble(s: string): string {
  let out = s;
  for (let h = halve(out); h !== null; h = halve(out)) out = h;
  return out;
}

/**
 * If every run of letters and every run of punctuation in `text` is printed twice (and at
 * least one run of letters is two characters or longer once undoubled), returns the text with
 * each run printed once; otherwise `null`. Meant for heading-like lines with no sentence stop.
 */
export function undoubleRuns(text: string): string | null {
  if (/[。！？；，]/.test(text) || Array.from(text).length < 4) return null;
  const whole = undouble(text);
  if (whole !== text && Array.from(whole).length >= 3) return whole;
  const runs = text.split(PUNCT_RUN).filter((r) => r !== '');
  const halves = runs.map(halve);
  if (halves.some((h) => h === null)) return null;
  const letters = runs.filter((r) => !PUNCT_RUN.test(r));
  if (!letters.some((r) => Array.from(r).length >= 4)) return null;
  return halves.join('');
}
