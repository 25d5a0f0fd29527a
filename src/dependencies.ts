// What an output depends on besides its own source, so the cache knows when to make it again:
// the assets an article referenced, the other articles its body links to. (The templates a
// template uses are read from its parsed tree, in render/template-uses.ts.) Light on purpose: a
// build with nothing to do loads this and not the parsers.

import { hrefFrom, type LinkStyle } from './urls.js';

/**
 * A link to another article's file is marked and resolved once every article's URL is known.
 * The marker is a fragment, so a sanitiser keeps it.
 */
export const SOURCE_LINK = '#broadsheet-source:';

export const SOURCE_LINK_PATTERN = new RegExp(`${SOURCE_LINK}([^"#?]*)([^"]*)`, 'g');

/**
 * A link to a file of the site (an image, a folder) is marked with its site path, and made an
 * href for the page it is on when that page is rendered: relative or pretty, under which base,
 * is the site's business, not the article's. The path is percent-encoded segment by segment, so
 * nothing a Markdown renderer or HTML serialiser does to a URL changes it.
 */
const SITE_LINK = '#broadsheet-site:';

// A marked path is percent-encoded, so it ends at the first space or comma: in a `srcset`, where
// the image's width or density and the next image follow it.
const SITE_LINK_PATTERN = new RegExp(`${SITE_LINK}([^"#?\\s,]*)([^"\\s,]*)`, 'g');

/** The marked link to a site path (`/world/photo.jpg`, without `?` or `#`). */
export function siteLink(sitePath: string): string {
  return SITE_LINK + sitePath.split('/').map(encodeURIComponent).join('/');
}

export interface AssetLookup {
  assets: ReadonlySet<string>;
  sizes: ReadonlyMap<string, { width: number; height: number }>;
}

/** An asset's state as parsing sees it: whether it exists, and its pixel size. */
export function assetState(lookup: AssetLookup, path: string): string {
  if (!lookup.assets.has(path)) return 'missing';
  const size = lookup.sizes.get(path);
  return size ? `${size.width}x${size.height}` : 'present';
}

/** The source paths an article's body links to (`[earlier](other.md)`). */
export function linkedSources(bodyHtml: string): string[] {
  if (!bodyHtml.includes(SOURCE_LINK)) return [];
  return [...new Set([...bodyHtml.matchAll(SOURCE_LINK_PATTERN)].map((match) => match[1]!.slice(1)))].sort();
}

/**
 * A body as its page at `fromUrl` shows it: site paths become hrefs in the site's link style, and
 * links to other articles' files links to their pages (unknown ones go nowhere). Site paths go
 * first, as when they were resolved at parse time: a `#broadsheet-source:` written after one is
 * resolved too.
 */
export function resolveBodyLinks(bodyHtml: string, fromUrl: string, urlOf: Map<string, string>, style: LinkStyle): string {
  let html = bodyHtml;
  if (html.includes(SITE_LINK)) {
    html = html.replace(SITE_LINK_PATTERN, (whole, encoded: string, suffix: string) => {
      const sitePath = decodedPath(encoded);
      return sitePath === null ? whole : hrefFrom(fromUrl, sitePath + suffix, style);
    });
  }
  if (!html.includes(SOURCE_LINK)) return html;
  return html.replace(SOURCE_LINK_PATTERN, (_, source: string, suffix: string) => {
    const target = urlOf.get(source.slice(1));
    return target ? hrefFrom(fromUrl, target + suffix, style) : '#';
  });
}

/** The site path a marked link names, or null when `href` is no such link. */
export function sitePathOf(href: string): string | null {
  return href.startsWith(SITE_LINK) ? decodedPath(href.slice(SITE_LINK.length)) : null;
}

function decodedPath(encoded: string): string | null {
  try {
    return encoded.split('/').map(decodeURIComponent).join('/');
  } catch {
    // Not a marker Broadsheet wrote: a writer's own `#broadsheet-site:` fragment stays as it is.
    return null;
  }
}
