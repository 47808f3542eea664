/** Builds every index structure from the ingested reports. */
import type { Report } from '../ingest/types.js';
import { analyze } from '../text/index.js';
import { normalize } from './analyzer.js';
import { buildNgramTables, NgramIndex, pathIndex } from './ngram.js';
import { buildParagraphTable } from './paragraphs.js';
import { RankedScorer } from './bm25.js';
import { buildRankedTables } from './shards.js';
import type { BuildProgress, SearchIndex } from './search-index.js';
import { VocabularyBuilder } from './vocabulary.js';

/** Builds the index over `reports`; `onProgress` follows the phases. */
export function buildSearchIndex(reports: readonly Report[], onProgress?: (progress: BuildProgress) => void): SearchIndex {
  const count = reports.reduce((sum, report) => sum + report.paragraphs.length, 0);
  const total = count * 3;
  const report = (phase: BuildProgress['phase'], base: number) => (done: number) => {
    onProgress?.({ phase, done: base + done, total });
  };
  const norms: string[] = [];
  const normaliseProgress = report('normalise', 0);
  for (const r of reports) {
    for (const paragraph of r.paragraphs) {
      norms.push(normalize(paragraph.text));
      if (norms.length % 256 === 0) normaliseProgress(norms.length);
    }
  }
  normaliseProgress(count);
  const table = buildParagraphTable(reports, norms);
  const ngramTables = buildNgramTables(norms, report('ngrams', count));
  // Each text is analysed once, as MiniSearch indexes it, for the vocabulary too; no token
  // lists are kept, and each MiniSearch shard is dropped once exported (peak memory at scale).
  const vocabularyBuilder = new VocabularyBuilder();
  for (const headings of table.headingNorms) for (const heading of headings) vocabularyBuilder.addHeading(heading);
  // MiniSearch is built in shards of paragraphs, each flattened and dropped before the next.
  const rankedTables = buildRankedTables(
    table,
    (id) => {
      const tokens = analyze(table.blocks[id]?.text ?? '', { mode: 'index' });
      vocabularyBuilder.add(tokens);
      return tokens.map((token) => token.term);
    },
    report('ranked', count * 2),
  );
  return {
    table,
    ngrams: new NgramIndex(norms, ngramTables),
    ngramTables,
    pathNgrams: pathIndex(table.paths),
    ranked: new RankedScorer(rankedTables),
    vocabulary: vocabularyBuilder.build(),
  };
}
