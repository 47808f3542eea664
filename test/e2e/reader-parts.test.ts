/**
 * The reader's parts in a browser: 上一处 / 下一处 step across the parts of a long report
 * (the page changes, the target is marked and counted among all of the report's matches), and a
 * permanent paragraph link lands on its paragraph in the part that holds it.
 */
import type { Server } from 'node:http';
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { buildSearchIndex } from '../../src/index/index.js';
import { CoreSearchService, IndexSearchService } from '../../src/search/index.js';
import { createApp } from '../../src/web/app.js';
import { silentLogger } from '../../src/web/logger.js';
import { listen, shutdown } from '../../src/web/server.js';
import { makeReport } from '../search/fixtures.js';
import { longReport } from '../web/long-report.js';
import { TEST_BUDGET } from '../web/helpers.js';
import { ARTIFACTS, launchBrowser, watchProblems } from './browser.js';

describe('reader parts in a browser', function () {
  let browser: Browser | undefined;
  let server: Server | undefined;
  let base: string;
  let page: Page;
  const problems: string[] = [];
  const service = new CoreSearchService(new IndexSearchService(buildSearchIndex([longReport(), makeReport('short', '县', 2024, ['推进乡村振兴。'])])));

  before(async function () {
    browser = await launchBrowser(this);
    ({ server, url: base } = await listen(createApp({ service, logger: silentLogger, admission: TEST_BUDGET }), 0, '127.0.0.1'));
    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' })).newPage();
    watchProblems(page, problems);
  });

  after(async () => {
    await browser?.close();
    if (server !== undefined) await shutdown(server, 2000);
  });

  /** The match bar's position text, once it says something. */
  async function position(): Promise<string> {
    return (await page.locator('[data-match-pos]').textContent()) ?? '';
  }

  it('steps from the last match of a part to the first of the next, and back, counting among all matches', async () => {
    const doc = await service.read('long', '乡村振兴');
    const anchors = doc?.matchAnchors ?? [];
    const lastOfFirst = (doc?.matchParts ?? []).lastIndexOf(1);
    const q = encodeURIComponent('乡村振兴');
    await page.goto(`${base}/doc/long?q=${q}#${anchors[lastOfFirst] ?? ''}`);
    expect(await position()).to.equal(`（${String(lastOfFirst + 1)} / ${String(anchors.length)}）`);
    await Promise.all([page.waitForURL(/part=2/u), page.locator('.match-nav .next').click()]);
    expect(new URL(page.url()).hash).to.equal(`#${anchors[lastOfFirst + 1] ?? ''}`);
    expect(await position()).to.equal(`（${String(lastOfFirst + 2)} / ${String(anchors.length)}）`);
    expect(await page.locator(`#${anchors[lastOfFirst + 1] ?? ''}`).getAttribute('class')).to.include('current');
    await page.screenshot({ path: `${ARTIFACTS}reader-part-2.png` });
    // Back: the previous match is in part 1 again.
    await Promise.all([page.waitForURL((url) => !url.search.includes('part=')), page.locator('.match-nav .prev').click()]);
    expect(new URL(page.url()).hash).to.equal(`#${anchors[lastOfFirst] ?? ''}`);
    expect(await position()).to.equal(`（${String(lastOfFirst + 1)} / ${String(anchors.length)}）`);
    // Round the end: from the first match, 上一处 goes to the last one, in the last part.
    await page.goto(`${base}/doc/long?q=${q}#${anchors[0] ?? ''}`);
    const lastPart = doc?.matchParts.at(-1) ?? 0;
    await Promise.all([page.waitForURL(new RegExp(`part=${String(lastPart)}`, 'u')), page.locator('.match-nav .prev').click()]);
    expect(await position()).to.equal(`（${String(anchors.length)} / ${String(anchors.length)}）`);
  });

  it('lands a permanent paragraph link, and a table of contents entry, on the part that holds it', async () => {
    await page.goto(`${base}/doc/long/p1000`);
    expect(new URL(page.url()).hash).to.equal('#p1000');
    expect(await page.locator('#p1000').isVisible()).to.equal(true);
    expect(await page.evaluate(() => document.querySelector(':target')?.id)).to.equal('p1000');
    const doc = await service.read('long');
    const heading = doc?.outline.find((h) => h.part === (doc.parts.length));
    await page.goto(`${base}/doc/long?part=2`);
    await page.screenshot({ path: `${ARTIFACTS}reader-parts-nav.png` });
    await page.goto(`${base}/doc/long`);
    await Promise.all([page.waitForURL(/part=/u), page.locator('.toc a', { hasText: heading?.text ?? '' }).click()]);
    expect(await page.evaluate(() => document.querySelector(':target')?.textContent)).to.include(heading?.text ?? 'none');
    expect(problems).to.deep.equal([]);
  });
});
