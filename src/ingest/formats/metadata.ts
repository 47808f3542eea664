/**
 * Metadata read from a document's opening lines: the title, the meeting and day it was given
 * (`——2024年1月10日在XX市第十七届人民代表大会第三次会议上`), the speaker (`市长\u3000张三`), and from
 * them the region, its level, the year and the kind. Nothing is guessed: a field the text does
 * not state is left out and named in `missing`.
 */
import { isIsoDate } from '../frontmatter.js';
import type { Level } from '../types.js';

/** Metadata found in a document; `null` where the text does not say. */
export interface InferredMeta {
  title: string | null;
  region: string | null;
  level: Level | null;
  year: number | null;
  kind: string | null;
  meeting: string | null;
  /** ISO `YYYY-MM-DD`. */
  date: string | null;
  speaker: string | null;
  /** Indexes of the opening blocks that state the meeting, date or speaker (kept out of the body). */
  metaBlocks: number[];
  /** Index of the block holding the title, if it is one of the blocks. */
  titleBlock: number | null;
}

/** Opening blocks searched for the title, meeting, date and speaker. */
const HEAD_BLOCKS = 12;

const CN_DIGITS: Record<string, number> = { 〇: 0, 零: 0, O: 0, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** `二〇二四` → 2024, `十` → 10, `二十三` → 23, `2024` → 2024. */
function numberOf(text: string): number {
  if (/^\d+$/.test(text)) return Number(text);
  if (text.includes('十')) {
    const [tens, ones] = text.split('十');
    return (tens === '' || tens === undefined ? 1 : (CN_DIGITS[tens] ?? 0)) * 10 + (ones === '' || ones === undefined ? 0 : (CN_DIGITS[ones] ?? 0));
  }
  return Number(Array.from(text, (c) => String(CN_DIGITS[c] ?? '')).join(''));
}

const NUM = '[0-9０-９]{1,4}|[〇零O一二三四五六七八九十]{1,4}';
const DATE = new RegExp(`(${NUM})\\s*年\\s*(${NUM})\\s*月\\s*(${NUM})\\s*日`);
const ORDINAL = '[一二三四五六七八九十百\\d]+';
const MEETING_BODY = `[\\u4e00-\\u9fa5X]{2,20}?第${ORDINAL}届人民代表大会(?:常务委员会)?第${ORDINAL}次(?:全体)?会议`;
/** `在XX市第十七届人民代表大会第三次会议上`; without `在`, from the line's start. */
const MEETING = new RegExp(`在(${MEETING_BODY})|^[—–\\-－（(\\s]*(${MEETING_BODY})`);
/** Administrative units a region's name ends with, and their level. */
const UNIT_LEVEL: readonly [RegExp, Level][] = [
  [/(?:省|自治区)$/, '省'],
  [/市$/, '市'],
  [/(?:区|新区)$/, '区'],
  [/(?:县|自治县|旗)$/, '县'],
  [/(?:镇|乡|街道)$/, '镇'],
];
const REGION = /([\u4e00-\u9fa5X]{1,15}?(?:省|自治区|市|区|县|旗|镇|乡|街道))/;
const SPEAKER = /^(?:[\u4e00-\u9fa5X]{0,24}?(?:人民政府|政府))?\s*((?:代理|代)?(?:省长|主席|市长|区长|县长|旗长|镇长|乡长|主任))\s*[\u3000 ]?\s*([\u4e00-\u9fa5X·]{2,5})$/;
const KINDS: readonly [RegExp, string][] = [
  [/摘要|摘编|要点/, '摘要'],
  [/图解|一图|图读|图说/, '图解'],
  [/解读|问答/, '解读'],
  [/改革任务/, '改革任务'],
  [/政府工作报告/, '全文'],
];
const YEAR = /((?:19|20)\d{2})\s*年/;

/** The level of a region from its name: `XX市` → 市, `XX自治县` → 县; null when it does not say. */
export function levelOf(region: string): Level | null {
  const plain = region.replace(/[·（(].*$/, '');
  for (const [pattern, level] of UNIT_LEVEL) if (pattern.test(plain)) return level;
  return null;
}

/** `2024年1月10日` or `二〇二四年一月十日` → `2024-01-10`, or null. */
export function isoDate(text: string): string | null {
  const m = DATE.exec(text.replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)));
  if (m === null) return null;
  const iso = `${String(numberOf(m[1] ?? ''))}-${String(numberOf(m[2] ?? '')).padStart(2, '0')}-${String(numberOf(m[3] ?? '')).padStart(2, '0')}`;
  return isIsoDate(iso) ? iso : null;
}

function compact(text: string): string {
  return text.replace(/\s+/g, '');
}

/**
 * Reads the metadata from a document's opening blocks. `declaredTitle` is the title the file
 * declares (HTML `<title>`), used when no opening line names the report.
 */
export function inferMeta(texts: readonly string[], declaredTitle: string | null): InferredMeta {
  const head = texts.slice(0, HEAD_BLOCKS).map(compact);
  const out: InferredMeta = { title: null, region: null, level: null, year: null, kind: null, meeting: null, date: null, speaker: null, metaBlocks: [], titleBlock: null };
  head.forEach((text, i) => {
    const short = Array.from(text).length <= 80;
    const meeting = short ? MEETING.exec(text) : null;
    const date = short && /^[—–\-－（(]*\s*(?:\d|[〇零一二三四五六七八九十]{4})/.test(text) ? isoDate(text) : null;
    if (meeting !== null && out.meeting === null) out.meeting = meeting[1] ?? meeting[2] ?? null;
    if (date !== null && out.date === null) out.date = date;
    const speaker = SPEAKER.exec(text);
    if (speaker !== null && out.speaker === null && !/[，。；]/.test(text)) out.speaker = `${speaker[1] ?? ''} ${speaker[2] ?? ''}`;
    if (meeting !== null || date !== null || (speaker !== null && !/[，。；]/.test(text))) out.metaBlocks.push(i);
    if (out.title === null && Array.from(text).length <= 60 && !/[，。；]/.test(text) && KINDS.some(([k]) => k.test(text)) && meeting === null) {
      out.title = text;
      out.titleBlock = i;
    }
  });
  if (out.title === null && declaredTitle !== null) {
    // A page title often carries the site's name after a separator: `标题_XX市人民政府`.
    const title = compact(declaredTitle.split(/[_|｜]|\s[-—]\s/)[0] ?? '');
    if (title !== '') out.title = title;
  }
  const title = out.title ?? '';
  const region = (out.meeting === null ? null : REGION.exec(out.meeting)?.[1]) ?? REGION.exec(title.replace(YEAR, '').replace(/政府工作报告.*$/, ''))?.[1] ?? null;
  out.region = region === null ? null : region.replace(/^(?:(?:19|20)\d{2}年)/, '');
  out.level = out.region === null ? null : levelOf(out.region);
  const titleYear = YEAR.exec(title)?.[1];
  out.year = titleYear !== undefined ? Number(titleYear) : out.date !== null ? Number(out.date.slice(0, 4)) : null;
  for (const [pattern, kind] of KINDS) {
    if (pattern.test(title)) {
      out.kind = kind;
      break;
    }
  }
  return out;
}
