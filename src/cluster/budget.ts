/**
 * The time budget a web front on a cluster gives each search by default. The embedded index's
 * 50 ms (`ADMISSION_DEFAULTS.budgetMs`) suits an index in the process; a cluster answer costs
 * round trips to every shard and the front's check of every candidate, and grows with the
 * corpus (BENCHMARKS.md, `## Cluster (SphinxQL)`: p99 of the query mix about 0.1 s at 10×,
 * 1.5 s at 100×, 3 s at 200× on this 2-core machine under load, about 10 µs per paragraph).
 * With 50 ms most answers at 100× came back partial: an archive's reader expects whole answers
 * to ordinary queries, and a partial one only for the pathological few. So the default is sized
 * from the corpus (its paragraphs) to the measured p99, within bounds; `SEARCH_BUDGET_MS`
 * overrides it, and `npm run cluster -- up` prints it with the rest of the front's environment.
 */

/** How the default budget is sized. */
export const CLUSTER_BUDGET = {
  /** Milliseconds per paragraph of the corpus (the measured p99 per paragraph, rounded up). */
  perParagraphMs: 0.01,
  /** Floor: round trips through the front to every agent, on a small corpus. */
  minMs: 250,
  /** Ceiling: past it, a reader is better served by a partial answer saying so (and the operator by more nodes). */
  maxMs: 10_000,
} as const;

/** The default time budget, in milliseconds (a multiple of 50), of a search over a cluster holding `paragraphs` paragraphs. */
export function clusterBudgetMs(paragraphs: number): number {
  if (!Number.isFinite(paragraphs) || paragraphs < 0) throw new Error(`cluster: a paragraph count must be a non-negative number, got ${String(paragraphs)}`);
  const sized = Math.ceil((paragraphs * CLUSTER_BUDGET.perParagraphMs) / 50) * 50;
  return Math.min(CLUSTER_BUDGET.maxMs, Math.max(CLUSTER_BUDGET.minMs, sized));
}

/** `settings` (the gate's, from the environment) with the cluster's default budget where they name none. */
export function withClusterBudget<T extends { budgetMs?: number }>(settings: T, paragraphs: number): T & { budgetMs: number } {
  return { ...settings, budgetMs: settings.budgetMs ?? clusterBudgetMs(paragraphs) };
}
