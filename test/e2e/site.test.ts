import { expect } from 'chai';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { SearchService } from '../../src/search/types.js';
import { ARTIFACTS, closeSite, openSite, type SiteSession } from './browser.js';

describe('site in a browser', function () {
  let session: SiteSession | undefined;
  let browser: Browser;
  let base: string;
  let service: SearchService;
  let context: BrowserContext;
  let page: Page;
  /** Console errors and page errors (a CSP violation shows up as one). */
  let problems: string[];

  before(async function () {
    session = await openSite(this);
    ({ browser, base, service, context, page, problems } = session);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
  });

  after(async () => {
    await closeSite(session);
  });

  async function shot(name: string, target: Page = page): Promise<void> {
    await target.screenshot({ path: `${ARTIFACTS}${name}.png` });
  }

  it('suggests completions as you type, by keyboard, and submits the chosen one', async () => {
    await page.goto(`${base}/`);
    await shot('home');
    const box = page.locator('#q-home');
    expect(await box.evaluate((el) => el === document.activeElement)).to.equal(true);
    await box.pressSequentially('高质', { delay: 30 });
    const list = page.locator('#q-home-list');
    await list.locator('[role="option"]').first().waitFor();
    const options = await list.locator('[role="option"]').allTextContents();
    expect(options).to.deep.equal(await service.suggest('高质', 8));
    expect(await box.getAttribute('aria-expanded')).to.equal('true');
    await box.press('ArrowDown');
    await box.press('ArrowDown');
    const second = options[1] ?? '';
    expect(await box.getAttribute('aria-activedescendant')).to.equal('q-home-list-1');
    expect(await list.locator('#q-home-list-1').getAttribute('aria-selected')).to.equal('true');
    await shot('home-suggestions');
    await box.press('Escape');
    expect(await list.isHidden()).to.equal(true);
    expect(await box.getAttribute('aria-expanded')).to.equal('false');
    await box.pressSequentially('量', { delay: 30 });
    await list.locator('[role="option"]').first().waitFor();
    const now = await list.locator('[role="option"]').allTextContents();
    expect(now).to.deep.equal(await service.suggest('高质量', 8));
    await box.press('ArrowDown');
    await Promise.all([page.waitForURL(/\/search\?q=/), box.press('Enter')]);
    expect(new URL(page.url()).searchParams.get('q')).to.equal(now[0]);
    expect(second).to.not.equal('');
  });

  it('shows highlighted results for a submitted query', async () => {
    await page.goto(`${base}/`);
    await page.locator('#q-home').fill('高质量发展');
    await Promise.all([page.waitForURL(/\/search\?q=/), page.locator('#q-home').press('Enter')]);
    expect(await page.locator('li.hit').count()).to.equal(10);
    expect(await page.locator('li.hit').first().locator('mark').first().textContent()).to.equal('高质量发展');
    const total = (await service.search('高质量发展')).total;
    expect(await page.locator('.summary strong').textContent()).to.equal(total.toLocaleString('zh-CN'));
    await shot('search');
  });

  it('filters by a level facet when it is clicked', async () => {
    await page.locator('.facet-chips a', { hasText: '区级' }).click();
    await page.waitForURL(/level=%E5%8C%BA/);
    const badges = await page.locator('li.hit .hit-title .badge').allTextContents();
    expect(badges).to.have.length(Math.min(10, (await service.search('高质量发展', { level: ['区'] })).total));
    expect(new Set(badges)).to.deep.equal(new Set(['区']));
    expect(await page.locator('.facet.active').getAttribute('aria-current')).to.equal('true');
    await shot('search-facet');
  });

  it('follows a hit to the reader, lands on the marked paragraph, and steps to the next match', async () => {
    const first = (await service.search('高质量发展', { level: ['区'], size: 1 })).hits[0];
    if (first === undefined) throw new Error('no hit');
    await Promise.all([page.waitForURL(/\/doc\//), page.locator('li.hit a.read').first().click()]);
    expect(new URL(page.url()).hash).to.equal(`#${first.anchor}`);
    const target = page.locator(':target');
    expect(await target.getAttribute('id')).to.equal(first.anchor);
    expect(await target.isVisible()).to.equal(true);
    const box = await target.boundingBox();
    expect(box).to.not.equal(null);
    expect(box?.y ?? -1).to.be.within(0, 900);
    const reader = (await service.read(first.docId, '高质量发展'));
    if (reader === undefined) throw new Error('no reader');
    const at = reader.matchAnchors.indexOf(first.anchor);
    const n = reader.matchAnchors.length;
    if (at >= 0) {
      expect(await page.locator('[data-match-pos]').textContent()).to.equal(`（${String(at + 1)} / ${String(n)}）`);
      expect(await target.locator('mark').count()).to.be.greaterThan(0);
    }
    await shot('reader');
    await page.locator('.match-bar a.next').click();
    const next = reader.matchAnchors[at >= 0 ? (at + 1) % n : 0] ?? '';
    await page.waitForFunction((anchor) => location.hash === `#${anchor}`, next);
    expect(await page.locator(`[id="${next}"]`).getAttribute('class')).to.match(/\bcurrent\b/);
    expect(await page.locator('[data-match-pos]').textContent()).to.equal(`（${String((at >= 0 ? (at + 1) % n : 0) + 1)} / ${String(n)}）`);
    await shot('reader-next');
  });

  it('copies a citation, and a paragraph link, to the clipboard', async () => {
    const para = page.locator('.para.current');
    const expected = await para.locator('.cite-text').textContent();
    await para.locator('details.cite > summary').click();
    await para.locator('.copy-status', { hasText: '已复制引用' }).waitFor();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).to.equal(expected);
    expect(copied).to.match(/^XX区人民政府\. 2024年XX区政府工作报告（XX区·\d\d）\[R\/OL\]\. \(2024\)\[\d{4}-\d\d-\d\d\]\. http:\/\/127\.0\.0\.1:\d+\/doc\/qu-\d\d\.\n位置：.+ › 第\d+段\n原文：“.+”\n段落链接：http:\/\/127\.0\.0\.1:\d+\/doc\/qu-\d\d\/p\d+$/s);
    await shot('reader-cite');
    const link = para.locator('button[data-copy-link]');
    await link.click();
    await para.locator('.copy-status', { hasText: '已复制段落链接' }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).to.equal(await link.getAttribute('data-copy-link'));
  });

  it('still copies where the Clipboard API is missing (plain HTTP on a public address)', async () => {
    const insecure = await context.newPage();
    await insecure.addInitScript(() => {
      Object.defineProperty(navigator, 'clipboard', { value: undefined });
    });
    await insecure.goto(`${base}/search?q=${encodeURIComponent('高质量发展')}`);
    const first = insecure.locator('li.hit').first();
    await first.locator('details.cite > summary').click();
    await first.locator('.copy-status', { hasText: '已复制引用' }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).to.equal(await first.locator('.cite-text').textContent());
    await insecure.close();
  });

  it('opens the comparison view and puts chosen reports side by side', async () => {
    const phrase = '"绿水青山就是金山银山"';
    await page.goto(`${base}/compare?q=${encodeURIComponent(phrase)}&all=1`);
    const result = (await service.compare(phrase));
    expect(await page.locator('svg.bars rect').count()).to.equal(result.documents.length);
    await shot('compare');
    const chosen = result.documents.filter((d) => d.paragraphs > 0).slice(0, 2);
    for (const d of chosen) await page.locator(`#pick-${d.docId}`).check();
    await Promise.all([page.waitForURL(/docs=/), page.locator('.compare-submit button').click()]);
    expect(await page.locator('.columns > .column').count()).to.equal(2);
    expect(await page.locator('.columns .col-hit').count()).to.equal(chosen.reduce((sum, d) => sum + d.paragraphs, 0));
    expect(await page.locator('.columns mark').first().textContent()).to.equal('绿水青山就是金山银山');
    await shot('compare-side-by-side');
    await Promise.all([page.waitForURL(/\/search\?/), page.locator('svg.bars a').first().click()]);
  });

  it('fits a 375 px wide screen without sideways scrolling', async () => {
    const narrow = await context.newPage();
    await narrow.setViewportSize({ width: 375, height: 800 });
    const pages: Array<[string, string]> = [
      ['narrow-home', '/'],
      ['narrow-search', `/search?q=${encodeURIComponent('高质量发展')}`],
      ['narrow-reader', `/doc/qu-01?q=${encodeURIComponent('高质量发展')}`],
      ['narrow-compare', `/compare?q=${encodeURIComponent('高质量发展')}&docs=qu-01,shi-01`],
      ['narrow-docs', '/docs'],
      ['narrow-help', '/help'],
    ];
    for (const [name, path] of pages) {
      await narrow.goto(`${base}${path}`);
      expect(await narrow.evaluate(() => document.documentElement.scrollWidth), path).to.be.at.most(375);
      await shot(name, narrow);
    }
    await narrow.close();
  });

  it('on a 375 px screen lands each match below the sticky match bar, its first line in view', async () => {
    const narrow = await context.newPage();
    await narrow.setViewportSize({ width: 375, height: 700 });
    /** How far the paragraph's first line sits below the bar's bottom edge (negative: hidden under it). */
    const clearance = () =>
      narrow.evaluate(() => {
        const bar = document.querySelector('[data-match-bar]');
        const target = document.querySelector('.para.current p, .para:target p, .doc-heading.current, .doc-heading:target');
        if (!bar || !target) throw new Error('no bar or no target');
        return target.getBoundingClientRect().top - bar.getBoundingClientRect().bottom;
      });
    await narrow.goto(`${base}/doc/qu-01?q=${encodeURIComponent('高质量发展')}`);
    const barHeight = await narrow.locator('[data-match-bar]').evaluate((el) => el.getBoundingClientRect().height);
    // The bar wraps here: taller than the old fixed 72 px margin, which is what hid the first line.
    expect(barHeight).to.be.greaterThan(72);
    for (let step = 0; step < 4; step++) {
      await narrow.locator('[data-match-bar] a.next').click();
      await narrow.waitForTimeout(100);
      expect(await clearance(), `step ${String(step + 1)}`).to.be.at.least(0);
    }
    await shot('narrow-reader-match', narrow);
    // A link straight to a paragraph (from a hit) lands the same way.
    const anchor = await narrow.locator('[data-match]').nth(2).getAttribute('id');
    await narrow.goto(`${base}/doc/qu-01?q=${encodeURIComponent('高质量发展')}#${String(anchor)}`);
    await narrow.waitForTimeout(100);
    expect(await clearance()).to.be.at.least(0);
    await shot('narrow-reader-link', narrow);
    await narrow.close();
  });

  it('is usable by keyboard: a skip link first, then the search box', async () => {
    await page.goto(`${base}/search?q=${encodeURIComponent('高质量发展')}`);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).to.equal('跳到主要内容');
    await shot('skip-link');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => location.hash)).to.equal('#main');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.closest('main') !== null)).to.equal(true);
  });

  it('works without JavaScript: results, reader and visible citations', async () => {
    const plain = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
    const p = await plain.newPage();
    await p.goto(`${base}/search?q=${encodeURIComponent('高质量发展')}`);
    expect(await p.locator('li.hit mark').count()).to.be.greaterThan(9);
    await p.locator('li.hit details.cite > summary').first().click();
    expect(await p.locator('li.hit .cite-text').first().isVisible()).to.equal(true);
    expect(await p.locator('button[data-copy-link]').first().isHidden()).to.equal(true);
    await p.screenshot({ path: `${ARTIFACTS}nojs-search-cite.png` });
    await plain.close();
  });

  it('shows the help, the report list, a query error with its position, a relaxed and an empty result, and a 404', async () => {
    const before = problems.length;
    await page.goto(`${base}/help`);
    expect(await page.locator('h1').textContent()).to.equal('检索语法');
    await shot('help');
    await page.goto(`${base}/docs`);
    expect(await page.locator('tbody th a').count()).to.equal(service.documents().length);
    await shot('docs');
    await page.goto(`${base}/`);
    await page.locator('#q-home').fill('营商 环境)');
    await Promise.all([page.waitForURL(/\/search\?q=/), page.locator('#q-home').press('Enter')]);
    expect(await page.locator('.query-echo mark.bad').textContent()).to.equal(')');
    await shot('query-error');
    await page.goto(`${base}/search?q=${encodeURIComponent('高质量发展 葡萄柚')}`);
    expect(await page.locator('ul.notes li').last().textContent()).to.equal('没有同时包含全部词语（高质量发展、葡萄柚）的段落，以下结果包含其中 1 个');
    expect(await page.locator('li.hit').count()).to.equal(10);
    await shot('relaxed');
    await Promise.all([page.waitForURL(/strict=1$/), page.locator('.strict-link a').click()]);
    expect(await page.locator('.no-results h2').textContent()).to.equal('没有段落同时包含“高质量发展 葡萄柚”的全部词语。');
    await shot('no-results');
    const missing = await page.goto(`${base}/doc/qu-99`);
    expect(missing?.status()).to.equal(404);
    await shot('not-found');
    // The 400 and 404 statuses above are expected, not problems of the page.
    const added = problems.splice(before);
    problems.push(...added.filter((p) => !/the server responded with a status of (400|404)/.test(p)));
  });

  it('raised no script error and no policy violation on any page', () => {
    expect(problems).to.deep.equal([]);
  });
});
