/**
 * Text analysis: normalisation and the single `analyze()` used for indexing and querying.
 */
export { analyze, analyzeNormalized, type AnalyzeOptions, type Token } from './analyze.js';
export { normalize, normalizeQuery } from './normalize.js';
export { analyzerVersion } from './version.js';
export { addCorpusTerms, quotedCorpusTerms, restoreCorpusTerms } from './corpus-terms.js';
export { addedWords, addWords, segmenterGeneration } from './segment.js';
export { isStopWord, STOP_WORDS } from './stopwords.js';
export { analyzerStats, resetAnalyzerStats, type AnalyzerStats } from './stats.js';
export { parseVariants, variantsOf, variantTable, VARIANTS_PATH, type VariantTable } from './variants.js';
export { dropZeroWidth, expansionOf, foldCompatibility, isTransparent, squeeze } from './fold.js';
export { straddlesWords } from './straddle.js';
