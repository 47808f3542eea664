/** Characters between which a space carries meaning: `V PARK`, `GDP 5`, `Windows 11`. */
const LATIN_OR_DIGIT = /[A-Za-z0-9]/;

/**
 * Removes the spaces PDF extraction inserts into Chinese text (`项目 146个` → `项目146个`,
 * `2023 年` → `2023年`, `投资 ，` → `投资，`, `加 强 综 合` → `加强综合`) and trims the ends.
 *
 * A run of whitespace is kept, as a single space, only where both neighbours are Latin
 * letters or digits (`PM 2.5` stays readable, `V-PARK` has no space to lose); everywhere else
 * it goes. The same function normalises queries, so a query and the text it should find agree.
 */
export function removeExtractionSpaces(s: string): string {
  const chars = Array.from(s);
  let out = '';
  let i = 0;
  while (i < chars.length) {
    const c = chars[i] ?? '';
    if (!/\s/.test(c)) {
      out += c;
      i++;
      continue;
    }
    let j = i;
    while (j < chars.length && /\s/.test(chars[j] ?? '')) j++;
    const before = chars[i - 1];
    const after = chars[j];
    if (before !== undefined && after !== undefined && LATIN_OR_DIGIT.test(before) && LATIN_OR_DIGIT.test(after)) {
      out += ' ';
    }
    i = j;
  }
  return out;
}
