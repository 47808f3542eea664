import { withoutBidiControls } from './bidi.js';
import { CorpusError } from './errors.js';
import { DOC_ID_MAX_LENGTH, isDocId } from './id.js';
import { LEVELS, OPTIONAL_META_KEYS, type Level, type ReportMeta } from './types.js';

/** Required front matter keys, in the order files are written. */
export const META_KEYS = ['id', 'title', 'region', 'level', 'year', 'kind', 'source'] as const;
type RequiredKey = (typeof META_KEYS)[number];
type OptionalKey = (typeof OPTIONAL_META_KEYS)[number];
type MetaKey = RequiredKey | OptionalKey;
const ALL_KEYS: readonly MetaKey[] = [...META_KEYS, ...OPTIONAL_META_KEYS];
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

const DELIMITER = '---';

/** A file split into its metadata and its body. */
export interface FrontMatter {
  meta: ReportMeta;
  /** The text after the closing `---` line, exactly as in the file (line ends normalised). */
  body: string;
  /** 1-based file line of the body's first line (the line after the closing `---`). */
  bodyLine: number;
}

/** Writes metadata as front matter, closing `---` line included. */
export function formatFrontMatter(meta: ReportMeta): string {
  const lines = META_KEYS.map((key) => `${key}: ${oneLine(String(meta[key]))}`);
  for (const key of OPTIONAL_META_KEYS) {
    const value = meta[key];
    if (value !== undefined && value.trim() !== '') lines.push(`${key}: ${oneLine(value)}`);
  }
  return `${DELIMITER}\n${lines.join('\n')}\n${DELIMITER}\n`;
}

/** A value on one line: line breaks would end the key. */
function oneLine(value: string): string {
  return value.replace(/[ \t]*\n[ \t\n]*/g, ' ');
}

function isMetaKey(key: string): key is MetaKey {
  return (ALL_KEYS as readonly string[]).includes(key);
}

/** True for a real calendar day `YYYY-MM-DD` from 1949 to 2100. */
export function isIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (m === null) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return year >= 1949 && year <= 2100 && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function isLevel(value: string): value is Level {
  return (LEVELS as readonly string[]).includes(value);
}

/**
 * Splits a corpus file into validated metadata and body. `text` must already have `\n` line
 * ends and no byte-order mark. Throws {@link CorpusError} naming the file and the field.
 */
export function parseFrontMatter(file: string, text: string): FrontMatter {
  const lines = text.split('\n');
  if (lines[0]?.trim() !== DELIMITER) {
    throw new CorpusError(file, `front matter missing: the file must start with a "${DELIMITER}" line`);
  }
  const close = lines.findIndex((line, i) => i > 0 && line.trim() === DELIMITER);
  if (close < 0) throw new CorpusError(file, `front matter not closed: no second "${DELIMITER}" line`);
  const values = new Map<MetaKey, string>();
  for (let i = 1; i < close; i++) {
    const line = lines[i] ?? '';
    if (line.trim() === '') continue;
    const colon = line.indexOf(':');
    if (colon < 0) throw new CorpusError(file, `front matter line ${String(i + 1)} is not "key: value", got "${line}"`);
    const key = line.slice(0, colon).trim();
    // Bidirectional controls would reorder the title, region or source wherever they are shown.
    const value = withoutBidiControls(line.slice(colon + 1)).trim();
    if (!isMetaKey(key)) {
      throw new CorpusError(file, `front matter has unknown field "${key}" (expected ${ALL_KEYS.join(', ')})`);
    }
    if (values.has(key)) throw new CorpusError(file, `front matter "${key}" is given twice`);
    values.set(key, value);
  }
  const get = (key: RequiredKey): string => {
    const value = values.get(key);
    if (value === undefined) throw new CorpusError(file, `front matter "${key}" is missing`);
    if (value === '') throw new CorpusError(file, `front matter "${key}" is empty`);
    return value;
  };
  // Missing fields are reported in the order files list them.
  for (const key of META_KEYS) get(key);
  const id = get('id');
  const idLength = Array.from(id).length;
  if (idLength > DOC_ID_MAX_LENGTH) {
    throw new CorpusError(file, `front matter "id" must be at most ${String(DOC_ID_MAX_LENGTH)} characters, got ${String(idLength)}: "${id}"`);
  }
  if (!isDocId(id)) {
    throw new CorpusError(file, `front matter "id" must be lowercase letters, digits and single hyphens, got "${id}"`);
  }
  const level = get('level');
  if (!isLevel(level)) {
    throw new CorpusError(file, `front matter "level" must be one of ${LEVELS.join('/')}, got "${level}"`);
  }
  const yearText = get('year');
  const year = Number(yearText);
  if (!/^\d{4}$/.test(yearText) || year < 1949 || year > 2100) {
    throw new CorpusError(file, `front matter "year" must be a four-digit year from 1949 to 2100, got "${yearText}"`);
  }
  const meta: ReportMeta = {
    id,
    title: get('title'),
    region: get('region'),
    level,
    year,
    kind: get('kind'),
    source: get('source'),
  };
  for (const key of OPTIONAL_META_KEYS) {
    const value = values.get(key);
    if (value === undefined) continue;
    if (value === '') throw new CorpusError(file, `front matter "${key}" is empty; remove the line or give a value`);
    if (key === 'date' && !isIsoDate(value)) throw new CorpusError(file, `front matter "date" must be a day as YYYY-MM-DD, got "${value}"`);
    meta[key] = value;
  }
  return { meta, body: lines.slice(close + 1).join('\n'), bodyLine: close + 2 };
}
