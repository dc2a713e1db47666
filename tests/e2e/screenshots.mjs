// Regenerates the README's screenshots of the demo (light and dark):
// node tests/e2e/screenshots.mjs   (after `trouve build www/articles -o www/trouve ...`)
import path from 'node:path';
import { launch, openPage, serve, WWW } from './harness.mjs';

const QUERY = 'nucléaire';
const server = await serve(WWW);
try {
  for (const colorScheme of ['light', 'dark']) {
    const browser = await launch({ colorScheme, viewport: { width: 1200, height: 800 }, deviceScaleFactor: 1 });
    try {
      const { page } = await openPage(browser.context);
      await page.goto(new URL('index.html', server.url).href);
      await page.waitForSelector('.story');
      await page.locator('trouve-search input').fill(QUERY);
      await page.waitForSelector('trouve-search [role=option]');
      await page.keyboard.press('ArrowDown');
      const file = path.join(WWW, 'screenshots', `demo-${colorScheme}.png`);
      await page.screenshot({ path: file });
      console.log(file);
    } finally {
      await browser.close();
    }
  }
} finally {
  await server.close();
}
