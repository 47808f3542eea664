/**
 * Finding 5 of the reliability review, reproduced: conditional and range requests on static
 * files (`Range: bytes=20000-`, `If-Match: "nope"`, `If-Unmodified-Since`) became 500s with a
 * stack trace in the log. HTTP has an answer for each (RFC 9110: 206, 304, 412, 416).
 */
import { statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import request from 'supertest';
import { createApp } from '../../src/web/app.js';
import { corpusService, memoryLogger } from '../web/helpers.js';

const CSS = fileURLToPath(new URL('../../public/site.css', import.meta.url));

describe('hardening: static files', () => {
  const size = statSync(CSS).size;

  async function site() {
    const logger = memoryLogger();
    return { app: createApp({ service: await corpusService(), logger }), logger };
  }

  it('answers a range beyond the end with 416 and the size, and logs no fault (was 500 and a stack trace)', async () => {
    const { app, logger } = await site();
    const res = await request(app).get('/static/site.css').set('Range', `bytes=${String(size + 100)}-`).expect(416);
    expect(res.headers['content-range']).to.equal(`bytes */${String(size)}`);
    expect(res.text).to.include('请求的字节范围超出文件大小');
    expect(logger.lines).to.deep.equal([]);
  });

  it('answers a satisfiable range with 206 and exactly those bytes', async () => {
    const { app } = await site();
    const res = await request(app).get('/static/site.css').set('Range', 'bytes=0-9').expect(206);
    expect(res.headers['content-range']).to.equal(`bytes 0-9/${String(size)}`);
    expect(res.headers['content-length']).to.equal('10');
  });

  it('answers a failed If-Match or If-Unmodified-Since with 412, and a matching one with the file', async () => {
    const { app, logger } = await site();
    const etag = (await request(app).get('/static/site.css').expect(200)).headers.etag as string;
    await request(app).get('/static/site.css').set('If-Match', '"nope"').expect(412);
    await request(app).get('/static/site.css').set('If-Unmodified-Since', 'Mon, 01 Jan 2001 00:00:00 GMT').expect(412);
    await request(app).get('/static/site.css').set('If-Match', etag).expect(200);
    await request(app).get('/static/site.css').set('If-None-Match', etag).expect(304);
    expect(logger.lines).to.deep.equal([]);
  });

  it('sends the file whole when If-Range names another version', async () => {
    const { app } = await site();
    const res = await request(app).get('/static/site.css').set('Range', 'bytes=0-9').set('If-Range', '"other"').expect(200);
    expect(res.headers['content-range']).to.equal(undefined);
    expect(Buffer.byteLength(res.text)).to.equal(size);
  });
});
