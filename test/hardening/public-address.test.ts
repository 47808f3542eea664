/**
 * Finding 3 of the reliability review, reproduced: without `BASE_URL`, a forged `Host` header
 * put the attacker's address into every citation and copy-link of the page (135 places on
 * `/doc/qu-01`), and pages sent no `Cache-Control`, so a shared cache would keep them.
 */
import { expect } from 'chai';
import request from 'supertest';
import { createApp } from '../../src/web/app.js';
import { DEFAULT_ALLOWED_HOSTS, parseAllowedHosts, parseBaseUrl } from '../../src/web/public-address.js';
import { CITED_ON, corpusService, memoryLogger } from '../web/helpers.js';

async function app(options: { baseUrl?: string; allowedHosts?: string[] } = {}) {
  return createApp({ service: await corpusService(), logger: memoryLogger(), now: () => CITED_ON, ...options });
}

/** Every absolute http(s) address in a page. */
function addresses(html: string): string[] {
  return [...new Set(html.match(/https?:\/\/[^\s"'<>&]+/g) ?? [])];
}

describe('hardening: public address', () => {
  describe('without BASE_URL', () => {
    it('never puts a forged Host into a page: links are relative (was http://evil.example/phish?x=/doc/qu-01/p1, 135 times)', async () => {
      const res = await request(await app()).get('/doc/qu-01').set('Host', 'evil.example/phish?x=').expect(200);
      expect(res.text).not.to.include('evil.example');
      expect(res.text).to.include('/doc/qu-01/p1');
      expect(addresses(res.text)).to.deep.equal([]);
    });

    it('ignores a well-formed host that is not on the allow-list', async () => {
      const res = await request(await app()).get('/search?q=营商环境').set('Host', 'evil.example').expect(200);
      expect(res.text).not.to.include('evil.example');
    });

    it('uses an allowed host with its port and the scheme of the request', async () => {
      const res = await request(await app()).get('/doc/qu-01').set('Host', 'localhost:3000').expect(200);
      expect(addresses(res.text)).to.include('http://localhost:3000/doc/qu-01/p1');
      expect(addresses(res.text).every((a) => a.startsWith('http://localhost:3000/'))).to.equal(true);
    });

    it('uses the configured allow-list instead of localhost', async () => {
      const site = await app({ allowedHosts: ['search.example.org'] });
      expect(addresses((await request(site).get('/doc/qu-01').set('Host', 'search.example.org')).text)).to.include('http://search.example.org/doc/qu-01/p1');
      expect(addresses((await request(site).get('/doc/qu-01').set('Host', 'localhost')).text)).to.deep.equal([]);
    });

    it('marks pages cacheable for a minute, keyed on the Host', async () => {
      const res = await request(await app()).get('/search?q=营商环境').expect(200);
      expect(res.headers['cache-control']).to.equal('public, max-age=60');
      expect(res.headers.vary).to.include('Host');
    });
  });

  describe('with BASE_URL', () => {
    it('links to the configured address whatever the Host says, and the cache need not key on Host', async () => {
      const res = await request(await app({ baseUrl: 'https://search.example.org/' }))
        .get('/doc/qu-01')
        .set('Host', 'evil.example/phish?x=')
        .expect(200);
      expect(res.text).not.to.include('evil.example');
      expect(addresses(res.text)).to.include('https://search.example.org/doc/qu-01/p1');
      expect(res.headers.vary ?? '').not.to.include('Host');
    });
  });

  describe('errors', () => {
    it('are never stored by a cache', async () => {
      const res = await request(await app()).get('/doc/nope').expect(404);
      expect(res.headers['cache-control']).to.equal('no-store');
    });
  });

  describe('#parseBaseUrl', () => {
    it('keeps an http(s) address without its trailing slash', () => {
      expect(parseBaseUrl('https://example.org/search/')).to.equal('https://example.org/search');
    });

    it('refuses anything else, quoting it', () => {
      expect(() => parseBaseUrl('example.org')).to.throw('web: BASE_URL must be an absolute http(s) address, got "example.org"');
      expect(() => parseBaseUrl('https://example.org/?x=1')).to.throw('without query, fragment or credentials, got "https://example.org/?x=1"');
      expect(() => parseBaseUrl('javascript:alert(1)')).to.throw('web: BASE_URL must be an absolute http(s) address');
    });
  });

  describe('#parseAllowedHosts', () => {
    it('is localhost by default and a comma-separated list otherwise', () => {
      expect([...parseAllowedHosts(undefined)]).to.deep.equal(DEFAULT_ALLOWED_HOSTS);
      expect([...parseAllowedHosts(' Search.Example.org, 10.0.0.5 ')]).to.deep.equal(['search.example.org', '10.0.0.5']);
    });

    it('refuses something that is not a host name', () => {
      expect(() => parseAllowedHosts('evil.example/phish')).to.throw('web: ALLOWED_HOSTS holds an invalid host name "evil.example/phish"');
    });
  });
});
