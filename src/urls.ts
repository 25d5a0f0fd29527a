import { createHash } from 'node:crypto';
import anyAscii from 'any-ascii';
import { zonedParts } from './dates.js';

// Site paths and the links between pages. A site path is what a page is known by inside the
// build (`/2026/11/20/story/`); an href is what a page writes to reach another one.

export const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const MAX_SLUG_LENGTH = 80;

const slugs = new Map<string, string>();

/** Lowercase ASCII letters, digits and single hyphens; a short stable hash when nothing is left. */
export function slugify(text: string): string {
  let slug = slugs.get(text);
  if (slug === undefined) {
    if (slugs.size > 100_000) slugs.clear();
    slug = makeSlug(text);
    slugs.set(text, slug);
  }
  return slug;
}

function makeSlug(text: string): string {
  // Emoji are decoration, not words: any-ascii would spell 🚀 as "rocket".
  const slug = anyAscii(text.normalize('NFC').replace(/[\p{Extended_Pictographic}\p{Regional_Indicator}\u200d\ufe0f\u{e0020}-\u{e007f}]/gu, ' '))
    .toLowerCase()
    // `J&K` and `O'Brien` are one word in a slug: jk, obrien.
    .replace(/(?<=[a-z0-9])[&'’`]+(?=[a-z0-9])/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (slug === '') return `a-${createHash('sha256').update(text).digest('hex').slice(0, 10)}`;
  if (slug.length <= MAX_SLUG_LENGTH) return slug;
  const cut = slug.slice(0, MAX_SLUG_LENGTH + 1);
  const lastHyphen = cut.lastIndexOf('-');
  return (lastHyphen > 20 ? cut.slice(0, lastHyphen) : cut.slice(0, MAX_SLUG_LENGTH)).replace(/-+$/, '');
}

export interface PermalinkValues {
  year: string | null;
  month: string | null;
  day: string | null;
  section: string | null;
  slug: string;
  filename: string;
}

const TOKEN = /:(year|month|day|section|slug|filename)\b/g;

/** Expands a permalink pattern; a segment whose token has no value (an undated article's `:year`) is dropped. */
export function expandPermalink(pattern: string, values: PermalinkValues): string {
  const segments = pattern
    .split('/')
    .filter((segment) => segment !== '')
    .map((segment) => {
      let missing = false;
      const expanded = segment.replace(TOKEN, (_, token: keyof PermalinkValues) => {
        const value = values[token];
        if (value === null || value === '') missing = true;
        return value ?? '';
      });
      return missing ? '' : expanded;
    })
    .filter((segment) => segment !== '');
  return segments.length === 0 ? '/' : `/${segments.join('/')}/`;
}

/** The file a site path is written to: `/a/b/` → `a/b/index.html`, `/old/story.html` → `old/story.html`. */
export function outputPath(sitePath: string): string {
  const trimmed = sitePath.replace(/^\/+/, '');
  if (trimmed === '' || trimmed.endsWith('/')) return `${trimmed}index.html`;
  const last = trimmed.slice(trimmed.lastIndexOf('/') + 1);
  return last.includes('.') ? trimmed : `${trimmed}/index.html`;
}

// What a build writes of its own besides pages and the files it copies: the feeds of the site
// and of each section, the sitemaps (in parts past their limit), robots.txt, the redirects file,
// the search index and the marker that says whose output the folder is. No file in the content
// folder can be at one of these paths.
const MADE_BY_THE_SITE = /^(?:(?:sections\/[^/]+\/)?(?:feed\.xml|atom\.xml|feed\.json)|(?:news-)?sitemap(?:-\d+)?\.xml|robots\.txt|_redirects|pagefind\/.*|\.broadsheet)$/;

/** Whether the build makes the file at a site path itself (`/feed.xml`, `/robots.txt`), rather than taking it from content. */
export function madeByTheSite(sitePath: string): boolean {
  return MADE_BY_THE_SITE.test(sitePath.replace(/^\/+/, ''));
}

const encoded = new Map<string, string>();

/** A site path with each segment percent-encoded; pages ask for the same few paths again and again. */
function encodePath(sitePath: string): string {
  let value = encoded.get(sitePath);
  if (value === undefined) {
    if (encoded.size > 200_000) encoded.clear();
    value = /^[A-Za-z0-9/._~-]*$/.test(sitePath)
      ? sitePath
      : sitePath
          .split('/')
          .map((segment) => encodeURIComponent(segment).replace(/%40/g, '@').replace(/%3A/gi, ':'))
          .join('/');
    encoded.set(sitePath, value);
  }
  return value;
}

let lastBase: [baseUrl: string, path: string] | null = null;

/** The base's path, always ending in `/`: `https://x.org/news` → `/news/`. */
export function basePath(baseUrl: string | null): string {
  if (!baseUrl) return '/';
  // A build has one base URL, and every link of every page asks for its path.
  if (lastBase?.[0] === baseUrl) return lastBase[1];
  const { pathname } = new URL(baseUrl);
  lastBase = [baseUrl, pathname.endsWith('/') ? pathname : `${pathname}/`];
  return lastBase[1];
}

/** How pages link to each other; the site config has both fields. */
export interface LinkStyle {
  baseUrl: string | null;
  /** Relative links that name files even with a base URL (Hugo's `relativeURLs`). */
  relativeLinks: boolean;
}

/**
 * The href from the page at `from` to the site path `to` (which may carry `#` or `?`).
 * Without a base URL (or with relativeLinks) it is relative and names the file, so the site
 * works opened from disk; otherwise it is the pretty folder URL under the base's path.
 */
export function hrefFrom(from: string, to: string, style: LinkStyle): string {
  const cut = to.search(/[?#]/);
  const target = cut === -1 ? to : to.slice(0, cut);
  const suffix = cut === -1 ? '' : to.slice(cut);
  if (target === '') return suffix;
  if (style.baseUrl && !style.relativeLinks) return basePath(style.baseUrl) + encodePath(target.replace(/^\/+/, '')) + suffix;

  const file = outputPath(target);
  const fromFolder = outputPath(from).split('/').slice(0, -1);
  const toParts = file.split('/');
  let common = 0;
  while (common < fromFolder.length && common < toParts.length - 1 && fromFolder[common] === toParts[common]) common++;
  const ups = fromFolder.length - common;
  const relative = '../'.repeat(ups) + toParts.slice(common).join('/');
  return encodePath(relative) + suffix;
}

/**
 * A link that starts at the site root (`/edition/2026/…`): the pretty URLs of a hosted site,
 * and the links of pages served at any depth such as 404.html.
 */
export function rootHref(to: string, baseUrl: string | null, pretty = true): string {
  const cut = to.search(/[?#]/);
  const target = cut === -1 ? to : to.slice(0, cut);
  const suffix = cut === -1 ? '' : to.slice(cut);
  return basePath(baseUrl) + encodePath((pretty ? target : outputPath(target)).replace(/^\/+/, '')) + suffix;
}

/** The file a site path names, as a link from the site root without the leading `/`: `2026/11/20/x/index.html#top`. */
export function fileHref(to: string): string {
  const cut = to.search(/[?#]/);
  const target = cut === -1 ? to : to.slice(0, cut);
  const suffix = cut === -1 ? '' : to.slice(cut);
  return encodePath(outputPath(target)) + suffix;
}

/**
 * Stands for the way from a page up to the site root in a relative link. Links are written from
 * the root with this marker, and the page's renderer replaces it (`../../`), so a piece of a
 * page (a teaser, the masthead) links the same wherever it appears and can be reused.
 */
export const ROOT_MARKER = '\uE000\uE001';

/** How a page links to a site path: from the root with the marker, or by its pretty URL. */
export function pageLink(to: string, style: LinkStyle, rootLinks = false): string {
  const relative = !style.baseUrl || style.relativeLinks;
  if (rootLinks || !relative) return rootHref(to, style.baseUrl, !relative);
  return ROOT_MARKER + fileHref(to);
}

/** Replaces the root marker in a page at `pageUrl` with the way up to the root. */
export function fillRootMarker(html: string, pageUrl: string): string {
  if (!html.includes(ROOT_MARKER)) return html;
  return html.replaceAll(ROOT_MARKER, '../'.repeat(outputPath(pageUrl).split('/').length - 1));
}

// A path of these characters, with no `.` or `..` segment, resolves against a base as written:
// nothing in it is escaped, normalised or read as a scheme, so the URL is the base's plus it.
const PLAIN_PATH = /^[A-Za-z0-9._~/-]+$/;
const DOT_SEGMENT = /(?:^|\/)\.\.?(?:\/|$)/;
let lastAbsoluteBase: [baseUrl: string, prefix: string] | null = null;

/** An absolute URL for a site path, when the site has a base URL; otherwise the site path. */
export function absoluteUrl(sitePath: string, baseUrl: string | null): string {
  if (!baseUrl) return encodePath(sitePath);
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  const path = encodePath(sitePath.replace(/^\/+/, ''));
  // Feeds, sitemaps and every page's metadata ask for thousands; parsing the base for each was
  // a noticeable part of the main thread's work while the workers render.
  // `./`: a first segment such as `x:y` is a path, not a URL of scheme `x`.
  if (!PLAIN_PATH.test(path) || DOT_SEGMENT.test(path)) return new URL(`./${path}`, base).href;
  if (lastAbsoluteBase?.[0] !== base) lastAbsoluteBase = [base, new URL('x', base).href.slice(0, -1)];
  return lastAbsoluteBase[1] + path;
}

/** A date that starts a file name (`2026-11-20-budget.md`) dates the story and leaves its slug. */
export const FILENAME_DATE = /^(\d{4}-\d{2}-\d{2})(?=[-_ .])/;

/** The page's site path, from the permalink pattern; an undated story lives at `/:slug/`. */
export function articleUrl(
  sourcePath: string,
  published: Date | null,
  section: string | null,
  slug: string,
  config: { permalink: string; timeZone: string },
): string {
  const parts = published ? zonedParts(published, config.timeZone) : null;
  const filename = (sourcePath.split('/').at(-1) ?? '').replace(/\.[^.]+$/, '').replace(FILENAME_DATE, '').replace(/^[-_ .]+/, '');
  return expandPermalink(published ? config.permalink : '/:slug/', {
    year: parts ? String(parts.year).padStart(4, '0') : null,
    month: parts ? String(parts.month).padStart(2, '0') : null,
    day: parts ? String(parts.day).padStart(2, '0') : null,
    section: section ? slugify(section) : null,
    slug,
    filename: slugify(filename || slug),
  });
}
