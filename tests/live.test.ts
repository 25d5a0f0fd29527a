import { createHash } from 'node:crypto';
import { utimesSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parseFeed } from '@rowanmanning/feed-parser';
import { mf2 } from 'microformats-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { memoryWriter } from '../src/write.js';
import { buildInProcess, buildSite, clockAt, hashes, listFiles, md, parseHtml, project, wire, writeFiles, type LibraryBuild } from './helpers.js';

// A live story as a newsroom runs one: a folder of 120 updates from several reporters, Markdown
// and wire text, some pinned, one a draft, the last few timed after the build's clock. Read as
// readers, feed readers, search engines and microformats parsers read it.

const BASE_URL = 'https://live.example/';
const CONFIG = { title: 'The Live Times', baseUrl: BASE_URL, timeZone: 'Asia/Kolkata', feedItems: 20, publisher: { logo: '/favicon.svg' } };
const FOLDER = 'world/2026-11-20-cyclone-live';
const STORY_URL = '2026/11/20/cyclone-mira-makes-landfall/';
const START = Date.parse('2026-11-20T06:00:00+05:30');
const MINUTE = 60_000;
const COUNT = 120;
const DRAFT = 49;
/** The build's clock: the first 115 updates have been posted, the last five are still to come. */
const NOW = new Date(START + 116 * 10 * MINUTE - MINUTE);

const time = (i: number) => new Date(START + (i + 1) * 10 * MINUTE);
const pinned = (i: number) => i % 25 === 5 && i % 3 !== 2;

/** The wall time of update `i` in Kolkata, for its file name: `0610` or `2026-11-21T0030`. */
function nameOf(i: number): string {
  const local = new Date(time(i).getTime() + 330 * MINUTE).toISOString();
  const hhmm = local.slice(11, 13) + local.slice(14, 16);
  return local.startsWith('2026-11-20') ? hhmm : `${local.slice(0, 10)}T${hhmm}`;
}

function liveFolder(options: { end?: string } = {}): Record<string, string> {
  const files: Record<string, string> = {
    [`${FOLDER}/index.md`]: md(
      `title: Cyclone Mira makes landfall\ndek: The storm crosses the coast near Kakinada.\nauthor: Ann Reporter\nsection: World\nlive:\n  start: 2026-11-20T06:00:00+05:30${options.end ? `\n  end: ${options.end}` : ''}`,
      '- Winds of 140 km/h at landfall\n- 200,000 people moved to shelters',
    ),
  };
  for (let i = 0; i < COUNT; i++) {
    const words = `Update token${i}x from the coast.`;
    if (i % 3 === 2) files[`${FOLDER}/${nameOf(i)}-wire.txt`] = wire(`Wire update ${i}`, [words], { source: 'PTI' });
    else {
      const front = [`title: Update ${i}`, `author: ${i % 2 ? 'Ravi Kumar' : 'Ann Reporter'}`, ...(pinned(i) ? ['pinned: true'] : []), ...(i === DRAFT ? ['draft: true'] : [])];
      files[`${FOLDER}/${nameOf(i)}-update.md`] = md(front.join('\n'), words);
    }
  }
  return files;
}

const published = (i: number) => time(i) <= NOW && i !== DRAFT;
const anchorOf = (i: number) => `update-${nameOf(i).toLowerCase()}-${i % 3 === 2 ? 'wire' : 'update'}`;
/** Published updates, newest first. */
const shown = Array.from({ length: COUNT }, (_, i) => COUNT - 1 - i).filter(published);

function page(build: LibraryBuild, file: string): Document {
  const bytes = build.files.get(file);
  if (!bytes) throw new Error(`no ${file} in the build`);
  return parseHtml(new TextDecoder().decode(bytes));
}
const text = (build: LibraryBuild, file: string) => new TextDecoder().decode(build.files.get(file));

async function buildLive(files: Record<string, string>, now = NOW, extra: object = {}): Promise<LibraryBuild> {
  const dir = project({ ...files, 'world/older.md': md({ title: 'An older story', date: '2026-11-19', section: 'World' }, 'Older.') }, { ...CONFIG, ...extra });
  const built = await buildInProcess(dir, { options: { now } });
  const fatal = built.result.files.flatMap((file) => file.messages.filter((message) => message.fatal).map((message) => `${file.path}: ${message.reason}`));
  expect(fatal).toEqual([]);
  return built;
}

describe('a live story while it is live', () => {
  let site: LibraryBuild;
  beforeAll(async () => {
    site = await buildLive(liveFolder());
  });

  it('should show the latest updates newest first, each with its anchor, time, permalink and author', () => {
    const doc = page(site, `${STORY_URL}index.html`);
    const updates = [...doc.querySelectorAll('.update-list > article')];
    expect(updates.map((update) => update.id)).toEqual(shown.slice(0, 20).map(anchorOf));
    const newest = updates[0]!;
    const i = shown[0]!;
    expect(newest.querySelector('time')?.getAttribute('datetime')).toBe(isoKolkata(time(i)));
    expect(newest.querySelector('time')?.textContent).toMatch(/\d{2}:\d{2}$/);
    expect(newest.querySelector('a.u-url')?.getAttribute('href')).toBe(`/${STORY_URL}#${anchorOf(i)}`);
    const markdown = updates.find((update) => update.querySelector('.p-author'))!;
    expect(['Ann Reporter', 'Ravi Kumar']).toContain(markdown.querySelector('.p-author')?.textContent);
    // Mixed formats: the wire text's first line is its headline.
    const fromTheWire = updates.find((update) => /^Wire update \d+$/.test(update.querySelector('h3')?.textContent ?? ''));
    expect(fromTheWire?.querySelector('.update-byline')?.textContent?.trim()).toBe('Source: PTI');
    expect(new Set([...doc.querySelectorAll('[id]')].map((node) => node.id)).size).toBe(doc.querySelectorAll('[id]').length);
  });

  it('should hold back the draft and the updates timed after the clock', () => {
    const all = [...site.files.keys()].filter((file) => file.startsWith(STORY_URL)).map((file) => text(site, file)).join('');
    expect(all).not.toContain(`token${DRAFT}x`);
    for (let i = 115; i < COUNT; i++) expect(all).not.toContain(`token${i}x`);
    expect(all).toContain('token114x');
  });

  it('should list the key events at the top, linking to where each is shown', () => {
    const doc = page(site, `${STORY_URL}index.html`);
    const links = [...doc.querySelectorAll('.key-events a')].map((link) => link.getAttribute('href')!);
    const keyEvents = shown.filter(pinned);
    expect(links).toHaveLength(keyEvents.length);
    for (const [n, href] of links.entries()) {
      const [file, anchor] = resolve(href);
      expect(anchor).toBe(anchorOf(keyEvents[n]!));
      expect(page(site, file).querySelector(`article#${anchor}`), href).not.toBeNull();
    }
  });

  it('should put every update on a page of earlier updates whose URL never changes, and resolve every permalink', async () => {
    const doc = page(site, `${STORY_URL}index.html`);
    // Every published update's permalink resolves on the story's page: in full, or a line linking to it.
    for (const i of shown) {
      const target = doc.getElementById(anchorOf(i));
      expect(target, anchorOf(i)).not.toBeNull();
      if (target!.tagName === 'LI') {
        const [file, anchor] = resolve(target!.querySelector('a')!.getAttribute('href')!);
        expect(page(site, file).querySelector(`article#${anchor}`)).not.toBeNull();
      }
    }
    const pages = [...site.files.keys()].filter((file) => file.startsWith(`${STORY_URL}updates/`)).sort();
    expect(pages).toEqual(Array.from({ length: Math.ceil((shown.length - 20) / 20) }, (_, n) => `${STORY_URL}updates/${n + 1}/index.html`));
    // The first update is on page 1, and stays there as coverage goes on.
    const first = page(site, `${STORY_URL}updates/1/index.html`);
    expect([...first.querySelectorAll('.update-list > article')].at(-1)?.id).toBe(anchorOf(0));
    const ids = (build: LibraryBuild, file: string) => [...page(build, file).querySelectorAll('.update-list > article')].map((update) => update.id);
    // An hour on, five more updates are out: page 1 holds the same twenty.
    const later = await buildLive(liveFolder(), new Date(NOW.getTime() + 60 * MINUTE));
    expect(ids(later, `${STORY_URL}updates/1/index.html`)).toEqual(ids(site, `${STORY_URL}updates/1/index.html`));
    expect(ids(later, `${STORY_URL}updates/1/index.html`)).toHaveLength(20);
  });

  it('should say LIVE with the time of the latest update, and lead the home page and its section', () => {
    const doc = page(site, `${STORY_URL}index.html`);
    expect(doc.querySelector('.live-status')?.textContent).toContain('Live');
    expect(doc.querySelector('.live-status time')?.getAttribute('datetime')).toBe(isoKolkata(time(shown[0]!)));
    for (const list of ['index.html', 'sections/world/index.html']) {
      const first = page(site, list).querySelector('main .h-entry');
      expect(first?.querySelector('.p-name')?.textContent).toBe('Cyclone Mira makes landfall');
      expect(first?.querySelector('.live-label')).not.toBeNull();
    }
  });

  it('should describe itself as a LiveBlogPosting with its latest updates', async () => {
    const doc = page(site, `${STORY_URL}index.html`);
    const blog = jsonLd(doc).find((item) => item['@type'] === 'LiveBlogPosting')!;
    expect(blog).toMatchObject({ headline: 'Cyclone Mira makes landfall', coverageStartTime: '2026-11-20T06:00:00+05:30', about: { '@type': 'Event', name: 'Cyclone Mira makes landfall' } });
    expect(blog['coverageEndTime']).toBeUndefined();
    expect(blog['dateModified']).toBe(isoKolkata(time(shown[0]!)));
    const updates = blog['liveBlogUpdate'] as Record<string, unknown>[];
    expect(updates).toHaveLength(50);
    expect(updates[0]).toMatchObject({ '@type': 'BlogPosting', datePublished: isoKolkata(time(shown[0]!)), url: `${BASE_URL}${STORY_URL}#${anchorOf(shown[0]!)}` });
    expect(updates[0]!['articleBody']).toBe(`Update token${shown[0]}x from the coast.`);
    expect(updates.every((update) => typeof update['headline'] === 'string' && Array.isArray(update['author']))).toBe(true);
    const verdict = await structuredData(text(site, `${STORY_URL}index.html`), [
      { type: 'jsonld', test: 'LiveBlogPosting[0].coverageStartTime', expect: true },
      { type: 'jsonld', test: 'LiveBlogPosting[0].liveBlogUpdate[0].headline', expect: true },
      { type: 'jsonld', test: 'LiveBlogPosting[0].liveBlogUpdate[0].datePublished', expect: true },
      { type: 'jsonld', test: 'LiveBlogPosting[0].about.startDate', expect: true },
    ]);
    expect(verdict.failed).toEqual([]);
    // Today's NewsArticle pages, by the same tool.
    expect((await structuredData(text(site, '2026/11/19/an-older-story/index.html'), [{ type: 'jsonld', test: 'NewsArticle[0].headline', expect: true }])).failed).toEqual([]);
  });

  it('should be an h-entry whose updates are nested h-entries with their time and URL', () => {
    const parsed = mf2(text(site, `${STORY_URL}index.html`), { baseUrl: `${BASE_URL}${STORY_URL}` });
    const story = parsed.items.find((item) => item.type?.includes('h-entry'))!;
    expect(story.properties['name']).toEqual(['Cyclone Mira makes landfall']);
    const children = story.children ?? [];
    expect(children).toHaveLength(20);
    expect(children[0]!.properties['published']).toEqual([isoKolkata(time(shown[0]!))]);
    expect(children[0]!.properties['url']).toEqual([`${BASE_URL}${STORY_URL}#${anchorOf(shown[0]!)}`]);
  });

  it('should have feeds of its own, and be one item of the site and section feeds, updated with its latest update', () => {
    const permalink = `${BASE_URL}${STORY_URL}#${anchorOf(shown[0]!)}`;
    for (const file of ['feed.xml', 'atom.xml']) {
      const feed = parseFeed(text(site, `${STORY_URL}${file}`));
      expect(feed.items).toHaveLength(20);
      expect(feed.items[0]!.url).toBe(permalink);
      expect(feed.items[0]!.id).toBe(permalink);
      expect(feed.items[0]!.content).toContain(`token${shown[0]}x`);
    }
    const json = JSON.parse(text(site, `${STORY_URL}feed.json`)) as { items: { id: string; url: string; content_html: string }[] };
    expect(json.items).toHaveLength(20);
    expect(json.items[0]).toMatchObject({ id: permalink, url: permalink, content_html: expect.stringContaining(`token${shown[0]}x`) });
    const alternates = [...page(site, `${STORY_URL}index.html`).querySelectorAll('link[rel="alternate"]')].map((link) => link.getAttribute('href'));
    expect(alternates).toEqual(expect.arrayContaining([`/${STORY_URL}feed.xml`, `/${STORY_URL}atom.xml`, `/${STORY_URL}feed.json`]));
    for (const file of ['atom.xml', 'sections/world/atom.xml']) {
      const items = parseFeed(text(site, file)).items.filter((item) => item.title === 'Cyclone Mira makes landfall');
      expect(items).toHaveLength(1);
      expect(items[0]!.updated?.getTime()).toBe(time(shown[0]!).getTime());
    }
  });

  it('should give the sitemap its latest update, and keep it in the news sitemap while live', async () => {
    const sitemap = text(site, 'sitemap.xml');
    expect(sitemap).toContain(`<loc>${BASE_URL}${STORY_URL}</loc><lastmod>${time(shown[0]!).toISOString()}</lastmod>`);
    // Three days on, still live: still news.
    const days = await buildLive({ ...liveFolder(), ...Object.fromEntries(Array.from({ length: 1 }, () => [`${FOLDER}/2026-11-23T0900-still.md`, md('title: Still going', 'Still.')])) }, new Date('2026-11-23T10:00:00+05:30'));
    expect(text(days, 'news-sitemap.xml')).toContain(`${BASE_URL}${STORY_URL}`);
    expect(text(days, 'news-sitemap.xml')).not.toContain('an-older-story');
  });

  it('should run one script, allowed by its hash, on the live page only', () => {
    const doc = page(site, `${STORY_URL}index.html`);
    const scripts = [...doc.querySelectorAll('script:not([type])')];
    expect(scripts).toHaveLength(1);
    const hash = `'sha256-${createHash('sha256').update(scripts[0]!.textContent!).digest('base64')}'`;
    const policy = doc.querySelector('meta[http-equiv="Content-Security-Policy"]')!.getAttribute('content')!;
    expect(policy.split(';').map((directive) => directive.trim())).toContain(`script-src ${hash}`);
    expect(doc.querySelector('[data-live-feed]')?.getAttribute('data-live-feed')).toBe(`/${STORY_URL}feed.json`);
    for (const file of [...site.files.keys()].filter((name) => name.endsWith('.html') && name !== `${STORY_URL}index.html`)) {
      const other = page(site, file);
      expect(other.querySelectorAll('script:not([type])').length, file).toBe(0);
      expect(other.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content') ?? '', file).not.toContain('script-src');
    }
  });
});

describe('a live story after its coverage ends', () => {
  let site: LibraryBuild;
  beforeAll(async () => {
    site = await buildLive(liveFolder({ end: '2026-11-20T20:00:00+05:30' }), new Date('2026-11-25T12:00:00Z'));
  });

  it('should say when the coverage ended, run no script, and take its place in lists by date', () => {
    const doc = page(site, `${STORY_URL}index.html`);
    expect(doc.querySelector('.live-status')?.textContent).toMatch(/^Live coverage ended/);
    expect(doc.querySelector('.live-status time')?.getAttribute('datetime')).toBe('2026-11-20T20:00:00+05:30');
    expect(doc.querySelectorAll('script:not([type])')).toHaveLength(0);
    expect(doc.querySelector('[data-live-feed]')).toBeNull();
    expect(doc.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content')).not.toContain('script-src');
    const blog = jsonLd(doc).find((item) => item['@type'] === 'LiveBlogPosting')!;
    expect(blog['coverageEndTime']).toBe('2026-11-20T20:00:00+05:30');
    // All 120 updates are out by now, the draft aside.
    expect(doc.querySelector(`#${anchorOf(COUNT - 1)}`)).not.toBeNull();
    expect(page(site, 'index.html').querySelector('main .h-entry .live-label')).toBeNull();
  });
});

describe('adding an update', () => {
  it('should rebuild the story, its feeds and the lists that show it, to the bytes of a cold build', async () => {
    const files = liveFolder();
    const dir = project({ ...files, 'world/older.md': md({ title: 'An older story', date: '2026-11-19', section: 'World' }, 'Older.'), 'city/other.md': md({ title: 'City story', date: '2026-11-18', section: 'City' }, 'City.') }, CONFIG);
    const past = new Date(Date.now() - 60_000);
    for (const file of listFiles(path.join(dir, 'content'))) utimesSync(path.join(dir, 'content', file), past, past);
    const writer = memoryWriter();
    const first = await buildInProcess(dir, { memory: writer, options: { now: NOW } });
    const before = new Map(writer.files);
    // Posted after the latest, before the clock: the newest update, and a key event.
    writeFiles(path.join(dir, 'content'), { [`${FOLDER}/2026-11-21T0115-late.md`]: md('title: A late update\npinned: true', 'Late token999x.') });
    const warm = await buildInProcess(dir, { memory: writer, manifest: first.result.manifest, options: { now: NOW } });
    expect(warm.result.stats!.parsed).toBe(1);
    const changed = [...writer.files.keys()].filter((file) => before.get(file) !== writer.files.get(file)).sort();
    expect(changed).toContain(`${STORY_URL}index.html`);
    expect(changed).toContain(`${STORY_URL}feed.json`);
    expect(changed).not.toContain('2026/11/18/city-story/index.html');
    expect(changed).not.toContain('sections/city/index.html');
    // A story whose related box lists the live story shows nothing an update changes.
    expect(changed).not.toContain('2026/11/19/an-older-story/index.html');
    // Of the pages of earlier updates, only the one the oldest latest update moved onto.
    const pages = [...writer.files.keys()].filter((file) => file.startsWith(`${STORY_URL}updates/`)).sort();
    expect(changed.filter((file) => file.startsWith(`${STORY_URL}updates/`))).toEqual([pages.at(-1)]);
    const cold = await buildInProcess(dir, { cacheDir: path.join(dir, 'cold-cache'), options: { now: NOW } });
    expect([...writer.files.keys()].sort()).toEqual([...cold.files.keys()].sort());
    for (const [file, bytes] of cold.files) expect(Buffer.from(writer.files.get(file)!).equals(Buffer.from(bytes)), file).toBe(true);
  });
});

describe('live stories that are wrong', () => {
  it('should refuse an update with no time, naming its file, and a live folder with no index, and leave the site as it was', () => {
    const dir = project({ ...liveFolder() }, CONFIG);
    const env = clockAt(NOW.toISOString());
    expect(buildSite(dir, { env }).result.code).toBe(0);
    const before = hashes(path.join(dir, 'out'));
    for (const [files, message] of [
      [{ [`${FOLDER}/landfall-photos.md`]: md('title: Photos', 'Pictures.') }, new RegExp(`${FOLDER}/landfall-photos\\.md:1:1: error: update has no time[^\n]*\n\\s+hint: name the file HHMM-`)],
      [{ 'world/storm-live/0830-first.md': md('title: First', 'Words.') }, /world\/storm-live: error: live folder has no index\.md/],
    ] as const) {
      const built = buildSite(project({ ...liveFolder(), ...files }, CONFIG), { env });
      expect(built.result.code).toBe(1);
      const output = built.result.stdout + built.result.stderr;
      expect(output).toMatch(message);
      expect(output).not.toMatch(/\n\s+at /);
    }
    // The same mistake in a site already built leaves it as it was.
    writeFiles(path.join(dir, 'content'), { [`${FOLDER}/landfall-photos.md`]: md('title: Photos', 'Pictures.') });
    expect(buildSite(dir, { env }).result.code).toBe(1);
    expect(hashes(path.join(dir, 'out'))).toEqual(before);
  });

  it('should warn of an update timed before the coverage starts, and keep two updates of the same minute in the order of their files', async () => {
    const files = {
      [`${FOLDER}/index.md`]: md('title: Cyclone Mira makes landfall\nsection: World\nlive:\n  start: 2026-11-20T06:00:00+05:30', ''),
      [`${FOLDER}/0500-early.md`]: md('title: Too early', 'Early.'),
      [`${FOLDER}/0700-b.md`]: md('title: Second by name', 'B.'),
      [`${FOLDER}/0700-a.md`]: md('title: First by name', 'A.'),
    };
    const site = await buildLive(files);
    const warnings = site.result.files.flatMap((file) => file.messages.map((message) => `${file.path}|${message.ruleId}`));
    expect(warnings.filter((entry) => entry.endsWith('|live-update-early'))).toEqual([expect.stringContaining('0500-early.md')]);
    expect(warnings.filter((entry) => entry.includes('0700-'))).toEqual([]);
    const ids = [...page(site, `${STORY_URL}index.html`).querySelectorAll('.update-list > article')].map((update) => update.id);
    expect(ids).toEqual(['update-0700-a', 'update-0700-b', 'update-0500-early']);
  });
});

// ---------------------------------------------------------------------------------------------

function isoKolkata(date: Date): string {
  return `${new Date(date.getTime() + 330 * MINUTE).toISOString().slice(0, 19)}+05:30`;
}

/** A link on the story's page → the file it opens and the anchor. */
function resolve(href: string): [string, string] {
  const [pathname, anchor] = href.split('#') as [string, string];
  return [pathname === '' ? `${STORY_URL}index.html` : `${pathname.slice(1)}index.html`, anchor];
}

function jsonLd(doc: Document): Record<string, unknown>[] {
  return [...doc.querySelectorAll('script[type="application/ld+json"]')].map((script) => JSON.parse(script.textContent!) as Record<string, unknown>);
}

interface Verdict {
  passed: { test: string }[];
  failed: { test: string }[];
}

const require = createRequire(import.meta.url);

/** The Structured Data Testing Tool's Google preset and `tests`, offline; its verdict with the failures. */
async function structuredData(html: string, tests: object[]): Promise<Verdict> {
  const { structuredDataTestHtml } = require('structured-data-testing-tool') as { structuredDataTestHtml(html: string, options: object): Promise<Verdict> };
  const { Google } = require('structured-data-testing-tool/presets') as { Google: object };
  try {
    return await structuredDataTestHtml(html, { presets: [Google], tests });
  } catch (error) {
    const verdict = (error as { res?: Verdict }).res;
    if (!verdict) throw error;
    return verdict;
  }
}

describe('a live folder at the top of the content folder', () => {
  it('should have no section, rather than one made of its folder name', async () => {
    const site = await buildLive({ '2026-11-20-storm-live/index.md': md('title: Storm\nlive:\n  start: 2026-11-20T06:00:00+05:30', ''), '2026-11-20-storm-live/0700-rain.md': md('title: Rain', 'Rain.') });
    const story = site.result.site!.articles.find((article) => article.live)!;
    expect(story.section).toBeNull();
    expect(story.live!.updates.map((update) => update.anchor)).toEqual(['update-0700-rain']);
  });
});

describe('two live stories that start alike', () => {
  it('should publish both when only their updates differ, not take one for a copy of the other', async () => {
    const index = md('title: Election night\nsection: World\nlive:\n  start: 2026-11-20T18:00:00+05:30', 'Results as they come in.');
    const site = await buildLive({
      'world/2026-11-20-north-live/index.md': index,
      'world/2026-11-20-north-live/1900-first.md': md('title: North counts', 'The north counts first.'),
      'world/2026-11-20-south-live/index.md': index.replace('Election night', 'Election night in the south'),
      'world/2026-11-20-south-live/1900-first.md': md('title: South counts', 'The south counts later.'),
      'world/2026-11-21-east-live/index.md': index,
      'world/2026-11-21-east-live/1900-first.md': md('title: East counts', 'The east counts last.'),
    }, new Date('2026-11-21T20:00:00+05:30'));
    expect(site.result.site!.articles.filter((article) => article.live).length).toBe(3);
  });
});
