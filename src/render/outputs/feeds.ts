import { isoInZone } from '../../dates.js';
import { absoluteWithAnchor, updateAsArticle } from '../live.js';
import { escapeHtml, escapeXml, escapeXmlAttribute, xmlCdata, xmlChars } from '../../escape.js';
import { decodeEntities } from '../../text.js';
import type { Article, ArticleMeta, PublisherConfig, SiteConfig } from '../../types.js';
import { absoluteUrl } from '../../urls.js';
import type { ImageSet } from '../../images/index.js';
import type { FilesPlan, Output, PlanContext } from '../output.js';
import { FEED_FORMATS } from '../page.js';

// RSS 2.0, Atom 1.0 and JSON Feed 1.1 for the site and for each section, from the same articles
// the pages show. Each is written here as a plain template, as Hugo writes its feeds: the markup
// is fixed, and every value from content goes through the escaping for where it lands (XML text,
// attribute or CDATA; HTML inside them). Each format carries what the W3C Feed Validation Service
// asks of it. Dates come from the content, never the clock; ids are the ones feeds have always
// had, so a reader never shows an article twice.

const XML_DECLARATION = '<?xml version="1.0" encoding="utf-8"?>';
const INDENT = '    ';
const NAMESPACES = {
  atom: 'http://www.w3.org/2005/Atom',
  content: 'http://purl.org/rss/1.0/modules/content/',
  dc: 'http://purl.org/dc/elements/1.1/',
};

/** Whether a URL from content or the config may go into a feed as a link: absolute http(s) or mailto. */
function isAbsolute(url: string | null): url is string {
  return url !== null && /^(?:https?|mailto):/i.test(url) && URL.canParse(url);
}

/** A URL as the WHATWG parser writes it: how feeds have always written links and Atom ids. */
function normal(url: string): string {
  return new URL(url).href;
}

function modified(article: ArticleMeta): Date {
  return article.updated ?? article.published!;
}

// ---------------------------------------------------------------------------------------------
// What every format carries, worked out once a feed.

interface FeedSpec {
  /** Site path of the folder the feeds go in: `/` or `/sections/world/`. */
  folder: string;
  title: string;
  description: string | null;
  /** Site path of the HTML page the feed mirrors. */
  home: string;
}

/** The channel: what a feed says about itself. URLs are absolute. */
interface FeedHead {
  title: string;
  description: string | null;
  home: string;
  self: { rss: string; atom: string; json: string };
  language: string;
  /** The newest change among the items; the epoch for a feed without items. */
  updated: Date;
  logo: string | null;
  publisher: PublisherConfig;
}

/** An item as every format writes it. */
interface FeedItem {
  article: Article;
  url: string;
  /** The body as feed readers get it: HTML with absolute links, then corrections and attribution. */
  content: string;
  updated: Date;
  authors: { name: string; url: string | null }[];
  /** The section, then the tags. */
  categories: string[];
  /** `length` is the file's size in bytes, known for an image in the content folder only. */
  image: { url: string; type: string; length: number | null } | null;
}

/** The articles a feed carries: the newest dated ones. */
function feedItems(config: SiteConfig, articles: ArticleMeta[]): ArticleMeta[] {
  return articles.filter((article) => article.published !== null).slice(0, config.feedItems);
}

function feedHead(config: SiteConfig, spec: FeedSpec, items: FeedItem[], images: ImageSet | null): FeedHead {
  const url = (path: string) => absoluteUrl(path, config.baseUrl);
  const [rss, atom, json] = FEED_FORMATS.map((format) => url(`${spec.folder}${format.file}`)) as [string, string, string];
  return {
    title: spec.title,
    description: spec.description,
    home: url(spec.home),
    self: { rss, atom, json },
    language: config.language,
    updated: items.reduce<Date>((latest, item) => (item.updated > latest ? item.updated : latest), new Date(0)),
    // Readers and validators take a GIF, JPEG or PNG logo: the images module's PNG, when it made one.
    logo: images?.logo ? url(images.logo.src) : config.publisher.logo ? url(config.publisher.logo) : null,
    publisher: config.publisher,
  };
}

function feedItem(article: Article, config: SiteConfig, imageSizes: ReadonlyMap<string, number>, images: ImageSet | null): FeedItem {
  // An update of a live story is at its anchor on the story's page.
  const url = absoluteWithAnchor(article.url, config.baseUrl);
  return {
    article,
    url,
    content: feedContent(article, url, config.timeZone),
    updated: modified(article),
    authors: article.authors.map((author) => ({ name: author.name, url: isAbsolute(author.url) ? author.url : null })),
    categories: [article.section, ...article.tags].filter((name): name is string => name !== null),
    image: article.image ? feedImage(article.image.src, config.baseUrl, imageSizes, images) : null,
  };
}

/**
 * An article's lead image: an http(s) URL as written, or a path in the content folder, which
 * knows its size; or, processed, the JPEG (or PNG) a page's `<img>` falls back to.
 */
function feedImage(src: string, baseUrl: string | null, imageSizes: ReadonlyMap<string, number>, images: ImageSet | null): FeedItem['image'] {
  // The article parser keeps an http(s) URL or a site path (`/world/photo.jpg`), nothing else.
  if (/^https?:/i.test(src)) return URL.canParse(src) ? { url: src, type: imageType(src), length: null } : null;
  const picture = images?.pictures.get(src);
  if (picture && images) return { url: absoluteUrl(picture.src, baseUrl), type: picture.fallback.type, length: images.sizeOf(picture.src) };
  const url = absoluteUrl(src, baseUrl);
  return { url, type: imageType(url), length: imageSizes.get(src.replace(/^\/+/, '')) ?? null };
}

function imageType(src: string): string {
  const extension = /\.([a-z0-9]+)(?:$|[?#])/i.exec(src)?.[1]?.toLowerCase() ?? '';
  return { jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', gif: 'image/gif', webp: 'image/webp', avif: 'image/avif', svg: 'image/svg+xml' }[extension] ?? 'image/jpeg';
}

// ---------------------------------------------------------------------------------------------
// The body. It is HTML made by the body's serialisers (remark/rehype, or the wire format's
// escaping), so every attribute value is double-quoted and may hold `>`, and text never holds a
// raw `<`. Reading it tag by tag with that grammar leaves every byte but the rewritten
// attributes as it was; parsing and serialising it again would re-encode entities in all of it.

const START_TAG = /<([a-z][a-z0-9-]*)((?:\s+[^\s"'<>/=]+(?:="[^"]*")?)*)(\s*\/?>)/gi;
const ATTRIBUTE = /(\s+)([^\s"'<>/=]+)(?:="([^"]*)")?/g;

/**
 * Makes every link and image in an article's HTML absolute, against the article's own URL: a
 * feed reader shows the body far from the site, where `/2026/…` or `../img.jpg` lead nowhere.
 * Images lose their loading hints, which mean nothing in a reader and which feed validators
 * count as unsafe attributes.
 */
function feedHtml(html: string, articleUrl: string): string {
  return html.replace(START_TAG, (tag, name: string, attributes: string, end: string) => {
    const image = name.toLowerCase() === 'img';
    const rewritten = attributes.replace(ATTRIBUTE, (whole, space: string, key: string, value: string | undefined) => {
      const attribute = key.toLowerCase();
      if (image && (attribute === 'loading' || attribute === 'decoding')) return '';
      if (value === undefined) return whole;
      try {
        if (attribute === 'srcset') {
          // Candidates are "URL descriptor", comma-separated; site paths are percent-encoded, so hold no comma.
          const candidates = decodeEntities(value).split(',').map((candidate) => {
            const [url, ...descriptors] = candidate.trim().split(/\s+/);
            return [absolute(url!, articleUrl), ...descriptors].join(' ');
          });
          return `${space}${key}="${escapeHtml(candidates.join(', '))}"`;
        }
        if ((attribute !== 'href' && attribute !== 'src') || /^[a-z][a-z0-9+.-]*:/i.test(value)) return whole;
        return `${space}${key}="${escapeHtml(absolute(decodeEntities(value), articleUrl))}"`;
      } catch {
        return whole;
      }
    });
    return rewritten === attributes ? tag : `<${name}${rewritten}${end}`;
  });
}

function absolute(url: string, base: string): string {
  return /^[a-z][a-z0-9+.-]*:/i.test(url) ? url : new URL(url, base).href;
}

/** The body as feed readers get it: the article's HTML, then its corrections and attribution. */
function feedContent(article: Article, articleUrl: string, timeZone: string): string {
  const parts = [feedHtml(article.bodyHtml, articleUrl)];
  if (article.corrections.length > 0) {
    const items = article.corrections
      .map((correction) => `<li>${correction.date ? `${isoInZone(correction.date, timeZone).slice(0, 10)}: ` : ''}${escapeHtml(correction.text)}</li>`)
      .join('');
    parts.push(`<aside class="corrections"><h2>${article.corrections.length === 1 ? 'Correction' : 'Corrections'}</h2><ul>${items}</ul></aside>`);
  }
  if (article.attribution) parts.push(`<p class="attribution">Source: <cite>${escapeHtml(article.attribution.name)}</cite></p>`);
  return parts.join('\n');
}

// ---------------------------------------------------------------------------------------------
// XML: one element a line, indented by depth. Content passed in is markup, already escaped.

type Attributes = Record<string, string | null>;

function attributeList(attributes: Attributes): string {
  return Object.entries(attributes)
    .filter((entry): entry is [string, string] => entry[1] !== null)
    .map(([name, value]) => ` ${name}="${escapeXmlAttribute(value)}"`)
    .join('');
}

/** `<name …>content</name>` on one line, or `<name …/>` without content. */
function element(depth: number, name: string, content: string | null, attributes: Attributes = {}): string {
  const start = `${INDENT.repeat(depth)}<${name}${attributeList(attributes)}`;
  return content === null ? `${start}/>` : `${start}>${content}</${name}>`;
}

/** An element holding other elements, one a line. */
function block(depth: number, name: string, children: string[], attributes: Attributes = {}): string[] {
  return [`${INDENT.repeat(depth)}<${name}${attributeList(attributes)}>`, ...children, `${INDENT.repeat(depth)}</${name}>`];
}

/** The channel image, which RSS readers and validators take only as GIF, JPEG or PNG (no SVG). */
function rssImage(head: FeedHead): string[] {
  if (!head.logo || !/\.(?:gif|jpe?g|png)$/i.test(new URL(head.logo).pathname)) return [];
  // Its title and link must be the channel's own.
  return block(2, 'image', [element(3, 'title', escapeXml(head.title)), element(3, 'url', escapeXml(head.logo)), element(3, 'link', escapeXml(normal(head.home)))]);
}

function rssItem(item: FeedItem, language: string): string[] {
  const { article, image } = item;
  return block(2, 'item', [
    element(3, 'title', xmlCdata(article.headline)),
    element(3, 'link', escapeXml(normal(item.url))),
    // Not a permalink: an id may be a URN, or the first URL of a page that has since moved.
    element(3, 'guid', escapeXml(article.id), { isPermaLink: 'false' }),
    element(3, 'pubDate', article.published!.toUTCString()),
    // A dek is plain text; RSS's description is read as HTML, so it is escaped there.
    ...(article.dek ? [element(3, 'description', xmlCdata(escapeHtml(article.dek)))] : []),
    ...(item.content ? [element(3, 'content:encoded', xmlCdata(item.content))] : []),
    // RSS's own <author> must be an e-mail address; a byline is a name, which is what dc:creator holds.
    ...item.authors.map((author) => element(3, 'dc:creator', escapeXml(author.name))),
    ...(article.lang !== language ? [element(3, 'dc:language', escapeXml(article.lang))] : []),
    ...item.categories.map((name) => element(3, 'category', escapeXml(name))),
    // An enclosure must say its size in bytes: a remote image, whose size is unknown, has none.
    ...(image?.length ? [element(3, 'enclosure', null, { length: String(image.length), type: image.type, url: normal(image.url) })] : []),
  ]);
}

function rss(head: FeedHead, items: FeedItem[]): string {
  const channel = [
    element(2, 'title', escapeXml(head.title)),
    element(2, 'link', escapeXml(normal(head.home))),
    element(2, 'description', escapeXml(head.description ?? '')),
    element(2, 'lastBuildDate', head.updated.toUTCString()),
    element(2, 'docs', 'https://validator.w3.org/feed/docs/rss2.html'),
    element(2, 'generator', 'Broadsheet'),
    element(2, 'language', escapeXml(head.language)),
    ...rssImage(head),
    element(2, 'copyright', escapeXml(`© ${head.publisher.name}`)),
    element(2, 'atom:link', null, { href: normal(head.self.rss), rel: 'self', type: 'application/rss+xml' }),
    ...items.flatMap((item) => rssItem(item, head.language)),
  ];
  // Every item may carry a byline (dc:) and a body (content:), so a feed with items declares both.
  const namespaces = items.length > 0 ? { 'xmlns:dc': NAMESPACES.dc, 'xmlns:content': NAMESPACES.content } : {};
  return [XML_DECLARATION, ...block(0, 'rss', block(1, 'channel', channel), { version: '2.0', ...namespaces, 'xmlns:atom': NAMESPACES.atom })].join('\n');
}

function atomAuthor(depth: number, name: string, url: string | null): string[] {
  return block(depth, 'author', [element(depth + 1, 'name', escapeXml(name)), ...(url ? [element(depth + 1, 'uri', escapeXml(normal(url)))] : [])]);
}

function atomEntry(item: FeedItem, language: string): string[] {
  const { article, image } = item;
  const children = [
    // Titles and summaries are declared HTML, where the plain text is escaped.
    element(2, 'title', xmlCdata(escapeHtml(article.headline)), { type: 'html' }),
    element(2, 'id', escapeXml(normal(article.id))),
    element(2, 'link', null, { href: normal(item.url) }),
    ...(image ? [element(2, 'link', null, { rel: 'enclosure', href: normal(image.url), type: image.type })] : []),
    element(2, 'updated', item.updated.toISOString()),
    ...(article.dek ? [element(2, 'summary', xmlCdata(escapeHtml(article.dek)), { type: 'html' })] : []),
    // Always there, empty for an empty body: an entry with neither content nor summary is flagged.
    element(2, 'content', item.content ? xmlCdata(item.content) : null, { type: 'html' }),
    ...item.authors.flatMap((author) => atomAuthor(2, author.name, author.url)),
    ...item.categories.map((name) => element(2, 'category', null, { label: name, term: name })),
    element(2, 'published', article.published!.toISOString()),
  ];
  return block(1, 'entry', children, article.lang !== language ? { 'xml:lang': article.lang } : {});
}

function atom(head: FeedHead, items: FeedItem[]): string {
  const { publisher } = head;
  // Atom wants an author for every entry; one on the feed stands for the entries with no byline.
  const byPublisher = items.some((item) => item.authors.length === 0);
  const feed = [
    element(1, 'id', escapeXml(head.home)),
    element(1, 'title', escapeXml(head.title)),
    element(1, 'updated', head.updated.toISOString()),
    element(1, 'generator', 'Broadsheet'),
    ...(byPublisher ? atomAuthor(1, publisher.name, isAbsolute(publisher.url) ? publisher.url : null) : []),
    element(1, 'link', null, { rel: 'alternate', href: normal(head.home) }),
    element(1, 'link', null, { rel: 'self', href: normal(head.self.atom) }),
    ...(head.description ? [element(1, 'subtitle', escapeXml(head.description))] : []),
    ...(head.logo ? [element(1, 'logo', escapeXml(head.logo))] : []),
    element(1, 'rights', escapeXml(`© ${publisher.name}`)),
    ...items.flatMap((item) => atomEntry(item, head.language)),
  ];
  return [XML_DECLARATION, ...block(0, 'feed', feed, { xmlns: NAMESPACES.atom, 'xml:lang': head.language })].join('\n');
}

function jsonItem(item: FeedItem, language: string): Record<string, unknown> {
  const { article } = item;
  return {
    id: article.id,
    content_html: item.content,
    url: item.url,
    title: article.headline,
    ...(article.dek ? { summary: article.dek } : {}),
    ...(item.image ? { image: item.image.url } : {}),
    date_modified: item.updated.toISOString(),
    date_published: article.published!.toISOString(),
    tags: item.categories,
    ...(item.authors.length > 0 ? { authors: item.authors.map((author) => ({ name: author.name, ...(author.url ? { url: author.url } : {}) })) } : {}),
    ...(article.lang !== language ? { language: article.lang } : {}),
  };
}

function jsonFeed(head: FeedHead, items: FeedItem[]): string {
  const { publisher } = head;
  const feed = {
    version: 'https://jsonfeed.org/version/1.1',
    title: head.title,
    home_page_url: head.home,
    feed_url: head.self.json,
    ...(head.description ? { description: head.description } : {}),
    ...(head.logo ? { icon: head.logo } : {}),
    // As in Atom, the feed's authors stand for the items that name none.
    ...(items.some((item) => item.authors.length === 0) ? { authors: [{ name: publisher.name, ...(isAbsolute(publisher.url) ? { url: publisher.url } : {}) }] } : {}),
    items: items.map((item) => jsonItem(item, head.language)),
    language: head.language,
  };
  // The same text as the XML feeds carry: without the control characters they cannot.
  return `${JSON.stringify(feed, (_, value: unknown) => (typeof value === 'string' ? xmlChars(value) : value), 2)}\n`;
}

// ---------------------------------------------------------------------------------------------

function writeFeeds(config: SiteConfig, spec: FeedSpec, articles: Article[], imageSizes: ReadonlyMap<string, number>, images: ImageSet | null): string[] {
  const items = articles.map((article) => feedItem(article, config, imageSizes, images));
  const head = feedHead(config, spec, items, images);
  return [rss(head, items), atom(head, items), jsonFeed(head, items)];
}

/**
 * The site's feeds and each section's. Feeds need absolute URLs (readers fetch them from
 * anywhere), so a site without a base URL has none.
 */
function plan(context: PlanContext): FilesPlan[] {
  const { site } = context;
  if (!site.config.baseUrl) return [];
  const lists: [FeedSpec, ArticleMeta[]][] = [
    [{ folder: '/', title: site.config.title, description: site.config.description, home: '/' }, site.articles],
    ...site.sections.map((section): [FeedSpec, ArticleMeta[]] => [{ folder: section.url, title: `${site.config.title}: ${section.name}`, description: null, home: section.url }, section.articles]),
  ];
  // An RSS enclosure states the image file's size, so a feed changes when the file does (a
  // processed picture's key is in the article's).
  const imageSizes = new Map(context.assets.map((asset) => [asset.sourcePath, asset.size]));
  const imageSize = (article: ArticleMeta) => (article.image ? (imageSizes.get(article.image.src.replace(/^\/+/, '')) ?? null) : null);
  // A feed carries each body with its links to other articles resolved, so it changes with their URLs.
  const bodyKey = (article: ArticleMeta) => {
    const body = context.bodyOf(article);
    return context.key(body.key, body.links.map(([, url]) => url));
  };
  const feeds = lists.map(([spec, articles]): FilesPlan => {
    const items = feedItems(site.config, articles);
    return {
      kind: 'files',
      paths: FEED_FORMATS.map((format) => `${spec.folder.slice(1)}${format.file}`),
      key: context.key('feed', context.sharedKey, spec.folder, spec.title, spec.description, context.images?.logo ?? null, items.map((item) => [context.metaKey(item), bodyKey(item), imageSize(item)])),
      feed: true,
      render: () => writeFeeds(site.config, spec, items.map((item) => ({ ...item, bodyHtml: context.bodyOf(item).html() })), imageSizes, context.images),
    };
  });
  return [...feeds, ...site.articles.filter((story) => story.live).map((story) => liveFeeds(context, story, imageSizes, bodyKey(story)))];
}

/** A live story's own feeds, in its folder: an item for each of its latest updates. */
function liveFeeds(context: PlanContext, story: ArticleMeta, imageSizes: ReadonlyMap<string, number>, bodyKey: string): FilesPlan {
  const { config } = context.site;
  const spec: FeedSpec = { folder: story.url, title: `${story.headline}: live updates`, description: story.summary || null, home: story.url };
  const updates = story.live!.updates.slice(0, config.feedItems);
  return {
    kind: 'files',
    paths: FEED_FORMATS.map((format) => `${spec.folder.slice(1)}${format.file}`),
    key: context.key('live-feed', context.sharedKey, spec, context.images?.logo ?? null, context.metaKey(story), bodyKey),
    feed: true,
    render: () => {
      const body = context.bodyOf(story);
      const items = updates.map((update) => ({ ...updateAsArticle(story, update, config.timeZone), bodyHtml: body.resolve(update.html) }));
      return writeFeeds(config, spec, items, imageSizes, context.images);
    },
  };
}

export const feeds: Output = { name: 'feeds', plan };
