/**
 * "The current generation" as the web layer sees it: the generation answering now and what is
 * derived from its documents (known ids, summaries by id, short labels), computed once per
 * generation. A request takes it once, at its start, and answers from it throughout; a swap is
 * followed because the next request takes the next generation.
 */
import type { Generation, Generations } from '../search/generation.js';
import type { DocSummary, SearchService } from '../search/types.js';

/** One generation with its derived lookups. */
export interface Current {
  generation: Generation;
  service: SearchService;
  /** Documents in corpus order. */
  docs: readonly DocSummary[];
  knownIds: ReadonlySet<string>;
  docsById: ReadonlyMap<string, DocSummary>;
  /** Short report names for facets and charts, by id. */
  labels: ReadonlyMap<string, string>;
}

/**
 * Short names of reports for facets and charts, short enough for a phone: the region when it
 * names one report (`XX区·01`), else region, year and edition (`镇江市 2024 摘要`).
 */
export function shortLabels(docs: readonly DocSummary[]): Map<string, string> {
  const perRegion = new Map<string, number>();
  for (const d of docs) perRegion.set(d.region, (perRegion.get(d.region) ?? 0) + 1);
  return new Map(docs.map((d) => [d.id, perRegion.get(d.region) === 1 ? d.region : `${d.region} ${String(d.year)} ${d.kind}`]));
}

const derived = new WeakMap<Generation, Current>();

/** The lookups of `generation`, derived on first use and kept as long as the generation is. */
export function currentOf(generation: Generation): Current {
  let found = derived.get(generation);
  if (found === undefined) {
    const docs = generation.service.documents();
    found = {
      generation,
      service: generation.service,
      docs,
      knownIds: new Set(docs.map((d) => d.id)),
      docsById: new Map(docs.map((d) => [d.id, d])),
      labels: shortLabels(docs),
    };
    derived.set(generation, found);
  }
  return found;
}

/** A function giving the current generation's lookups of `generations`. */
export function currentFrom(generations: Generations): () => Current {
  return () => currentOf(generations.current());
}
