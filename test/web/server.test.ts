import { Agent, request as httpRequest } from 'node:http';
import { expect } from 'chai';
import express from 'express';
import { listen, shutdown } from '../../src/web/server.js';

function get(url: string, agent: Agent | false = false): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    httpRequest(url, { agent }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, body });
      });
    })
      .on('error', reject)
      .end();
  });
}

describe('server', () => {
  describe('#listen', () => {
    it('rejects when the port is taken', async () => {
      const { server, url } = await listen(express(), 0, '127.0.0.1');
      const port = Number(new URL(url).port);
      let code = '';
      await listen(express(), port, '127.0.0.1').catch((error: unknown) => {
        code = (error as NodeJS.ErrnoException).code ?? '';
      });
      expect(code).to.equal('EADDRINUSE');
      await shutdown(server, 1000);
    });
  });

  describe('#shutdown', () => {
    it('lets a request in flight finish, then refuses new connections', async () => {
      const app = express();
      app.get('/slow', (_req, res) => {
        setTimeout(() => res.send('done'), 200);
      });
      const { server, url } = await listen(app, 0, '127.0.0.1');
      expect(url).to.match(/^http:\/\/127\.0\.0\.1:\d+$/);
      const inFlight = get(`${url}/slow`);
      await new Promise((resolve) => setTimeout(resolve, 50));
      const closed = shutdown(server, 5000);
      expect(await inFlight).to.deep.equal({ status: 200, body: 'done' });
      expect(await closed).to.equal(true);
      let refused = false;
      await get(`${url}/slow`).catch((error: unknown) => {
        refused = (error as NodeJS.ErrnoException).code === 'ECONNREFUSED';
      });
      expect(refused).to.equal(true);
    });

    it('closes keep-alive connections once their response is sent', async () => {
      const app = express();
      app.get('/slow', (_req, res) => {
        setTimeout(() => res.send('done'), 100);
      });
      const { server, url } = await listen(app, 0, '127.0.0.1');
      const agent = new Agent({ keepAlive: true });
      const inFlight = get(`${url}/slow`, agent);
      await new Promise((resolve) => setTimeout(resolve, 30));
      const started = Date.now();
      expect(await shutdown(server, 5000)).to.equal(true);
      expect(await inFlight).to.deep.equal({ status: 200, body: 'done' });
      expect(Date.now() - started).to.be.below(1000);
      agent.destroy();
    });

    it('cuts connections still open after the timeout', async () => {
      const app = express();
      app.get('/hang', () => {
        /* never answers */
      });
      const { server, url } = await listen(app, 0, '127.0.0.1');
      const hanging = get(`${url}/hang`).catch(() => 'cut');
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(await shutdown(server, 100)).to.equal(false);
      expect(await hanging).to.equal('cut');
    });
  });
});
