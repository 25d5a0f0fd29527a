// @ts-check
// `npm run screenshots`: the screenshot of the seed article in the README, made from the sample
// site as it builds now.
import path from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_FLAGS, ROOT, SEED_PATH, serveSample } from './site.mjs';

const site = await serveSample();
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
try {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 1500 }, deviceScaleFactor: 1 })).newPage();
  await page.goto(new URL(SEED_PATH, site.url).href);
  const file = path.join(ROOT, 'docs', 'seed-article.png');
  await page.screenshot({ path: file });
  console.log(`wrote ${path.relative(process.cwd(), file)}`);
} finally {
  await browser.close();
  await site.close();
}
