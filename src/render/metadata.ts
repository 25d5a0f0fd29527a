import { isoInZone } from '../dates.js';
import { absoluteWithAnchor, updateAsArticle } from './live.js';
import type { SocialImages } from '../images/index.js';
import type { Rendition } from '../images/types.js';
import type { ArticleMeta, SiteConfig } from '../types.js';
import { taxonomyUrl } from '../site.js';
import { absoluteUrl } from '../urls.js';

// What a page says about itself to search engines, social cards and feed readers:
// canonical URL, Open Graph, Twitter card and JSON-LD. Built from the same Article the page shows.

export interface MetaTag {
  /** `property` for Open Graph, `name` for the rest. */
  attr: 'property' | 'name';
  key: string;
  content: string;
}

export interface PageMetadata {
  title: string;
  description: string | null;
  /** Absolute with a base URL; a site path otherwise. */
  canonical: string;
  meta: MetaTag[];
  jsonLd: object[];
}

function imageUrl(src: string, config: SiteConfig): string {
  return /^https?:\/\//i.test(src) ? src : absoluteUrl(src, config.baseUrl);
}

/** `logo`: the logo as the images module made it (a PNG), when it did. */
export function publisherJsonLd(config: SiteConfig, logo: Rendition | null = null): object {
  const { publisher, baseUrl } = config;
  const logoJsonLd = logo
    ? { '@type': 'ImageObject', url: imageUrl(logo.src, config), width: logo.width, height: logo.height }
    : publisher.logo
      ? { '@type': 'ImageObject', url: imageUrl(publisher.logo, config) }
      : null;
  return {
    '@type': 'Organization',
    name: publisher.name,
    ...(publisher.url || baseUrl ? { url: publisher.url ?? baseUrl } : {}),
    ...(logoJsonLd ? { logo: logoJsonLd } : {}),
  };
}

/** What the images module made for an article's page: its card, its crops, and the site's logo. */
export interface ArticleImages extends SocialImages {
  logo: Rendition | null;
}

/** The card machines are shown: the images module's, or else the lead image as given (processing off). */
function cardOf(article: ArticleMeta, images: ArticleImages | null): SocialImages['card'] {
  if (images) return images.card;
  if (!article.image) return null;
  const { src, width, height, alt } = article.image;
  return { src, width: width ?? 0, height: height ?? 0, type: '', alt: alt ?? '' };
}

/**
 * Who wrote it, as search engines want every article to say. Wire copy often has no byline: the
 * agency it came from (its closing `Source:` line) wrote it, and failing that the publisher
 * answers for it, as a newspaper does for an unsigned story.
 */
function authorJsonLd(article: ArticleMeta, config: SiteConfig): object[] {
  if (article.authors.length > 0) {
    return article.authors.map((author) => ({ '@type': 'Person', name: author.name, ...(author.url ? { url: author.url } : {}) }));
  }
  if (article.attribution) {
    const { name, url } = article.attribution;
    return [{ '@type': 'Organization', name, ...(url ? { url } : {}) }];
  }
  return [publisherJsonLd(config)];
}

export function articleMetadata(article: ArticleMeta, config: SiteConfig, images: ArticleImages | null): PageMetadata {
  const canonical = absoluteUrl(article.url, config.baseUrl);
  const iso = (date: Date) => isoInZone(date, config.timeZone);
  const modified = article.updated ?? article.published;
  const card = cardOf(article, images);
  const image = card ? imageUrl(card.src, config) : null;
  const alt = card?.alt || null;
  // The byline's handle; else the newsroom's, which answers for the story as a masthead does.
  const creator = article.authors.map((author) => config.authors[author.name]?.twitter).find(Boolean) ?? config.twitter;
  const crops = images?.crops ?? [];

  const meta: MetaTag[] = [
    { attr: 'property', key: 'og:type', content: 'article' },
    { attr: 'property', key: 'og:title', content: article.headline },
    ...(article.summary ? [{ attr: 'property', key: 'og:description', content: article.summary } as const] : []),
    { attr: 'property', key: 'og:url', content: canonical },
    { attr: 'property', key: 'og:site_name', content: config.title },
    { attr: 'property', key: 'og:locale', content: article.lang.replace('-', '_') },
    ...(image ? [{ attr: 'property', key: 'og:image', content: image } as const] : []),
    ...(card?.type ? [{ attr: 'property', key: 'og:image:type', content: card.type } as const] : []),
    ...(card?.width ? [{ attr: 'property', key: 'og:image:width', content: String(card.width) } as const, { attr: 'property', key: 'og:image:height', content: String(card.height) } as const] : []),
    ...(image && alt ? [{ attr: 'property', key: 'og:image:alt', content: alt } as const] : []),
    ...(article.published ? [{ attr: 'property', key: 'article:published_time', content: iso(article.published) } as const] : []),
    ...(modified ? [{ attr: 'property', key: 'article:modified_time', content: iso(modified) } as const] : []),
    ...(article.section ? [{ attr: 'property', key: 'article:section', content: article.section } as const] : []),
    ...article.tags.map((tag) => ({ attr: 'property', key: 'article:tag', content: tag }) as const),
    ...article.authors.map((author) => ({ attr: 'property', key: 'article:author', content: author.url ?? author.name }) as const),
    { attr: 'name', key: 'twitter:card', content: image ? 'summary_large_image' : 'summary' },
    { attr: 'name', key: 'twitter:title', content: article.headline },
    ...(article.summary ? [{ attr: 'name', key: 'twitter:description', content: article.summary } as const] : []),
    ...(image ? [{ attr: 'name', key: 'twitter:image', content: image } as const] : []),
    // Twitter reads its own alt text, not Open Graph's: without it the card's image has none.
    ...(image && alt ? [{ attr: 'name', key: 'twitter:image:alt', content: alt } as const] : []),
    ...(config.twitter ? [{ attr: 'name', key: 'twitter:site', content: config.twitter } as const] : []),
    ...(creator ? [{ attr: 'name', key: 'twitter:creator', content: creator } as const] : []),
  ];
  // Google's three shapes, each at least 1,200 px wide when the picture allows; else the card.
  const imageJsonLd = (crops.length > 0 ? crops : card?.width ? [card] : []).map((each) => ({ '@type': 'ImageObject', url: imageUrl(each.src, config), width: each.width, height: each.height }));

  const newsArticle = {
    '@context': 'https://schema.org',
    // A live story is a LiveBlogPosting, which search engines badge LIVE while its coverage runs.
    '@type': article.live ? 'LiveBlogPosting' : 'NewsArticle',
    '@id': canonical,
    url: canonical,
    mainEntityOfPage: { '@type': 'WebPage', '@id': canonical },
    headline: article.headline,
    ...(article.summary ? { description: article.summary } : {}),
    inLanguage: article.lang,
    ...(article.published ? { datePublished: iso(article.published) } : {}),
    ...(modified ? { dateModified: iso(modified) } : {}),
    author: authorJsonLd(article, config),
    publisher: publisherJsonLd(config, images?.logo ?? null),
    ...(imageJsonLd.length > 0 ? { image: imageJsonLd } : image ? { image: [image] } : {}),
    ...(article.section ? { articleSection: article.section } : {}),
    ...(article.tags.length > 0 ? { keywords: article.tags } : {}),
    ...(article.dateline ? { dateline: article.dateline } : {}),
    ...(article.attribution
      ? {
          sourceOrganization: {
            '@type': 'Organization',
            name: article.attribution.name,
            ...(article.attribution.url ? { url: article.attribution.url } : {}),
          },
        }
      : {}),
    ...(article.copyright ? { copyrightNotice: article.copyright } : {}),
    ...(article.live ? liveJsonLd(article, config) : {}),
    ...(article.corrections.length > 0
      ? {
          correction: article.corrections.map((correction) => ({
            '@type': 'CorrectionComment',
            text: correction.text,
            ...(correction.date ? { datePublished: iso(correction.date) } : {}),
          })),
        }
      : {}),
  };

  const crumbs = [{ name: config.title, url: '/' }];
  if (article.section) crumbs.push({ name: article.section, url: taxonomyUrl('sections', article.section) });
  crumbs.push({ name: article.headline, url: article.url });

  return {
    title: `${article.headline} – ${config.title}`,
    description: article.summary || null,
    canonical,
    meta,
    jsonLd: [newsArticle, breadcrumbJsonLd(config, crumbs)],
  };
}

/** Updates a LiveBlogPosting lists: the latest, as Google reads them. */
const LIVE_UPDATES_LISTED = 50;

/** What a LiveBlogPosting adds: when the coverage runs, what it is about, and its latest updates. */
function liveJsonLd(article: ArticleMeta, config: SiteConfig): object {
  const live = article.live!;
  const iso = (date: Date) => isoInZone(date, config.timeZone);
  const ended = live.state === 'ended' && live.end !== null;
  return {
    coverageStartTime: iso(live.start),
    ...(ended ? { coverageEndTime: iso(live.end!) } : {}),
    about: { '@type': 'Event', name: article.headline, startDate: iso(live.start), ...(live.end ? { endDate: iso(live.end) } : {}) },
    liveBlogUpdate: live.updates.slice(0, LIVE_UPDATES_LISTED).map((update) => {
      const posting = updateAsArticle(article, update, config.timeZone);
      return {
        '@type': 'BlogPosting',
        headline: posting.headline,
        datePublished: iso(update.time),
        url: absoluteWithAnchor(posting.url, config.baseUrl),
        articleBody: update.text,
        author: authorJsonLd(posting, config),
      };
    }),
  };
}

/** Home › Section › Page, for search results. */
export function breadcrumbJsonLd(config: SiteConfig, crumbs: { name: string; url: string }[]): object {
  return {
    '@context': 'https://schema.org',
    '@type': 'BreadcrumbList',
    itemListElement: crumbs.map((crumb, index) => ({
      '@type': 'ListItem',
      position: index + 1,
      name: crumb.name,
      item: absoluteUrl(crumb.url, config.baseUrl),
    })),
  };
}

export interface ListOptions {
  url: string;
  name: string;
  description: string | null;
  articles: ArticleMeta[];
  isHome: boolean;
  /** Trail for a BreadcrumbList, after Home. */
  crumbs?: { name: string; url: string }[];
  /** An author page is a ProfilePage about this person. */
  person?: { name: string; bio: string | null; url: string | null; image: string | null };
}

/** Metadata for a list of articles: the home page, a section, a tag, an author, an archive. */
export function listMetadata(config: SiteConfig, options: ListOptions): PageMetadata {
  const canonical = absoluteUrl(options.url, config.baseUrl);
  const title = options.isHome ? config.title : `${options.name} – ${config.title}`;
  const description = options.description ?? config.description;
  const meta: MetaTag[] = [
    { attr: 'property', key: 'og:type', content: 'website' },
    { attr: 'property', key: 'og:title', content: options.isHome ? config.title : options.name },
    ...(description ? [{ attr: 'property', key: 'og:description', content: description } as const] : []),
    { attr: 'property', key: 'og:url', content: canonical },
    { attr: 'property', key: 'og:site_name', content: config.title },
    { attr: 'name', key: 'twitter:card', content: 'summary' },
  ];
  const collection = {
    '@type': 'CollectionPage',
    '@id': canonical,
    url: canonical,
    name: options.isHome ? config.title : options.name,
    ...(description ? { description } : {}),
    inLanguage: config.language,
    isPartOf: { '@type': 'WebSite', name: config.title, url: absoluteUrl('/', config.baseUrl) },
    publisher: publisherJsonLd(config),
    mainEntity: {
      '@type': 'ItemList',
      itemListElement: options.articles.map((article, index) => ({
        '@type': 'ListItem',
        position: index + 1,
        url: absoluteUrl(article.url, config.baseUrl),
        name: article.headline,
      })),
    },
  };
  const person = options.person;
  const jsonLd: object[] = [
    person
      ? {
          '@context': 'https://schema.org',
          '@type': 'ProfilePage',
          url: canonical,
          name: title,
          inLanguage: config.language,
          mainEntity: {
            '@type': 'Person',
            name: person.name,
            ...(person.bio ? { description: person.bio } : {}),
            ...(person.url ? { sameAs: [person.url] } : {}),
            ...(person.image ? { image: imageUrl(person.image, config) } : {}),
          },
          hasPart: { ...collection, '@id': `${canonical}#articles` },
        }
      : { '@context': 'https://schema.org', ...collection },
  ];
  if (options.crumbs) jsonLd.push(breadcrumbJsonLd(config, [{ name: config.title, url: '/' }, ...options.crumbs]));
  return { title, description, canonical, meta, jsonLd };
}
