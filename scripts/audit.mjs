// @ts-check
// `npm run audit`: Lighthouse (12.2.3) on the seed article and the home page of the sample site,
// served on 127.0.0.1 with a base URL of that address (so canonical URLs point at the page
// audited). Every category must score 1.00. Lighthouse is a large download, so it is not a
// dependency: install it to audit (npm i -E --no-save lighthouse@12.2.3); without it the audit
// says so and passes.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { CHROMIUM, CHROMIUM_FLAGS, SEED_PATH, serveSample } from './site.mjs';

let lighthouse;
let chromeLauncher;
try {
  lighthouse = (await import('lighthouse')).default;
  chromeLauncher = await import('chrome-launcher');
} catch {
  console.log('audit skipped: the lighthouse package is not installed (npm i -E --no-save lighthouse@12.2.3)');
  process.exit(0);
}

/** A port free right now, so the site can be built with its own address as the base URL. */
function freePort() {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];
const port = await freePort();
const site = await serveSample(['--base-url', `http://127.0.0.1:${port}/`], port);
const profile = mkdtempSync(path.join(os.tmpdir(), 'broadsheet-lighthouse-'));
const chrome = await chromeLauncher.launch({ chromePath: CHROMIUM, chromeFlags: [...CHROMIUM_FLAGS, `--user-data-dir=${profile}`] });
let failed = false;
try {
  for (const [name, pagePath] of [['seed article', SEED_PATH], ['home page', '/']]) {
    const url = new URL(pagePath, site.url).href;
    const result = await lighthouse(url, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: CATEGORIES });
    const lhr = result?.lhr;
    if (!lhr) throw new Error(`Lighthouse gave no result for ${url}`);
    const scores = CATEGORIES.map((category) => `${category} ${(lhr.categories[category]?.score ?? 0).toFixed(2)}`);
    console.log(`${name} (${url}): ${scores.join(', ')}`);
    for (const category of CATEGORIES) {
      if ((lhr.categories[category]?.score ?? 0) >= 1) continue;
      failed = true;
      for (const ref of lhr.categories[category]?.auditRefs ?? []) {
        const audit = lhr.audits[ref.id];
        if (ref.weight > 0 && audit && audit.score !== null && audit.score < 1) console.log(`  ${category}: ${ref.id} (${audit.score}): ${audit.title}`);
      }
    }
  }
} finally {
  await chrome.kill();
  await site.close();
  rmSync(profile, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
