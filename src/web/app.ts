import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { constants as zlibConstants } from 'node:zlib';
import compression from 'compression';
import express from 'express';
import { LEVELS, type Level } from '../ingest/types.js';
import { fixedGenerations, type Generations } from '../search/generation.js';
import type { SearchService } from '../search/types.js';
import { Admission, type AdmissionOptions } from './admission.js';
import { currentFrom, currentOf } from './current.js';
import { errorHandler, notFound } from './error-handler.js';
import { chineseDate } from './dates.js';
import { markedHtml } from './html.js';
import { cacheHeaders, DEFAULT_ALLOWED_HOSTS, parseBaseUrl, type PublicAddress } from './public-address.js';
import { compareUrl, docUrl, searchUrl } from './links.js';
import { consoleLogger, type Logger } from './logger.js';
import { requestId } from './request-id.js';
import { AnswerCache, ANSWER_COMPRESSION } from './answer-cache.js';
import { apiRoutes } from './routes/api.js';
import type { SiteContext } from './routes/context.js';
import { siteRoutes } from './routes/site.js';
import { workbenchApiRoutes } from './routes/workbench-api.js';
import { securityHeaders } from './security.js';
import { preCompressedAssets } from './static-assets.js';

/** Options of {@link createApp}: the search service, or the generations of a live corpus. */
export type AppOptions = AppSettings & ({ service: SearchService; generations?: never } | { generations: Generations; service?: never });

/** Options of {@link createApp} besides what it serves. */
export interface AppSettings {
  /** Absolute address of the site (`https://example.org`), for permanent links in citations; taken from each request when unset. */
  baseUrl?: string;
  /** Where faults are logged, with the request id; JSON lines on stdout/stderr by default. */
  logger?: Logger;
  /** The clock for citation dates; `() => new Date()` by default. */
  now?: () => Date;
  /** Host names trusted from the `Host` header without a base URL; `DEFAULT_ALLOWED_HOSTS` (localhost) by default. */
  allowedHosts?: readonly string[];
  /**
   * Express's `trust proxy` (e.g. `loopback`, `10.0.0.0/8`, a hop count): whose
   * `X-Forwarded-For` tells clients apart for the gate. Unset: the connection's address.
   */
  trustProxy?: string | number;
  /** What an operator should know about this server (an index served from memory only), shown on `/healthz`. */
  warnings?: readonly string[];
  /** The gate of the routes doing search work, or settings for a new one (defaults in `ADMISSION_DEFAULTS`). */
  admission?: Admission | Partial<AdmissionOptions>;
  /**
   * The cache of encoded API answers (`AnswerCache`); by default one of `DEFAULT_ANSWER_CACHE`'s
   * size that empties itself when `generations` swaps in a new generation, kept in
   * `app.locals.answerCache`. One given here must do the same (a `generation`, or `clear()`).
   */
  answerCache?: AnswerCache;
}

const VIEWS_DIR = fileURLToPath(new URL('../../views', import.meta.url));
const PUBLIC_DIR = fileURLToPath(new URL('../../public', import.meta.url));
const ASSETS = ['site.css', 'site.js'] as const;
/** Routes whose answers come encoded by `sendAnswer` (see `routes/api.ts`). */
const PRE_ENCODED = new Set(['/api/search', '/api/compare', '/api/suggest']);

/** CSS class of a level badge (`lv-qu`), ASCII so that selectors stay plain. */
const LEVEL_CLASS: Record<Level, string> = { 省: 'lv-sheng', 市: 'lv-shi', 区: 'lv-qu', 县: 'lv-xian', 镇: 'lv-zhen' };

/** `/static/site.css?v=…`: the version changes with the content, so assets can be cached long. */
function assetUrls(): Record<string, string> {
  return Object.fromEntries(
    ASSETS.map((name) => {
      const hash = createHash('sha256').update(readFileSync(`${PUBLIC_DIR}/${name}`)).digest('hex').slice(0, 10);
      return [name, `/static/${name}?v=${hash}`];
    }),
  );
}

/** `/healthz`: the reports served and the generation serving them, with the live corpus's problems. */
function health(generations: Generations, gate: Admission, warnings: readonly string[]) {
  const generation = generations.current();
  const status = generations.status();
  return {
    status: 'ok',
    ...(warnings.length > 0 ? { warnings } : {}),
    search: { ...gate.load, refused: { ...gate.refused }, budgetMs: gate.options.budgetMs },
    documents: currentOf(generation).docs.length,
    generation: generation.number,
    builtAt: generation.builtAt.toISOString(),
    building: status.building,
    ...(status.lastAttemptAt !== undefined ? { lastAttemptAt: status.lastAttemptAt } : {}),
    ...(status.lastBuild !== undefined ? { lastBuild: status.lastBuild } : {}),
    leftOut: generation.leftOut.map(({ file, reason }) => ({ file, reason })),
    notImported: status.notImported.map(({ file, reason }) => ({ file, reason })),
    problems: status.problems,
  };
}

/**
 * The web application: JSON API under `/api/`, the site's pages, static assets under
 * `/static/`, `/healthz`. Does not listen; the caller does.
 */
export function createApp(options: AppOptions): express.Express {
  // "The current generation": every route takes `current()` once per request. Anything cached
  // across requests (answers, lookups) is keyed by the generation or emptied in `generations.onSwap`.
  const generations = options.generations ?? fixedGenerations(options.service);
  const current = currentFrom(generations);
  const logger = options.logger ?? consoleLogger;
  const address: PublicAddress = {
    baseUrl: options.baseUrl === undefined ? undefined : parseBaseUrl(options.baseUrl),
    allowedHosts: new Set((options.allowedHosts ?? DEFAULT_ALLOWED_HOSTS).map((host) => host.toLowerCase())),
  };
  const baseUrl = address.baseUrl;
  const gate = options.admission instanceof Admission ? options.admission : new Admission(options.admission);

  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.set('views', VIEWS_DIR);
  app.set('view engine', 'ejs');
  app.set('view cache', true);
  app.set('view options', { rmWhitespace: true });
  app.set('etag', false);
  if (options.trustProxy !== undefined) app.set('trust proxy', options.trustProxy);
  Object.assign(app.locals, {
    assets: assetUrls(),
    levels: LEVELS,
    levelClass: (level: Level) => LEVEL_CLASS[level],
    markedHtml,
    chineseDate,
    searchUrl,
    docUrl,
    compareUrl,
  });

  app.use(requestId);
  // Reader pages carry every paragraph with its citation; compression takes them from ~155 KB to
  // a fraction, at the cheap settings of API answers (brotli for browsers, which all accept it).
  const compress = compression({
    level: ANSWER_COMPRESSION.gzipLevel,
    brotli: { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: ANSWER_COMPRESSION.brotliQuality, [zlibConstants.BROTLI_PARAM_MODE]: zlibConstants.BROTLI_MODE_TEXT } },
  });
  // The cached API routes send answers already encoded (`send-answer.ts`): the middleware's
  // wrapping of their headers and writes would be work for nothing on the busiest routes.
  app.use((req, res, next) => {
    if (PRE_ENCODED.has(req.path)) next();
    else compress(req, res, next);
  });
  app.use(securityHeaders());
  app.use('/static', preCompressedAssets(PUBLIC_DIR, ASSETS));
  app.use('/static', express.static(PUBLIC_DIR, { index: false, fallthrough: true, maxAge: '7d', dotfiles: 'ignore' }));

  app.use(cacheHeaders(address, options.trustProxy !== undefined));
  app.get('/healthz', (_req, res) => {
    res.set('Cache-Control', 'no-store').json(health(generations, gate, options.warnings ?? []));
  });
  // Answers of another generation are never served: the cache empties when the current one changes.
  const answerCache = options.answerCache ?? new AnswerCache({ generation: () => generations.current() });
  app.locals.answerCache = answerCache;
  const ctx: SiteContext = { current, generations, baseUrl, address, gate, now: options.now ?? (() => new Date()) };
  app.use('/api', apiRoutes(current, gate, answerCache), workbenchApiRoutes(ctx));
  app.use(siteRoutes(ctx));

  app.use(notFound);
  app.use(errorHandler(logger));
  return app;
}
