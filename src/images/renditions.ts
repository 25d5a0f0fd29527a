import { createHash } from 'node:crypto';
import type { ImageSettings } from '../types.js';
import type { ImageInfo, Picture, Rendition } from './types.js';

// Which files are made of a picture, and where they go: pure arithmetic on its header, so that
// pages can be planned (their srcset, width and height) before a single pixel is encoded.

export type OutputFormat = 'avif' | 'webp' | 'jpeg' | 'png';

/** How one file is made from its picture. */
export type Operation =
  | { kind: 'resize'; width: number; height: number; format: OutputFormat; quality: number }
  | { kind: 'crop'; width: number; height: number; focus: [number, number] | null; quality: number }
  | { kind: 'strip'; format: ImageInfo['format'] };

export interface EncodeJob {
  /** Output path, without the leading `/`. */
  path: string;
  operation: Operation;
}

/** The widths of a column a picture fills, for choosing `src` when a browser reads no srcset. */
const FALLBACK_WIDTH = 1280;

/** Machines' crops: Google asks for 16:9, 4:3 and 1:1, at least 1,200 px wide. */
const CROPS = [
  [16, 9],
  [4, 3],
  [1, 1],
] as const;
const CROP_WIDTH = 1200;
/** Open Graph's and Twitter's large card. */
const SOCIAL = { width: 1200, height: 630 };

const MIME: Record<OutputFormat | 'svg' | 'gif' | 'tiff', string> = {
  avif: 'image/avif',
  webp: 'image/webp',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  tiff: 'image/tiff',
  svg: 'image/svg+xml',
};
const EXTENSION: Record<OutputFormat, string> = { avif: 'avif', webp: 'webp', jpeg: 'jpg', png: 'png' };

/**
 * The size crops are cut from: the picture's own, or an SVG's drawn large enough for every crop
 * to be 1,200 px wide, since a drawing has no size of its own to stay within.
 */
export function canvasOf(info: ImageInfo): { width: number; height: number } {
  if (info.format !== 'svg') return info;
  const scale = Math.max(1, CROP_WIDTH / Math.max(1, Math.min(info.width, info.height)));
  return { width: Math.round(info.width * scale), height: Math.round(info.height * scale) };
}

export function shortHash(...parts: unknown[]): string {
  return createHash('sha1').update(JSON.stringify(parts)).digest('hex').slice(0, 10);
}

/** A name for the files of a picture: its own name made safe for a URL, and a tag of what made them. */
function stemOf(sourcePath: string): string {
  const base = sourcePath.slice(sourcePath.lastIndexOf('/') + 1).replace(/\.[^.]*$/, '');
  const safe = base.normalize('NFKD').replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '').toLowerCase().slice(0, 60);
  return safe || 'image';
}

/** The widths made of a picture `width` wide: the configured ones below it, and its own when it is narrower than the widest. */
export function widthsFor(width: number, settings: ImageSettings): number[] {
  const widths = [...new Set(settings.widths)].sort((a, b) => a - b);
  const below = widths.filter((each) => each < width);
  if (below.length < widths.length) below.push(width);
  return below;
}

export interface PicturePlan {
  picture: Picture;
  /** What to encode: renditions, then crops (each group one source read). */
  renditions: EncodeJob[];
  crops: EncodeJob[];
}

/**
 * The renditions and crops of a picture at `sourcePath`. `focus` keeps the subject in crops;
 * without one the crop follows the picture's own salience. Renditions of an SVG are the SVG
 * itself; its crops are drawn only when it is safe to draw.
 */
export function planPicture(sourcePath: string, info: ImageInfo, settings: ImageSettings, focus: [number, number] | null): PicturePlan {
  const stem = stemOf(sourcePath);
  const tag = shortHash(info.hash, settings);
  const fallbackFormat: OutputFormat = info.alpha ? 'png' : 'jpeg';
  const renditions: EncodeJob[] = [];
  const sources: Picture['sources'] = [];
  let fallback: Picture['fallback'];
  if (info.format === 'svg') {
    fallback = { type: MIME.svg, renditions: [{ src: `/${sourcePath}`, width: info.width, height: info.height, type: MIME.svg }] };
  } else {
    const widths = widthsFor(info.width, settings);
    const group = (format: OutputFormat) => {
      const list = widths.map((width): Rendition => {
        const height = Math.max(1, Math.round((info.height * width) / info.width));
        const src = `/images/${stem}-${tag}-${width}.${EXTENSION[format]}`;
        const quality = format === 'png' ? 100 : settings.quality[format];
        renditions.push({ path: src.slice(1), operation: { kind: 'resize', width, height, format, quality } });
        return { src, width, height, type: MIME[format] };
      });
      return { type: MIME[format], renditions: list };
    };
    for (const format of settings.formats) sources.push(group(format));
    fallback = group(fallbackFormat);
  }
  const drawable = info.format !== 'svg' || info.drawable;
  const crops: EncodeJob[] = [];
  const cropTag = focus ? shortHash(tag, focus) : tag;
  const canvas = canvasOf(info);
  const crop = (aspectWidth: number, aspectHeight: number, name: string, widest: number): Rendition => {
    // The largest region of that shape inside the picture, scaled down to `widest` at most.
    const regionWidth = Math.min(canvas.width, (canvas.height * aspectWidth) / aspectHeight);
    const width = Math.max(1, Math.min(widest, Math.floor(regionWidth)));
    const height = Math.max(1, Math.round((width * aspectHeight) / aspectWidth));
    const src = `/images/${stem}-${cropTag}-${name}-${width}.jpg`;
    crops.push({ path: src.slice(1), operation: { kind: 'crop', width, height, focus, quality: settings.quality.jpeg } });
    return { src, width, height, type: MIME.jpeg };
  };
  const machineCrops = drawable ? CROPS.map(([w, h]) => crop(w, h, `${w}x${h}`, CROP_WIDTH)) : [];
  const social = drawable ? crop(SOCIAL.width, SOCIAL.height, 'card', SOCIAL.width) : null;
  const fallbackList = fallback.renditions;
  const src = [...fallbackList].reverse().find((each) => each.width <= FALLBACK_WIDTH) ?? fallbackList[0]!;
  return {
    picture: { width: info.width, height: info.height, sources, fallback, src: src.src, placeholder: info.placeholder, crops: machineCrops, social },
    renditions,
    crops,
  };
}

export function mimeOf(format: OutputFormat | 'svg' | 'gif' | 'tiff'): string {
  return MIME[format];
}
