/**
 * The site's public address, for the absolute links a reader copies (citations' permanent
 * links). The `Host` header is the client's to write: taken as is, `Host: evil.example/phish?x=`
 * would put the attacker's address into every citation of the page, and into a shared cache.
 * So the configured `BASE_URL` wins; without it, only a host on an allow-list (localhost by
 * default) is used, and any other request gets links relative to the site.
 */
import type { Request, RequestHandler } from 'express';

/** Hosts trusted from the `Host` header when no base URL is configured (`ALLOWED_HOSTS`). */
export const DEFAULT_ALLOWED_HOSTS: readonly string[] = ['localhost', '127.0.0.1', '[::1]'];

/** A host name or IP literal with an optional port: nothing a path, query or user-info could hide in. */
const HOST_SYNTAX = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*|\[[0-9a-f:.]+\])(?::(\d{1,5}))?$/i;

/** What decides the address of absolute links. */
export interface PublicAddress {
  /** `https://example.org` (no trailing slash), when configured. */
  baseUrl: string | undefined;
  /** Host names (without port, lower case) accepted from the request when `baseUrl` is unset. */
  allowedHosts: ReadonlySet<string>;
}

/** Checks and normalises a configured base URL (`BASE_URL`): http(s), no query or fragment. */
export function parseBaseUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`web: BASE_URL must be an absolute http(s) address, got "${value}"`);
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '') {
    throw new Error(`web: BASE_URL must be an absolute http(s) address without query, fragment or credentials, got "${value}"`);
  }
  return url.href.replace(/\/+$/, '');
}

/** The allow-list from `ALLOWED_HOSTS` (comma-separated host names); the default when unset. */
export function parseAllowedHosts(value: string | undefined): Set<string> {
  if (value === undefined || value.trim() === '') return new Set(DEFAULT_ALLOWED_HOSTS);
  const hosts = value
    .split(',')
    .map((host) => host.trim().toLowerCase())
    .filter((host) => host !== '');
  for (const host of hosts) if (!HOST_SYNTAX.test(host)) throw new Error(`web: ALLOWED_HOSTS holds an invalid host name "${host}"`);
  return new Set(hosts);
}

/**
 * The origin for absolute links in the answer to `req`: the configured base URL, else the
 * request's scheme and host when the host is well formed and allowed, else `''` (links
 * relative to the site).
 */
export function originFor(req: Request, address: PublicAddress): string {
  if (address.baseUrl !== undefined) return address.baseUrl;
  const host = req.get('host');
  if (host === undefined) return '';
  const match = HOST_SYNTAX.exec(host);
  if (match === null) return '';
  const port = match[1];
  if (port !== undefined && Number(port) > 65535) return '';
  const name = (port === undefined ? host : host.slice(0, host.length - port.length - 1)).toLowerCase();
  if (!address.allowedHosts.has(name)) return '';
  return `${req.protocol}://${host.toLowerCase()}`;
}

/**
 * Caching of pages and API answers: fresh for a minute in any cache; when links depend on the
 * request's host (no base URL), a cache must key on it. Errors say `no-store` themselves.
 */
export function cacheHeaders(address: PublicAddress, trustsProxy: boolean): RequestHandler {
  return (_req, res, next) => {
    res.set('Cache-Control', 'public, max-age=60');
    if (address.baseUrl === undefined) res.vary(trustsProxy ? 'Host, X-Forwarded-Host, X-Forwarded-Proto' : 'Host');
    next();
  };
}
