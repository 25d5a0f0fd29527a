import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseFeed } from '@rowanmanning/feed-parser';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hashOf } from '../../src/build/cache.js';
import { plansOf, type Asset, type Output, type Plan, type PlanContext } from '../../src/render/output.js';
import { OUTPUTS } from '../../src/render/outputs/index.js';
import { archives } from '../../src/render/outputs/archives.js';
import { articlePages } from '../../src/render/outputs/articles.js';
import { assets } from '../../src/render/outputs/assets.js';
import { feeds } from '../../src/render/outputs/feeds.js';
import { lists } from '../../src/render/outputs/lists.js';
import { notFound } from '../../src/render/outputs/not-found.js';
import { redirects } from '../../src/render/outputs/redirects.js';
import { searchIndex } from '../../src/render/outputs/search-index.js';
import { searchPage } from '../../src/render/outputs/search-page.js';
import { sitemaps } from '../../src/render/outputs/sitemaps.js';
import { sharedView } from '../../src/render/page.js';
import { byNewest, collectSite, relatedArticles, type Site, type Taxonomy } from '../../src/site.js';
import type { ArticleMeta, BuildOptions, ParsedArticle, SiteConfig } from '../../src/types.js';
import { config, parseArticle, ROOT } from '../helpers.js';

// Each output planned against a small site held in memory: its paths, its keys (which must
// change when what the output shows changes, and only then), and what it renders.

const NOW = new Date(Date.UTC(2026, 10, 25, 12));

interface Story {
  file: string;
  headline: string;
  date?: string;
  section?: string;
  tags?: string[];
  body?: string;
  aliases?: string[];
}

const STORIES: Story[] = [
  { file: 'world/2026-11-24-nets.md', headline: 'Ghost nets choke the harbour', date: '2026-11-24', section: 'World', tags: ['Oceans'], aliases: ['/old-nets/'] },
  { file: 'world/2026-10-02-reef.md', headline: 'Reef survey finds new coral', date: '2026-10-02', section: 'World', tags: ['Oceans'] },
  { file: 'city/2026-11-20-tram.md', headline: 'Tram line opens', date: '2026-11-20', section: 'City', tags: ['Transport'] },
];

function article(story: Story, baseUrl: string | null): ParsedArticle {
  const front = [
    `headline: ${story.headline}`,
    ...(story.date ? [`pubDate: ${story.date}`] : []),
    ...(story.section ? [`category: ${story.section}`] : []),
    ...(story.tags ? [`keywords: ${story.tags.join(', ')}`] : []),
    ...(story.aliases ? ['aliases:', ...story.aliases.map((alias) => `  - ${alias}`)] : []),
  ];
  const text = `---\n${front.join('\n')}\n---\n\n${story.body ?? `Body of ${story.headline}.`}\n`;
  return parseArticle(story.file, text, { config: config({ baseUrl }) }).article!;
}

interface Setup {
  stories?: Story[];
  config?: Partial<SiteConfig>;
  options?: Partial<BuildOptions>;
  assets?: Asset[];
  /** Bodies changed after parsing (source path → HTML), so that nothing else about the article changes. */
  bodies?: Record<string, string>;
}

/** A site of `stories`, and a plan context whose keys stand for each article and body as they are. */
function contextOf(setup: Setup = {}): PlanContext {
  const siteConfig = config({ title: 'The Test Times', baseUrl: 'https://news.example/', perPage: 2, ...setup.config });
  const articles = (setup.stories ?? STORIES).map((story) => article(story, siteConfig.baseUrl));
  const bodies = new Map(articles.map((each) => [each.sourcePath, setup.bodies?.[each.sourcePath] ?? each.bodyHtml]));
  const texts = new Map(articles.map((each) => [each.sourcePath, each.bodyText]));
  const metas = articles.map(({ bodyHtml: _body, bodyText: _text, ...meta }) => meta);
  const site = collectSite(metas, siteConfig, { drafts: false, future: false, search: false, now: NOW, ...setup.options });
  const key = (...parts: unknown[]) => hashOf(JSON.stringify(parts));
  const shared = sharedView(site);
  return {
    site,
    shared,
    version: 'test',
    sharedKey: key(siteConfig, shared),
    templateKey: (name) => `template:${name}`,
    templateExists: (name) => name !== 'tag',
    metaKey: (meta) => key(meta),
    bodyOf: (meta) => {
      const html = bodies.get(meta.sourcePath)!;
      return { key: key(html), links: [], ref: [0, html.length, key(html)], stored: () => html, html: () => html, resolve: (other) => other, text: () => texts.get(meta.sourcePath)! };
    },
    assets: setup.assets ?? [],
    images: null,
    key,
  };
}

function keysOf(output: Output, setup: Setup = {}): Map<string, string> {
  return new Map(output.plan(contextOf(setup), []).flatMap((each) => each.paths.map((file) => [file, each.key] as const)));
}

/** The paths whose key differs between two plannings (or that only one of them has). */
function changed(before: Map<string, string>, after: Map<string, string>): string[] {
  return [...new Set([...before.keys(), ...after.keys()])].filter((file) => before.get(file) !== after.get(file)).sort();
}

/** `STORIES` with one story changed. */
function edit(index: number, change: Partial<Story>): Story[] {
  return STORIES.map((story, i) => (i === index ? { ...story, ...change } : story));
}

async function filesOf(plans: Plan[]): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const each of plansOf(plans, 'files')) {
    const made = await each.render();
    each.paths.forEach((file, i) => files.set(file, made[i]!));
  }
  return files;
}

describe('the article pages output', () => {
  it('should plan one page per published article, at its URL, listed in the sitemap', () => {
    const plans = articlePages.plan(contextOf(), []);
    expect(plans.map((each) => each.paths)).toEqual([['2026/11/24/ghost-nets-choke-the-harbour/index.html'], ['2026/11/20/tram-line-opens/index.html'], ['2026/10/02/reef-survey-finds-new-coral/index.html']]);
    expect(plans[0]!.sitemap).toEqual([{ url: '/2026/11/24/ghost-nets-choke-the-harbour/', lastmod: new Date(Date.UTC(2026, 10, 24)) }]);
    const [first] = plansOf(plans, 'article');
    expect(first!.section).toEqual({ name: 'World', url: '/sections/world/' });
    expect(first!.related().map((each) => each.headline)).toEqual(['Reef survey finds new coral']);
  });

  it('should change the key of a page whose body changed, and of the pages that show it as related', () => {
    expect(changed(keysOf(articlePages), keysOf(articlePages, { bodies: { [STORIES[0]!.file]: '<p>Another body.</p>' } }))).toEqual(['2026/11/24/ghost-nets-choke-the-harbour/index.html']);
    expect(changed(keysOf(articlePages), keysOf(articlePages, { stories: edit(1, { headline: 'Reef survey finds old coral' }) }))).toEqual([
      '2026/10/02/reef-survey-finds-new-coral/index.html',
      '2026/10/02/reef-survey-finds-old-coral/index.html',
      '2026/11/24/ghost-nets-choke-the-harbour/index.html',
    ]);
  });
});

describe('the list outputs', () => {
  it('should plan the home page over numbered pages, and a list for each section, tag and author', () => {
    expect([...keysOf(lists).keys()]).toEqual([
      'index.html',
      'page/2/index.html',
      'sections/city/index.html',
      'sections/world/index.html',
      'tags/oceans/index.html',
      'tags/transport/index.html',
    ]);
  });

  it('should change the keys only of the lists that show a changed article', () => {
    expect(changed(keysOf(lists), keysOf(lists, { stories: edit(2, { headline: 'Tram line closes' }) }))).toEqual([
      'index.html',
      'sections/city/index.html',
      'tags/transport/index.html',
    ]);
  });

  it('should give a list page its template, or the list template when the theme has none', () => {
    const pages = plansOf(lists.plan(contextOf(), []), 'page').map((each) => each.page());
    expect(pages.map((page) => page.template)).toEqual(['home', 'home', 'section', 'section', 'list', 'list']);
    const second = pages[1]!.data as { page: { url: string; title: string; headHtml: string } };
    expect(second.page.url).toBe('/page/2/');
    expect(second.page.title).toBe('Page 2 – The Test Times');
    expect(second.page.headHtml).toContain('<link rel="prev" href="/">');
  });

  it('should plan the date archives and the archive index', () => {
    expect([...keysOf(archives).keys()]).toEqual(['2026/index.html', '2026/page/2/index.html', '2026/11/index.html', '2026/10/index.html', 'archive/index.html']);
  });
});

describe('the 404, redirect and search page outputs', () => {
  it('should plan a 404 page whose links start at the root', () => {
    const [page] = plansOf(notFound.plan(contextOf(), []), 'page');
    expect(page!.paths).toEqual(['404.html']);
    expect((page!.page().data as { page: { rootLinks: boolean } }).page.rootLinks).toBe(true);
  });

  it('should plan a page for each alias and one _redirects file', async () => {
    const plans = redirects.plan(contextOf(), []);
    expect(plans.flatMap((each) => each.paths)).toEqual(['old-nets/index.html', '_redirects']);
    expect((await filesOf(plans)).get('_redirects')).toBe('/old-nets/ /2026/11/24/ghost-nets-choke-the-harbour/ 301\n');
  });

  it('should plan the search page only for a site with a search index', () => {
    expect(searchPage.plan(contextOf(), [])).toEqual([]);
    const [page] = plansOf(searchPage.plan(contextOf({ options: { search: true } }), []), 'page');
    expect(page!.paths).toEqual(['search/index.html']);
    expect(page!.page().data['csp']).toContain("script-src 'self'");
  });
});

describe('the feeds output', () => {
  it('should plan no feeds without a base URL', () => {
    expect(feeds.plan(contextOf({ config: { baseUrl: null } }), [])).toEqual([]);
  });

  it('should write RSS, Atom and JSON Feed for the site and for each section', async () => {
    const files = await filesOf(feeds.plan(contextOf(), []));
    expect([...files.keys()]).toEqual([
      'feed.xml', 'atom.xml', 'feed.json',
      'sections/city/feed.xml', 'sections/city/atom.xml', 'sections/city/feed.json',
      'sections/world/feed.xml', 'sections/world/atom.xml', 'sections/world/feed.json',
    ]);
    for (const file of ['feed.xml', 'atom.xml']) {
      const feed = parseFeed(files.get(file)!);
      expect(feed.title).toBe('The Test Times');
      expect(feed.items.map((item) => item.title)).toEqual(['Ghost nets choke the harbour', 'Tram line opens', 'Reef survey finds new coral']);
      expect(feed.items[0]!.url).toBe('https://news.example/2026/11/24/ghost-nets-choke-the-harbour/');
      expect(feed.items[0]!.content).toContain('Body of Ghost nets choke the harbour.');
    }
    expect(parseFeed(files.get('sections/city/feed.xml')!).items.map((item) => item.title)).toEqual(['Tram line opens']);
    expect(JSON.parse(files.get('feed.json')!).version).toBe('https://jsonfeed.org/version/1.1');
  });

  it('should change the keys of the feeds that carry a changed body, and only those', () => {
    expect(changed(keysOf(feeds), keysOf(feeds, { bodies: { [STORIES[2]!.file]: '<p>The tram is late.</p>' } }))).toEqual([
      'atom.xml', 'feed.json', 'feed.xml',
      'sections/city/atom.xml', 'sections/city/feed.json', 'sections/city/feed.xml',
    ]);
  });
});

describe('the sitemaps output', () => {
  it('should list the pages of the outputs before it, home first, and name the sitemaps in robots.txt', async () => {
    const context = contextOf();
    const earlier = [...articlePages.plan(context, []), ...lists.plan(context, [])];
    const files = await filesOf(sitemaps.plan(context, earlier));
    expect([...files.keys()]).toEqual(['sitemap.xml', 'news-sitemap.xml', 'robots.txt']);
    const locations = [...files.get('sitemap.xml')!.matchAll(/<loc>([^<]*)<\/loc>/g)].map((match) => match[1]);
    expect(locations).toEqual([
      'https://news.example/',
      'https://news.example/2026/10/02/reef-survey-finds-new-coral/',
      'https://news.example/2026/11/20/tram-line-opens/',
      'https://news.example/2026/11/24/ghost-nets-choke-the-harbour/',
      'https://news.example/page/2/',
      'https://news.example/sections/city/',
      'https://news.example/sections/world/',
      'https://news.example/tags/oceans/',
      'https://news.example/tags/transport/',
    ]);
    // Google News takes only the last two days' articles.
    expect(files.get('news-sitemap.xml')!.match(/<news:title>[^<]*/g)).toEqual(['<news:title>Ghost nets choke the harbour']);
    expect(files.get('robots.txt')).toContain('Sitemap: https://news.example/news-sitemap.xml');
  });

  it('should make only robots.txt without a base URL', async () => {
    const files = await filesOf(sitemaps.plan(contextOf({ config: { baseUrl: null } }), []));
    expect([...files.keys()]).toEqual(['robots.txt']);
    expect(files.get('robots.txt')).not.toContain('Sitemap:');
  });
});

describe('the search index and asset outputs', () => {
  it('should plan the search index only for a site with search, keyed by every body', () => {
    expect(searchIndex.plan(contextOf(), [])).toEqual([]);
    const index = (bodies = {}) => plansOf(searchIndex.plan(contextOf({ bodies, options: { search: true } }), []), 'index')[0]!;
    expect(index().folder).toBe('pagefind/');
    expect(index().paths).toEqual([]);
    expect(index({ [STORIES[1]!.file]: '<p>Changed.</p>' }).key).not.toBe(index().key);
  });

  it('should copy each asset to its own path, keyed by its identity', () => {
    const asset: Asset = { sourcePath: 'style.css', absolutePath: '/theme/style.css', displayPath: 'templates/style.css', size: 10, mtimeMs: 1, ino: 2 };
    const [copy] = plansOf(assets.plan(contextOf({ assets: [asset] }), []), 'copy');
    expect(copy).toMatchObject({ paths: ['style.css'], source: '/theme/style.css', displayPath: 'templates/style.css' });
    const [touched] = assets.plan(contextOf({ assets: [{ ...asset, mtimeMs: 5 }] }), []);
    expect(touched!.key).not.toBe(copy!.key);
  });
});

describe('the outputs registry', () => {
  it('should list every output once, the sitemaps after every output with pages', () => {
    const names = OUTPUTS.map((output) => output.name);
    expect(new Set(names).size).toBe(names.length);
    const files = readdirSync(path.join(ROOT, 'src/render/outputs')).filter((file) => file !== 'index.ts');
    expect(OUTPUTS).toHaveLength(files.length);
    expect(OUTPUTS.indexOf(sitemaps)).toBeGreaterThan(Math.max(...[articlePages, lists, archives].map((output) => OUTPUTS.indexOf(output))));
  });

  it('should have no output import another', () => {
    const folder = path.join(ROOT, 'src/render/outputs');
    for (const file of readdirSync(folder).filter((name) => name !== 'index.ts')) {
      const imports = [...readFileSync(path.join(folder, file), 'utf8').matchAll(/from '([^']+)'/g)].map((match) => match[1]!);
      expect(imports.filter((specifier) => specifier.startsWith('./')), file).toEqual([]);
    }
  });
});

describe('related articles', () => {
  it('should be the four that share the most tags (then the section), newest first among equals', () => {
    const tags = ['a', 'b', 'c'];
    const story = fc.record({
      day: fc.option(fc.integer({ min: 1, max: 6 }), { nil: null }),
      tags: fc.subarray(tags),
      section: fc.option(fc.constantFrom('x', 'y'), { nil: null }),
    });
    fc.assert(
      fc.property(fc.array(story, { minLength: 1, maxLength: 100 }), (stories) => {
        const metas = stories.map((each, i) => ({
          sourcePath: `s${String(i).padStart(2, '0')}.md`,
          story: 0,
          published: each.day === null ? null : new Date(Date.UTC(2026, 10, each.day)),
          tags: each.tags,
          section: each.section,
        })) as unknown as ArticleMeta[];
        const taxonomy = (name: string, has: (meta: ArticleMeta) => boolean) => ({ name, slug: name, url: `/${name}/`, articles: metas.filter(has).sort(byNewest) });
        const site = { tags: tags.map((tag) => taxonomy(tag, (meta) => meta.tags.includes(tag))), sections: ['x', 'y'].map((name) => taxonomy(name, (meta) => meta.section === name)) } as unknown as Site;
        for (const article of metas) {
          // Every candidate (the newest 26 of each shared tag and section) scored, and all sorted.
          const among = (list: Taxonomy[], name: string | null, other: ArticleMeta) => list.find((each) => each.slug === name)?.articles.slice(0, 26).includes(other) ?? false;
          const score = (other: ArticleMeta) => 2 * article.tags.filter((tag) => among(site.tags, tag, other)).length + (among(site.sections, article.section, other) ? 1 : 0);
          const expected = metas.filter((other) => other !== article && score(other) > 0).sort((a, b) => score(b) - score(a) || byNewest(a, b)).slice(0, 4);
          expect(relatedArticles(site, article)).toEqual(expected);
        }
      }),
      { numRuns: 300 },
    );
  });
});
