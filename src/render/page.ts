import { textDirection } from '../language.js';
import { findTaxonomy, type Site } from '../site.js';
import type { ArticleMeta, SiteConfig } from '../types.js';
import { escapeHtml, jsonForScript } from '../escape.js';
import { pageLink, slugify } from '../urls.js';
import type { PageMetadata } from './metadata.js';
import type { Feed, Shared } from './output.js';

// What the HTML pages of several outputs share: the data every template is given, the head's
// metadata, the feeds a page advertises and the pages' security policies.

/**
 * No script runs on a page unless the page needs it. Styles come from the site, images from the
 * site or any web host (wire photos hot-linked by URL; an https page's browser upgrades http
 * ones), and `connect-src 'self'` lets auditors such as Lighthouse fetch robots.txt from the page.
 */
export const DEFAULT_CSP =
  "default-src 'none'; img-src 'self' https: http: data:; style-src 'self'; font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'self'";

/**
 * The search page runs Pagefind: its script, the WebAssembly it compiles and the index it
 * fetches. Every other page runs no script at all.
 */
export const SEARCH_CSP =
  "default-src 'none'; img-src 'self' https: http: data:; style-src 'self' 'unsafe-inline'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'";

/**
 * The policy of a page as `site` is built: for the dev server, which adds its live-reload script
 * to every page and whose script opens an event stream back to it, both are allowed from the
 * page's own origin. Written here, as the page is rendered, because rewriting the HTML afterwards
 * depends on how a theme writes its `<meta>`. Each directive stays once: a browser ignores a
 * repeat.
 */
export function pagePolicy(policy: string, site: Pick<Site, 'dev'>): string {
  if (!site.dev) return policy;
  const directives = policy.split(';').map((directive) => directive.trim()).filter(Boolean);
  for (const name of ['script-src', 'connect-src']) {
    const index = directives.findIndex((directive) => directive.split(/\s+/)[0] === name);
    if (index === -1) directives.push(`${name} 'self'`);
    else if (!directives[index]!.split(/\s+/).includes("'self'")) directives[index] += " 'self'";
  }
  return directives.join('; ');
}

export function sharedView(site: Site): Shared {
  const { config } = site;
  // A navigation that names none of the site's sections (the config of another site, content
  // swapped for an archive) would leave readers no way in: every section stands in for it.
  const named = config.navigation.some((name) => findTaxonomy(site.sections, slugify(name)));
  const wanted = named ? config.navigation : site.sections.map((section) => section.name);
  const navigation: { name: string; url: string }[] = [];
  for (const name of wanted) {
    const section = findTaxonomy(site.sections, slugify(name));
    if (section && !navigation.some((item) => item.url === section.url)) navigation.push({ name: section.name, url: section.url });
  }
  return {
    site: {
      title: config.title,
      description: config.description,
      language: config.language,
      baseUrl: config.baseUrl,
      timeZone: config.timeZone,
      publisher: config.publisher,
      preview: site.preview,
      search: site.search,
    },
    navigation,
    csp: pagePolicy(DEFAULT_CSP, site),
    links: { baseUrl: config.baseUrl, relativeLinks: config.relativeLinks },
  };
}

/** The feeds of a site: one file of each format in a folder. */
export const FEED_FORMATS = [
  { file: 'feed.xml', type: 'application/rss+xml', label: 'RSS' },
  { file: 'atom.xml', type: 'application/atom+xml', label: 'Atom' },
  { file: 'feed.json', type: 'application/feed+json', label: 'JSON Feed' },
] as const;

/** The feeds a page advertises: the site's, and its section's. Feeds need a base URL. */
export function feedLinks(config: SiteConfig, section: { name: string; url: string } | null): Feed[] {
  if (!config.baseUrl) return [];
  const links: Feed[] = FEED_FORMATS.map((format) => ({ type: format.type, title: `${config.title} (${format.label})`, url: `/${format.file}` }));
  if (section) {
    links.push(
      ...FEED_FORMATS.map((format) => ({
        type: format.type,
        title: `${config.title}: ${section.name} (${format.label})`,
        url: `${section.url}${format.file}`,
      })),
    );
  }
  return links;
}

/** A live story's own feeds, in its folder. */
export function liveFeedLinks(config: SiteConfig, story: ArticleMeta): Feed[] {
  if (!config.baseUrl) return [];
  return FEED_FORMATS.map((format) => ({ type: format.type, title: `${story.headline}: live updates (${format.label})`, url: `${story.url}${format.file}` }));
}

export interface Pagination {
  current: number;
  total: number;
  /** Site path of the newer page, or null on the first. */
  prev: string | null;
  next: string | null;
}

/** The newest change among `articles`, for a sitemap's lastmod. */
export function newest(articles: ArticleMeta[]): Date | null {
  // By their times: comparing Dates converts each to a number first, and a site's lists visit
  // every article several times over.
  let latest: Date | null = null;
  let time = -Infinity;
  for (const article of articles) {
    const date = article.updated ?? article.published;
    if (date && date.getTime() > time) {
      latest = date;
      time = date.getTime();
    }
  }
  return latest;
}

interface PageOptions {
  url: string;
  kind: string;
  lang: string;
  metadata: PageMetadata;
  feeds: Feed[];
  extra?: object;
}

/** `page` as a template sees it. */
export function pageData(shared: Shared, options: PageOptions) {
  const page = {
    url: options.url,
    kind: options.kind,
    lang: options.lang,
    dir: textDirection(options.lang),
    feeds: options.feeds,
    csp: shared.csp,
    rootLinks: false,
    pagination: null as Pagination | null,
    // Null rather than missing: a template's test of a missing variable costs LiquidJS a thrown
    // error (with its stack) on every page.
    script: null as string | null,
    ...options.metadata,
    ...options.extra,
  };
  // On a page in another language than the site's (an Arabic story on an English site), the
  // site's own words (skip link, masthead, footer) are marked as the site's language.
  const siteLang = options.lang === shared.site.language ? null : { lang: shared.site.language, dir: textDirection(shared.site.language) };
  // The section in the navigation this page is (for aria-current), or '/' on the home page.
  const navCurrent = options.kind === 'home' ? '/' : shared.navigation.find((item) => item.url === options.url)?.url ?? null;
  return { ...page, navCurrent, siteLang, headHtml: headHtml(shared, page) };
}

/**
 * The head's metadata as HTML, made here rather than in the template because it is the same
 * few dozen tags on every page and a template loop over them costs more than the rest of the
 * page. Templates that want to write them differently have `page.meta`, `page.jsonLd` and
 * `page.feeds`.
 */
function headHtml(
  shared: Shared,
  page: PageMetadata & { feeds: Feed[]; pagination: Pagination | null; rootLinks: boolean },
): string {
  const link = (target: string) => escapeHtml(pageLink(target, shared.links, page.rootLinks));
  const lines: string[] = [];
  if (page.description) lines.push(`<meta name="description" content="${escapeHtml(page.description)}">`);
  lines.push(`<link rel="canonical" href="${escapeHtml(page.canonical)}">`);
  for (const tag of page.meta) lines.push(`<meta ${tag.attr}="${escapeHtml(tag.key)}" content="${escapeHtml(tag.content)}">`);
  if (page.pagination?.prev) lines.push(`<link rel="prev" href="${link(page.pagination.prev)}">`);
  if (page.pagination?.next) lines.push(`<link rel="next" href="${link(page.pagination.next)}">`);
  for (const feed of page.feeds) {
    lines.push(`<link rel="alternate" type="${escapeHtml(feed.type)}" title="${escapeHtml(feed.title)}" href="${link(feed.url)}">`);
  }
  for (const data of page.jsonLd) lines.push(`<script type="application/ld+json">${jsonForScript(data)}</script>`);
  return lines.join('\n');
}
