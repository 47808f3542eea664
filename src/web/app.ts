import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { constants as zlibConstants } from 'node:zlib';
import compression from 'compression';
import express from 'express';
import { LEVELS, type Level } from '../ingest/types.js';
import type { SearchService } from '../search/types.js';
import { errorHandler, notFound } from './error-handler.js';
import { markedHtml } from './html.js';
import { compareUrl, docUrl, searchUrl } from './links.js';
import { consoleLogger, type Logger } from './logger.js';
import { requestId } from './request-id.js';
import { AnswerCache, ANSWER_COMPRESSION } from './answer-cache.js';
import { apiRoutes } from './routes/api.js';
import { siteRoutes } from './routes/site.js';
import { securityHeaders } from './security.js';
import { preCompressedAssets } from './static-assets.js';

/** Options of {@link createApp}. */
export interface AppOptions {
  /** The search core; the only way the web layer reaches the corpus. */
  service: SearchService;
  /** Absolute address of the site (`https://example.org`), for permanent links in citations; taken from each request when unset. */
  baseUrl?: string;
  /** Where faults are logged, with the request id; JSON lines on stdout/stderr by default. */
  logger?: Logger;
  /** The clock for citation dates; `() => new Date()` by default. */
  now?: () => Date;
  /**
   * The cache of encoded API answers (`AnswerCache`); one of `DEFAULT_ANSWER_CACHE`'s size by
   * default, kept in `app.locals.answerCache`. Whoever swaps the index behind `service` calls
   * its `clear()` (or gives it a `generation`).
   */
  answerCache?: AnswerCache;
}

const VIEWS_DIR = fileURLToPath(new URL('../../views', import.meta.url));
const PUBLIC_DIR = fileURLToPath(new URL('../../public', import.meta.url));
const ASSETS = ['site.css', 'site.js'] as const;

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

/**
 * The web application: JSON API under `/api/`, the site's pages, static assets under
 * `/static/`, `/healthz`. Does not listen; the caller does.
 */
export function createApp(options: AppOptions): express.Express {
  const { service } = options;
  const logger = options.logger ?? consoleLogger;
  const knownIds = new Set(service.documents().map((d) => d.id));
  const baseUrl = options.baseUrl?.replace(/\/+$/, '');

  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.set('views', VIEWS_DIR);
  app.set('view engine', 'ejs');
  app.set('view cache', true);
  app.set('view options', { rmWhitespace: true });
  app.set('etag', false);
  Object.assign(app.locals, {
    assets: assetUrls(),
    levels: LEVELS,
    levelClass: (level: Level) => LEVEL_CLASS[level],
    markedHtml,
    searchUrl,
    docUrl,
    compareUrl,
  });

  app.use(requestId);
  // Reader pages carry every paragraph with its citation; compression takes them from ~155 KB to
  // a fraction, at the cheap settings of API answers (brotli for browsers, which all accept it).
  app.use(
    compression({
      level: ANSWER_COMPRESSION.gzipLevel,
      brotli: { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: ANSWER_COMPRESSION.brotliQuality, [zlibConstants.BROTLI_PARAM_MODE]: zlibConstants.BROTLI_MODE_TEXT } },
    }),
  );
  app.use(securityHeaders());
  app.use('/static', preCompressedAssets(PUBLIC_DIR, ASSETS));
  app.use('/static', express.static(PUBLIC_DIR, { index: false, fallthrough: true, maxAge: '7d', dotfiles: 'ignore' }));

  app.get('/healthz', (_req, res) => {
    res.set('Cache-Control', 'no-store').json({ status: 'ok', documents: knownIds.size });
  });
  const answerCache = options.answerCache ?? new AnswerCache();
  app.locals.answerCache = answerCache;
  app.use('/api', apiRoutes(service, knownIds, answerCache));
  app.use(siteRoutes(service, { baseUrl, now: options.now ?? (() => new Date()) }));

  app.use(notFound);
  app.use(errorHandler(logger));
  return app;
}
