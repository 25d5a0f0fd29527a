// What an output depends on besides its own source, so the cache knows when to make it again:
// the assets an article referenced, the other articles its body links to, the templates a
// template uses. Light on purpose: a build with nothing to do loads this and not the parsers.

import { hrefFrom, type LinkStyle } from './urls.js';

/**
 * A link to another article's file is marked and resolved once every article's URL is known.
 * The marker is a fragment, so a sanitiser keeps it.
 */
export const SOURCE_LINK = '#broadsheet-source:';

export const SOURCE_LINK_PATTERN = new RegExp(`${SOURCE_LINK}([^"#?]*)([^"]*)`, 'g');

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

/** Turns links to other articles' files into links to their pages; unknown ones go nowhere. */
export function resolveSourceLinks(bodyHtml: string, fromUrl: string, urlOf: Map<string, string>, style: LinkStyle): string {
  if (!bodyHtml.includes(SOURCE_LINK)) return bodyHtml;
  return bodyHtml.replace(SOURCE_LINK_PATTERN, (_, source: string, suffix: string) => {
    const target = urlOf.get(source.slice(1));
    return target ? hrefFrom(fromUrl, target + suffix, style) : '#';
  });
}

// `{% layout 'x' %}`, `render`, `include`; `{{ 'partials/x' | cached }}`; and the `teaser`
// filter, which renders partials/teaser.
const TEMPLATE_USE = /\{%-?\s*(?:layout|render|include)\s+['"]([^'"]+)['"]|\{\{-?\s*['"]([^'"]+)['"]\s*\|\s*cached\b|\|\s*(teaser)\b/g;

/** The templates a template uses, each with where it is named. */
export function templateUses(text: string): { template: string; index: number }[] {
  return [...text.matchAll(TEMPLATE_USE)].map((match) => ({
    template: match[3] ? 'partials/teaser.liquid' : `${match[1] ?? match[2]}.liquid`,
    index: match.index,
  }));
}
