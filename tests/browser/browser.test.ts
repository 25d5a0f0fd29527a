import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { project, tempDir } from '../helpers.js';
import { browserUnavailable, CHROMIUM, CHROMIUM_ARGS, featureSite, hostileSite, sampleSite, startDev, type ServedSite } from './sites.js';

// Every page of the sample site and of a site with every feature, in a real browser at phone
// and desktop widths: accessibility (axe, WCAG 2.1 A and AA, light and dark), no console errors,
// no request off the machine, no sideways scrolling, text at 200%, the keyboard, dark mode and
// print. Failures name the page and the rule, so a template author can fix them.

const unavailable = browserUnavailable();
if (unavailable && process.env['CI']) throw new Error(`${unavailable}, and CI must run the browser tests`);
if (unavailable) console.warn(unavailable);

const PHONE = { width: 375, height: 812 };
const DESKTOP = { width: 1280, height: 900 };
const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** Width and height of a PNG file, from its IHDR chunk; fails on anything that is not a PNG. */
function pngSize(file: string): { width: number; height: number } {
  expect(existsSync(file), file).toBe(true);
  const bytes = readFileSync(file);
  expect(bytes.subarray(0, 8).toString('hex'), `${file} is a PNG`).toBe('89504e470d0a1a0a');
  expect(bytes.subarray(12, 16).toString('latin1'), `${file} starts with IHDR`).toBe('IHDR');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describe.skipIf(unavailable !== null)('in a real browser', () => {
  let browser: Browser;
  const sites: ServedSite[] = [];

  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    sites.push(await sampleSite(), await featureSite());
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    for (const site of sites) await site.close();
  });

  /** A fresh context that records console errors and any request that leaves 127.0.0.1. */
  async function open(options: { viewport: { width: number; height: number }; colorScheme?: 'light' | 'dark' }) {
    const context: BrowserContext = await browser.newContext({ viewport: options.viewport, colorScheme: options.colorScheme ?? 'light' });
    const problems: string[] = [];
    await context.route('**/*', (route) => {
      const url = new URL(route.request().url());
      if (url.hostname === '127.0.0.1' || url.protocol === 'data:') return route.continue();
      problems.push(`request off the machine: ${url.href}`);
      return route.abort();
    });
    const page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    return { context, page, problems };
  }

  async function eachPage(check: (site: ServedSite, pagePath: string) => Promise<string[]>): Promise<string[]> {
    const failures: string[] = [];
    for (const site of sites) {
      for (const pagePath of site.pages) failures.push(...(await check(site, pagePath)).map((failure) => `${site.name} ${pagePath}: ${failure}`));
    }
    return failures;
  }

  function axeFailures(results: Awaited<ReturnType<AxeBuilder['analyze']>>, label: string): string[] {
    return results.violations.map(
      (violation) => `[${label}] ${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(' ')).slice(0, 3).join(', ')})`,
    );
  }

  it('should pass axe (WCAG 2.1 A/AA) on every page at 375 px and 1280 px, with no console errors or outside requests', { timeout: 600_000 }, async () => {
    const failures: string[] = [];
    for (const viewport of [PHONE, DESKTOP]) {
      const { context, page, problems } = await open({ viewport });
      failures.push(
        ...(await eachPage(async (site, pagePath) => {
          problems.length = 0;
          const response = await page.goto(new URL(pagePath, site.url).href, { waitUntil: 'load' });
          const status = response?.status() ?? 0;
          const found = status === 200 || (pagePath === '/404.html' && status === 200) ? [] : [`status ${status}`];
          const results = await new AxeBuilder({ page }).withTags(WCAG).analyze();
          found.push(...axeFailures(results, `${viewport.width} px`), ...problems);
          if (viewport === PHONE) {
            const sideways = await page.evaluate(() => document.scrollingElement!.scrollWidth - window.innerWidth);
            if (sideways > 0) found.push(`scrolls sideways by ${sideways} px at 375 px`);
          }
          return found;
        })),
      );
      await context.close();
    }
    expect(failures).toEqual([]);
  });

  it('should keep colour contrast in the dark theme, and actually be dark', { timeout: 600_000 }, async () => {
    const { context, page } = await open({ viewport: DESKTOP, colorScheme: 'dark' });
    const failures = await eachPage(async (site, pagePath) => {
      await page.goto(new URL(pagePath, site.url).href);
      const found = axeFailures(await new AxeBuilder({ page }).withRules(['color-contrast']).analyze(), 'dark');
      const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      const [r, g, b] = (background.match(/\d+/g) ?? []).map(Number);
      if ((r ?? 255) + (g ?? 255) + (b ?? 255) > 150) found.push(`background ${background} is not dark`);
      return found;
    });
    await context.close();
    expect(failures).toEqual([]);
  });

  it('should show all text at 200% size without sideways scrolling or clipping', { timeout: 600_000 }, async () => {
    const { context, page } = await open({ viewport: DESKTOP });
    const failures = await eachPage(async (site, pagePath) => {
      await page.goto(new URL(pagePath, site.url).href);
      return page.evaluate(() => {
        document.documentElement.style.fontSize = '200%';
        const found: string[] = [];
        const sideways = document.scrollingElement!.scrollWidth - window.innerWidth;
        if (sideways > 0) found.push(`at 200% text the page scrolls sideways by ${sideways} px`);
        for (const element of document.querySelectorAll<HTMLElement>('body *')) {
          const style = getComputedStyle(element);
          if (style.overflow === 'hidden' && element.scrollWidth > element.clientWidth + 1 && !element.classList.contains('visually-hidden') && element.innerText.trim() !== '') {
            found.push(`at 200% text <${element.tagName.toLowerCase()} class="${element.className}"> clips its content`);
          }
        }
        return found;
      });
    });
    await context.close();
    expect(failures).toEqual([]);
  });

  it('should make the skip link the first tab stop, show focus, and reach every link by keyboard', { timeout: 600_000 }, async () => {
    const { context, page } = await open({ viewport: DESKTOP });
    const failures = await eachPage(async (site, pagePath) => {
      await page.goto(new URL(pagePath, site.url).href);
      const found: string[] = [];
      await page.keyboard.press('Tab');
      const first = await page.evaluate(() => {
        const element = document.activeElement as HTMLElement;
        const style = getComputedStyle(element);
        return {
          skip: element.matches('a.skip-link[href="#main"]'),
          visible: element.getBoundingClientRect().top >= 0 && style.visibility !== 'hidden',
          focusRing: style.outlineStyle !== 'none' && style.outlineWidth !== '0px',
        };
      });
      if (!first.skip) found.push('the first tab stop is not the skip link to #main');
      if (!first.visible) found.push('the focused skip link is not visible');
      if (!first.focusRing) found.push('the focused skip link has no visible focus ring');
      const links = await page.evaluate(() => [...document.querySelectorAll('a[href]')].filter((a) => (a as HTMLElement).offsetParent !== null || getComputedStyle(a).position === 'fixed').length);
      // Tab through the page until focus comes back to an element it has visited.
      let reachedLinks = 0;
      for (let step = 0; step < links + 40; step++) {
        const focused = await page.evaluate(() => {
          const element = document.activeElement as HTMLElement | null;
          if (!element || element === document.body) return null;
          if (element.dataset['tabVisited']) return { again: true, ring: true, tag: element.tagName, name: '' };
          element.dataset['tabVisited'] = 'yes';
          const style = getComputedStyle(element);
          const ring = (style.outlineStyle !== 'none' && style.outlineWidth !== '0px') || style.boxShadow !== 'none';
          return { again: false, ring, tag: element.tagName, name: `${element.getAttribute('href')} "${element.textContent?.trim()}"` };
        });
        if (focused?.again) break;
        if (focused?.tag === 'A') {
          reachedLinks++;
          if (!focused.ring) found.push(`no visible focus on the link ${focused.name}`);
        }
        await page.keyboard.press('Tab');
      }
      // Teasers repeat a story's link on its picture, hidden from the keyboard on purpose.
      const teaserImages = await page.evaluate(() => document.querySelectorAll('a.teaser-image[tabindex="-1"]').length);
      if (reachedLinks + teaserImages < links) found.push(`only ${reachedLinks + teaserImages} of ${links} links are reachable by keyboard`);
      return [...new Set(found)];
    });
    await context.close();
    expect(failures).toEqual([]);
  });

  it('should send an old URL on to its article', async () => {
    const site = sites.find((candidate) => candidate.name === 'features')!;
    expect(site.redirects.length).toBeGreaterThan(0);
    const { context, page } = await open({ viewport: DESKTOP });
    for (const redirect of site.redirects) {
      await page.goto(new URL(redirect, site.url).href);
      await page.waitForURL((url) => !url.pathname.startsWith(redirect), { timeout: 5_000 });
      expect(await page.locator('h1.p-name').textContent()).toBeTruthy();
    }
    await context.close();
  });

  it('should hide the navigation and show link addresses when printed', async () => {
    const { context, page } = await open({ viewport: DESKTOP });
    const site = sites.find((candidate) => candidate.name === 'features')!;
    const article = site.pages.find((pagePath) => pagePath.includes('budget-lines-in-a-table'))!;
    await page.goto(new URL(article, site.url).href);
    await page.emulateMedia({ media: 'print' });
    const printed = await page.evaluate(() => ({
      nav: getComputedStyle(document.querySelector('.site-nav')!).display,
      search: getComputedStyle(document.querySelector('.site-search') ?? document.body).display,
      after: getComputedStyle(document.querySelector('.e-content a[href^="http"]')!, '::after').content,
    }));
    await context.close();
    expect(printed.nav).toBe('none');
    expect(printed.after).toContain('https://example.org/world');
  });

  it('should find the seed article when searching for a word from it', async () => {
    const { context, page, problems } = await open({ viewport: DESKTOP });
    const sample = sites.find((site) => site.name === 'sample')!;
    await page.goto(new URL('/search/?q=Shopian', sample.url).href);
    const first = page.locator('.pagefind-ui__result-link').first();
    await first.waitFor({ timeout: 15_000 });
    expect(await first.textContent()).toContain('Islamic State J&K commander');
    expect(await first.getAttribute('href')).toContain('/islamic-state-jk-commander-ishfaq-ahmad-sofi-killed-in-shopian-encounter/');
    // The search box in the masthead sends its query to the search page.
    await page.goto(sample.url);
    await page.fill('#site-search-q', 'harbour');
    await page.press('#site-search-q', 'Enter');
    await page.locator('.pagefind-ui__result-link').first().waitFor({ timeout: 15_000 });
    expect(page.url()).toContain('/search/');
    await context.close();
    expect(problems).toEqual([]);
  });

  it('should run no script on any page but the search page', async () => {
    const failures = await eachPage(async (site, pagePath) => {
      const { readFileSync } = await import('node:fs');
      const file = path.join(site.out, pagePath.endsWith('/') ? `${pagePath}index.html` : pagePath);
      const html = readFileSync(file, 'utf8');
      const scripts = [...html.matchAll(/<script\b([^>]*)>/g)].filter((match) => !/type="application\/ld\+json"/.test(match[1]!));
      return pagePath === '/search/' || scripts.length === 0 ? [] : [`${scripts.length} script(s) on a page that should have none`];
    });
    expect(failures).toEqual([]);
  });

  it('should show the seed page, the home page and a section page whole at phone and desktop widths: no sideways scrolling, the headline on the first screen', async () => {
    const sample = sites.find((site) => site.name === 'sample')!;
    const shots = tempDir('broadsheet-screenshots-');
    // The headline a reader looks for first: the article's own, or the lead story's on a list.
    const targets = {
      seed: { pagePath: sample.pages.find((pagePath) => pagePath.includes('islamic-state'))!, headline: 'h1.headline' },
      home: { pagePath: '/', headline: 'main .teaser .p-name' },
      section: { pagePath: '/sections/world/', headline: 'main .teaser .p-name' },
    };
    expect(targets.seed.pagePath).toBeDefined();
    for (const [name, { pagePath, headline }] of Object.entries(targets)) {
      for (const [device, viewport] of [['phone', PHONE], ['desktop', DESKTOP]] as const) {
        const label = `${name} at ${device} width`;
        const { context, page, problems } = await open({ viewport });
        const response = await page.goto(new URL(pagePath, sample.url).href);
        expect(response?.status(), label).toBe(200);
        const layout = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
        expect(layout.innerWidth, label).toBe(viewport.width);
        expect(layout.scrollWidth, `${label}: no sideways scrolling`).toBeLessThanOrEqual(layout.innerWidth);
        const heading = page.locator(headline).first();
        expect(await heading.isVisible(), `${label}: ${headline} is shown`).toBe(true);
        expect((await heading.textContent())?.trim(), label).not.toBe('');
        const box = (await heading.boundingBox())!;
        expect(box.width, label).toBeGreaterThan(0);
        expect(box.y, `${label}: the headline starts on the first screen`).toBeGreaterThanOrEqual(0);
        expect(box.y + Math.min(box.height, 40), `${label}: the headline is on the first screen`).toBeLessThanOrEqual(viewport.height);
        expect(box.x + box.width, `${label}: the headline fits the width`).toBeLessThanOrEqual(viewport.width);
        const file = path.join(shots, `${name}-${device}.png`);
        await page.screenshot({ path: file, fullPage: true });
        await context.close();
        expect(problems, label).toEqual([]);
        const size = pngSize(file);
        expect(size.width, `${label}: screenshot width`).toBe(viewport.width);
        expect(size.height, `${label}: screenshot height`).toBeGreaterThanOrEqual(viewport.height);
      }
    }
  });
});

describe.skipIf(unavailable !== null)('hostile content in a real browser', () => {
  let browser: Browser;
  let site: ServedSite;

  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    site = await hostileSite();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  it('should fire no dialog and run no script on any page', async () => {
    const context = await browser.newContext();
    const page: Page = await context.newPage();
    const fired: string[] = [];
    page.on('dialog', async (dialog) => {
      fired.push(`${page.url()}: ${dialog.type()} ${dialog.message()}`);
      await dialog.dismiss();
    });
    for (const pagePath of site.pages) {
      await page.goto(new URL(pagePath, site.url).href, { waitUntil: 'load' });
      // Give anything that would run on load, on error or after a delay the time to do it.
      await page.waitForTimeout(50);
      await page.mouse.move(200, 200);
    }
    await context.close();
    expect(site.pages.length).toBeGreaterThan(15);
    expect(fired).toEqual([]);
  });
});

describe.skipIf(unavailable !== null)('the dev server error overlay in a real browser', () => {
  it('should show a broken file over the page, readable at phone and desktop widths', { timeout: 120_000 }, async () => {
    const cwd = project({
      'city/2026-11-20-council.md': '---\ntitle: Council votes\ndate: 2026-11-20T10:00:00Z\nsection: City\ntags: [Budget, "unclosed\n---\nThe council voted.\n',
      'city/2026-11-19-ok.md': '---\ntitle: A fine story\ndate: 2026-11-19\nsection: City\n---\nFine.\n',
    });
    const shots = tempDir('broadsheet-screenshots-');
    const dev = await startDev(cwd);
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    try {
      const { url } = dev;
      for (const [device, viewport] of [['phone', PHONE], ['desktop', DESKTOP]] as const) {
        const context = await browser.newContext({ viewport });
        const page = await context.newPage();
        await page.goto(url);
        const overlay = page.locator('.broadsheet-overlay');
        await overlay.waitFor();
        expect(await overlay.locator('.where').first().textContent()).toMatch(/^content\/city\/2026-11-20-council\.md:\d+:\d+$/);
        expect(await overlay.locator('pre mark').count()).toBe(1);
        // Readable: the overlay fits the screen's width, and its first lines are on the first screen.
        const box = (await overlay.boundingBox())!;
        expect(box.x, device).toBeGreaterThanOrEqual(0);
        expect(box.x + box.width, device).toBeLessThanOrEqual(viewport.width);
        expect(box.y, device).toBeLessThan(viewport.height);
        expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth), device).toBeLessThanOrEqual(0);
        const file = path.join(shots, `error-overlay-${device}.png`);
        await page.screenshot({ path: file });
        await context.close();
        expect(pngSize(file)).toEqual({ width: viewport.width, height: viewport.height });
      }
    } finally {
      await browser.close();
      dev.stop();
    }
  });
});
