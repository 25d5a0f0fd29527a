import { cpSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { brokenLinks, buildSite, clockAt, listFiles, project, readPage, ROOT, runCli, SEED, type CliBuild } from './helpers.js';

const seedText = readFileSync(SEED, 'utf8');
const SEED_HEADLINE = 'Islamic State J&K commander Ishfaq Ahmad Sofi killed in Shopian encounter';
const SEED_PAGE = 'islamic-state-jk-commander-ishfaq-ahmad-sofi-killed-in-shopian-encounter/index.html';

const fixture = {
  '000_f9f8abcdc28e9b89.txt': seedText,
  'city/2026-11-20-metro.txt': 'Metro line to open in 2027\nBy Anjali Menon and Rahul Nair\n\nKOCHI, Nov. 20 (PTI) - The line\nwill open.\n\nMore.\n\nSource: PTI https://www.ptinews.com/\n',
  'world/2026-11-23-harbour.md':
    '---\ntitle: Harbour clean-up\ndek: Volunteers pulled nets.\nauthor: [Maya Fernandes, Tom Okafor]\ndate: 2026-11-23T09:15:00+05:30\nsection: World\ntags: [Environment, Oceans]\nimage: {src: net.svg, alt: A net}\n---\nText with a [link](2026-11-18-nets.md) and ![a net](net.svg).\n',
  'world/2026-11-18-nets.md': '---\ntitle: Ghost nets\ndate: 2026-11-18\nsection: World\ntags: Oceans\n---\nDivers found nets.\n',
  'world/net.svg': '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="3"></svg>',
  'world/2026-11-24-draft.md': '---\ntitle: Not yet\ndate: 2026-11-24\ndraft: true\n---\nSecret.\n',
  'world/2030-01-01-embargo.md': '---\ntitle: Embargoed until 2030\ndate: 2030-01-01T00:00:00Z\n---\nLater.\n',
  'about.md': '---\ntitle: About us\n---\nWho we are.\n',
};

function built(files: Record<string, string> = fixture, args: string[] = [], env: Record<string, string> = {}): CliBuild {
  return buildSite(project(files), { args, env });
}

/** The default fixture, built once for the describes that only read it. */
let fixtureBuild: CliBuild | undefined;
const builtFixture = (): CliBuild => (fixtureBuild ??= built());

describe('broadsheet build: the seed article page', () => {
  let out: string;
  let result: CliBuild['result'];
  let document: Document;
  beforeAll(() => {
    ({ out, result } = builtFixture());
    document = readPage(out, SEED_PAGE);
  });

  it('should build with exit code 0 and a summary on stderr', () => {
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/Built 5 articles/);
  });

  it('should carry the headline, with & escaped, in the title, og:title, h1 and JSON-LD', () => {
    const html = readFileSync(path.join(out, SEED_PAGE), 'utf8');
    expect(html).toContain('<title>Islamic State J&amp;K commander');
    expect(document.querySelector('title')?.textContent).toBe(`${SEED_HEADLINE} – Broadsheet`);
    expect(document.querySelector('meta[property="og:title"]')?.getAttribute('content')).toBe(SEED_HEADLINE);
    expect(document.querySelector('h1.p-name')?.textContent).toBe(SEED_HEADLINE);
    const data = [...document.querySelectorAll('script[type="application/ld+json"]')].map((script) => JSON.parse(script.textContent!));
    const articles = data.filter((item) => item['@type'] === 'NewsArticle');
    expect(articles).toHaveLength(1);
    expect(articles[0]).toMatchObject({ '@type': 'NewsArticle', headline: SEED_HEADLINE, sourceOrganization: { name: 'First Post' } });
  });

  it('should put the 14 body paragraphs, curly quotes intact, and nothing else in .e-content', () => {
    const body = document.querySelector('.h-entry .e-content')!;
    const paragraphs = [...body.querySelectorAll('p')].map((p) => p.textContent);
    expect(paragraphs).toEqual(seedText.split('\n').slice(1, 15));
    expect(body.children).toHaveLength(14);
    expect(body.textContent).toContain('“He was working as an OGW since 2004');
    expect(body.textContent).not.toContain('First Post');
  });

  it('should put the attribution outside the body in <cite>', () => {
    expect(document.querySelector('.h-entry footer cite')?.textContent).toBe('First Post');
    expect(document.querySelector('.e-content cite')).toBeNull();
  });

  it('should declare language, direction, canonical, Open Graph and the Twitter card', () => {
    expect(document.documentElement.getAttribute('lang')).toBe('en');
    expect(document.documentElement.getAttribute('dir')).toBe('ltr');
    expect(document.querySelector('link[rel="canonical"]')?.getAttribute('href')).toBe(`/${SEED_PAGE.replace('index.html', '')}`);
    expect(document.querySelector('meta[property="og:type"]')?.getAttribute('content')).toBe('article');
    // Wire copy has no photo: its card is drawn, so the large card is the right one.
    expect(document.querySelector('meta[name="twitter:card"]')?.getAttribute('content')).toBe('summary_large_image');
    expect(document.querySelector('meta[property="og:image"]')?.getAttribute('content')).toMatch(/\/card-[0-9a-f]{8}\.jpg$/);
  });
});

describe('broadsheet build: a Markdown article page', () => {
  let out: string;
  let document: Document;
  beforeAll(() => {
    ({ out } = builtFixture());
    document = readPage(out, '2026/11/23/harbour-clean-up/index.html');
  });

  it('should mark up the h-entry: name, summary, authors, published time and categories', () => {
    const entry = document.querySelector('article.h-entry')!;
    expect(entry.querySelector('.p-name')?.textContent).toBe('Harbour clean-up');
    expect(entry.querySelector('.p-summary')?.textContent).toBe('Volunteers pulled nets.');
    expect([...entry.querySelectorAll('a.p-author.h-card')].map((a) => a.textContent)).toEqual(['Maya Fernandes', 'Tom Okafor']);
    expect(entry.querySelector('time.dt-published')?.getAttribute('datetime')).toBe('2026-11-23T03:45:00+00:00');
    expect([...entry.querySelectorAll('.p-category')].map((a) => a.textContent)).toEqual(['World', 'Environment', 'Oceans']);
  });

  it('should carry what the article has into one NewsArticle', () => {
    const [script] = document.querySelectorAll('script[type="application/ld+json"]');
    const data = JSON.parse(script!.textContent!);
    expect(data['@type']).toBe('NewsArticle');
    expect(data).toMatchObject({
      '@type': 'NewsArticle',
      headline: 'Harbour clean-up',
      description: 'Volunteers pulled nets.',
      datePublished: '2026-11-23T03:45:00+00:00',
      author: [
        { '@type': 'Person', name: 'Maya Fernandes' },
        { '@type': 'Person', name: 'Tom Okafor' },
      ],
      articleSection: 'World',
      keywords: ['Environment', 'Oceans'],
      // Google's three shapes, drawn from the SVG (no base URL: site paths).
      image: [[1200, 675], [1200, 900], [1200, 1200]].map(([width, height]) => ({ '@type': 'ImageObject', url: expect.stringMatching(/^\/images\/net-[0-9a-f]{10}-\d+x\d+-1200\.jpg$/), width, height })),
    });
  });

  it('should link another article by its file name, and show the lead image', () => {
    const links = [...document.querySelectorAll('.e-content a')].map((a) => a.getAttribute('href'));
    expect(links).toEqual(['../../18/ghost-nets/index.html']);
    expect(document.querySelector('figure img')?.getAttribute('alt')).toBe('A net');
  });
});

describe('broadsheet build: the home page and links', () => {
  let out: string;
  let home: Document;
  beforeAll(() => {
    ({ out } = builtFixture());
    home = readPage(out, 'index.html');
  });

  it('should list every published article, newest first, undated last', () => {
    const headlines = [...home.querySelectorAll('.teaser .p-name')].map((h) => h.textContent?.trim());
    // Undated stories after the dated, in the order of their files, never by their headlines.
    expect(headlines).toEqual(['Harbour clean-up', 'Metro line to open in 2027', 'Ghost nets', SEED_HEADLINE, 'About us']);
  });

  it('should link each entry to its page, with dek, byline and date', () => {
    const links = [...home.querySelectorAll('.teaser .p-name a')].map((a) => a.getAttribute('href'));
    expect(links).toEqual([
      '2026/11/23/harbour-clean-up/index.html',
      '2026/11/20/metro-line-to-open-in-2027/index.html',
      '2026/11/18/ghost-nets/index.html',
      SEED_PAGE,
      'about-us/index.html',
    ]);
    const lead = home.querySelector('.teaser')!;
    expect(lead.querySelector('.dek')?.textContent).toBe('Volunteers pulled nets.');
    expect(lead.querySelector('.byline')?.textContent).toContain('Maya Fernandes');
    expect(lead.querySelector('time')?.textContent).toBe('November 23, 2026');
    expect(lead.querySelector('img')?.getAttribute('src')).toBe('world/net.svg');
  });

  it('should leave drafts and embargoed articles out of every page', () => {
    const files = listFiles(out);
    expect(files.some((file) => file.includes('not-yet') || file.includes('embargoed'))).toBe(false);
    expect(readFileSync(path.join(out, 'index.html'), 'utf8')).not.toContain('Embargoed until 2030');
  });

  it('should resolve every internal link and asset on every page', () => {
    expect(brokenLinks(out)).toEqual([]);
  });
});

describe('broadsheet build: flags and mistakes', () => {
  it('should include drafts and future articles when asked', () => {
    const { out } = built(fixture, ['--drafts', '--future']);
    expect(listFiles(out)).toContain('2026/11/24/not-yet/index.html');
    expect(listFiles(out)).toContain('2030/01/01/embargoed-until-2030/index.html');
    expect(readPage(out, '2026/11/24/not-yet/index.html').querySelector('.status-badge')?.textContent).toBe('DRAFT');
  });

  it('should mark the words of the site in its language on a page in another', () => {
    const { out } = built({ ...fixture, 'beirut.md': '---\ntitle: مرفأ بيروت\ndate: 2026-11-22\nlang: ar\n---\nبيروت — نص.\n' });
    const page = readPage(out, listFiles(out).find((file) => file.startsWith('2026/11/22/') && file.endsWith('.html'))!);
    expect(page.documentElement.getAttribute('lang')).toBe('ar');
    expect(page.documentElement.getAttribute('dir')).toBe('rtl');
    for (const selector of ['.skip-link', 'header.masthead', 'footer.site-footer']) {
      expect(page.querySelector(selector)?.closest('[lang]')?.getAttribute('lang'), selector).toBe('en');
    }
    expect(page.querySelector('main')?.closest('[lang]')?.getAttribute('lang')).toBe('ar');
    // An English page has no such wrapper.
    expect(readPage(out, 'index.html').querySelector('body > div[lang]')).toBeNull();
  });

  it('should publish an embargoed article once the clock passes its date', () => {
    const { out } = built(fixture, [], clockAt('2030-01-02T00:00:00Z'));
    expect(listFiles(out)).toContain('2030/01/01/embargoed-until-2030/index.html');
  });

  it('should publish two stories under one headline, each at a URL of its own, and say so', () => {
    const { out, result } = built({
      'a.md': '---\ntitle: Letters to the editor\n---\nOne.',
      'b.txt': 'Letters to the editor\nTwo.',
    });
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/content\/b\.txt: warning: content\/a\.md has the same headline and the URL \/letters-to-the-editor\/; this story is published at \/letters-to-the-editor-[0-9a-f]{6}\/ \[shared-headline\]/);
    expect(result.stderr).toContain('hint: wire text has no front matter to pin a slug in');
    expect(result.stderr).toMatch(/Built 2 articles \(1 given a URL suffix\)/);
    const pages = listFiles(out).filter((file) => file.startsWith('letters-to-the-editor') && file.endsWith('.html'));
    expect(pages).toHaveLength(2);
    expect(pages).toContain('letters-to-the-editor/index.html');
    expect(pages.find((file) => file !== 'letters-to-the-editor/index.html')).toMatch(/^letters-to-the-editor-[0-9a-f]{6}\/index\.html$/);
    // The first by path keeps the plain URL.
    expect(readPage(out, 'letters-to-the-editor/index.html').querySelector('.e-content')?.textContent).toContain('One.');
  });

  it('should refuse two articles that pin one URL, naming both files', () => {
    const { out, result } = built({
      'a.md': '---\ntitle: Letters\nslug: letters\n---\nOne.',
      'b.md': '---\ntitle: More letters\nslug: letters\n---\nTwo.',
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('content/b.md: error: /letters/ is already the URL of content/a.md [duplicate-url]');
    expect(result.stderr).toContain('hint: both files pin this URL: set a different `slug:` in one of the two (content/a.md, content/b.md)');
    expect(listFiles(path.dirname(out))).not.toContain('out/index.html');
  });

  it('should use pretty URLs under a base URL', () => {
    const { out } = built(fixture, ['--base-url', 'https://news.example/edition']);
    const home = readPage(out, 'index.html');
    expect(home.querySelector('.teaser .p-name a')?.getAttribute('href')).toBe('/edition/2026/11/23/harbour-clean-up/');
    const page = readPage(out, SEED_PAGE);
    expect(page.querySelector('link[rel="canonical"]')?.getAttribute('href')).toBe(
      'https://news.example/edition/islamic-state-jk-commander-ishfaq-ahmad-sofi-killed-in-shopian-encounter/',
    );
  });

  it('should name a missing content folder in one line, with exit code 2', () => {
    const { result } = built({}, ['--content', 'missing']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('error: content folder not found: missing\n  hint: create it and put articles in it, or pass --content DIR\n');
  });

  it('should name an unknown flag as a usage error', () => {
    const { result } = built(fixture, ['--draft']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("unknown option '--draft'");
    expect(result.stderr).toContain('--drafts');
  });

  it('should print the version and help', () => {
    const cwd = project({});
    expect(runCli(['--version'], { cwd }).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const help = runCli(['build', '--help'], { cwd });
    expect(help.code).toBe(0);
    for (const flag of ['--content', '--templates', '--out', '--base-url', '--drafts', '--future']) expect(help.stdout).toContain(flag);
  });
});

describe('the sample site in this repository', () => {
  it('should build from content/ and broadsheet.config.json with every link resolving from disk', () => {
    const cwd = project({});
    cpSync(path.join(ROOT, 'content'), path.join(cwd, 'content'), { recursive: true });
    cpSync(path.join(ROOT, 'broadsheet.config.json'), path.join(cwd, 'broadsheet.config.json'));
    cpSync(path.join(ROOT, 'broadsheet.config.schema.json'), path.join(cwd, 'broadsheet.config.schema.json'));
    const { out, result } = buildSite(cwd);
    expect(result.stderr).not.toMatch(/error|warning/);
    expect(result.code).toBe(0);
    expect(brokenLinks(out)).toEqual([]);
    for (const file of ['feed.xml', 'atom.xml', 'feed.json', 'sitemap.xml', 'news-sitemap.xml', 'robots.txt', '404.html']) {
      expect(listFiles(out)).toContain(file);
    }
  });
});
