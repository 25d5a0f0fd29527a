import { Readable } from 'node:stream';
import { SitemapIndexStream, SitemapStream, streamToPromise, type SitemapItemLoose } from 'sitemap';
import type { Site } from '../../site.js';
import type { ArticleMeta, SiteConfig } from '../../types.js';
import { absoluteUrl } from '../../urls.js';
import type { Output, Plan, PlanContext, SitemapEntry } from '../output.js';

// sitemap.xml (an index past 50,000 URLs), the Google News sitemap (articles of the last two
// days, at most 1,000 a file) and robots.txt that names them. Written by the `sitemap` package.

/** The protocols' limits: URLs in one sitemap file, and Google News's. */
const defaults = { urlsPerFile: 50_000, newsUrlsPerFile: 1_000, newsWindowDays: 2 } as const;

const NAMESPACES = { news: false, xhtml: false, image: false, video: false };
const EMPTY_URLSET = (news: boolean) =>
  `<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"${
    news ? ' xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"' : ''
  }></urlset>`;

async function urlset(items: SitemapItemLoose[], news: boolean): Promise<string> {
  if (items.length === 0) return EMPTY_URLSET(news);
  const stream = new SitemapStream({ xmlns: { ...NAMESPACES, news } });
  return (await streamToPromise(Readable.from(items).pipe(stream))).toString();
}

async function index(urls: { url: string; lastmod: string | undefined }[]): Promise<string> {
  const items = urls.map(({ url, lastmod }) => (lastmod ? { url, lastmod } : { url }));
  return (await streamToPromise(Readable.from(items).pipe(new SitemapIndexStream()))).toString();
}

function chunks<T>(items: T[], size: number): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size) result.push(items.slice(i, i + size));
  return result;
}

function latest(dates: (string | undefined)[]): string | undefined {
  return dates.reduce<string | undefined>((max, date) => (date && (!max || date > max) ? date : max), undefined);
}

/** The files of one sitemap: itself under the limit, or numbered files and an index at `name`. */
function sitemapPaths(name: string, count: number, limit: number): string[] {
  if (count <= limit) return [name];
  const stem = name.replace(/\.xml$/, '');
  return [...Array.from({ length: Math.ceil(count / limit) }, (_, i) => `${stem}-${i + 1}.xml`), name];
}

async function splitSitemap(name: string, items: SitemapItemLoose[], limit: number, news: boolean, baseUrl: string | null): Promise<string[]> {
  if (items.length <= limit) return [await urlset(items, news)];
  const parts = chunks(items, limit);
  const stem = name.replace(/\.xml$/, '');
  const files: string[] = [];
  for (const part of parts) files.push(await urlset(part, news));
  const listed = parts.map((part, i) => ({
    url: absoluteUrl(`/${stem}-${i + 1}.xml`, baseUrl),
    lastmod: latest(part.map((item) => item.lastmod)),
  }));
  files.push(await index(listed));
  return files;
}

/** Articles first published in the two days before the build's clock, and live stories while live, for Google News. */
function freshArticles(site: Site): ArticleMeta[] {
  const now = site.now.getTime();
  const window = defaults.newsWindowDays * 24 * 60 * 60 * 1000;
  return site.articles.filter((article) => {
    const time = article.published?.getTime();
    if (time === undefined || time > now || article.draft) return false;
    return time > now - window || article.live?.state === 'live';
  });
}

/** Home first, then everything else by URL, so the sitemap reads in a stable order. */
function orderSitemap(entries: SitemapEntry[]): SitemapEntry[] {
  return [...entries].sort((a, b) => (a.url === '/' ? -1 : b.url === '/' ? 1 : a.url < b.url ? -1 : a.url > b.url ? 1 : 0));
}

/**
 * sitemap.xml over the pages the outputs before it list (every page worth indexing, with its
 * last change), the news sitemap and robots.txt. Sitemaps need absolute URLs, so a site without
 * a base URL gets only robots.txt.
 */
function plan(context: PlanContext, earlier: readonly Plan[]): Plan[] {
  const { site } = context;
  const { baseUrl } = site.config;
  const robots = renderRobots(site.config);
  const robotsPlan: Plan = { kind: 'files', paths: ['robots.txt'], key: context.key('robots', robots), render: () => [robots] };
  if (!baseUrl) return [robotsPlan];

  const entries = orderSitemap(earlier.flatMap((each) => each.sitemap ?? []));
  const pages: SitemapItemLoose[] = entries.map((entry) => ({
    url: absoluteUrl(entry.url, baseUrl),
    ...(entry.lastmod ? { lastmod: entry.lastmod.toISOString() } : {}),
  }));
  const news: SitemapItemLoose[] = freshArticles(site).map((article) => ({
    url: absoluteUrl(article.url, baseUrl),
    news: {
      publication: { name: site.config.newsPublicationName, language: newsLanguage(article.lang) },
      publication_date: article.published!.toISOString(),
      title: article.headline,
    },
  }));
  return [
    {
      kind: 'files',
      paths: sitemapPaths('sitemap.xml', pages.length, defaults.urlsPerFile),
      key: context.key('sitemap', pages),
      render: () => splitSitemap('sitemap.xml', pages, defaults.urlsPerFile, false, baseUrl),
    },
    {
      kind: 'files',
      paths: sitemapPaths('news-sitemap.xml', news.length, defaults.newsUrlsPerFile),
      key: context.key('news-sitemap', news),
      render: () => splitSitemap('news-sitemap.xml', news, defaults.newsUrlsPerFile, true, baseUrl),
    },
    robotsPlan,
  ];
}

// Google News wants an ISO 639 code; Chinese alone keeps its script variant.
function newsLanguage(lang: string): string {
  const lower = lang.toLowerCase();
  if (lower === 'zh-cn' || lower === 'zh-hans') return 'zh-cn';
  if (lower === 'zh-tw' || lower === 'zh-hant') return 'zh-tw';
  return lower.split('-')[0]!;
}

function renderRobots(config: SiteConfig): string {
  const { baseUrl } = config;
  const lines = ['User-agent: *', 'Allow: /', ''];
  if (baseUrl) {
    lines.push(`Sitemap: ${absoluteUrl('/sitemap.xml', baseUrl)}`, `Sitemap: ${absoluteUrl('/news-sitemap.xml', baseUrl)}`);
  } else {
    lines.push('# Sitemaps are listed here once the site has a baseUrl (sitemaps need absolute URLs).');
  }
  return `${lines.join('\n')}\n`;
}

export const sitemaps = { name: 'sitemaps and robots.txt', defaults, plan } satisfies Output<typeof defaults>;
