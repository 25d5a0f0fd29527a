import { textDirection } from '../language.js';
import { relatedArticles, type Site, type Taxonomy } from '../site.js';
import type { Article, OutputFile } from '../types.js';
import { outputPath, slugify } from '../urls.js';
import { articleMetadata, listMetadata, type PageMetadata } from './metadata.js';
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

/** What every page shares: the site, its navigation and the feeds it advertises. */
export interface Shared {
  site: ReturnType<typeof siteView>;
  navigation: { name: string; url: string }[];
  feeds: Feed[];
  csp: string;
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

export function sharedView(site: Site, feeds: Feed[], csp = DEFAULT_CSP): Shared {
  const wanted = site.config.navigation.length > 0 ? site.config.navigation : site.sections.map((section) => section.name);
  const navigation = wanted.flatMap((name) => {
    const section = site.sections.find((known) => known.slug === slugify(name));
    return section ? [{ name: section.name, url: section.url }] : [];
  });
  return { site: siteView(site), navigation, feeds, csp };
}

function page(url: string, kind: string, metadata: PageMetadata, lang: string, shared: Shared, extra: object = {}) {
  return { url, kind, lang, dir: textDirection(lang), feeds: shared.feeds, csp: shared.csp, ...metadata, ...extra };
}

export function renderArticlePage(article: Article, site: Site, shared: Shared, templates: Templates): OutputFile {
  const html = templates.render('article', {
    ...shared,
    page: page(article.url, 'article', articleMetadata(article, site), article.lang, shared),
    article,
    related: relatedArticles(site, article),
    status: articleStatus(article, site),
  });
  return { path: outputPath(article.url), contents: html };
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

interface ListPage {
  url: string;
  kind: string;
  template: string;
  name: string;
  label: string;
  description: string | null;
  articles: Article[];
  extra?: Record<string, unknown>;
}

/** A list of articles, paginated: `/sections/world/`, `/sections/world/page/2/`, … */
export function renderList(list: ListPage, site: Site, shared: Shared, templates: Templates): OutputFile[] {
  const { perPage } = site.config;
  const total = Math.max(1, Math.ceil(list.articles.length / perPage));
  const files: OutputFile[] = [];
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
      url,
      name: number === 1 ? list.name : `${list.name} (page ${number})`,
      description: list.description,
      articles,
      isHome: list.kind === 'home' && number === 1,
    });
    const html = templates.render(templates.has(list.template) ? list.template : 'list', {
      ...shared,
      page: page(url, list.kind, metadata, site.config.language, shared, { pagination }),
      list: { name: list.name, label: list.label, description: list.description, url: list.url },
      articles,
      pagination,
      ...list.extra,
    });
    files.push({ path: outputPath(url), contents: html });
  }
  return files;
}

export function renderHomePages(site: Site, shared: Shared, templates: Templates): OutputFile[] {
  return renderList(
    {
      url: '/',
      kind: 'home',
      template: 'home',
      name: site.config.title,
      label: '',
      description: site.config.description,
      articles: site.articles,
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
): OutputFile[] {
  const label = { section: 'Section', tag: 'Topic', author: 'Author' }[kind];
  const profile = kind === 'author' ? site.config.authors[taxonomy.name] ?? null : null;
  return renderList(
    {
      url: taxonomy.url,
      kind,
      template: kind,
      name: taxonomy.name,
      label,
      description: profile?.bio ?? null,
      articles: taxonomy.articles,
      extra: kind === 'author' ? { author: { name: taxonomy.name, ...profile } } : {},
    },
    site,
    shared,
    templates,
  );
}
