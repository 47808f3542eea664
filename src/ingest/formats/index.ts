/** Import of documents in any format (PDF, Word, web pages, text) into the corpus. */
export { importDocument, checkFileName, originalPath, type ImportInput, type ImportOptions, type ImportResult, type ImportStats, type ImportedMeta } from './import.js';
export { importInto, writeImport, ORIGINALS_DIR, type WrittenImport } from './write.js';
export { IMPORT_LIMITS, type ImportLimits } from './limits.js';
export { EXTENSIONS, detectFormat } from './extract.js';
export { ImportError, type DocumentFormat } from './types.js';
export { inferMeta, isoDate, levelOf, type InferredMeta } from './metadata.js';
export { SameText, describeSameness, shinglesOf, SAME_TEXT_DEFAULTS, type Sameness, type SameTextOptions } from './same-text.js';
