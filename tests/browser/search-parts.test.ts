import { existsSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSite, project, wire } from '../helpers.js';
import { browserUnavailable, CHROMIUM, CHROMIUM_ARGS, serve } from './sites.js';

// A site with more than 16 MiB of stories has its search index in parts, each made by a Pagefind
// process of its own so that none holds the whole index. In a real browser, the search page must
// find a story in any part, as if the index were one.

const unavailable = browserUnavailable();
if (unavailable && process.env['CI']) throw new Error(`${unavailable}, and CI must run the browser tests`);

// Enough body HTML for two parts: 1,100 stories of about 20 KB.
const STORIES = 1100;
const PARAGRAPHS = Array.from({ length: 60 }, (_, i) => `Paragraph ${i} of a long report on the harbour, the council and the budget, with quotes from officials and residents who have followed the story for months, and figures from the port authority on tonnage, berths, dredging, wages and the cost of the repairs that the city has promised.`);

describe.skipIf(unavailable !== null)('a search index in parts, in a real browser', () => {
  let browser: Browser;
  let site: { url: string; close(): Promise<void> };
  let out: string;

  beforeAll(async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < STORIES; i++) {
      const day = new Date(Date.UTC(2015, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);
      // The oldest story (last in the index, in its second part) and the newest (in the first) have words of their own.
      const word = i === 0 ? ' A zebrafinch was seen.' : i === STORIES - 1 ? ' An aardwolf was seen.' : '';
      files[`desk/${day}-story-${i}.txt`] = wire(`Story number ${i}`, [`KOCHI - Routine story ${i}.${word}`, ...PARAGRAPHS]);
    }
    const cwd = project(files, { title: 'Parts', baseUrl: 'https://parts.example/' });
    const built = buildSite(cwd);
    if (built.result.code !== 0) throw new Error(built.result.stderr);
    out = built.out;
    site = await serve(out);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  it('should write the index in parts', () => {
    expect(existsSync(path.join(out, 'pagefind', 'pagefind-entry.json'))).toBe(true);
    expect(existsSync(path.join(out, 'pagefind', 'part-2', 'pagefind-entry.json'))).toBe(true);
  });

  it.each([
    ['zebrafinch', 'Story number 0', 'second'],
    ['aardwolf', `Story number ${STORIES - 1}`, 'first'],
  ])('should find "%s" (%s, in the %s part)', async (word, headline) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(new URL(`/search/?q=${word}`, site.url).href);
    const first = page.locator('.pagefind-ui__result-link').first();
    await first.waitFor({ timeout: 30_000 });
    // The story leads the results, once. (A part without the word may add, below it, Pagefind's
    // match on the word's longest prefix that part has, as a single index does for a word it lacks.)
    expect(await first.textContent()).toBe(headline);
    expect((await page.locator('.pagefind-ui__result-link').allTextContents()).filter((text) => text === headline)).toHaveLength(1);
    await context.close();
    expect(errors).toEqual([]);
  });
});
