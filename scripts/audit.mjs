// @ts-check
// `npm run audit`: Lighthouse (12.2.3, mobile: performance, accessibility, best practices, SEO)
// on four pages, each served on 127.0.0.1 by a site built with a base URL of that address (so
// canonical URLs point at the page audited). Every category must score 1.00 on every page; when
// one does not, the audit fails and says which audits fall short.
//
// - The seed article (wire copy) and the home page of the sample site: the pages every change to
//   the templates and styles touches.
// - An article with a camera photo, and the home page of its site: the sample site plus one
//   Markdown article, the newest (so its teaser, with the photo, leads the home page), whose lead
//   image is a 4000×3000 camera JPEG of about 1.7 MB with EXIF and whose body has one more photo of
//   3000×2000. That is what a newsroom uploads, and what the sample site (no photo, one small SVG)
//   never shows: a page that sends the camera's file to a phone fails on performance, by its
//   largest contentful paint, however good its HTML. It passes only when the build makes photos
//   fit for the page (smaller renditions in modern formats). The photos are drawn here with sharp,
//   a noisy gradient from a seeded generator, so every run audits the same bytes.
//
// Lighthouse is a large download, so it is not a dependency: install it to audit (npm i -E
// --no-save lighthouse@12.2.3); without it the audit says so and passes.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
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

/** A generator of numbers in [0, 1) from a seed (mulberry32): the same photo on every run. @param {number} seed */
function seeded(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A JPEG as a camera writes one, at `width`×`height`: a colour gradient with noise in every
 * pixel (which JPEG cannot compress away, as it cannot a real scene's detail), quality 90, EXIF.
 * @param {number} width
 * @param {number} height
 * @param {number} seed
 */
async function cameraPhoto(width, height, seed) {
  const random = seeded(seed);
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0, i = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const u = x / width;
      const v = y / height;
      const colour = [40 + 150 * u, 90 + 120 * v, 200 - 120 * u * v];
      for (const channel of colour) pixels[i++] = Math.max(0, Math.min(255, Math.round(channel + (random() - 0.5) * 16)));
    }
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 90 })
    .withExif({ IFD0: { Make: 'Canon', Model: 'Canon EOS R6', Software: 'Broadsheet audit', DateTime: '2026:11:26 06:40:00' } })
    .toBuffer();
}

const PHOTO_SLUG = 'storm-surge-floods-the-harbour-front';
const PHOTO_PATH = `/2026/11/26/${PHOTO_SLUG}/`;

/** The files the photo site adds to the sample content: an article dated after every sample one, and its two photos. */
async function photoContent() {
  const article = `---
title: Storm surge floods the harbour front
dek: Water rose over the sea wall before dawn and reached the fish market, where traders lost a morning's catch.
author: Maya Fernandes
date: 2026-11-26T08:30:00+05:30
section: World
tags: [Environment, Oceans]
slug: ${PHOTO_SLUG}
image:
  src: storm-surge.jpg
  alt: Waves break over the sea wall on to a flooded quay lined with fishing boats
  caption: Waves break over the sea wall at high tide on Thursday morning.
  credit: Photo by Maya Fernandes
---

LISBON, Nov. 26 — A storm surge pushed the sea over the harbour wall before dawn on Thursday,
flooding the quays and the fish market to the depth of a boot.

Traders said the water came in within minutes of high tide, and that most of the morning's catch
was lost before it could be moved to the upper hall.

![Traders sweep water out of the fish market hall past stacked crates](fish-market.jpg)

The port authority said the wall would be inspected once the water had gone down, and that the
market would open again on Friday.
`;
  const [lead, body] = await Promise.all([cameraPhoto(4000, 3000, 1), cameraPhoto(3000, 2000, 2)]);
  return { 'world/2026-11-26-storm-surge.md': article, 'world/storm-surge.jpg': lead, 'world/fish-market.jpg': body };
}

const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];
const variants = [
  { name: 'sample site', content: {}, pages: [['seed article', SEED_PATH], ['home page', '/']] },
  { name: 'photo site', content: await photoContent(), pages: [['photo article', PHOTO_PATH], ['home page', '/']] },
];
const sites = [];
const profile = mkdtempSync(path.join(os.tmpdir(), 'broadsheet-lighthouse-'));
let chrome;
let failed = false;
try {
  for (const variant of variants) {
    const port = await freePort();
    sites.push({ ...variant, site: await serveSample(['--base-url', `http://127.0.0.1:${port}/`], port, { content: variant.content }) });
  }
  chrome = await chromeLauncher.launch({ chromePath: CHROMIUM, chromeFlags: [...CHROMIUM_FLAGS, `--user-data-dir=${profile}`] });
  for (const { name: siteName, pages, site } of sites) {
    for (const [name, pagePath] of pages) {
      const url = new URL(pagePath, site.url).href;
      const result = await lighthouse(url, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: CATEGORIES });
      const lhr = result?.lhr;
      if (!lhr) throw new Error(`Lighthouse gave no result for ${url}`);
      const scores = CATEGORIES.map((category) => `${category} ${(lhr.categories[category]?.score ?? 0).toFixed(2)}`);
      console.log(`${siteName}, ${name} (${url}): ${scores.join(', ')}`);
      for (const category of CATEGORIES) {
        if ((lhr.categories[category]?.score ?? 0) >= 1) continue;
        failed = true;
        for (const ref of lhr.categories[category]?.auditRefs ?? []) {
          const audit = lhr.audits[ref.id];
          if (ref.weight > 0 && audit && audit.score !== null && audit.score < 1) console.log(`  ${category}: ${ref.id} (${audit.score}): ${audit.title}${audit.displayValue ? ` (${audit.displayValue})` : ''}`);
        }
      }
    }
  }
} finally {
  await chrome?.kill();
  for (const { site } of sites) await site.close();
  rmSync(profile, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
