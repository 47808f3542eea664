import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';

/**
 * Makes `server.closeIdleConnections()` spare responses still being sent. Node's own (which
 * `server.close()` calls too) destroys every connection whose response has *ended*, also when
 * its bytes still sit in the socket's buffer because the client reads slowly: a large page
 * would arrive cut. Node's connection list is private, so while any response is flushing the
 * call waits for a later one ({@link shutdown} sweeps every 50 ms).
 */
function keepFlushingResponses(server: Server): void {
  const responses = new Set<ServerResponse>();
  server.on('request', (_req, res: ServerResponse) => {
    responses.add(res);
    res.once('close', () => {
      responses.delete(res);
    });
  });
  const closeIdle = server.closeIdleConnections.bind(server);
  server.closeIdleConnections = () => {
    for (const res of responses) if (res.writableEnded && !res.writableFinished) return;
    closeIdle();
  };
}

/**
 * Starts `app` on `port` (0: any free port) and resolves once it listens. Without `host` it
 * listens on every interface, IPv6 included where the system has it.
 */
export function listen(app: Express, port: number, host?: string): Promise<{ server: Server; url: string }> {
  return new Promise((resolve, reject) => {
    const server = createServer(app);
    keepFlushingResponses(server);
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
