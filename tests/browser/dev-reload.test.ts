import { readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { md, project, ROOT, writeFiles } from '../helpers.js';
import { browserUnavailable, CHROMIUM, CHROMIUM_ARGS, startDev } from './sites.js';

// Live reload as a writer sees it, in a real browser: the page's own policy decides whether the
// reload script may run and reach the server, whatever order the theme writes the policy in.

const unavailable = browserUnavailable();
if (unavailable && process.env['CI']) throw new Error(`${unavailable}, and CI must run the browser tests`);

describe.skipIf(unavailable !== null)('live reload in a real browser', () => {
  it('should reload an open page on an edit when the theme writes content before http-equiv', { timeout: 120_000 }, async () => {
    const cwd = project({ 'city/2026-11-20-council.md': md('title: Council votes\ndate: 2026-11-20T10:00:00Z\nsection: City', 'The council voted.') });
    const base = readFileSync(path.join(ROOT, 'templates', 'layouts', 'base.liquid'), 'utf8');
    const forward = '<meta http-equiv="Content-Security-Policy" content="{{ page.csp }}">';
    expect(base).toContain(forward);
    writeFiles(path.join(cwd, 'templates'), { 'layouts/base.liquid': base.replace(forward, '<meta content="{{ page.csp }}" http-equiv="Content-Security-Policy">') });
    const dev = await startDev(cwd);
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    try {
      const { url } = dev;
      const page = await browser.newPage();
      const violations: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') violations.push(message.text());
      });
      const connected = page.waitForResponse((response) => response.url().endsWith('/__broadsheet/events'), { timeout: 15_000 });
      await page.goto(`${url}2026/11/20/council-votes/`);
      await connected;
      writeFiles(path.join(cwd, 'content'), { 'city/2026-11-20-council.md': md('title: Council votes\ndate: 2026-11-20T10:00:00Z\nsection: City', 'The council voted again, late at night.') });
      await page.waitForFunction(() => document.body.textContent?.includes('late at night'), undefined, { timeout: 30_000 });
      expect(violations).toEqual([]);
    } finally {
      await browser.close();
      dev.stop();
    }
  });
});
