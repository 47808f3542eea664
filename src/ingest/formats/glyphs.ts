/**
 * A PDF maps glyphs back to characters through its font's ToUnicode table, and CJK fonts
 * share one glyph among variants (Noto CJK / Source Han draw `户` and `戶`, `—` and `―`,
 * `月` and the radical `⽉` alike), so extraction can return the variant instead of the
 * character the author typed. These are folded back, and only in a way the document itself
 * supports: a radical or compatibility form always (no report means the radical), a
 * traditional form only in simplified text that never uses its simplified form.
 */
import { ConverterBuilder, type ConverterFunction } from 'opencc-js/core';
import * as t2cn from 'opencc-js/preset/t2cn';
import type { ExtractedBlock } from './types.js';

/**
 * CJK Radicals Supplement forms that stand for whole characters; Unicode gives them no
 * compatibility mapping (the Kangxi radicals and compatibility ideographs have one).
 */
const SUPPLEMENT: Partial<Record<string, string>> = Object.fromEntries(
  Array.from('⺟母⺠民⻄西⻆角⻉贝⻋车⻓长⻔门⻘青⻙韦⻚页⻛风⻜飞⻝食⻢马⻣骨⻤鬼⻥鱼⻦鸟⻧卤⻨麦⻩黄⻪黾⻬齐⻮齿⻰龙⻳龟⻅见⺝月⻁虎⻑長⻗雨⻡首⺩王').flatMap((c, i, all) =>
    i % 2 === 0 ? [[c, all[i + 1] ?? c]] : [],
  ),
);

/**
 * `⽉` → `月`, `⺠` → `民`, and the marks Chinese fonts draw alike: `―` (horizontal bar) → `—`,
 * `〜` (wave dash) → `～`. Full-width punctuation otherwise stays as printed.
 */
export function foldRadicals(text: string): string {
  return text
    .replace(/[\u2e80-\u2fdf\uf900-\ufaff]/g, (c) => SUPPLEMENT[c] ?? c.normalize('NFKC'))
    .replace(/\u2015/g, '\u2014')
    .replace(/\u301c/g, '\uff5e');
}

let toSimplified: ConverterFunction | undefined;

function simplified(c: string): string {
  toSimplified ??= ConverterBuilder(t2cn)({ from: 't', to: 'cn' });
  return toSimplified(c);
}

/** Most traditional characters a simplified document may hold before it counts as traditional. */
const SIMPLIFIED_SHARE = 0.02;

function textsOf(blocks: readonly ExtractedBlock[]): string[] {
  return blocks.map((b) => (b.type === 'row' ? b.cells.join('') : b.text));
}

/**
 * In a simplified-Chinese document, replaces each traditional character whose simplified
 * form never occurs in it (`戶` where `户` is nowhere): a glyph the font shares, not the
 * author's choice (`乾隆` keeps `乾`, since `干` occurs elsewhere). Returns the blocks and
 * the replacements made, for a note to the user.
 */
export function foldSharedGlyphs(blocks: readonly ExtractedBlock[]): { blocks: ExtractedBlock[]; replaced: Map<string, string> } {
  const counts = new Map<string, number>();
  let total = 0;
  for (const text of textsOf(blocks)) {
    for (const c of text) {
      if (!/\p{Script=Han}/u.test(c)) continue;
      counts.set(c, (counts.get(c) ?? 0) + 1);
      total++;
    }
  }
  const replaced = new Map<string, string>();
  let traditional = 0;
  for (const [c, n] of counts) {
    const s = simplified(c);
    if (s === c || Array.from(s).length !== 1) continue;
    traditional += n;
    if (!counts.has(s)) replaced.set(c, s);
  }
  if (replaced.size === 0 || traditional > total * SIMPLIFIED_SHARE) return { blocks: [...blocks], replaced: new Map() };
  const fold = (text: string): string => Array.from(text, (c) => replaced.get(c) ?? c).join('');
  return {
    blocks: blocks.map((b) => (b.type === 'row' ? { type: 'row', cells: b.cells.map(fold) } : { ...b, text: fold(b.text) })),
    replaced,
  };
}
