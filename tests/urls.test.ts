import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { absoluteUrl, expandPermalink, hrefFrom, madeByTheSite, outputPath, SLUG, slugify } from '../src/urls.js';

describe('slugs', () => {
  it('should always match ^[a-z0-9]+(-[a-z0-9]+)*$, whatever the headline', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' })), (headline) => {
        const slug = slugify(headline);
        expect(slug).toMatch(SLUG);
        expect(slug).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
        expect(slug.length).toBeLessThanOrEqual(80);
      }),
      { numRuns: 2000 },
    );
  });

  it.each([
    ['Islamic State J&K commander Ishfaq Ahmad Sofi killed in Shopian encounter', 'islamic-state-jk-commander-ishfaq-ahmad-sofi-killed-in-shopian-encounter'],
    ["O'Brien’s budget: what's in it?", 'obriens-budget-whats-in-it'],
    ['Rock & Roll', 'rock-roll'],
    ['Zürich’s café scene', 'zurichs-cafe-scene'],
    ['Москва', 'moskva'],
    ['  --Hello--  ', 'hello'],
    ['Rocket 🚀 launches 🎉', 'rocket-launches'],
    ['Fans 👩🏽‍🚀 cheer 🇮🇳 win', 'fans-cheer-win'],
    ['🏴󠁧󠁢󠁥󠁮󠁧󠁿 England win', 'england-win'],
  ])('should make %j into %j', (headline, slug) => {
    expect(slugify(headline)).toBe(slug);
  });

  it('should cut long slugs at a word boundary', () => {
    const slug = slugify('word '.repeat(40));
    expect(slug.length).toBeLessThanOrEqual(80);
    expect(slug.endsWith('word')).toBe(true);
  });
});

describe('links between pages', () => {
  const local = { baseUrl: null, relativeLinks: false };
  const hosted = { baseUrl: 'https://news.example/edition/', relativeLinks: false };

  it('should link relatively, naming files, when the site opens from disk', () => {
    expect(hrefFrom('/2026/11/20/story/', '/', local)).toBe('../../../../index.html');
    expect(hrefFrom('/2026/11/20/story/', '/2026/11/18/other/', local)).toBe('../../18/other/index.html');
    expect(hrefFrom('/', '/assets/style.css', local)).toBe('assets/style.css');
    expect(hrefFrom('/sections/world/page/2/', '/sections/world/', local)).toBe('../../index.html');
    expect(hrefFrom('/a/', '/a/#top', local)).toBe('index.html#top');
    expect(hrefFrom('/old/page.html', '/new/', local)).toBe('../new/index.html');
  });

  it('should link by pretty URLs under the base path when hosted', () => {
    expect(hrefFrom('/2026/11/20/story/', '/', hosted)).toBe('/edition/');
    expect(hrefFrom('/x/', '/world/café photo.jpg', hosted)).toBe('/edition/world/caf%C3%A9%20photo.jpg');
  });

  it('should keep relative links with a base URL when relativeLinks is set', () => {
    expect(hrefFrom('/a/', '/b/', { ...hosted, relativeLinks: true })).toBe('../b/index.html');
  });

  it('should map site paths to files', () => {
    expect(outputPath('/')).toBe('index.html');
    expect(outputPath('/a/b/')).toBe('a/b/index.html');
    expect(outputPath('/old/story.html')).toBe('old/story.html');
  });

  it('should expand permalinks, dropping segments whose token has no value', () => {
    const values = { year: '2026', month: '11', day: '20', section: 'world', slug: 's', filename: 'f' };
    expect(expandPermalink('/:year/:month/:day/:slug/', values)).toBe('/2026/11/20/s/');
    expect(expandPermalink('/:section/:slug/', { ...values, section: null })).toBe('/s/');
    expect(expandPermalink('/news/:year/:slug/', { ...values, year: null })).toBe('/news/s/');
  });
});

describe('the files a build makes itself', () => {
  it('should know the feeds, sitemaps, robots.txt, redirects and search index, at the root or in a section', () => {
    for (const path of ['/feed.xml', 'atom.xml', '/feed.json', '/sections/world/feed.xml', '/sitemap.xml', '/sitemap-3.xml', '/news-sitemap.xml', '/robots.txt', '/_redirects', '/pagefind/pagefind.js']) {
      expect(madeByTheSite(path), path).toBe(true);
    }
  });

  it('should leave the same names elsewhere to the content folder', () => {
    for (const path of ['/world/feed.xml', '/sections/world/extra/feed.xml', '/docs/robots.txt', '/sitemap.xml.gz', '/feed.xml/', '/pagefind']) {
      expect(madeByTheSite(path), path).toBe(false);
    }
  });
});

describe('absolute URLs', () => {
  // The way a browser resolves a site path against the base URL, which absoluteUrl shortens.
  const resolved = (sitePath: string, baseUrl: string) => new URL('./' + sitePath.replace(/^\/+/, '').split('/').map(encodeURIComponent).join('/'), baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`).href;

  it('should give what resolving the path against the base gives, whatever the path', () => {
    const segment = fc.oneof(fc.constantFrom('.', '..', '', 'a.b', '~x', 'x:y', '%2e', 'été', 'a b', '?', '#'), fc.string({ maxLength: 6 }));
    const sitePath = fc.array(segment, { maxLength: 5 }).map((parts) => `/${parts.join('/')}`);
    const baseUrl = fc.constantFrom('https://news.example', 'https://news.example/', 'https://News.Example:443/edition', 'http://x.test/a/b/', 'https://x.test/p?q=1#h');
    fc.assert(
      fc.property(sitePath, baseUrl, (path, base) => {
        // encodeURIComponent and the site's own encoding differ only in `@` and `:`, left as they are.
        const expected = resolved(path, base).replace(/%40/g, '@').replace(/%3A/gi, ':');
        expect(absoluteUrl(path, base)).toBe(new URL(absoluteUrl(path, base)).href);
        expect(new URL(absoluteUrl(path, base)).href).toBe(new URL(expected).href);
      }),
      { numRuns: 3000 },
    );
  });

  it('should put a story under the base URL', () => {
    expect(absoluteUrl('/2026/12/03/budget/', 'https://news.example/edition')).toBe('https://news.example/edition/2026/12/03/budget/');
    // A colon in the first segment does not make it a URL of its own.
    expect(absoluteUrl('/x:y/', 'https://news.example/')).toBe('https://news.example/x:y/');
    expect(absoluteUrl('/', 'https://News.Example/')).toBe('https://news.example/');
    expect(absoluteUrl('/a/', null)).toBe('/a/');
  });
});
