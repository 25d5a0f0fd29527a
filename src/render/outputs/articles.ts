import { findTaxonomy, relatedArticles, relatedHead, relatedSources, type Site, type Taxonomy } from '../../site.js';
import type { ArticleMeta } from '../../types.js';
import { absoluteUrl, outputPath, slugify } from '../../urls.js';
import { articleMetadata } from '../metadata.js';
import type { ArticlePageInput, ArticlePageSetup, ArticlePlan, Output, PlanContext } from '../output.js';
import { feedLinks, liveFeedLinks, pageData } from '../page.js';
import { earlierPageCount, liveView } from '../live.js';
import { LIVE_SCRIPT, withLiveScript } from '../live-refresh.js';
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

/** What the related box chooses a story by, and shows of it: not its body, nor a live story's updates. */
function relatedKey(article: ArticleMeta): unknown[] {
  return [article.url, article.headline, article.published?.getTime() ?? null, article.section, article.tags];
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
      value = context.key(relatedHead(taxonomy).map(relatedKey));
      headKeys.set(taxonomy, value);
    }
    return value;
  };
  const template = context.templateKey('article');
  const { images } = context;
  const liveTemplate = context.templateKey('live-updates');
  const { perPage } = site.config.live;
  return site.articles.flatMap((article) => {
    const body = context.bodyOf(article);
    const section = sectionOf(site, article);
    const status = articleStatus(article, site.now);
    const heads = relatedSources(site, article).map(headKey);
    const page: ArticlePlan = {
      kind: 'article',
      paths: [outputPath(article.url)],
      key: context.key('article', template, context.sharedKey, context.metaKey(article), body.key, heads, section, status, body.links),
      sitemap: [{ url: article.url, lastmod: article.updated ?? article.published }],
      article,
      body,
      section,
      status,
      images: images ? { ...images.social(article), logo: images.logo } : null,
      livePage: 0,
      related: () => relatedArticles(site, article),
    };
    if (!article.live) return [page];
    // A live story's earlier updates, a page of them at a time, each page under a URL of its own.
    // Its key is what it shows: the story's name and state, its own updates and the pages beside
    // it, so an update rewrites the page it lands on (and the one before, when it starts a page).
    const { headline, summary, url, lang, live } = article;
    const story = [headline, summary, url, lang, section, status, live.state, live.end?.getTime() ?? null, body.links];
    const earlier = Array.from({ length: earlierPageCount(live, perPage) }, (_, i): ArticlePlan => {
      const view = liveView(article, perPage, i + 1, false, site.config.timeZone);
      return {
        ...page,
        paths: [outputPath(view.page.url)],
        key: context.key('live-updates', liveTemplate, context.sharedKey, story, view.page.updates, view.later, view.before, view.pages.length, view.days),
        sitemap: [{ url: view.page.url, lastmod: view.page.updates[0]?.time ?? null }],
        livePage: i + 1,
        related: () => [],
      };
    });
    return [page, ...earlier];
  });
}

function render(input: ArticlePageInput, setup: ArticlePageSetup, templates: Templates): string {
  const { article, livePage } = input;
  const { config } = setup;
  const live = article.live ? liveView(article, config.live.perPage, livePage, config.baseUrl !== null, config.timeZone) : null;
  const metadata = articleMetadata(article, setup.config, input.images);
  const feeds = [...(live ? liveFeedLinks(setup.config, article) : []), ...feedLinks(setup.config, input.section)];
  if (live && livePage > 0) {
    // A page of earlier updates is a page of its own: its own title and address, no story metadata twice.
    const title = `${article.headline}: earlier updates, page ${livePage} of ${live.pages.length}`;
    return templates.render('live-updates', {
      ...setup.shared,
      page: pageData(setup.shared, {
        url: live.page.url,
        kind: 'live-updates',
        lang: article.lang,
        metadata: { title: `${title} – ${setup.config.title}`, description: metadata.description, canonical: absoluteUrl(live.page.url, setup.config.baseUrl), jsonLd: [], meta: [] },
        feeds,
      }),
      article,
      live,
      status: input.status,
    });
  }
  return templates.render('article', {
    ...setup.shared,
    page: pageData(setup.shared, {
      url: article.url,
      kind: 'article',
      lang: article.lang,
      metadata,
      feeds,
      // While it is live, the page may ask its feed for news (a feed needs a base URL).
      ...(live?.state === 'live' && setup.config.baseUrl ? { extra: { script: LIVE_SCRIPT, csp: withLiveScript(setup.shared.csp) } } : {}),
    }),
    article,
    live,
    related: input.related,
    status: input.status,
  });
}

/** The article pages; `render` is what a worker calls with the body it read. */
export const articlePages: Output & { render: typeof render } = { name: 'article pages', plan, render };
