import { Feed as FeedWriter } from 'feed';
import { isoInZone } from '../../dates.js';
import { escapeHtml } from '../../escape.js';
import { decodeEntities } from '../../text.js';
import type { Article, ArticleMeta, SiteConfig } from '../../types.js';
import { absoluteUrl } from '../../urls.js';
import type { FilesPlan, Output, PlanContext } from '../output.js';
import { FEED_FORMATS } from '../page.js';

// RSS 2.0, Atom 1.0 and JSON Feed 1.1 for the site and for each section, written by the `feed`
// package from the same articles the pages show. Dates come from the content, never the clock.

/** `feed` parses every URL it is given, so only absolute ones may reach it. */
function isAbsolute(url: string | null): url is string {
  return url !== null && /^(?:https?|mailto):/i.test(url) && URL.canParse(url);
}

function modified(article: ArticleMeta): Date {
  return article.updated ?? article.published!;
}

/**
 * Makes every link and image in an article's HTML absolute, against the article's own URL: a
 * feed reader shows the body far from the site, where `/2026/…` or `../img.jpg` lead nowhere.
 */
function absoluteLinks(html: string, articleUrl: string): string {
  return html.replace(/(<[a-z][^>]*?\s(?:href|src)=")([^"]*)"/gi, (whole, start: string, value: string) => {
    if (/^(?:[a-z][a-z0-9+.-]*:)/i.test(value)) return whole;
    try {
      return `${start}${escapeHtml(new URL(decodeEntities(value), articleUrl).href)}"`;
    } catch {
      return whole;
    }
  });
}

/** The body as feed readers get it: the article's HTML, then its corrections and attribution. */
function feedContent(article: Article, articleUrl: string, timeZone: string): string {
  const parts = [absoluteLinks(article.bodyHtml, articleUrl)];
  if (article.corrections.length > 0) {
    const items = article.corrections
      .map((correction) => `<li>${correction.date ? `${isoInZone(correction.date, timeZone).slice(0, 10)}: ` : ''}${escapeHtml(correction.text)}</li>`)
      .join('');
    parts.push(`<aside class="corrections"><h2>${article.corrections.length === 1 ? 'Correction' : 'Corrections'}</h2><ul>${items}</ul></aside>`);
  }
  if (article.attribution) parts.push(`<p class="attribution">Source: <cite>${escapeHtml(article.attribution.name)}</cite></p>`);
  // The body goes into CDATA, which `]]>` would end; in HTML, `]]&gt;` reads the same.
  return parts.join('\n').replaceAll(']]>', ']]&gt;');
}

function imageType(src: string): string {
  const extension = /\.([a-z0-9]+)(?:$|[?#])/i.exec(src)?.[1]?.toLowerCase() ?? '';
  return { jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', gif: 'image/gif', webp: 'image/webp', avif: 'image/avif', svg: 'image/svg+xml' }[extension] ?? 'image/jpeg';
}

interface FeedSpec {
  /** Site path of the folder the feeds go in: `/` or `/sections/world/`. */
  folder: string;
  title: string;
  description: string | null;
  /** Site path of the HTML page the feed mirrors. */
  home: string;
  articles: ArticleMeta[];
}

/** The articles a feed carries: the newest dated ones. */
function feedItems(config: SiteConfig, articles: ArticleMeta[]): ArticleMeta[] {
  return articles.filter((article) => article.published !== null).slice(0, config.feedItems);
}

function writeFeeds(config: SiteConfig, spec: FeedSpec, items: Article[]): string[] {
  const url = (path: string) => absoluteUrl(path, config.baseUrl);
  const updated = items.reduce<Date>((latest, article) => (modified(article) > latest ? modified(article) : latest), new Date(0));
  const contents = items.map((article) => feedContent(article, url(article.url), config.timeZone));

  const feed = new FeedWriter({
    id: url(spec.home),
    title: spec.title,
    ...(spec.description ? { description: spec.description } : {}),
    link: url(spec.home),
    language: config.language,
    updated,
    generator: 'Broadsheet',
    copyright: `© ${config.publisher.name}`,
    feedLinks: Object.fromEntries(FEED_FORMATS.map((format) => [format.file === 'feed.xml' ? 'rss' : format.file === 'atom.xml' ? 'atom' : 'json', url(`${spec.folder}${format.file}`)])),
    ...(config.publisher.logo ? { image: url(config.publisher.logo) } : {}),
  });
  items.forEach((article, index) => {
    const image = article.image ? (isAbsolute(article.image.src) ? article.image.src : url(article.image.src)) : null;
    feed.addItem({
      // An RSS title is text in CDATA, which `]]>` would end (the XML writer guards only the
      // first): an invisible word joiner keeps the three characters apart.
      title: article.headline.replaceAll(']]>', ']]\u2060>'),
      id: article.id,
      guid: article.id,
      link: url(article.url),
      date: modified(article),
      published: article.published!,
      // A dek is plain text; RSS's description is read as HTML, so it is escaped there.
      ...(article.dek ? { description: escapeHtml(article.dek) } : {}),
      content: contents[index]!,
      // `feed` reads author[0] whenever the list is given, so an article without a byline gives none.
      ...(article.authors.length > 0
        ? { author: article.authors.map((author) => ({ name: author.name, ...(isAbsolute(author.url) ? { link: author.url } : {}) })) }
        : {}),
      category: [article.section, ...article.tags]
        .filter((name): name is string => name !== null)
        .map((name) => ({ name, term: name })),
      ...(image ? { image: { url: image, type: imageType(image) } } : {}),
    });
  });
  const rssXml = escapeAttributes(rss(feed.rss2()));
  const json = jsonFeed11(feed.json1(), items, config.language);
  // Atom says its titles are type="html": there the headline is escaped.
  feed.items.forEach((item, index) => (item.title = escapeHtml(items[index]!.headline)));
  return [rssXml, escapeAttributes(feed.atom1()), json];
}

// The XML writer under `feed` leaves `<` as it is in attribute values (a tag named `<Oceans>`,
// say), which no XML parser accepts. Outside CDATA every `<` that starts a tag is markup (text
// has it escaped), and a quoted value holds no `"`; inside CDATA (HTML), `&lt;` in an attribute
// means the same as `<`.
function escapeAttributes(xml: string): string {
  return xml.replace(/<[A-Za-z][\w:.-]*(?:\s+[\w:.-]+="[^"]*")+\s*\/?>/g, (tag) =>
    /="[^"]*[<>]/.test(tag) ? tag.replace(/="([^"]*)"/g, (_, value: string) => `="${value.replaceAll('<', '&lt;').replaceAll('>', '&gt;')}"`) : tag,
  );
}

// RSS's <author> must be an e-mail address; a byline is a name, which is what dc:creator holds.
function rss(xml: string): string {
  return xml.replace(/<author>([^<]*)<\/author>/g, '<dc:creator>$1</dc:creator>');
}

// `feed` writes JSON Feed 1.0; 1.1 lists every author and names the language.
function jsonFeed11(json: string, items: ArticleMeta[], language: string): string {
  const feed = JSON.parse(json) as Record<string, unknown> & { items: Record<string, unknown>[] };
  feed['version'] = 'https://jsonfeed.org/version/1.1';
  feed['language'] = language;
  feed.items.forEach((item, index) => {
    const article = items[index]!;
    delete item['author'];
    item['title'] = article.headline;
    if (article.dek) item['summary'] = article.dek;
    if (article.authors.length > 0) item['authors'] = article.authors.map((author) => ({ name: author.name, ...(isAbsolute(author.url) ? { url: author.url } : {}) }));
    if (article.lang !== language) item['language'] = article.lang;
  });
  return `${JSON.stringify(feed, null, 2)}\n`;
}

/**
 * The site's feeds and each section's. Feeds need absolute URLs (readers fetch them from
 * anywhere), so a site without a base URL has none.
 */
function plan(context: PlanContext): FilesPlan[] {
  const { site } = context;
  if (!site.config.baseUrl) return [];
  const specs: FeedSpec[] = [
    { folder: '/', title: site.config.title, description: site.config.description, home: '/', articles: site.articles },
    ...site.sections.map((section) => ({
      folder: section.url,
      title: `${site.config.title}: ${section.name}`,
      description: null,
      home: section.url,
      articles: section.articles,
    })),
  ];
  // A feed carries each body with its links to other articles resolved, so it changes with their URLs.
  const bodyKey = (article: ArticleMeta) => {
    const body = context.bodyOf(article);
    return context.key(body.key, body.links.map(([, url]) => url));
  };
  return specs.map((spec) => {
    const items = feedItems(site.config, spec.articles);
    return {
      kind: 'files',
      paths: FEED_FORMATS.map((format) => `${spec.folder.slice(1)}${format.file}`),
      key: context.key('feed', context.sharedKey, spec.folder, spec.title, spec.description, items.map((item) => [context.metaKey(item), bodyKey(item)])),
      feed: true,
      render: () => writeFeeds(site.config, spec, items.map((item) => ({ ...item, bodyHtml: context.bodyOf(item).html() }))),
    };
  });
}

export const feeds: Output = { name: 'feeds', plan };
