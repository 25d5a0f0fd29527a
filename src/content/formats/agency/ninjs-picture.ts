import type { VFile } from 'vfile';
import { report } from '../../../messages/diagnostics.js';
import type { ImageField } from '../../format.js';
import { associationsOf, contentTypeOf, entriesOf, member, textOf, typeOf, type Found, type Item, type Json, type Where } from './ninjs-items.js';

// A ninjs story's lead picture: which of its pictures leads, and which rendition of it a browser
// can show, with its size and credit. The texts around it (caption, alt) are read by ninjs.ts.

// Renditions a browser shows: a TIFF original or a RAW file is not one of them.
const WEB_IMAGE = /^image\/(?:jpe?g|pjpeg|png|gif|webp|avif)\b/;
const WEB_IMAGE_FILE = /\.(?:jpe?g|png|gif|webp|avif)(?:[?#]|$)/i;
const PICTURES = new Set(['picture', 'graphic', 'image', 'photo']);
const LEAD = /feature|main|lead|hero/i;

/**
 * The story's picture: the largest rendition browsers show of the item itself when it is a
 * picture, else of its lead picture association: one named as the lead, else the first photo.
 */
export function leadImageOf(
  file: VFile,
  item: Item,
  where: Where,
  /** Whether a rendition's href can be shown: on the web, or a file in the content folder. */
  isReachable: (href: string) => boolean,
  /** The picture's caption and alternative text, read as the format reads an item's texts. */
  wordsOf: (picture: Item) => { caption: string | undefined; alt: string | undefined },
): Found<ImageField> | undefined {
  // The item's own picture first, then one named as the lead, then photos before graphics (a logo).
  const rank = (picture: Item) => (picture === item ? 0 : LEAD.test(picture.name) ? 1 : typeOf(picture) === 'graphic' ? 3 : 2);
  const candidates = [item, ...associationsOf(item)].filter((candidate) => PICTURES.has(typeOf(candidate))).sort((a, b) => rank(a) - rank(b));
  for (const picture of candidates) {
    const rendition = largestRendition(picture, isReachable);
    if (!rendition) {
      const wanted = largestRendition(picture, () => true);
      if (wanted) {
        report(file, `the picture is neither on the web nor in the content folder, so it is left out: ${String(wanted.value['href']).trim()}`, {
          place: where(wanted.pointer),
          ruleId: 'image-unavailable',
          hint: 'put the picture file beside the ninjs file, under the name its rendition\'s href gives',
        });
      }
      continue;
    }
    const { value } = rendition;
    const href = String(value['href']).trim();
    const { caption, alt } = wordsOf(picture);
    return {
      value: {
        src: href.startsWith('//') ? `https:${href}` : href,
        alt,
        caption,
        credit: creditOf(picture),
        width: dimension(value['width']),
        height: dimension(value['height']),
      },
      pointer: rendition.pointer,
    };
  }
  return undefined;
}

function largestRendition(picture: Item, usable: (href: string) => boolean): { value: Json; pointer: string } | undefined {
  let best: { value: Json; pointer: string; width: number } | undefined;
  for (const { value, pointer } of entriesOf(member(picture, 'renditions'))) {
    const href = value['href'];
    if (typeof href !== 'string' || href.trim() === '' || !usable(href.trim())) continue;
    const type = contentTypeOf(value);
    if (type ? !WEB_IMAGE.test(type) : !WEB_IMAGE_FILE.test(href)) continue;
    const width = dimension(value['width']) ?? 0;
    if (!best || width > best.width) best = { value, pointer, width };
  }
  return best;
}

function dimension(value: unknown): number | undefined {
  const number = typeof value === 'string' ? Number(value) : value;
  return typeof number === 'number' && Number.isFinite(number) && number > 0 ? Math.round(number) : undefined;
}

/** The picture's credit: who took it, and for whom when the byline does not say (`Jane Roe/AP`). */
function creditOf(picture: Item): string | undefined {
  const by = textOf(picture, 'byline', 'by')?.value;
  const holder = textOf(picture, 'copyrightHolder')?.value;
  if (by) return holder && !by.toLowerCase().includes(holder.toLowerCase()) ? `${by}/${holder}` : by;
  return textOf(picture, 'copyrightNotice')?.value ?? holder;
}
