import { findTaxonomy, relatedArticles, relatedHead, relatedSources, type Site, type Taxonomy } from '../../site.js';
import type { ArticleMeta } from '../../types.js';
import { outputPath, slugify } from '../../urls.js';
import { articleMetadata } from '../metadata.js';
import type { ArticlePageInput, ArticlePageSetup, ArticlePlan, Output, PlanContext } from '../output.js';
import { feedLinks, pageData } from '../page.js';
import type { Templates } from '../templates.js';

// A page for each published article. Planned here; rendered by `render` where the body is read
// (a worker), from plain data.

/** DRAFT or EMBARGOED, for the badge a preview build shows; null on a published article. */
function articleStatus(article: ArticleMeta, now: Date): string | null {
  if (article.draft) return 'DRAFT';
  if (article.published && article.published > now) return 'EMBARGOED';
  return null;
}

function sectionOf(site: Site, article: ArticleMeta): { name: string; url: string } | null {
  const section = article.section ? findTaxonomy(site.sections, slugify(article.section)) : undefined;
  return section ? { name: section.name, url: section.url } : null;
}

/**
 * An article page shows its related articles, chosen from the heads of its tags and section:
 * its key covers those heads, so the related lists themselves are worked out only for the pages
 * that are rendered.
 */
function plan(context: PlanContext): ArticlePlan[] {
  const { site } = context;
  const headKeys = new Map<Taxonomy, string>();
  const headKey = (taxonomy: Taxonomy) => {
    let value = headKeys.get(taxonomy);
    if (value === undefined) {
      value = context.key(relatedHead(taxonomy).map(context.metaKey));
      headKeys.set(taxonomy, value);
    }
    return value;
  };
  const template = context.templateKey('article');
  const { images } = context;
  return site.articles.map((article) => {
    const body = context.bodyOf(article);
    const section = sectionOf(site, article);
    const status = articleStatus(article, site.now);
    const heads = relatedSources(site, article).map(headKey);
    return {
      kind: 'article',
      paths: [outputPath(article.url)],
      key: context.key('article', template, context.sharedKey, context.metaKey(article), body.key, heads, section, status, body.links),
      sitemap: [{ url: article.url, lastmod: article.updated ?? article.published }],
      article,
      body,
      section,
      status,
      images: images ? { ...images.social(article), logo: images.logo } : null,
      related: () => relatedArticles(site, article),
    };
  });
}

function render(input: ArticlePageInput, setup: ArticlePageSetup, templates: Templates): string {
  const { article } = input;
  return templates.render('article', {
    ...setup.shared,
    page: pageData(setup.shared, {
      url: article.url,
      kind: 'article',
      lang: article.lang,
      metadata: articleMetadata(article, setup.config, input.images),
      feeds: feedLinks(setup.config, input.section),
    }),
    article,
    related: input.related,
    status: input.status,
  });
}

/** The article pages; `render` is what a worker calls with the body it read. */
export const articlePages: Output & { render: typeof render } = { name: 'article pages', plan, render };
