import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import compression from 'compression';
import express from 'express';
import { LEVELS, type Level } from '../ingest/types.js';
import type { SearchService } from '../search/types.js';
import { Admission, type AdmissionOptions } from './admission.js';
import { errorHandler, notFound } from './error-handler.js';
import { markedHtml } from './html.js';
import { cacheHeaders, DEFAULT_ALLOWED_HOSTS, parseBaseUrl, type PublicAddress } from './public-address.js';
import { compareUrl, docUrl, searchUrl } from './links.js';
import { consoleLogger, type Logger } from './logger.js';
import { requestId } from './request-id.js';
import { apiRoutes } from './routes/api.js';
import { siteRoutes } from './routes/site.js';
import { securityHeaders } from './security.js';

/** Options of {@link createApp}. */
export interface AppOptions {
  /** The search core; the only way the web layer reaches the corpus. */
  service: SearchService;
  /**
   * Absolute address of the site (`https://example.org`), for permanent links in citations.
   * When unset, the request's `Host` is used only if it is in `allowedHosts`; other requests get
   * links relative to the site.
   */
  baseUrl?: string;
  /** Host names trusted from the `Host` header without a base URL; `DEFAULT_ALLOWED_HOSTS` (localhost) by default. */
  allowedHosts?: readonly string[];
  /** Where faults are logged, with the request id; JSON lines on stdout/stderr by default. */
  logger?: Logger;
  /** The clock for citation dates; `() => new Date()` by default. */
  now?: () => Date;
  /** What an operator should know about this server (an index served from memory only), shown on `/healthz`. */
  warnings?: readonly string[];
  /** The gate of the routes doing search work, or settings for a new one (defaults in `ADMISSION_DEFAULTS`). */
  admission?: Admission | Partial<AdmissionOptions>;
  /**
   * Express's `trust proxy` (e.g. `loopback`, `10.0.0.0/8`, a hop count): whose
   * `X-Forwarded-For` tells clients apart for the gate. Unset: the connection's address.
   */
  trustProxy?: string | number;
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
  const address: PublicAddress = {
    baseUrl: options.baseUrl === undefined ? undefined : parseBaseUrl(options.baseUrl),
    allowedHosts: new Set((options.allowedHosts ?? DEFAULT_ALLOWED_HOSTS).map((host) => host.toLowerCase())),
  };
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
    searchUrl,
    docUrl,
    compareUrl,
  });

  app.use(requestId);
  // Reader pages carry every paragraph with its citation; gzip takes them from ~155 KB to a fraction.
  app.use(compression());
  app.use(securityHeaders());
  app.use('/static', express.static(PUBLIC_DIR, { index: false, fallthrough: true, maxAge: '7d', dotfiles: 'ignore' }));

  app.use(cacheHeaders(address, options.trustProxy !== undefined));
  app.get('/healthz', (_req, res) => {
    const warnings = options.warnings ?? [];
    res.set('Cache-Control', 'no-store').json({
      status: 'ok',
      documents: knownIds.size,
      search: { ...gate.load, refused: { ...gate.refused } },
      ...(warnings.length > 0 ? { warnings } : {}),
    });
  });
  app.use('/api', apiRoutes(service, knownIds, gate));
  app.use(siteRoutes(service, { address, now: options.now ?? (() => new Date()), gate }));

  app.use(notFound);
  app.use(errorHandler(logger));
  return app;
}
