import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseFeed } from '@rowanmanning/feed-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { ALIASED, AUTHORS, CONFIG, CORRECTED, newsroom, PICTURED, PINNED_ID, STORIES } from './fixtures/newsroom.js';
import { brokenLinks, buildSite, clockAt, listFiles, parseHtml, project, readPage, ROOT, runCli, type CliBuild } from './helpers.js';

const XSD = path.join(ROOT, 'node_modules', 'sitemap', 'schema', 'sitemap.xsd');
const FIXTURE_XSD = path.join(ROOT, 'tests', 'fixtures', 'xsd');
const hasXmllint = spawnSync('xmllint', ['--version']).status === 0;

/** The newsroom (or `files`) with `config`, built through the CLI at the fixed clock unless `env` sets another. */
function buildNewsroom(config: object = CONFIG, files: Record<string, string | Uint8Array> = newsroom(), env: Record<string, string> = {}): CliBuild {
  return buildSite(project(files, config), { env });
}

// The newsroom every describe below reads, built once before the first test.
let site: CliBuild;
beforeAll(() => {
  site = buildNewsroom();
});
const read = (file: string) => readFileSync(path.join(site.out, file), 'utf8');
const slug = (headline: string) => headline.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
const urlOf = (story: (typeof STORIES)[number], name = slug(story.headline)) =>
  `https://news.example/2026/11/${String(story.day).padStart(2, '0')}/${name}/`;
const jsonLd = (document: Document) =>
  [...document.querySelectorAll('script[type="application/ld+json"]')].map((script) => JSON.parse(script.textContent!));

describe('a news site: lists and pagination', () => {
  it('should build the newsroom cleanly', () => {
    expect(site.result.stderr).not.toMatch(/error|warning/);
    expect(site.result.code).toBe(0);
  });

  it('should paginate the home page, newest first, with rel=prev/next', () => {
    // 31 articles (30 stories and an undated page), 4 a page: 8 pages.
    expect(listFiles(site.out).filter((file) => /^(page\/\d+\/)?index\.html$/.test(file))).toHaveLength(8);
    const first = readPage(site.out, 'index.html');
    expect([...first.querySelectorAll('.teaser .p-name')].map((h) => h.textContent)).toEqual(
      [STORIES[29], STORIES[28], STORIES[27], STORIES[26]].map((story) => story!.headline),
    );
    expect(first.querySelector('link[rel="next"]')?.getAttribute('href')).toBe('/page/2/');
    expect(first.querySelector('link[rel="prev"]')).toBeNull();
    const second = readPage(site.out, 'page/2/index.html');
    expect(second.title).toBe('Page 2 – The Test Times');
    expect(second.querySelector('link[rel="prev"]')?.getAttribute('href')).toBe('/');
    expect(second.querySelector('link[rel="next"]')?.getAttribute('href')).toBe('/page/3/');
    expect(second.querySelector('nav.pagination a[rel="prev"]')?.getAttribute('href')).toBe('/');
    const last = readPage(site.out, 'page/8/index.html');
    expect(last.querySelector('link[rel="next"]')).toBeNull();
    const lastHeadlines = [...last.querySelectorAll('.teaser .p-name')].map((h) => h.textContent);
    expect(lastHeadlines).toHaveLength(3);
    expect(lastHeadlines.at(-1)).toBe('About this newsroom');
  });

  it('should give each section, tag and author its own paginated pages', () => {
    const files = listFiles(site.out);
    for (const section of ['city', 'world', 'business']) {
      expect(files).toContain(`sections/${section}/index.html`);
      expect(files).toContain(`sections/${section}/page/3/index.html`);
      expect(files).not.toContain(`sections/${section}/page/4/index.html`);
    }
    for (const tag of ['budget', 'transport', 'climate', 'elections', 'markets']) expect(files).toContain(`tags/${tag}/index.html`);
    for (const author of ['jane-roe', 'sam-poe', 'ali-khan']) expect(files).toContain(`authors/${author}/index.html`);
    const world = readPage(site.out, 'sections/world/index.html');
    expect(world.querySelector('h1')?.textContent).toBe('World');
    expect([...world.querySelectorAll('.teaser .p-name')].every((h) => h.textContent?.includes('World news'))).toBe(true);
  });

  it('should make author pages ProfilePages with the bio', () => {
    const jane = readPage(site.out, 'authors/jane-roe/index.html');
    expect(jane.querySelector('.p-note')?.textContent).toBe('Jane covers the city.');
    const [profile] = jsonLd(jane);
    expect(profile).toMatchObject({
      '@type': 'ProfilePage',
      mainEntity: { '@type': 'Person', name: 'Jane Roe', description: 'Jane covers the city.', sameAs: ['https://example.org/jane'] },
    });
  });

  it('should build year and month archives, and an archive index', () => {
    const files = listFiles(site.out);
    expect(files).toContain('2026/index.html');
    expect(files).toContain('2026/11/index.html');
    expect(files).toContain('archive/index.html');
    const year = readPage(site.out, '2026/index.html');
    expect(year.querySelector('h1')?.textContent).toBe('2026');
    expect([...year.querySelectorAll('.archive-months a')].map((a) => a.textContent)).toEqual(['November 2026']);
  });

  it('should link every article to its section, tags and authors, and to related articles', () => {
    const story = STORIES[10]!;
    const page = readPage(site.out, new URL(urlOf(story)).pathname.slice(1) + 'index.html');
    const hrefs = [...page.querySelectorAll('article a')].map((a) => a.getAttribute('href'));
    expect(hrefs).toContain(`/sections/${story.section.toLowerCase()}/`);
    for (const tag of story.tags) expect(hrefs).toContain(`/tags/${tag.toLowerCase()}/`);
    expect(hrefs).toContain(`/authors/${slug(story.author)}/`);
    const related = [...page.querySelectorAll('.related a')].map((a) => a.textContent);
    expect(related.length).toBeGreaterThan(0);
    expect(related).not.toContain(story.headline);
    // Deterministic: the same build gives the same related list.
    expect(related).toEqual([...readPage(buildNewsroom().out, new URL(urlOf(story)).pathname.slice(1) + 'index.html').querySelectorAll('.related a')].map((a) => a.textContent));
  });

  it('should write a 404 page with links from the site root, and robots.txt naming the sitemaps', () => {
    const notFound = readPage(site.out, '404.html');
    expect(notFound.querySelector('h1')?.textContent).toBe('Page not found');
    expect(notFound.querySelector('link[rel="stylesheet"]')?.getAttribute('href')).toBe('/assets/style.css');
    expect(read('robots.txt')).toBe(
      'User-agent: *\nAllow: /\n\nSitemap: https://news.example/sitemap.xml\nSitemap: https://news.example/news-sitemap.xml\n',
    );
  });

  it('should resolve every internal link on every page', () => {
    expect(brokenLinks(site.out)).toEqual([]);
  });
});

describe('a news site: feeds', () => {
  it('should write RSS 2.0 and Atom 1.0 that a feed parser reads, with ids, dates, authors and categories', () => {
    for (const file of ['feed.xml', 'atom.xml']) {
      const feed = parseFeed(read(file));
      expect(feed.title).toBe('The Test Times');
      expect(feed.items).toHaveLength(10);
      const newest = feed.items[0]!;
      expect(newest.title).toBe(STORIES[29]!.headline);
      expect(newest.url).toBe(urlOf(STORIES[29]!));
      expect(newest.id).toBe(urlOf(STORIES[29]!));
      expect(newest.published?.toISOString()).toBe('2026-11-25T04:30:00.000Z');
      expect(newest.authors.map((author) => author.name)).toEqual([STORIES[29]!.author]);
      expect(newest.categories.map((category) => category.label ?? category.term)).toEqual([STORIES[29]!.section, ...STORIES[29]!.tags]);
      expect(newest.content).toContain(`Body of ${STORIES[29]!.headline}.`);
    }
  });

  it('should write JSON Feed 1.1', () => {
    const feed = JSON.parse(read('feed.json'));
    expect(feed.version).toBe('https://jsonfeed.org/version/1.1');
    expect(feed.feed_url).toBe('https://news.example/feed.json');
    expect(feed.items).toHaveLength(10);
    expect(feed.items[0]).toMatchObject({
      id: urlOf(STORIES[29]!),
      url: urlOf(STORIES[29]!),
      title: STORIES[29]!.headline,
      date_published: '2026-11-25T04:30:00.000Z',
      authors: [{ name: STORIES[29]!.author }],
      tags: [STORIES[29]!.section, ...STORIES[29]!.tags],
    });
  });

  it('should write per-section feeds with only that section', () => {
    const feed = parseFeed(read('sections/world/feed.xml'));
    expect(feed.items.length).toBe(10);
    expect(feed.items.every((item) => item.title?.includes('World news'))).toBe(true);
    expect(parseFeed(read('sections/city/atom.xml')).items.every((item) => item.title?.includes('City news'))).toBe(true);
    expect(JSON.parse(read('sections/business/feed.json')).items.every((item: { title: string }) => item.title.includes('Business'))).toBe(true);
  });

  it('should advertise the feeds in every page head, and the section feeds on section pages', () => {
    for (const file of listFiles(site.out).filter((name) => name.endsWith('.html') && !name.startsWith('2019') && !name.startsWith('old'))) {
      const alternates = [...readPage(site.out, file).querySelectorAll('link[rel="alternate"]')].map((link) => link.getAttribute('href'));
      expect(alternates, file).toEqual(expect.arrayContaining(['/feed.xml', '/atom.xml', '/feed.json']));
    }
    const alternates = [...readPage(site.out, 'sections/world/index.html').querySelectorAll('link[rel="alternate"]')].map((link) => ({
      type: link.getAttribute('type'),
      href: link.getAttribute('href'),
    }));
    expect(alternates).toContainEqual({ type: 'application/atom+xml', href: '/sections/world/atom.xml' });
  });

  it('should keep a front-matter id and a first URL as the feed id, when the headline or slug changes', () => {
    const atom = parseFeed(read('atom.xml'));
    const pinned = atom.items.find((item) => item.title === PINNED_ID.headline);
    expect(pinned?.id).toBe('urn:uuid:5f0c3e0e-1d8c-4a57-9d2b-7a3b9b1f0c11');
    const aliased = atom.items.find((item) => item.title === ALIASED.headline);
    // The slug was changed: the id is the first URL the article had.
    expect(aliased?.id).toBe('https://news.example/2019/05/old-story/');
    expect(aliased?.url).toBe(urlOf(ALIASED, 'renamed-story'));
  });

  it('should date feeds from the content, never from the build clock', () => {
    const later = buildNewsroom(CONFIG, newsroom(), clockAt('2026-11-26T00:00:00Z'));
    expect(readFileSync(path.join(later.out, 'atom.xml'), 'utf8')).toBe(read('atom.xml'));
    expect(parseFeed(read('atom.xml')).updated?.toISOString()).toBe('2026-11-25T04:30:00.000Z');
  });
});

describe('a news site: feeds carry what the pages carry, safely', () => {
  let hostile: CliBuild;
  beforeAll(() => {
    hostile = buildNewsroom({ title: 'The <Test> & Times', baseUrl: 'https://news.example/edition/' }, {
      '2026-11-20-evil.md': [
        '---',
        "title: 'Evil </script><b>bold</b> & more'",
        "dek: '<img src=x onerror=alert(2)> & dek'",
        'date: 2026-11-20',
        "section: 'World <Desk>'",
        'tags: ["<Oceans>", "A & B"]',
        '---',
        'See [the earlier story](2026-11-19-earlier.md#map), [about us](/about/), [a folder](desk/), ![a map](map.png) and [the top](#top) and [a query](https://example.com/?a=1&b=2).',
        '',
      ].join('\n'),
      '2026-11-19-earlier.md': '---\ntitle: The earlier story\ndate: 2026-11-19\n---\nBody.\n',
      // `]]>` ends the CDATA sections that feeds wrap text and HTML in.
      '2026-11-18-brackets.md': "---\ntitle: 'Brackets ]]> and ]]> again'\ndate: 2026-11-18\nsection: World <Desk>\n---\nText ]]> and `code ]]>`.\n",
      'map.png': Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154089963f8cfc0d00000048101800e02c5240000000049454e44ae426082', 'hex'),
    });
  });
  const feed = (file: string) => readFileSync(path.join(hostile.out, file), 'utf8');
  const evilUrl = 'https://news.example/edition/2026/11/20/evil-script-b-bold-b-more/';

  it('should write well-formed XML whatever the names hold', () => {
    expect(hostile.result.code).toBe(0);
    for (const file of ['feed.xml', 'atom.xml', 'sections/world-desk/feed.xml', 'sections/world-desk/atom.xml']) {
      expect(() => parseFeed(feed(file)), file).not.toThrow();
      if (hasXmllint || process.env['CI']) execFileSync('xmllint', ['--noout', path.join(hostile.out, file)], { stdio: 'pipe' });
    }
    for (const file of ['atom.xml', 'feed.xml']) {
      const brackets = parseFeed(feed(file)).items.find((item) => item.title?.startsWith('Brackets'))!;
      expect(brackets.title, file).toBe('Brackets ]]> and ]]> again');
      expect(parseHtml(`<div>${brackets.content}</div>`).querySelector('div')?.textContent, file).toBe('Text ]]> and code ]]>.');
    }
    const atom = parseFeed(feed('atom.xml'));
    const evil = atom.items.find((item) => item.url === evilUrl)!;
    expect(evil.categories.map((category) => category.term).sort()).toEqual(['<Oceans>', 'A & B', 'World <Desk>']);
  });

  it('should show a headline and dek as the text they are, never as markup', () => {
    for (const file of ['atom.xml', 'feed.xml']) {
      const evil = parseFeed(feed(file)).items.find((item) => item.url === evilUrl)!;
      expect(evil.title, file).toBe('Evil </script><b>bold</b> & more');
      expect(evil.description, file).toBe('<img src=x onerror=alert(2)> & dek');
    }
    expect(feed('atom.xml')).not.toContain('<b>bold</b>');
    const json = JSON.parse(feed('feed.json')).items.find((item: { url: string }) => item.url === evilUrl);
    expect(json).toMatchObject({ title: 'Evil </script><b>bold</b> & more', summary: '<img src=x onerror=alert(2)> & dek' });
  });

  it('should give feed bodies absolute links, with links to other articles resolved', () => {
    const earlierUrl = 'https://news.example/edition/2026/11/19/the-earlier-story/';
    for (const file of ['atom.xml', 'feed.xml', 'feed.json']) {
      expect(feed(file), file).not.toContain('broadsheet-source');
    }
    const content = parseHtml(JSON.parse(feed('feed.json')).items.find((item: { url: string }) => item.url === evilUrl).content_html);
    expect([...content.querySelectorAll('a')].map((link) => link.getAttribute('href'))).toEqual([
      `${earlierUrl}#map`,
      'https://news.example/edition/about/',
      'https://news.example/edition/desk/',
      `${evilUrl}#top`,
      'https://example.com/?a=1&b=2',
    ]);
    // The picture as a feed reader needs it: the one JPEG or PNG a page falls back to.
    expect(content.querySelector('img')?.getAttribute('src')).toMatch(/^https:\/\/news\.example\/edition\/images\/map-[0-9a-f]{10}-1\.png$/);
    // The page itself links by site path, once, with no doubled slash.
    const page = readPage(hostile.out, '2026/11/20/evil-script-b-bold-b-more/index.html');
    expect([...page.querySelectorAll('.e-content a')].map((link) => link.getAttribute('href')).slice(0, 3)).toEqual([
      '/edition/2026/11/19/the-earlier-story/#map',
      '/edition/about/',
      '/edition/desk/',
    ]);
  });
});

describe('a news site: sitemaps', () => {
  it.skipIf(!hasXmllint && !process.env['CI'])('should write sitemap.xml that validates against the sitemaps.org XSD', () => {
    const result = spawnSync('xmllint', ['--noout', '--schema', XSD, path.join(site.out, 'sitemap.xml')], { encoding: 'utf8' });
    expect(result.stderr).toContain('validates');
    expect(result.status).toBe(0);
  });

  it('should list every page with a lastmod from its content', () => {
    const sitemap = read('sitemap.xml');
    const story = STORIES[0]!;
    expect(sitemap).toContain(`<url><loc>${urlOf(story)}</loc><lastmod>2026-11-01T04:30:00.000Z</lastmod></url>`);
    expect(sitemap).toContain('<loc>https://news.example/sections/world/page/2/</loc>');
    expect(sitemap).toContain('<url><loc>https://news.example/</loc><lastmod>2026-11-25T04:30:00.000Z</lastmod></url>');
    expect(sitemap).not.toContain('404.html');
    expect(sitemap).not.toContain('old-story');
  });

  it('should list only articles of the two days before the clock in the news sitemap', () => {
    const news = read('news-sitemap.xml');
    const locs = [...news.matchAll(/<loc>([^<]+)<\/loc>/g)].map((match) => match[1]);
    expect(locs).toEqual([urlOf(STORIES[29]!), urlOf(STORIES[28]!)]);
    expect(news).toContain('<news:publication><news:name>Test Times</news:name><news:language>en</news:language></news:publication>');
    expect(news).toContain('<news:publication_date>2026-11-25T04:30:00.000Z</news:publication_date>');
    expect(news).toContain(`<news:title>${STORIES[29]!.headline}</news:title>`);
  });

  it.skipIf(!hasXmllint && !process.env['CI'])('should validate the news sitemap against the sitemap and news schemas', () => {
    execFileSync('xmllint', ['--noout', '--schema', path.join(FIXTURE_XSD, 'news-sitemap.xsd'), path.join(site.out, 'news-sitemap.xml')], { stdio: 'pipe' });
  });

  it('should write an empty urlset when nothing is fresh', () => {
    const quiet = buildNewsroom(CONFIG, newsroom(), clockAt('2027-01-01T00:00:00Z'));
    expect(readFileSync(path.join(quiet.out, 'news-sitemap.xml'), 'utf8')).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"></urlset>',
    );
  });

  it('should put at most 1,000 entries in a news sitemap file, with an index over them', () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 1005; i++) {
      const minute = String(i % 60).padStart(2, '0');
      const hour = String(Math.floor(i / 60) % 24).padStart(2, '0');
      files[`n/${i}.md`] = `---\ntitle: Flash ${i}\ndate: 2026-11-25T${hour}:${minute}:00Z\n---\nx\n`;
    }
    // No pictures to process: a thousand social cards would be most of this test's time.
    const big = buildNewsroom({ ...CONFIG, perPage: 1000, images: false }, files, clockAt('2026-11-26T00:00:00Z'));
    expect(big.result.code).toBe(0);
    const count = (file: string) => (readFileSync(path.join(big.out, file), 'utf8').match(/<news:news>/g) ?? []).length;
    expect(count('news-sitemap-1.xml')).toBe(1000);
    expect(count('news-sitemap-2.xml')).toBe(5);
    const index = readFileSync(path.join(big.out, 'news-sitemap.xml'), 'utf8');
    expect(index).toContain('<sitemapindex');
    expect([...index.matchAll(/<loc>([^<]+)<\/loc>/g)].map((match) => match[1])).toEqual([
      'https://news.example/news-sitemap-1.xml',
      'https://news.example/news-sitemap-2.xml',
    ]);
    if (hasXmllint || process.env['CI']) {
      execFileSync('xmllint', ['--noout', '--schema', path.join(FIXTURE_XSD, 'siteindex.xsd'), path.join(big.out, 'news-sitemap.xml')], { stdio: 'pipe' });
    }
  });
});

describe('a news site: metadata', () => {
  const story = PICTURED;
  let page: Document;
  beforeAll(() => {
    page = readPage(site.out, new URL(urlOf(story)).pathname.slice(1) + 'index.html');
  });
  const meta = (key: string) =>
    [...page.querySelectorAll(`meta[property="${key}"], meta[name="${key}"]`)].map((element) => element.getAttribute('content'));

  it('should give the canonical URL, Open Graph article tags and a Twitter card', () => {
    expect(page.querySelector('link[rel="canonical"]')?.getAttribute('href')).toBe(urlOf(story));
    expect(meta('og:type')).toEqual(['article']);
    expect(meta('og:url')).toEqual([urlOf(story)]);
    // The picture's 1200 × 630 crop, drawn from the SVG: networks take no SVG.
    expect(meta('og:image')).toEqual([expect.stringMatching(/^https:\/\/news\.example\/images\/photo-[0-9a-f]{10}-card-1200\.jpg$/)]);
    expect([meta('og:image:width'), meta('og:image:height'), meta('og:image:type')]).toEqual([['1200'], ['630'], ['image/jpeg']]);
    expect(meta('og:image:alt')).toEqual(['A harbour at dawn']);
    expect(meta('twitter:image')).toEqual(meta('og:image'));
    expect(meta('twitter:image:alt')).toEqual(['A harbour at dawn']);
    expect(meta('article:published_time')).toEqual(['2026-11-25T10:00:00+05:30']);
    expect(meta('article:modified_time')).toEqual(['2026-11-25T10:00:00+05:30']);
    expect(meta('article:section')).toEqual([story.section]);
    expect(meta('article:tag')).toEqual(story.tags);
    expect(meta('twitter:card')).toEqual(['summary_large_image']);
  });

  it('should carry a NewsArticle with every field the article has', () => {
    const [article, breadcrumbs] = jsonLd(page);
    expect(article).toEqual({
      '@context': 'https://schema.org',
      '@type': 'NewsArticle',
      '@id': urlOf(story),
      url: urlOf(story),
      mainEntityOfPage: { '@type': 'WebPage', '@id': urlOf(story) },
      headline: story.headline,
      description: `Dek of story about ${story.section}.`,
      inLanguage: 'en',
      datePublished: '2026-11-25T10:00:00+05:30',
      dateModified: '2026-11-25T10:00:00+05:30',
      author: [{ '@type': 'Person', name: story.author }],
      publisher: { '@type': 'Organization', name: 'Test Times Media', url: 'https://news.example/', logo: { '@type': 'ImageObject', url: 'https://news.example/logo.png' } },
      // Google's three shapes, 1,200 px wide: a drawing is drawn as large as they need.
      image: ['16x9', '4x3', '1x1'].map((shape, i) => ({
        '@type': 'ImageObject',
        url: expect.stringMatching(new RegExp(`^https://news\\.example/images/photo-[0-9a-f]{10}-${shape}-1200\\.jpg$`)),
        width: 1200,
        height: [675, 900, 1200][i],
      })),
      articleSection: story.section,
      keywords: story.tags,
    });
    expect(breadcrumbs).toMatchObject({
      '@type': 'BreadcrumbList',
      itemListElement: [
        { position: 1, name: 'The Test Times', item: 'https://news.example/' },
        { position: 2, name: story.section, item: `https://news.example/sections/${story.section.toLowerCase()}/` },
        { position: 3, name: story.headline, item: urlOf(story) },
      ],
    });
  });

  it('should give section pages a CollectionPage and a BreadcrumbList', () => {
    const [collection, breadcrumbs] = jsonLd(readPage(site.out, 'sections/city/index.html'));
    expect(collection).toMatchObject({ '@type': 'CollectionPage', name: 'City', url: 'https://news.example/sections/city/' });
    expect(collection.mainEntity.itemListElement).toHaveLength(4);
    expect(breadcrumbs).toMatchObject({ '@type': 'BreadcrumbList', itemListElement: [{ name: 'The Test Times' }, { name: 'City' }] });
  });

  it('should render the lead image as a figure with alt, caption, credit and its size', () => {
    const image = page.querySelector('figure.lead-image img');
    expect(image?.getAttribute('alt')).toBe('A harbour at dawn');
    expect(image?.getAttribute('width')).toBe('1200');
    expect(image?.getAttribute('height')).toBe('800');
    expect(page.querySelector('figure.lead-image figcaption')?.textContent).toBe('The harbour. Staff');
    expect(listFiles(site.out)).toContain('world/photo.svg');
    // Lists lazy-load images below the fold; the first story's image is the lead.
    const list = readPage(site.out, `sections/${PICTURED.section.toLowerCase()}/index.html`);
    expect(list.querySelector('.teaser img')?.getAttribute('loading')).toBeNull();
  });
});

describe('a news site: corrections and aliases', () => {
  let page: Document;
  beforeAll(() => {
    page = readPage(site.out, new URL(urlOf(CORRECTED)).pathname.slice(1) + 'index.html');
  });

  it('should show a correction on the page', () => {
    expect(page.querySelector('.corrections')?.textContent).toContain("An earlier version misspelled the mayor's name.");
    expect(page.querySelector('.corrections time')?.getAttribute('datetime')).toBe('2026-11-24T18:00:00+05:30');
  });

  it('should put the correction in the JSON-LD and move dateModified', () => {
    const [article] = jsonLd(page);
    expect(article.correction).toEqual([
      { '@type': 'CorrectionComment', text: "An earlier version misspelled the mayor's name.", datePublished: '2026-11-24T18:00:00+05:30' },
    ]);
    expect(article.dateModified).toBe('2026-11-24T18:00:00+05:30');
  });

  it('should carry the correction into the feeds, moving updated and keeping the id', () => {
    const item = parseFeed(read('atom.xml')).items.find((entry) => entry.title === CORRECTED.headline)!;
    expect(item.updated?.toISOString()).toBe('2026-11-24T12:30:00.000Z');
    expect(item.id).toBe(urlOf(CORRECTED));
    expect(item.content).toContain("An earlier version misspelled the mayor's name.");
    const json = JSON.parse(read('feed.json')).items.find((entry: { title: string }) => entry.title === CORRECTED.headline);
    expect(json.date_modified).toBe('2026-11-24T12:30:00.000Z');
  });

  it('should redirect each alias with a small page and a _redirects entry', () => {
    const redirect = readPage(site.out, '2019/05/old-story/index.html');
    const target = new URL(urlOf(ALIASED, 'renamed-story')).pathname;
    expect(redirect.querySelector('meta[http-equiv="refresh"]')?.getAttribute('content')).toBe(`0; url=${target}`);
    expect(redirect.querySelector('link[rel="canonical"]')?.getAttribute('href')).toBe(urlOf(ALIASED, 'renamed-story'));
    expect(listFiles(site.out)).toContain('old/page.html');
    expect(read('_redirects')).toBe(`/2019/05/old-story/ ${target} 301\n/old/page.html ${target} 301\n`);
  });
});

describe('a news site: config', () => {
  it('should name a key with the wrong type, and its line', () => {
    const { result } = buildNewsroom({ ...CONFIG, perPage: 'ten' });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^broadsheet\.config\.json:1:\d+: error: "perPage" expected number, received string \[config-invalid\]/);
  });

  it.each(['https://news.example/?edition=1', 'https://news.example/#top'])('should refuse a base URL with a query or fragment: %s', (baseUrl) => {
    const cwd = project({ 'a.md': '---\ntitle: A\n---\nBody\n' });
    const result = runCli(['build', '--base-url', baseUrl], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--base-url: error: "baseUrl" must not have a query (?…) or fragment (#…) [config-invalid]');
    expect(result.stderr).toContain('hint: fix the value given to --base-url');
  });

  it('should name config images that the site does not have, at their line in the config', () => {
    const config = [
      '{',
      `  "title": ${JSON.stringify((CONFIG as { title: string }).title)},`,
      '  "publisher": { "name": "P", "logo": "/missing-logo.png" },',
      '  "authors": {',
      '    "Ana": { "image": "/people/ana.jpg" },',
      '    "Raj": { "image": "/people/raj.jpg?v=2" }',
      '  }',
      '}',
    ].join('\n');
    const files = { ...newsroom(), 'people/raj.jpg': Buffer.from('ffd8ffe000104a46494600', 'hex') };
    const result = buildSite(project(files, config)).result;
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('note: broadsheet.config.json:3:31: publisher.logo is /missing-logo.png, which is not in the content folder or the theme, so it would be a broken image');
    expect(result.stderr).toContain('note: broadsheet.config.json:5:14: authors."Ana".image is /people/ana.jpg, which is not in the content folder');
    expect(result.stderr).not.toContain('authors."Raj"');
  });

  it('should link each navigation section once, and name the ones no article is in', () => {
    const { out, result } = buildNewsroom({ ...CONFIG, navigation: ['World', 'Sport', 'world', 'City'] });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('navigation names a section no published article is in, left out of the masthead: Sport');
    const links = [...readPage(out, 'index.html').querySelectorAll('header nav a')].map((link) => link.textContent?.trim());
    expect(links.filter((text) => text === 'World')).toHaveLength(1);
    expect(links.indexOf('World')).toBeLessThan(links.indexOf('City'));
    expect(links).not.toContain('Sport');
  });

  it('should name an unknown key and suggest the known one', () => {
    const { result } = buildNewsroom({ ...CONFIG, titel: 'Typo' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown key "titel" [config-unknown-key]');
    expect(result.stderr).toContain('hint: did you mean "title"?');
  });

  it('should give a config mistake to check --format json as JSON, with its place', () => {
    const cwd = project({ 'a.md': '---\ntitle: A\n---\nBody\n' });
    writeFileSync(path.join(cwd, 'broadsheet.config.json'), '{\n  "title": "T",\n  "perPage": "ten"\n}\n');
    const result = runCli(['check', '--format', 'json'], { cwd });
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout)).toEqual({
      diagnostics: [
        {
          file: 'broadsheet.config.json',
          line: 3,
          column: 3,
          severity: 'error',
          message: '"perPage" expected number, received string',
          ruleId: 'config-invalid',
          hint: expect.stringContaining('broadsheet.config.schema.json'),
        },
      ],
      errors: 1,
      warnings: 0,
    });
  });

  it('should report every config mistake in one run, in the order of the file', () => {
    const cwd = project({ 'a.md': '---\ntitle: A\n---\nBody\n' });
    writeFileSync(path.join(cwd, 'broadsheet.config.json'), '{\n  "titel": "x",\n  "perPage": "ten",\n  "publisher": { "nmae": "P" }\n}\n');
    const result = runCli(['check', '--format', 'json'], { cwd });
    expect(result.code).toBe(2);
    const { diagnostics } = JSON.parse(result.stdout) as { diagnostics: { line: number; message: string }[] };
    expect(diagnostics.map((diagnostic) => `${diagnostic.line}: ${diagnostic.message}`)).toEqual([
      '2: unknown key "titel"',
      '3: "perPage" expected number, received string',
      '4: unknown key "publisher.nmae"',
    ]);
  });

  it('should place a nested key by its path, not by an earlier key of the same name', () => {
    const cwd = project({ 'a.md': '---\ntitle: A\n---\nBody\n' });
    writeFileSync(
      path.join(cwd, 'broadsheet.config.json'),
      '{\n  "authors": { "Ana": { "url": "https://ana.example/" } },\n  "publisher": { "name": "P", "url": "nope" }\n}\n',
    );
    expect(runCli(['build'], { cwd }).stderr).toMatch(/^broadsheet\.config\.json:3:31: error: "publisher\.url" must be an absolute http\(s\) URL/);
  });

  it('should name an unknown nested key', () => {
    const { result } = buildNewsroom({ ...CONFIG, publisher: { nmae: 'X' } });
    expect(result.stderr).toContain('unknown key "publisher.nmae"');
    expect(result.stderr).toContain('did you mean "name"?');
  });

  it('should ship a JSON Schema that matches the config schema', async () => {
    const { configJsonSchema } = await import('../src/project/config-schema.js');
    expect(JSON.parse(readFileSync(path.join(ROOT, 'broadsheet.config.schema.json'), 'utf8'))).toEqual(configJsonSchema());
    expect(JSON.parse(readFileSync(path.join(ROOT, 'broadsheet.config.json'), 'utf8')).$schema).toBe('./broadsheet.config.schema.json');
  });

  it('should build with no config at all', () => {
    const cwd = project({ 'a.txt': 'Headline\nBody' });
    expect(buildSite(cwd).result.code).toBe(0);
  });
});

void AUTHORS;
