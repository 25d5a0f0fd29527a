import { Readable } from 'node:stream';
import { SitemapIndexStream, SitemapStream, streamToPromise, type SitemapItemLoose } from 'sitemap';
import type { Site } from '../site.js';
import type { OutputFile } from '../types.js';
import { absoluteUrl } from '../urls.js';

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

/** One file under the limit, or numbered files and an index at `name` that lists them. */
async function splitSitemap(
  name: string,
  items: SitemapItemLoose[],
  limit: number,
  news: boolean,
  baseUrl: string | null,
): Promise<OutputFile[]> {
  if (items.length <= limit) return [{ path: name, contents: await urlset(items, news) }];
  const files: OutputFile[] = [];
  const parts = chunks(items, limit);
  const stem = name.replace(/\.xml$/, '');
  for (const [i, part] of parts.entries()) files.push({ path: `${stem}-${i + 1}.xml`, contents: await urlset(part, news) });
  const listed = parts.map((part, i) => ({
    url: absoluteUrl(`/${stem}-${i + 1}.xml`, baseUrl),
    lastmod: latest(part.map((item) => item.lastmod)),
  }));
  files.push({ path: name, contents: await index(listed) });
  return files;
}

export async function renderSitemaps(site: Site, entries: SitemapEntry[]): Promise<OutputFile[]> {
  const { baseUrl } = site.config;
  const pages: SitemapItemLoose[] = entries.map((entry) => ({
    url: absoluteUrl(entry.url, baseUrl),
    ...(entry.lastmod ? { lastmod: entry.lastmod.toISOString() } : {}),
  }));

  const since = site.now.getTime() - NEWS_WINDOW_MS;
  const fresh = site.articles.filter((article) => {
    const time = article.published?.getTime();
    return time !== undefined && time > since && time <= site.now.getTime() && !article.draft;
  });
  const news: SitemapItemLoose[] = fresh.map((article) => ({
    url: absoluteUrl(article.url, baseUrl),
    news: {
      publication: { name: site.config.newsPublicationName, language: newsLanguage(article.lang) },
      publication_date: article.published!.toISOString(),
      title: article.headline,
    },
  }));

  return [
    ...(await splitSitemap('sitemap.xml', pages, SITEMAP_LIMIT, false, baseUrl)),
    ...(await splitSitemap('news-sitemap.xml', news, NEWS_SITEMAP_LIMIT, true, baseUrl)),
    renderRobots(site),
  ];
}

// Google News wants an ISO 639 code; Chinese alone keeps its script variant.
function newsLanguage(lang: string): string {
  const lower = lang.toLowerCase();
  if (lower === 'zh-cn' || lower === 'zh-hans') return 'zh-cn';
  if (lower === 'zh-tw' || lower === 'zh-hant') return 'zh-tw';
  return lower.split('-')[0]!;
}

export function renderRobots(site: Site): OutputFile {
  const { baseUrl } = site.config;
  const lines = ['User-agent: *', 'Allow: /', ''];
  if (baseUrl) {
    lines.push(`Sitemap: ${absoluteUrl('/sitemap.xml', baseUrl)}`, `Sitemap: ${absoluteUrl('/news-sitemap.xml', baseUrl)}`);
  } else {
    lines.push('# Sitemaps are listed here once the site has a baseUrl (sitemaps need absolute URLs).');
  }
  return { path: 'robots.txt', contents: `${lines.join('\n')}\n` };
}
