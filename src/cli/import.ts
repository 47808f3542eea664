/**
 * `npm run import -- FILE|DIR …`: imports PDFs, Word files, web pages and text files into the
 * corpus (a corpus file per document, the original under `corpus/originals/`), and prints per
 * file how it was read and what to fix, in Chinese. Directories are read recursively.
 *
 *   --dry-run          write nothing
 *   --json             print `{ documents: [{ file, title, region, level, year, kind, blocks }], problems: [{ file, message }] }`
 *   --corpus DIR       corpus directory (default: CORPUS_DIR or corpus/)
 *   --title/--region/--level/--year/--kind T   metadata for every file given (wins over the document)
 *   --no-ocr           refuse scanned PDFs instead of recognising them
 *   --allow-duplicate  import a report even when the corpus already holds the same text
 *
 * Exits 1 when a file was refused or nothing was given, 2 on a bad argument.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CORPUS_DIR } from '../ingest/paths.js';
import { describeSameness, EXTENSIONS, ImportError, importDocument, SameText, writeImport, type ImportOptions } from '../ingest/formats/index.js';
import { LEVELS, type Level } from '../ingest/types.js';
import { formatImportReport, type Outcome } from './import-report.js';
import { runCommand } from './run.js';

const USAGE = 'usage: import [--dry-run] [--json] [--corpus DIR] [--title T] [--region R] [--level 省|市|区|县|镇] [--year YYYY] [--kind K] [--no-ocr] [--allow-duplicate] FILE|DIR …';
/** Deepest folder level read under a directory argument. */
const MAX_DEPTH = 6;
const READABLE = new Set(Object.values(EXTENSIONS).flat());

class UsageError extends Error {}

/** Files under a directory with a readable extension, in name order; hidden entries skipped. */
async function filesUnder(dir: string, depth = 0): Promise<string[]> {
  if (depth > MAX_DEPTH) return [];
  const entries = (await readdir(dir, { withFileTypes: true })).filter((e) => !e.name.startsWith('.')).sort((a, b) => (a.name < b.name ? -1 : 1));
  const out: string[] = [];
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(path, depth + 1)));
    else if (READABLE.has(entry.name.slice(entry.name.lastIndexOf('.')).toLowerCase()) || /\.(?:doc|wps|ofd)$/i.test(entry.name)) out.push(path);
  }
  return out;
}

function metaOptions(values: Record<string, string | boolean | undefined>): ImportOptions['meta'] {
  const meta: NonNullable<ImportOptions['meta']> = {};
  const text = (key: string): string | undefined => (typeof values[key] === 'string' ? values[key] : undefined);
  const title = text('title');
  const region = text('region');
  const kind = text('kind');
  const level = text('level');
  const year = text('year');
  if (title !== undefined) meta.title = title;
  if (region !== undefined) meta.region = region;
  if (kind !== undefined) meta.kind = kind;
  if (level !== undefined) {
    if (!(LEVELS as readonly string[]).includes(level)) throw new UsageError(`--level 应为 ${LEVELS.join('/')} 之一，收到“${level}”`);
    meta.level = level as Level;
  }
  if (year !== undefined) {
    if (!/^\d{4}$/.test(year)) throw new UsageError(`--year 应为四位年份，收到“${year}”`);
    meta.year = Number(year);
  }
  return meta;
}

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        'dry-run': { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        corpus: { type: 'string' },
        title: { type: 'string' },
        region: { type: 'string' },
        level: { type: 'string' },
        year: { type: 'string' },
        kind: { type: 'string' },
        'no-ocr': { type: 'boolean', default: false },
        'allow-duplicate': { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    process.stderr.write(`import: ${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (positionals.length === 0) {
    process.stderr.write(`import: 请给出要导入的文件或文件夹\n${USAGE}\n`);
    return 2;
  }
  let meta: ImportOptions['meta'];
  try {
    meta = metaOptions(values);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`import: ${error.message}\n${USAGE}\n`);
    return 2;
  }
  const corpusDir = resolve(values.corpus ?? process.env.CORPUS_DIR ?? CORPUS_DIR);
  const outcomes: Outcome[] = [];
  const texts = await SameText.read(corpusDir);
  const paths: string[] = [];
  for (const arg of positionals) {
    try {
      const info = await stat(arg);
      paths.push(...(info.isDirectory() ? await filesUnder(arg) : [arg]));
    } catch (error) {
      outcomes.push({ file: arg, refused: `${arg}：无法读取（${(error as NodeJS.ErrnoException).code ?? String(error)}）` });
    }
  }
  for (const path of paths) {
    const name = basename(path);
    try {
      const bytes = await readFile(path);
      const result = await importDocument({ name, bytes }, { meta, ocr: !values['no-ocr'] });
      const same = values['allow-duplicate'] ? null : texts.find(result.corpusFile.name, result.corpusFile.text);
      if (same?.same === true) {
        outcomes.push({ file: path, duplicate: `${path}：${describeSameness(same)}（如确需另存一份，请加 --allow-duplicate）` });
      } else {
        if (same !== null) result.problems.push(`${name}：${describeSameness(same)}`);
        if (values['dry-run']) outcomes.push({ file: path, result, written: null, kept: [] });
        else {
          const written = await writeImport(corpusDir, result, bytes);
          outcomes.push({ file: path, result, written: relative(process.cwd(), written.corpusFile), kept: written.kept });
        }
        // A folder holding one report twice is told of the second copy too.
        texts.add(result.corpusFile.name, result.corpusFile.text);
      }
    } catch (error) {
      if (!(error instanceof ImportError)) throw error;
      outcomes.push({ file: path, refused: error.message });
    }
    if (!values.json) process.stdout.write(formatImportReport([outcomes[outcomes.length - 1] as Outcome], false));
  }
  if (values.json) {
    const documents = outcomes.flatMap((o) =>
      'result' in o ? [{ file: o.file, title: o.result.metadata.title, region: o.result.metadata.region, level: o.result.metadata.level, year: o.result.metadata.year, kind: o.result.metadata.kind, blocks: o.result.blocks }] : [],
    );
    const problems = outcomes.flatMap((o) => ('result' in o ? o.result.problems.map((message) => ({ file: o.file, message })) : [{ file: o.file, message: 'refused' in o ? o.refused : o.duplicate }]));
    process.stdout.write(`${JSON.stringify({ documents, problems }, null, 2)}\n`);
  } else {
    process.stdout.write(formatImportReport(outcomes, true));
  }
  return outcomes.some((o) => 'refused' in o) || outcomes.length === 0 ? 1 : 0;
}

runCommand('import', main);
