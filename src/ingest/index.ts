/** Ingest: corpus files → reports with sections and paragraphs, nothing lost. */
export type { Block, HeadingBlock, Level, LineRange, ParagraphBlock, Report, ReportMeta } from './types.js';
export { LEVELS, OPTIONAL_META_KEYS } from './types.js';
export { CorpusError } from './errors.js';
export { reasonInChinese } from './reason-zh.js';
export { DOC_ID_MAX_LENGTH, DOC_ID_PATTERN, isDocId } from './id.js';
export { removeExtractionSpaces } from './spaces.js';
export { displayWidth } from './width.js';
export { formatFrontMatter, isIsoDate, parseFrontMatter, META_KEYS, type FrontMatter } from './frontmatter.js';
export { analyzeReport, parseReport, normaliseNewlines, type Analysis, type Repair } from './parse.js';
export type { Doubt } from './structure.js';
export type { DroppedLine } from './lines.js';
export type { Layout } from './reflow.js';
export { checkLossless, parsedText, sourceText, type LosslessResult } from './lossless.js';
export { analyzeCorpusSync, loadCorpus, loadCorpusSync, isCorpusFile, type AnalyzedCorpus, type CorpusProblem, type CorpusWarning, type LoadedCorpus } from './load.js';
export { decodeCorpusFile, type CorpusEncoding, type DecodedFile } from './decode.js';
export { corpusJson, formatSummaryTable, summarize, type CorpusJsonDocument, type ReportSummary } from './summary.js';
export { CORPUS_DIR, PROJECT_ROOT, SEEDS_DIR } from './paths.js';
export { generateCorpus, splitMultiSeed, MULTI_SEED, type CorpusFile } from './seeds.js';
