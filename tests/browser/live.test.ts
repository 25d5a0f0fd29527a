import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clockAt, md, project, startCli, wire, writeFiles } from '../helpers.js';
import { browserUnavailable, CHROMIUM, CHROMIUM_ARGS, serve } from './sites.js';

// A live story as its readers see it, in a real browser at phone and desktop widths: axe finds
// nothing while it is live or after it ends; its one script runs under the page's policy and
// stays out of sight until the story's feed has news; a new update waits for the reader's click
// and then takes the focus; and without JavaScript every latest update and key event is there.

const unavailable = browserUnavailable();
if (unavailable && process.env['CI']) throw new Error(`${unavailable}, and CI must run the browser tests`);
if (unavailable) console.warn(unavailable);

const PHONE = { width: 375, height: 812 };
const DESKTOP = { width: 1280, height: 900 };
const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

// The page's root-relative feed address works on any host, so the site keeps its own baseUrl
// (feeds exist only with one) and is served on 127.0.0.1.
const CONFIG = { title: 'The Live Times', description: 'Live coverage for browser tests.', baseUrl: 'https://live.example/', timeZone: 'Asia/Kolkata', images: false };
const FOLDER = 'world/2026-11-20-cyclone-live';
const STORY = '2026/11/20/cyclone-mira-makes-landfall/';
/** While live: the morning after landfall. */
const LIVE_AT = '2026-11-21T01:30:00.000Z';
/** Two days after the coverage ended. */
const ENDED_AT = '2026-11-23T06:00:00.000Z';

/** Six updates over two days: Markdown and wire text, two of them key events, one named with its date. */
function liveStory(): Record<string, string> {
  return {
    [`${FOLDER}/index.md`]: md(
      'title: Cyclone Mira makes landfall\ndek: The storm crosses the coast near Kakinada.\nauthor: Ann Reporter\nsection: World\nlive:\n  start: 2026-11-20T06:00:00+05:30\n  end: 2026-11-21T20:00:00+05:30',
      '- Winds of 140 km/h at landfall\n- 200,000 people moved to shelters',
    ),
    [`${FOLDER}/0630-outer-bands.md`]: md('title: Outer bands reach the coast\nauthor: Ravi Kumar', 'Rain and gusts along the Kakinada shore since dawn.'),
    [`${FOLDER}/0830-landfall.md`]: md('title: The eye crosses the coast\nauthor: Ann Reporter\npinned: true', `The eye came ashore south of Kakinada. ${'Fishing boats were pulled far up the beach. '.repeat(8)}`),
    [`${FOLDER}/0915-shelters.txt`]: wire('State opens 400 shelters', ['Officials said 200,000 people had been moved inland.'], { source: 'PTI' }),
    [`${FOLDER}/1140-power.md`]: md('title: Power cut across three districts\nauthor: Ravi Kumar\npinned: true', `The grid operator shut feeders as a precaution. ${'Hospitals ran on generators through the afternoon. '.repeat(8)}`),
    [`${FOLDER}/1600-rain.txt`]: wire('Heavy rain to continue overnight', ['The weather office kept its red alert for the coast.'], { source: 'PTI' }),
    [`${FOLDER}/2026-11-21T0615-morning.md`]: md('title: Morning brings the first damage reports\nauthor: Ann Reporter', 'Roofs were torn off in three villages; no deaths have been reported.'),
  };
}

/** The update the newsroom posts while the page is open, and the anchor it gets. */
const NEW_UPDATE = { file: `${FOLDER}/2026-11-21T0645-airport.md`, text: md('title: Airport reopens\nauthor: Ravi Kumar', 'The first flight landed at Rajahmundry at 06:40.'), anchor: 'update-2026-11-21t0645-airport' };
const SHOWN = ['update-2026-11-21t0615-morning', 'update-1600-rain', 'update-1140-power', 'update-0915-shelters', 'update-0830-landfall', 'update-0630-outer-bands'];

interface Site {
  cwd: string;
  url: string;
  close(): Promise<void>;
}

/**
 * Builds `cwd` through the CLI at `iso` into its `out/`, which stays served as it is rebuilt. Not
 * `buildSite`: its synchronous spawn would stop this process's server, and builds here run side by side.
 */
async function build(cwd: string, iso: string): Promise<void> {
  const child = startCli(['build', '--out', 'out'], { cwd, env: clockAt(iso) });
  child.stdout.resume();
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`the live site did not build:\n${stderr}`);
}

/** The live story built at `iso`, served on 127.0.0.1. */
async function liveSite(iso: string, config: object = {}): Promise<Site> {
  const cwd = project(liveStory(), { ...CONFIG, ...config });
  await build(cwd, iso);
  return { cwd, ...(await serve(path.join(cwd, 'out'))) };
}

describe.skipIf(unavailable !== null)('a live story in a real browser', () => {
  let browser: Browser;
  let live: Site;
  let ended: Site;
  /** Live too, for the tests that post updates to it; `short` shows two updates a page. */
  let posting: Site;
  let short: Site;

  beforeAll(async () => {
    [browser, live, ended, posting, short] = await Promise.all([
      chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS }),
      liveSite(LIVE_AT),
      liveSite(ENDED_AT),
      liveSite(LIVE_AT),
      liveSite(LIVE_AT, { feedItems: 10, live: { perPage: 2 } }),
    ]);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    for (const site of [live, ended, posting, short]) await site?.close();
  });

  /**
   * A fresh context that records console errors, page errors, policy violations (as the page's
   * own `securitypolicyviolation` events) and any request that leaves 127.0.0.1.
   */
  async function open(options: { viewport: { width: number; height: number }; javaScriptEnabled?: boolean }) {
    const context: BrowserContext = await browser.newContext({ viewport: options.viewport, javaScriptEnabled: options.javaScriptEnabled ?? true });
    const problems: string[] = [];
    await context.route('**/*', (route) => {
      const url = new URL(route.request().url());
      if (url.hostname === '127.0.0.1' || url.protocol === 'data:') return route.continue();
      problems.push(`request off the machine: ${url.href}`);
      return route.abort();
    });
    await context.exposeBinding('reportViolation', (_source, text: string) => problems.push(`policy violation: ${text}`));
    await context.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (event) => {
        void (window as unknown as { reportViolation(text: string): Promise<void> }).reportViolation(`${event.effectiveDirective} blocked ${event.blockedURI || 'inline'} (${event.sample})`);
      });
    });
    const page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    return { context, page, problems };
  }

  function axeFailures(results: Awaited<ReturnType<AxeBuilder['analyze']>>): string[] {
    return results.violations.map((violation) => `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(' ')).slice(0, 3).join(', ')})`);
  }

  const updateIds = (page: Page) => page.locator('.update-list > [data-update]').evaluateAll((nodes) => nodes.map((node) => node.id));

  it('should pass axe (WCAG 2.1 A/AA) while live and after the coverage ends, at 375 px and 1280 px', { timeout: 120_000 }, async () => {
    const failures: string[] = [];
    for (const viewport of [PHONE, DESKTOP]) {
      for (const [state, site] of [['live', live], ['ended', ended]] as const) {
        const { context, page, problems } = await open({ viewport });
        const response = await page.goto(new URL(STORY, site.url).href, { waitUntil: 'load' });
        expect(response?.status()).toBe(200);
        // The page is in the state this run is about.
        expect(await page.locator('.live-status').getAttribute('class')).toContain(state === 'live' ? 'is-live' : 'is-ended');
        expect(await page.locator('.live-new').count()).toBe(state === 'live' ? 1 : 0);
        failures.push(...axeFailures(await new AxeBuilder({ page }).withTags(WCAG).analyze()).map((failure) => `${state} at ${viewport.width} px: ${failure}`));
        const sideways = await page.evaluate(() => document.scrollingElement!.scrollWidth - window.innerWidth);
        if (sideways > 0) failures.push(`${state} at ${viewport.width} px: scrolls sideways by ${sideways} px`);
        failures.push(...problems.map((problem) => `${state} at ${viewport.width} px: ${problem}`));
        // For the lead engineer to look at; not an assertion.
        if (state === 'live') await page.screenshot({ path: `/tmp/live-${viewport.width}.png`, fullPage: true });
        await context.close();
      }
    }
    expect(failures).toEqual([]);
  });

  it('should run its one script under the page policy, with no violation, and keep the button out of sight until there is news', async () => {
    const { context, page, problems } = await open({ viewport: DESKTOP });
    await page.goto(new URL(STORY, live.url).href, { waitUntil: 'load' });
    const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    expect(policy).toMatch(/script-src 'sha256-[A-Za-z0-9+/]+=*'/);
    expect(policy).not.toContain("'unsafe-inline'");
    // The script ran: it made the button and the status line just before the list of updates.
    const button = page.locator('.live-new');
    await expect.poll(() => button.count()).toBe(1);
    expect(await button.evaluate((node) => node.tagName === 'BUTTON' && (node as HTMLButtonElement).type === 'button' && node.nextElementSibling?.getAttribute('role') === 'status' && node.nextElementSibling.nextElementSibling?.matches('.update-list[data-live-feed]') === true)).toBe(true);
    expect(await button.getAttribute('hidden')).not.toBeNull();
    // Hidden as a reader sees it: no box drawn, nothing to tab to (soft, so the checks after it still report).
    expect.soft(await button.isVisible(), 'the hidden button is out of sight').toBe(false);
    expect.soft(await button.evaluate((node) => getComputedStyle(node).display), 'the hidden button is not displayed').toBe('none');
    // A check finds nothing new: the feed is fetched, and the button stays hidden.
    const fetched = page.waitForResponse((response) => response.url() === new URL(`${STORY}feed.json`, live.url).href);
    await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
    expect((await fetched).status()).toBe(200);
    await page.waitForTimeout(200);
    expect(await button.getAttribute('hidden')).not.toBeNull();
    expect(await page.locator('.live-updates [role="status"]').textContent()).toBe('');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('should offer a new update on a button, add it only when asked, and move the focus to it', { timeout: 60_000 }, async () => {
    const { context, page, problems } = await open({ viewport: PHONE });
    await page.goto(new URL(STORY, posting.url).href, { waitUntil: 'load' });
    expect(await page.evaluate(() => document.visibilityState)).toBe('visible');
    expect(await updateIds(page)).toEqual(SHOWN);
    const button = page.locator('.live-new');
    await expect.poll(() => button.count()).toBe(1);

    // The newsroom posts an update, and the site is built again where it is served.
    writeFiles(path.join(posting.cwd, 'content'), { [NEW_UPDATE.file]: NEW_UPDATE.text });
    await build(posting.cwd, LIVE_AT);
    // The tab comes back into view: the script checks the feed at once.
    await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
    await page.waitForFunction(() => document.querySelector<HTMLButtonElement>('.live-new')?.hidden === false, undefined, { timeout: 10_000 });
    expect(await button.isVisible()).toBe(true);
    expect(await button.textContent()).toBe('1 new update \u2014 show');
    expect(await page.locator('.live-updates [role="status"]').textContent()).toBe('1 new update');
    expect(axeFailures(await new AxeBuilder({ page }).withTags(WCAG).analyze()), 'axe with the button offered').toEqual([]);
    // For the lead engineer to look at; not an assertion.
    await page.screenshot({ path: '/tmp/live-new-375.png', fullPage: true });
    // Nothing moves under the reader until they ask.
    expect(await updateIds(page)).toEqual(SHOWN);
    expect(await page.locator(`#${NEW_UPDATE.anchor}`).count()).toBe(0);

    // By keyboard: focus the button and press Enter.
    await button.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => updateIds(page), { timeout: 10_000 }).toEqual([NEW_UPDATE.anchor, ...SHOWN]);
    const newest = page.locator('.update-list > [data-update]').first();
    expect(await newest.locator('.update-headline').textContent()).toBe('Airport reopens');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe(NEW_UPDATE.anchor);
    expect(await newest.getAttribute('tabindex')).toBe('-1');
    expect(await button.getAttribute('hidden')).not.toBeNull();
    // Soft, so that the checks after it still report: the button is out of sight again.
    expect.soft(await button.isVisible(), 'the button is hidden after the click').toBe(false);
    expect(await page.locator('.live-updates [role="status"]').textContent()).toBe('');
    // The ids on the page stay unique, and a later check finds nothing new.
    expect(await page.evaluate(() => new Set([...document.querySelectorAll('[id]')].map((node) => node.id)).size === document.querySelectorAll('[id]').length)).toBe(true);
    await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
    await page.waitForTimeout(300);
    expect(await button.getAttribute('hidden')).not.toBeNull();
    expect(problems).toEqual([]);
    await context.close();
  });

  it('should take in more new updates than a page shows, and then have nothing more to offer', { timeout: 60_000 }, async () => {
    const { context, page, problems } = await open({ viewport: DESKTOP });
    await page.goto(new URL(STORY, short.url).href, { waitUntil: 'load' });
    await expect.poll(() => page.locator('.live-new').count()).toBe(1);
    // A reader comes back to the tab after three updates: more than the page shows in full.
    writeFiles(path.join(short.cwd, 'content'), {
      [`${FOLDER}/2026-11-21T0630-bridge.md`]: md('title: Bridge closed', 'The Godavari bridge is shut.'),
      [`${FOLDER}/2026-11-21T0640-trains.md`]: md('title: Trains cancelled', 'Twelve trains are cancelled.'),
      [NEW_UPDATE.file]: NEW_UPDATE.text,
    });
    await build(short.cwd, LIVE_AT);
    await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
    const button = page.locator('.live-new');
    await expect.poll(() => button.textContent(), { timeout: 10_000 }).toBe('3 new updates \u2014 show');
    await button.click();
    await expect.poll(() => updateIds(page), { timeout: 10_000 }).toEqual([NEW_UPDATE.anchor, 'update-2026-11-21t0640-trains']);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe(NEW_UPDATE.anchor);
    // The third is in the list of earlier updates, as on the page itself: nothing is left to offer.
    expect(await page.locator('.earlier-updates #update-2026-11-21t0630-bridge').count()).toBe(1);
    await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
    await page.waitForTimeout(300);
    expect(await button.getAttribute('hidden')).not.toBeNull();
    expect(problems).toEqual([]);
    await context.close();
  });

  it('should show every latest update and follow the key events without JavaScript', async () => {
    const { context, page, problems } = await open({ viewport: { width: PHONE.width, height: 600 }, javaScriptEnabled: false });
    await page.goto(new URL(STORY, live.url).href, { waitUntil: 'load' });
    expect(await page.locator('.live-new').count()).toBe(0);
    expect(await updateIds(page)).toEqual(SHOWN);
    for (const id of SHOWN) expect(await page.locator(`#${id} .update-body`).isVisible(), id).toBe(true);
    expect(await page.locator('.live-status.is-live').isVisible()).toBe(true);
    const keyEvents = page.locator('.key-events a');
    expect(await keyEvents.count()).toBe(2);
    for (const [n, anchor] of ['update-1140-power', 'update-0830-landfall'].entries()) {
      await page.evaluate(() => window.scrollTo(0, 0));
      await keyEvents.nth(n).click();
      await page.waitForURL((url) => url.hash === `#${anchor}`);
      const target = page.locator(`#${anchor}`);
      expect(await target.evaluate((node) => node.matches(':target') && node.matches('article.is-key-event'))).toBe(true);
      // Scrolled to (smoothly, where motion is welcome): the update's time and headline come into view.
      const inView = () => target.locator('.update-headline').evaluate((node) => {
        const box = node.closest('article')!.getBoundingClientRect();
        return box.top >= 0 && node.getBoundingClientRect().bottom <= window.innerHeight;
      });
      await expect.poll(inView, { message: `${anchor} is scrolled into view`, timeout: 5_000 }).toBe(true);
    }
    expect(problems).toEqual([]);
    await context.close();
  });
});
