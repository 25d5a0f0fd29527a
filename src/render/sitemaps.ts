import { Readable } from 'node:stream';
import { SitemapIndexStream, SitemapStream, streamToPromise, type SitemapItemLoose } from 'sitemap';
import type { Site } from '../site.js';
import type { ArticleMeta, SiteConfig } from '../types.js';
import { absoluteUrl } from '../urls.js';
import type { Plan, PlanContext } from './pages.js';

// sitemap.xml (an index past 50,000 URLs), the Google News sitemap (articles of the last two
// days, at most 1,000 a file) and robots.txt that names them. Written by the `sitemap` package.

export const SITEMAP_LIMIT = 50_000;
export const NEWS_SITEMAP_LIMIT = 1_000;
const NEWS_WINDOW_MS = 2 * 24 * 60 * 60 * 1000;

export interface SitemapEntry {
  /** Site path of the page. */
  url: string;
  lastmod: Date | null;
}

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

/** Articles first published in the two days before the build's clock, for Google News. */
function freshArticles(site: Site): ArticleMeta[] {
  const now = site.now.getTime();
  return site.articles.filter((article) => {
    const time = article.published?.getTime();
    return time !== undefined && time > now - NEWS_WINDOW_MS && time <= now && !article.draft;
  });
}

/**
 * sitemap.xml over `entries` (every page worth indexing, with its last change), the news
 * sitemap and robots.txt. Sitemaps need absolute URLs, so a site without a base URL gets only
 * robots.txt.
 */
export function sitemapPlans(context: PlanContext, entries: SitemapEntry[]): Plan[] {
  const { site } = context;
  const { baseUrl } = site.config;
  const robots = renderRobots(site.config);
  const robotsPlan: Plan = { kind: 'files', paths: ['robots.txt'], key: context.key('robots', robots), sitemap: [], render: () => [robots] };
  if (!baseUrl) return [robotsPlan];

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
      paths: sitemapPaths('sitemap.xml', pages.length, SITEMAP_LIMIT),
      key: context.key('sitemap', pages),
      sitemap: [],
      kind: 'files',
      render: () => splitSitemap('sitemap.xml', pages, SITEMAP_LIMIT, false, baseUrl),
    },
    {
      paths: sitemapPaths('news-sitemap.xml', news.length, NEWS_SITEMAP_LIMIT),
      key: context.key('news-sitemap', news),
      sitemap: [],
      kind: 'files',
      render: () => splitSitemap('news-sitemap.xml', news, NEWS_SITEMAP_LIMIT, true, baseUrl),
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

export function renderRobots(config: SiteConfig): string {
  const { baseUrl } = config;
  const lines = ['User-agent: *', 'Allow: /', ''];
  if (baseUrl) {
    lines.push(`Sitemap: ${absoluteUrl('/sitemap.xml', baseUrl)}`, `Sitemap: ${absoluteUrl('/news-sitemap.xml', baseUrl)}`);
  } else {
    lines.push('# Sitemaps are listed here once the site has a baseUrl (sitemaps need absolute URLs).');
  }
  return `${lines.join('\n')}\n`;
}
