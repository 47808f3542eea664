import { fileURLToPath } from 'node:url';
import type { Express } from 'express';
import { openSearchService } from '../../src/search/index.js';
import type { SearchService } from '../../src/search/types.js';
import { createApp } from '../../src/web/app.js';
import type { Logger } from '../../src/web/logger.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The bundled corpus and the project's saved index. */
export const CORPUS_DIR = `${ROOT}corpus`;
export const INDEX_DIR = `${ROOT}var/index`;

let opening: Promise<SearchService> | undefined;

/** The real search service on the bundled corpus, opened once for all web tests. */
export function corpusService(): Promise<SearchService> {
  opening ??= openSearchService({ corpusDir: CORPUS_DIR, indexDir: INDEX_DIR });
  return opening;
}

/** A fixed clock, so citations are exact. */
export const CITED_ON = new Date('2026-03-15T08:00:00Z');

/** A logger that keeps what it is told. */
export function memoryLogger(): Logger & { lines: Array<{ level: string; message: string; fields: Record<string, unknown> | undefined }> } {
  const lines: Array<{ level: string; message: string; fields: Record<string, unknown> | undefined }> = [];
  return {
    lines,
    info(message, fields) {
      lines.push({ level: 'info', message, fields });
    },
    error(message, fields) {
      lines.push({ level: 'error', message, fields });
    },
  };
}

/**
 * The search budget of apps whose answers tests compare exactly: the default (50 ms of wall
 * time) cuts a comparison short when other processes take the machine's cores, as during a
 * full test run; the budget's own tests set theirs.
 */
export const TEST_BUDGET = { budgetMs: 60_000 } as const;

/** The app on the real service with a fixed base URL and clock. */
export async function corpusApp(logger: Logger = memoryLogger()): Promise<{ app: Express; service: SearchService }> {
  const service = await corpusService();
  return { app: createApp({ service, baseUrl: 'https://search.example.org', logger, now: () => CITED_ON, admission: TEST_BUDGET }), service };
}

/** `/search?q=…` with the query encoded. */
export function q(path: string, query: string, extra = ''): string {
  return `${path}?q=${encodeURIComponent(query)}${extra}`;
}

/** `service` with `search` failing as a fault of ours would (`message` is the fault's, not the user's). */
export function failingSearch(service: SearchService, message: string): SearchService {
  return {
    documents: () => service.documents(),
    search: () => Promise.reject(new Error(message)),
    compare: (query) => service.compare(query),
    suggest: (prefix, limit) => service.suggest(prefix, limit),
    read: (...args: Parameters<SearchService['read']>) => service.read(...args),
    hitList: (query, options) => service.hitList(query, options),
    concordance: (query, options) => service.concordance(query, options),
    distinctiveTerms: (id, limit) => service.distinctiveTerms(id, limit),
    contrastTerms: (ids, limit) => service.contrastTerms(ids, limit),
  };
}
