import { textDirection } from '../language.js';
import { findTaxonomy, relatedArticles, type Archive, type Site, type Taxonomy } from '../site.js';
import type { Article, OutputFile } from '../types.js';
import { absoluteUrl, basePath, hrefFrom, outputPath, slugify } from '../urls.js';
import { feedLinks } from './feeds.js';
import { articleMetadata, listMetadata, type ListOptions, type PageMetadata } from './metadata.js';
import type { SitemapEntry } from './sitemaps.js';
import type { Templates } from './templates.js';

// The HTML pages of a site, each rendered from a template in `templates/`.

/**
 * No script runs on a page unless the page needs it; styles and images come from the site
 * (and images from any https host, for wire photos hot-linked by URL).
 */
export const DEFAULT_CSP =
  "default-src 'none'; img-src 'self' https: data:; style-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'";

export interface Feed {
  type: string;
  title: string;
  url: string;
}

export function siteView(site: Site) {
  const { config } = site;
  return {
    title: config.title,
    description: config.description,
    language: config.language,
    baseUrl: config.baseUrl,
    timeZone: config.timeZone,
    publisher: config.publisher,
    preview: site.preview,
  };
}

/** What every page shares: the site and its navigation. */
export interface Shared {
  site: ReturnType<typeof siteView>;
  navigation: { name: string; url: string }[];
  csp: string;
}

export function sharedView(site: Site, csp = DEFAULT_CSP): Shared {
  const wanted = site.config.navigation.length > 0 ? site.config.navigation : site.sections.map((section) => section.name);
  const navigation = wanted.flatMap((name) => {
    const section = findTaxonomy(site.sections, slugify(name));
    return section ? [{ name: section.name, url: section.url }] : [];
  });
  return { site: siteView(site), navigation, csp };
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
  return {
    url: options.url,
    kind: options.kind,
    lang: options.lang,
    dir: textDirection(options.lang),
    feeds: options.feeds,
    csp: shared.csp,
    rootLinks: false,
    ...options.metadata,
    ...options.extra,
  };
}

export interface Rendered {
  files: OutputFile[];
  /** Pages the sitemap lists, with their last change. */
  entries: SitemapEntry[];
}

function newest(articles: Article[]): Date | null {
  let latest: Date | null = null;
  for (const article of articles) {
    const date = article.updated ?? article.published;
    if (date && (!latest || date > latest)) latest = date;
  }
  return latest;
}

export function renderArticlePage(article: Article, site: Site, shared: Shared, templates: Templates): Rendered {
  const section = article.section ? findTaxonomy(site.sections, slugify(article.section)) ?? null : null;
  const html = templates.render('article', {
    ...shared,
    page: pageData(shared, {
      url: article.url,
      kind: 'article',
      lang: article.lang,
      metadata: articleMetadata(article, site),
      feeds: feedLinks(site, section),
    }),
    article,
    related: relatedArticles(site, article),
    status: articleStatus(article, site),
  });
  return {
    files: [{ path: outputPath(article.url), contents: html }],
    entries: [{ url: article.url, lastmod: article.updated ?? article.published }],
  };
}

/** DRAFT or EMBARGOED, for the badge a preview build shows; null on a published article. */
function articleStatus(article: Article, site: Site): string | null {
  if (article.draft) return 'DRAFT';
  if (article.published && article.published > site.now) return 'EMBARGOED';
  return null;
}

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

interface ListPage extends Omit<ListOptions, 'articles' | 'isHome'> {
  kind: string;
  template: string;
  label: string;
  articles: Article[];
  feeds: Feed[];
  extra?: Record<string, unknown>;
}

/** A list of articles, paginated: `/sections/world/`, `/sections/world/page/2/`, … */
export function renderList(list: ListPage, site: Site, shared: Shared, templates: Templates): Rendered {
  const { perPage } = site.config;
  const total = Math.max(1, Math.ceil(list.articles.length / perPage));
  const rendered: Rendered = { files: [], entries: [] };
  for (let number = 1; number <= total; number++) {
    const url = pageUrl(list.url, number);
    const articles = list.articles.slice((number - 1) * perPage, number * perPage);
    const pagination: Pagination = {
      current: number,
      total,
      prev: number > 1 ? pageUrl(list.url, number - 1) : null,
      next: number < total ? pageUrl(list.url, number + 1) : null,
    };
    const metadata = listMetadata(site, {
      ...list,
      url,
      name: number === 1 ? list.name : `${list.name} (page ${number})`,
      articles,
      isHome: list.kind === 'home' && number === 1,
    });
    const html = templates.render(templates.has(list.template) ? list.template : 'list', {
      ...shared,
      page: pageData(shared, { url, kind: list.kind, lang: site.config.language, metadata, feeds: list.feeds, extra: { pagination } }),
      list: { name: list.name, label: list.label, description: list.description, url: list.url },
      articles,
      pagination,
      ...list.extra,
    });
    rendered.files.push({ path: outputPath(url), contents: html });
    rendered.entries.push({ url, lastmod: newest(articles) });
  }
  return rendered;
}

export function renderHomePages(site: Site, shared: Shared, templates: Templates): Rendered {
  return renderList(
    {
      url: '/',
      kind: 'home',
      template: 'home',
      name: site.config.title,
      label: '',
      description: site.config.description,
      articles: site.articles,
      feeds: feedLinks(site, null),
    },
    site,
    shared,
    templates,
  );
}

export function renderTaxonomyPages(
  kind: 'section' | 'tag' | 'author',
  taxonomy: Taxonomy,
  site: Site,
  shared: Shared,
  templates: Templates,
): Rendered {
  const label = { section: 'Section', tag: 'Topic', author: 'Author' }[kind];
  const profile = kind === 'author' ? site.config.authors[taxonomy.name] ?? null : null;
  const person = kind === 'author' ? { name: taxonomy.name, bio: profile?.bio ?? null, url: profile?.url ?? null, image: profile?.image ?? null } : null;
  return renderList(
    {
      url: taxonomy.url,
      kind,
      template: kind,
      name: taxonomy.name,
      label,
      description: person?.bio ?? null,
      articles: taxonomy.articles,
      feeds: feedLinks(site, kind === 'section' ? taxonomy : null),
      crumbs: [{ name: taxonomy.name, url: taxonomy.url }],
      ...(person ? { person } : {}),
      extra: person ? { author: person } : {},
    },
    site,
    shared,
    templates,
  );
}

/** `/2026/`, `/2026/11/`, and `/archive/` that lists them all. */
export function renderArchivePages(site: Site, shared: Shared, templates: Templates): Rendered {
  const rendered: Rendered = { files: [], entries: [] };
  const add = (more: Rendered) => {
    rendered.files.push(...more.files);
    rendered.entries.push(...more.entries);
  };
  const feeds = feedLinks(site, null);
  for (const year of site.years) {
    const months = year.months.map((month) => ({ name: month.name, url: month.url, count: month.articles.length }));
    add(renderArchive(year, [year], { months }));
    for (const month of year.months) add(renderArchive(month, [year, month], { months: [] }));
  }
  function renderArchive(archive: Archive, trail: Archive[], extra: Record<string, unknown>): Rendered {
    return renderList(
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
        extra,
      },
      site,
      shared,
      templates,
    );
  }

  const url = '/archive/';
  const years = site.years.map((year) => ({
    name: year.name,
    url: year.url,
    count: year.articles.length,
    months: year.months.map((month) => ({ name: month.name, url: month.url, count: month.articles.length })),
  }));
  const metadata = listMetadata(site, { url, name: 'Archive', description: null, articles: [], isHome: false, crumbs: [{ name: 'Archive', url }] });
  const html = templates.render('archive-index', {
    ...shared,
    page: pageData(shared, { url, kind: 'archive-index', lang: site.config.language, metadata, feeds }),
    years,
  });
  rendered.files.push({ path: outputPath(url), contents: html });
  rendered.entries.push({ url, lastmod: newest(site.articles) });
  return rendered;
}

/**
 * The page static hosts serve for a missing URL. It is served at any depth, so its links start
 * at the site root rather than being relative to where the file sits.
 */
export function renderNotFoundPage(site: Site, shared: Shared, templates: Templates): OutputFile {
  const url = '/404.html';
  const metadata: PageMetadata = {
    title: `Page not found – ${site.config.title}`,
    description: null,
    canonical: absoluteUrl(url, site.config.baseUrl),
    meta: [{ attr: 'name', key: 'robots', content: 'noindex' }],
    jsonLd: [],
  };
  const html = templates.render('404', {
    ...shared,
    page: pageData(shared, {
      url,
      kind: 'not-found',
      lang: site.config.language,
      metadata,
      feeds: feedLinks(site, null),
      extra: { rootLinks: true },
    }),
    articles: site.articles.slice(0, 5),
  });
  return { path: '404.html', contents: html };
}

/** Old URLs: a page that redirects (meta refresh, canonical) and a `_redirects` line for Netlify and Cloudflare. */
export function renderRedirects(site: Site, shared: Shared, templates: Templates): OutputFile[] {
  const files: OutputFile[] = [];
  const lines: string[] = [];
  const base = basePath(site.config.baseUrl);
  for (const article of site.articles) {
    for (const alias of article.aliases) {
      const target = hrefFrom(alias, article.url, site.config);
      const html = templates.render('redirect', {
        ...shared,
        page: { url: alias, lang: article.lang, dir: article.dir, canonical: absoluteUrl(article.url, site.config.baseUrl), csp: shared.csp },
        article,
        target,
      });
      files.push({ path: outputPath(alias), contents: html });
      lines.push(`${base}${alias.slice(1)} ${base}${article.url.slice(1)} 301`);
    }
  }
  if (lines.length > 0) files.push({ path: '_redirects', contents: `${lines.sort().join('\n')}\n` });
  return files;
}
