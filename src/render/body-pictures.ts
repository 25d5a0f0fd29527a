import { sitePathOf, siteLink } from '../dependencies.js';
import { escapeHtml } from '../escape.js';
import type { Picture } from '../images/types.js';

// The pictures in an article's body, as the images module made them. Bodies are kept as parsed,
// with each picture's site path marked; a page makes each a `<picture>` with its renditions, a
// feed points at the one JPEG a reader needs. The marks stay, for the page's links to resolve.

/** How wide the body column is, as the default theme's CSS has it. */
export const BODY_SIZES = '(min-width: 42rem) 40rem, calc(100vw - 2rem)';

const IMG = /<img\b([^>]*)>/g;
const ATTRIBUTE = /\s([a-zA-Z-:]+)(?:="([^"]*)")?/g;
// Ours to set: the rest (alt, title, class) are the writer's and stay.
const REPLACED = new Set(['src', 'srcset', 'sizes', 'width', 'height', 'loading', 'decoding', 'fetchpriority']);

export function withPictures(bodyHtml: string, pictures: ReadonlyMap<string, Picture>, mode: 'page' | 'feed'): string {
  if (pictures.size === 0 || !bodyHtml.includes('<img')) return bodyHtml;
  return bodyHtml.replace(IMG, (whole, attributes: string) => {
    const found = new Map([...attributes.matchAll(ATTRIBUTE)].map((match) => [match[1]!.toLowerCase(), match[2] ?? '']));
    // An image the writer gave its own srcset keeps it.
    if (found.has('srcset')) return whole;
    const sitePath = sitePathOf(found.get('src') ?? '');
    const picture = sitePath === null ? undefined : pictures.get(sitePath);
    if (!picture) return whole;
    const kept = [...found].filter(([name]) => !REPLACED.has(name)).map(([name, value]) => ` ${name}="${value}"`).join('');
    const size = ` width="${picture.width}" height="${picture.height}"`;
    if (mode === 'feed') return `<img src="${siteLink(picture.src)}"${kept}${size}>`;
    const srcset = (renditions: Picture['fallback']['renditions']) => escapeHtml(renditions.map((each) => `${siteLink(each.src)} ${each.width}w`).join(', '));
    const sources = picture.sources.map((source) => `<source type="${source.type}" srcset="${srcset(source.renditions)}" sizes="${BODY_SIZES}">`).join('');
    return `<picture>${sources}<img src="${siteLink(picture.src)}" srcset="${srcset(picture.fallback.renditions)}" sizes="${BODY_SIZES}"${kept}${size} loading="lazy" decoding="async"></picture>`;
  });
}
