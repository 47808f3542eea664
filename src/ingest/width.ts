/**
 * Display width of a string in the columns of the PDF text the seeds were extracted from:
 * CJK, full-width forms and curly quotes take two columns, everything else one.
 */
export function displayWidth(s: string): number {
  let width = 0;
  for (const c of s) {
    const code = c.codePointAt(0) ?? 0;
    width += code >= 0x1100 || c === '“' || c === '”' || c === '‘' || c === '’' ? 2 : 1;
  }
  return width;
}
