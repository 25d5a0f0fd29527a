import { textDirection } from '../language.js';
import { findTaxonomy, type Archive, type Site, type Taxonomy } from '../site.js';
import type { Article, ArticleMeta, SiteConfig } from '../types.js';
import { escapeHtml, jsonForScript } from '../escape.js';
import { absoluteUrl, basePath, hrefFrom, outputPath, pageLink, slugify, type LinkStyle } from '../urls.js';
import { feedLinks, type Feed } from './feeds.js';
import { articleMetadata, listMetadata, type ListOptions, type PageMetadata } from './metadata.js';
import type { SitemapEntry } from './sitemaps.js';
import type { Templates } from './templates.js';

// The HTML pages of a site, each rendered from a template in `templates/`. Every page is first
// planned: its output path and a key that changes whenever anything the page shows changes.
// A build renders only the pages whose key differs from the last build's.

/**
 * No script runs on a page unless the page needs it. Styles come from the site, images from the
 * site or any web host (wire photos hot-linked by URL; an https page's browser upgrades http
 * ones), and `connect-src 'self'` lets auditors such as Lighthouse fetch robots.txt from the page.
 */
export const DEFAULT_CSP =
  "default-src 'none'; img-src 'self' https: http: data:; style-src 'self'; font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'self'";

export function siteView(site: Pick<Site, 'config' | 'preview' | 'search'>) {
  const { config } = site;
  return {
    title: config.title,
    description: config.description,
    language: config.language,
    baseUrl: config.baseUrl,
    timeZone: config.timeZone,
    publisher: config.publisher,
    preview: site.preview,
    search: site.search,
  };
}

/**
 * The search page runs Pagefind: its script, the WebAssembly it compiles and the index it
 * fetches. Every other page runs no script at all.
 */
export const SEARCH_CSP =
  "default-src 'none'; img-src 'self' https: http: data:; style-src 'self' 'unsafe-inline'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'";

/** What every page shares: the site and its navigation. Plain data, so workers can have it. */
export interface Shared {
  site: ReturnType<typeof siteView>;
  navigation: { name: string; url: string }[];
  csp: string;
  links: LinkStyle;
}

export function sharedView(site: Site, csp = DEFAULT_CSP): Shared {
  const wanted = site.config.navigation.length > 0 ? site.config.navigation : site.sections.map((section) => section.name);
  const navigation: { name: string; url: string }[] = [];
  for (const name of wanted) {
    const section = findTaxonomy(site.sections, slugify(name));
    if (section && !navigation.some((item) => item.url === section.url)) navigation.push({ name: section.name, url: section.url });
  }
  return { site: siteView(site), navigation, csp, links: { baseUrl: site.config.baseUrl, relativeLinks: site.config.relativeLinks } };
}

interface PageOptions {
  url: string;
  kind: string;
  lang: string;
  metadata: PageMetadata;
  feeds: Feed[];
  extra?: object;
}

function pageData(shared: Shared, options: PageOptions) {
  const page = {
    url: options.url,
    kind: options.kind,
    lang: options.lang,
    dir: textDirection(options.lang),
    feeds: options.feeds,
    csp: shared.csp,
    rootLinks: false,
    pagination: null as Pagination | null,
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

/** A page as its template sees it: plain data, so a worker thread can render it. */
export interface PageRender {
  template: string;
  data: Record<string, unknown>;
}

/** One page (or a few files made together) to produce, and the key of everything it shows. */
export type Plan = {
  paths: string[];
  key: string;
  /** Pages the sitemap lists, with their last change. */
  sitemap: SitemapEntry[];
  /** Its files are feeds, for the build's count of them. */
  feed?: boolean;
} & (
  | { /** A page from a template: its one path. */ kind: 'page'; page: () => PageRender }
  | { /** Files made without templates (feeds, sitemaps), one per path. */ kind: 'files'; render: () => string[] | Promise<string[]> }
);

/** What planning needs besides the site: keys that stand for templates and for articles. */
export interface PlanContext {
  site: Site;
  shared: Shared;
  /** Changes whenever `shared` or the config does. */
  sharedKey: string;
  /** The key of a template together with every layout and partial it uses. */
  templateKey(name: string): string;
  templateExists(name: string): boolean;
  /** Changes whenever anything about the article but its body does. */
  metaKey(article: ArticleMeta): string;
  key(...parts: unknown[]): string;
}

// ---------------------------------------------------------------------------------------------
// Article pages: rendered where the body is (a worker), from plain data.

export interface ArticlePageInput {
  article: Article;
  related: ArticleMeta[];
  section: { name: string; url: string } | null;
  status: string | null;
}

export interface ArticlePageSetup {
  config: SiteConfig;
  shared: Shared;
}

export function renderArticlePage(input: ArticlePageInput, setup: ArticlePageSetup, templates: Templates): string {
  const { article } = input;
  return templates.render('article', {
    ...setup.shared,
    page: pageData(setup.shared, {
      url: article.url,
      kind: 'article',
      lang: article.lang,
      metadata: articleMetadata(article, setup.config),
      feeds: feedLinks(setup.config, input.section),
    }),
    article,
    related: input.related,
    status: input.status,
  });
}

/** DRAFT or EMBARGOED, for the badge a preview build shows; null on a published article. */
export function articleStatus(article: ArticleMeta, now: Date): string | null {
  if (article.draft) return 'DRAFT';
  if (article.published && article.published > now) return 'EMBARGOED';
  return null;
}

export function sectionOf(site: Site, article: ArticleMeta): { name: string; url: string } | null {
  const section = article.section ? findTaxonomy(site.sections, slugify(article.section)) : undefined;
  return section ? { name: section.name, url: section.url } : null;
}

// ---------------------------------------------------------------------------------------------
// Lists

export interface Pagination {
  current: number;
  total: number;
  /** Site path of the newer page, or null on the first. */
  prev: string | null;
  next: string | null;
}

/** Page 1 lives at `url`, page n at `url` + `page/n/`. */
export function pageUrl(url: string, number: number): string {
  return number === 1 ? url : `${url}page/${number}/`;
}

function newest(articles: ArticleMeta[]): Date | null {
  let latest: Date | null = null;
  for (const article of articles) {
    const date = article.updated ?? article.published;
    if (date && (!latest || date > latest)) latest = date;
  }
  return latest;
}

interface ListPage extends Omit<ListOptions, 'articles' | 'isHome'> {
  kind: string;
  template: string;
  label: string;
  articles: ArticleMeta[];
  feeds: Feed[];
  extra?: Record<string, unknown>;
}

/** A list of articles, paginated: `/sections/world/`, `/sections/world/page/2/`, … */
function listPlans(list: ListPage, context: PlanContext): Plan[] {
  const { site, shared } = context;
  const { perPage } = site.config;
  const total = Math.max(1, Math.ceil(list.articles.length / perPage));
  const plans: Plan[] = [];
  for (let number = 1; number <= total; number++) {
    const url = pageUrl(list.url, number);
    const articles = list.articles.slice((number - 1) * perPage, number * perPage);
    const pagination: Pagination = {
      current: number,
      total,
      prev: number > 1 ? pageUrl(list.url, number - 1) : null,
      next: number < total ? pageUrl(list.url, number + 1) : null,
    };
    const { articles: _all, ...identity } = list;
    plans.push({
      kind: 'page',
      paths: [outputPath(url)],
      key: context.key('list', context.templateKey(list.template), context.sharedKey, identity, pagination, articles.map(context.metaKey)),
      sitemap: [{ url, lastmod: newest(articles) }],
      page() {
        const metadata = listMetadata(site.config, {
          ...list,
          url,
          // The home page's name is the site's, which the title already ends with.
          name: number === 1 ? list.name : list.kind === 'home' ? `Page ${number}` : `${list.name} (page ${number})`,
          articles,
          isHome: list.kind === 'home' && number === 1,
        });
        return {
          template: context.templateExists(list.template) ? list.template : 'list',
          data: {
            ...shared,
            page: pageData(shared, { url, kind: list.kind, lang: site.config.language, metadata, feeds: list.feeds, extra: { pagination } }),
            list: { name: list.name, label: list.label, description: list.description, url: list.url },
            articles,
            pagination,
            ...list.extra,
          },
        };
      },
    });
  }
  return plans;
}

function taxonomyPlans(kind: 'section' | 'tag' | 'author', taxonomy: Taxonomy, context: PlanContext): Plan[] {
  const { site } = context;
  const label = { section: 'Section', tag: 'Topic', author: 'Author' }[kind];
  const profile = kind === 'author' ? site.config.authors[taxonomy.name] ?? null : null;
  const person = kind === 'author' ? { name: taxonomy.name, bio: profile?.bio ?? null, url: profile?.url ?? null, image: profile?.image ?? null } : null;
  return listPlans(
    {
      url: taxonomy.url,
      kind,
      template: kind,
      name: taxonomy.name,
      label,
      description: person?.bio ?? null,
      articles: taxonomy.articles,
      feeds: feedLinks(site.config, kind === 'section' ? taxonomy : null),
      crumbs: [{ name: taxonomy.name, url: taxonomy.url }],
      ...(person ? { person } : {}),
      extra: person ? { author: person } : {},
    },
    context,
  );
}

/** `/2026/`, `/2026/11/`, and `/archive/` that lists them all. */
function archivePlans(context: PlanContext): Plan[] {
  const { site, shared } = context;
  const feeds = feedLinks(site.config, null);
  const summary = (archive: Archive) => ({ name: archive.name, url: archive.url, count: archive.articles.length });
  const archivePage = (archive: Archive, trail: Archive[], months: ReturnType<typeof summary>[]) =>
    listPlans(
      {
        url: archive.url,
        kind: 'archive',
        template: 'archive',
        name: archive.name,
        label: 'Archive',
        description: null,
        articles: archive.articles,
        feeds,
        crumbs: trail.map((crumb) => ({ name: crumb.name, url: crumb.url })),
        extra: { months },
      },
      context,
    );
  const plans: Plan[] = [];
  for (const year of site.years) {
    plans.push(...archivePage(year, [year], year.months.map(summary)));
    for (const month of year.months) plans.push(...archivePage(month, [year, month], []));
  }

  const url = '/archive/';
  const years = site.years.map((year) => ({ ...summary(year), months: year.months.map(summary) }));
  plans.push({
    kind: 'page',
    paths: [outputPath(url)],
    key: context.key('archive-index', context.templateKey('archive-index'), context.sharedKey, years),
    sitemap: [{ url, lastmod: newest(site.articles) }],
    page() {
      const metadata = listMetadata(site.config, { url, name: 'Archive', description: null, articles: [], isHome: false, crumbs: [{ name: 'Archive', url }] });
      return {
        template: 'archive-index',
        data: { ...shared, page: pageData(shared, { url, kind: 'archive-index', lang: site.config.language, metadata, feeds }), years },
      };
    },
  });
  return plans;
}

/**
 * The page static hosts serve for a missing URL. It is served at any depth, so its links start
 * at the site root rather than being relative to where the file sits.
 */
function notFoundPlan(context: PlanContext): Plan {
  const { site, shared } = context;
  const url = '/404.html';
  const articles = site.articles.slice(0, 5);
  return {
    kind: 'page',
    paths: ['404.html'],
    key: context.key('404', context.templateKey('404'), context.sharedKey, articles.map(context.metaKey)),
    sitemap: [],
    page() {
      const metadata: PageMetadata = {
        title: `Page not found – ${site.config.title}`,
        description: null,
        canonical: absoluteUrl(url, site.config.baseUrl),
        meta: [{ attr: 'name', key: 'robots', content: 'noindex' }],
        jsonLd: [],
      };
      return {
        template: '404',
        data: {
          ...shared,
          page: pageData(shared, { url, kind: 'not-found', lang: site.config.language, metadata, feeds: feedLinks(site.config, null), extra: { rootLinks: true } }),
          articles,
        },
      };
    },
  };
}

/** Old URLs: a page that redirects (meta refresh, canonical) and a `_redirects` line for Netlify and Cloudflare. */
function redirectPlans(context: PlanContext): Plan[] {
  const { site, shared } = context;
  const plans: Plan[] = [];
  const lines: string[] = [];
  const base = basePath(site.config.baseUrl);
  for (const article of site.articles) {
    for (const alias of article.aliases) {
      const target = hrefFrom(alias, article.url, site.config);
      lines.push(`${base}${alias.slice(1)} ${base}${article.url.slice(1)} 301`);
      plans.push({
        kind: 'page',
        paths: [outputPath(alias)],
        key: context.key('redirect', context.templateKey('redirect'), context.sharedKey, alias, target, context.metaKey(article)),
        sitemap: [],
        page: () => ({
          template: 'redirect',
          data: {
            ...shared,
            page: { url: alias, lang: article.lang, dir: article.dir, canonical: absoluteUrl(article.url, site.config.baseUrl), csp: shared.csp },
            article,
            target,
          },
        }),
      });
    }
  }
  if (lines.length > 0) {
    const text = `${lines.sort().join('\n')}\n`;
    plans.push({ kind: 'files', paths: ['_redirects'], key: context.key('_redirects', text), sitemap: [], render: () => [text] });
  }
  return plans;
}

/** `/search/`: a box and results, from Pagefind's UI, on this page only. */
function searchPlan(context: PlanContext): Plan {
  const { site, shared } = context;
  const url = '/search/';
  const sections = site.sections.map((section) => section.name);
  return {
    kind: 'page',
    paths: [outputPath(url)],
    key: context.key('search-page', context.templateKey('search'), context.sharedKey),
    sitemap: [],
    page() {
      const metadata = listMetadata(site.config, { url, name: 'Search', description: `Search ${site.config.title}`, articles: [], isHome: false });
      const searchShared = { ...shared, csp: SEARCH_CSP };
      return {
        template: 'search',
        data: {
          ...searchShared,
          page: pageData(searchShared, { url, kind: 'search', lang: site.config.language, metadata: { ...metadata, meta: [...metadata.meta, { attr: 'name', key: 'robots', content: 'noindex' }], jsonLd: [] }, feeds: feedLinks(site.config, null) }),
          sections,
        },
      };
    },
  };
}

/** Every HTML page but the article pages, in a fixed order. */
export function pagePlans(context: PlanContext): Plan[] {
  const { site } = context;
  const plans = listPlans(
    {
      url: '/',
      kind: 'home',
      template: 'home',
      name: site.config.title,
      label: '',
      description: site.config.description,
      articles: site.articles,
      feeds: feedLinks(site.config, null),
    },
    context,
  );
  for (const section of site.sections) plans.push(...taxonomyPlans('section', section, context));
  for (const tag of site.tags) plans.push(...taxonomyPlans('tag', tag, context));
  for (const author of site.authors) plans.push(...taxonomyPlans('author', author, context));
  plans.push(...archivePlans(context), notFoundPlan(context), ...redirectPlans(context));
  if (site.search) plans.push(searchPlan(context));
  return plans;
}
