// The demo as a progressive web app: after one visit its service worker
// has cached the pages and the search module, so with the network gone
// (browser offline and the server stopped) the archive still opens,
// searches and reads.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { launch, openPage, resultIds, search, serve, WWW } from './harness.mjs';

test('after one visit, the archive searches and reads offline', async () => {
  const server = await serve(WWW);
  const browser = await launch();
  try {
    const { page, problems } = await openPage(browser.context);
    await page.goto(server.url);
    await page.waitForSelector('#articles .story');
    await page.evaluate(() => navigator.serviceWorker.ready);
    // The worker claims open pages when it activates; a reload is the fallback.
    const controlled = () => page.evaluate(() => Boolean(navigator.serviceWorker.controller));
    if (!(await controlled())) await page.reload();
    await page.waitForFunction(() => navigator.serviceWorker.controller);

    await browser.context.setOffline(true);
    await server.close();

    await page.reload();
    await page.waitForSelector('#articles .story');
    assert.equal(await page.locator('#articles .story').count(), 5);
    await search(page, 'nucl');
    assert.deepEqual((await resultIds(page)).sort(), ['002_a8654c4c88d6dd42', '003_9c396d88868f6a05']);

    // An article through a result, then one by its address.
    await page.keyboard.press('Enter');
    await page.waitForSelector('.article-text');
    assert.match(page.url(), /article\.html\?id=00[23]_/);
    await page.goto(new URL('article.html?id=000_ebc104fcd00cffbb', server.url).href);
    await page.waitForSelector('.article-text');
    assert.match(await page.textContent('.article'), /Nguyen Phu Trong a chaleureusement félicité/);

    // A search straight from the address.
    await page.goto(new URL('index.html?q=amitie', server.url).href);
    await page.waitForSelector('trouve-search [role=option]');
    assert.equal(await page.locator('trouve-search [role=option]').count(), 3);
    assert.deepEqual(problems.pageErrors, []);
  } finally {
    await browser.close();
    await server.close();
  }
});
