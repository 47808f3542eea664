import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';

/**
 * Starts `app` on `port` (0: any free port) and resolves once it listens. Without `host` it
 * listens on every interface, IPv6 included where the system has it.
 */
export function listen(app: Express, port: number, host?: string): Promise<{ server: Server; url: string }> {
  return new Promise((resolve, reject) => {
    const server = createServer(app);
    server.once('error', reject);
    server.once('listening', () => {
      server.off('error', reject);
      const address = server.address() as AddressInfo;
      const shown = host === undefined || host === '::' || host === '0.0.0.0' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
      resolve({ server, url: `http://${shown}:${String(address.port)}` });
    });
    if (host === undefined) server.listen(port);
    else server.listen(port, host);
  });
}

/**
 * Stops accepting connections and resolves when the requests in flight have been answered;
 * idle keep-alive connections are closed at once, busy ones after their response. After
 * `timeoutMs` the remaining connections are cut and the promise resolves with `false`.
 */
export function shutdown(server: Server, timeoutMs = 10_000): Promise<boolean> {
  return new Promise((resolve) => {
    // A keep-alive connection turns idle when its response ends; close those as they do.
    const sweep = setInterval(() => {
      server.closeIdleConnections();
    }, 50);
    const timer = setTimeout(() => {
      clearInterval(sweep);
      server.closeAllConnections();
      resolve(false);
    }, timeoutMs);
    timer.unref();
    server.close(() => {
      clearInterval(sweep);
      clearTimeout(timer);
      resolve(true);
    });
    server.closeIdleConnections();
  });
}
