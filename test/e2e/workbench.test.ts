import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import type { SearchService } from '../../src/search/types.js';
import { parseRis } from '../workbench/csv-parse.js';
import { ARTIFACTS, closeSite, openSite, type SiteSession } from './browser.js';

describe('workbench in a browser', function () {
  let session: SiteSession | undefined;
  let base: string;
  let service: SearchService;
  let page: Page;
  let problems: string[];

  before(async function () {
    session = await openSite(this, { acceptDownloads: true });
    ({ base, service, page, problems } = session);
  });

  after(async () => {
    await closeSite(session);
  });

  async function shot(name: string): Promise<void> {
    await page.screenshot({ path: `${ARTIFACTS}${name}.png`, fullPage: false });
  }

  it('keeps three hits selected across pages and exports them as RIS', async () => {
    await page.goto(`${base}/search?q=${encodeURIComponent('营商环境')}`);
    await page.evaluate(() => {
      localStorage.clear();
    });
    await page.reload();
    const first = await page.locator('li.hit input.pick').nth(0).getAttribute('value');
    const second = await page.locator('li.hit input.pick').nth(2).getAttribute('value');
    await page.locator('li.hit input.pick').nth(0).check();
    await page.locator('li.hit input.pick').nth(2).check();
    expect(await page.locator('[data-selection-count]').textContent()).to.equal('已选 2 段');
    // The third on the next page: the first two are kept.
    await Promise.all([page.waitForURL(/page=2/), page.locator('.pagination a[rel="next"]').click()]);
    const third = await page.locator('li.hit input.pick').nth(1).getAttribute('value');
    await page.locator('li.hit input.pick').nth(1).check();
    expect(await page.locator('[data-selection-count]').textContent()).to.equal('已选 3 段');
    await shot('workbench-selection');
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('.selection-bar button[value="ris"]').click()]);
    expect(download.suggestedFilename()).to.equal('citations.ris');
    const path = await download.path();
    const records = parseRis(readFileSync(path, 'utf8'));
    const expected = [first, second, third].map((value) => {
      const [docId = '', p = ''] = (value ?? '').split(':');
      return `${base}/doc/${docId}/${p}`;
    });
    expect(records.map((record) => record.get('UR')?.[0])).to.deep.equal(expected);
    for (const record of records) for (const tag of ['TY', 'AU', 'TI', 'PY', 'Y2', 'N1']) expect(record.get(tag), tag).to.have.length(1);
    // A copied permanent link with the reference's full stop still opens the paragraph.
    await page.goto(`${expected[0] ?? ''}.`);
    expect(page.url()).to.match(/\/doc\/[a-z0-9-]+#p\d+$/u);
  });

  it('opens the concordance and sorts it by the right context', async () => {
    await page.goto(`${base}/kwic?q=${encodeURIComponent('"高质量发展"')}&width=12`);
    const total = (await service.compare('"高质量发展"')).totalOccurrences;
    expect(await page.locator('table.kwic tbody tr').count()).to.equal(total);
    await Promise.all([page.waitForURL(/sort=right/), page.locator('table.kwic thead th.kwic-right a').click()]);
    const rights = await page.locator('table.kwic tbody td.kwic-right').allTextContents();
    const collator = new Intl.Collator('zh-CN');
    for (let i = 1; i < rights.length; i++) expect(collator.compare(rights[i - 1] ?? '', rights[i] ?? '')).to.be.at.most(0);
    // Aligned: every match cell starts at the same x.
    const xs = await page.locator('table.kwic tbody td.kwic-match').evaluateAll((cells) => cells.slice(0, 20).map((cell) => Math.round(cell.getBoundingClientRect().left)));
    expect(new Set(xs).size).to.equal(1);
    await shot('workbench-kwic');
    await Promise.all([page.waitForURL(/\/doc\//), page.locator('table.kwic tbody td.kwic-match a').first().click()]);
    expect(await page.locator(':target mark').count()).to.be.greaterThan(0);
  });

  it('opens a report’s distinctive terms and searches one', async () => {
    await page.goto(`${base}/doc/zhenjiang-2024-full`);
    const box = page.locator('details.key-terms-box');
    expect(await box.getAttribute('open')).to.equal(null);
    await box.locator('summary').click();
    const terms = (await service.distinctiveTerms('zhenjiang-2024-full', 20)) ?? [];
    expect(await box.locator('table.key-terms tbody tr').count()).to.equal(terms.length);
    expect(await box.locator('table.key-terms tbody th a').first().textContent()).to.equal(terms[0]?.term);
    await box.scrollIntoViewIfNeeded();
    await shot('workbench-terms');
    await Promise.all([page.waitForURL(/\/search\?/), box.locator('table.key-terms tbody th a').first().click()]);
    expect(await page.locator('li.hit').count()).to.be.greaterThan(0);
  });

  it('shows the fair comparison with its trend chart', async () => {
    await page.goto(`${base}/compare?q=${encodeURIComponent('"高质量发展"')}`);
    expect(await page.locator('svg.trend-chart polyline').count()).to.be.greaterThan(0);
    await shot('workbench-compare');
    expect(problems).to.deep.equal([]);
  });
});
