/** What the browser suites share: Debian's Chromium, its flags, the skip rule, the screenshots folder, a console watch. */
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Server } from 'node:http';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { SearchService } from '../../src/search/types.js';
import { createApp } from '../../src/web/app.js';
import { silentLogger } from '../../src/web/logger.js';
import { listen, shutdown } from '../../src/web/server.js';
import { corpusService, TEST_BUDGET } from '../web/helpers.js';

/** Debian's Chromium; CHROMIUM_PATH points elsewhere (or nowhere, to see the skip). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTIFACTS = fileURLToPath(new URL('../../test-artifacts/', import.meta.url));
export const LAUNCH_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-quic', '--no-first-run', '--disable-sync'];

/**
 * Launches Chromium for a suite; without it, skips the suite with a message (an error under
 * `REQUIRE_BROWSER=1`).
 */
export async function launchBrowser(suite: Mocha.Context): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    if (process.env.REQUIRE_BROWSER === '1') throw new Error(`e2e: REQUIRE_BROWSER=1 but ${CHROMIUM} is missing (apt-get install chromium)`);
    console.log(`      SKIPPED: browser tests need Chromium at ${CHROMIUM} (apt-get install chromium); set REQUIRE_BROWSER=1 to fail instead`);
    suite.skip();
  }
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS });
}

/** Collects the page's console errors and page errors (a CSP violation shows up as one) into `problems`. */
export function watchProblems(page: Page, problems: string[]): void {
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`${page.url()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`${page.url()}: ${e.message}`));
}

/** The site on the bundled corpus, served on a free loopback port, and a browser page on it. */
export interface SiteSession {
  browser: Browser;
  server: Server;
  base: string;
  service: SearchService;
  context: BrowserContext;
  page: Page;
  /** Console errors and page errors of `page`. */
  problems: string[];
}

/** Starts the site and a browser (or skips the suite, see `launchBrowser`). */
export async function openSite(suite: Mocha.Context, options: { acceptDownloads?: boolean } = {}): Promise<SiteSession> {
  const browser = await launchBrowser(suite);
  const service = await corpusService();
  const { server, url: base } = await listen(createApp({ service, logger: silentLogger, admission: TEST_BUDGET }), 0, '127.0.0.1');
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN', ...options });
  const page = await context.newPage();
  const problems: string[] = [];
  watchProblems(page, problems);
  return { browser, server, base, service, context, page, problems };
}

/** Stops what `openSite` started (nothing when the suite was skipped). */
export async function closeSite(session: SiteSession | undefined): Promise<void> {
  if (session === undefined) return;
  await session.browser.close();
  await shutdown(session.server, 2000);
}
