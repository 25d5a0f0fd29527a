import { AxeBuilder } from '@axe-core/playwright';
import sharp from 'sharp';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSite, md, project } from '../helpers.js';
import { browserUnavailable, CHROMIUM, CHROMIUM_ARGS, serve } from './sites.js';

// A story with camera photos, as a phone opens it: the browser takes a rendition about the
// phone's width, never the camera's original; nothing moves as the photos arrive; axe finds
// nothing.

const unavailable = browserUnavailable();
if (unavailable && process.env['CI']) throw new Error(`${unavailable}, and CI must run the browser tests`);

async function cameraPhoto(width: number, height: number): Promise<Buffer> {
  const pixels = Buffer.alloc(width * height * 3);
  let state = 7;
  for (let i = 0; i < pixels.length; i += 3) {
    state = (state * 1103515245 + 12345) >>> 0;
    const x = (i / 3) % width;
    const y = Math.floor(i / 3 / width);
    pixels[i] = Math.floor((x / width) * 200) + (state >>> 28);
    pixels[i + 1] = Math.floor((y / height) * 200) + ((state >>> 24) & 15);
    pixels[i + 2] = 100 + ((state >>> 20) & 15);
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } }).jpeg({ quality: 90 }).toBuffer();
}

const ARTICLE = '2026/11/24/storm-surge-floods-the-harbour-front/';
const PHONE = { width: 375, height: 812 };

describe.skipIf(unavailable !== null)('photos in a real browser', () => {
  let browser: Browser;
  let site: { url: string; close(): Promise<void> };

  beforeAll(async () => {
    const cwd = project(
      {
        'world/storm.jpg': await cameraPhoto(4000, 3000),
        'world/market.jpg': await cameraPhoto(3000, 2000),
        'world/2026-11-24-storm.md': md(
          { title: 'Storm surge floods the harbour front', date: '2026-11-24T08:00:00Z', section: 'World', image: { src: 'storm.jpg', alt: 'Waves break over the harbour wall' } },
          `${'The sea came over the wall at noon, and traders waited for the tide. '.repeat(30)}\n\n![Stalls under water at the fish market](market.jpg)\n\nThe water went down by evening.`,
        ),
      },
      { title: 'The Photo Desk' },
    );
    const built = buildSite(cwd);
    if (built.result.code !== 0) throw new Error(built.result.stderr);
    site = await serve(built.out);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  it('should download a rendition about twice a phone\'s width, never the original, and the body photo only when scrolled to', async () => {
    const context = await browser.newContext({ viewport: PHONE, deviceScaleFactor: 2 });
    const page = await context.newPage();
    const pictures: string[] = [];
    page.on('request', (request) => {
      if (request.resourceType() === 'image' && !request.url().startsWith('data:')) pictures.push(new URL(request.url()).pathname);
    });
    await page.goto(new URL(ARTICLE, site.url).href, { waitUntil: 'networkidle' });
    expect(pictures).toHaveLength(1);
    const [lead] = pictures;
    expect(lead).toMatch(/^\/images\/storm-[0-9a-f]{10}-\d+\.avif$/);
    const width = Number(/-(\d+)\.avif$/.exec(lead!)![1]);
    expect(width).toBeGreaterThanOrEqual(PHONE.width * 2 - 2 * 16 * 2);
    expect(width).toBeLessThanOrEqual(PHONE.width * 2.1);
    await Promise.all([page.waitForResponse(/\/images\/market-/), page.locator('.article-body picture img').scrollIntoViewIfNeeded()]);
    expect(pictures.slice(1)).toEqual([expect.stringMatching(/^\/images\/market-[0-9a-f]{10}-\d+\.avif$/)]);
    expect(pictures.some((each) => each.startsWith('/world/'))).toBe(false);
    await context.close();
  });

  it('should not move anything as the photos load, on a slow connection', async () => {
    const context = await browser.newContext({ viewport: PHONE });
    const page = await context.newPage();
    // Each photo arrives late, after the text is laid out: a photo with no size would push it down.
    await page.route('**/images/**', async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 400));
      await route.continue();
    });
    await page.addInitScript(() => {
      (window as unknown as { shifts: number }).shifts = 0;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries() as (PerformanceEntry & { value: number })[]) (window as unknown as { shifts: number }).shifts += entry.value;
      }).observe({ type: 'layout-shift', buffered: true });
    });
    for (const pagePath of [ARTICLE, '']) {
      await page.goto(new URL(pagePath, site.url).href, { waitUntil: 'networkidle' });
      await page.mouse.wheel(0, 4000);
      await page.waitForLoadState('networkidle');
      await page.waitForTimeout(500);
      expect(await page.evaluate(() => (window as unknown as { shifts: number }).shifts), pagePath || 'home').toBe(0);
    }
    await context.close();
  });

  it('should pass axe on the photo story and the home page showing it', async () => {
    const context = await browser.newContext({ viewport: PHONE });
    const page = await context.newPage();
    for (const pagePath of [ARTICLE, '']) {
      await page.goto(new URL(pagePath, site.url).href, { waitUntil: 'networkidle' });
      const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
      expect(results.violations.map((violation) => `${pagePath || 'home'}: ${violation.id}`)).toEqual([]);
    }
    await context.close();
  });
});
