import type { Sharp as SharpInstance } from 'sharp';
import { canvasOf, type EncodeJob, type OutputFormat } from './renditions.js';
import { inputOptions, loadSharp } from './sharp.js';
import { stripJpeg, stripPng } from './strip.js';
import type { ImageInfo } from './types.js';

// Makes the files of one picture: it is decoded once, upright and no larger than its largest
// output needs, and every rendition and crop is cut from that. Every file comes out without
// EXIF, XMP or IPTC (a source's GPS position must never reach a reader) and in sRGB.

const ENCODERS: Record<OutputFormat, (image: SharpInstance, quality: number) => SharpInstance> = {
  // The encoders' fastest efforts: on camera photos at these widths, AVIF's effort 2 took three
  // times as long as 0 for files 10 % smaller, WebP's 3 nearly three times 1's for 15 %; at
  // archive scale the time is what a newsroom waits for.
  avif: (image, quality) => image.avif({ quality, effort: 0 }),
  webp: (image, quality) => image.webp({ quality, effort: 1 }),
  jpeg: (image, quality) => image.jpeg({ quality, progressive: true }),
  png: (image) => image.png({ compressionLevel: 9, palette: false }),
};

export async function encode(bytes: Uint8Array, info: ImageInfo, jobs: EncodeJob[], maxPixels: number): Promise<Map<string, Uint8Array>> {
  const sharp = await loadSharp();
  const made = new Map<string, Uint8Array>();
  const scaled = jobs.filter((job) => job.operation.kind !== 'strip');
  if (scaled.length > 0) {
    // The scale the most demanding output needs of the upright picture (of an SVG, its canvas).
    const canvas = canvasOf(info);
    let scale = 0;
    for (const { operation } of scaled) {
      if (operation.kind === 'resize') scale = Math.max(scale, operation.width / canvas.width);
      else if (operation.kind === 'crop') {
        const aspect = operation.width / operation.height;
        const regionWidth = Math.min(canvas.width, canvas.height * aspect);
        scale = Math.max(scale, operation.width / regionWidth);
      }
    }
    const width = Math.min(canvas.width, Math.ceil(canvas.width * Math.min(1, scale)));
    const input = info.format === 'svg' ? sharp(bytes, { ...inputOptions(maxPixels), density: svgDensity(info, width) }) : sharp(bytes, inputOptions(maxPixels));
    const { data, info: base } = await input.rotate().resize({ width }).toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
    const fromBase = () => sharp(data, { raw: { width: base.width, height: base.height, channels: base.channels } });
    for (const job of scaled) {
      const { operation } = job;
      if (operation.kind === 'resize') {
        made.set(job.path, await ENCODERS[operation.format](fromBase().resize(operation.width, operation.height), operation.quality).toBuffer());
      } else if (operation.kind === 'crop') {
        let image = fromBase();
        if (operation.focus) image = image.extract(focusRegion(base.width, base.height, operation.width / operation.height, operation.focus));
        image = image.resize(operation.width, operation.height, { fit: 'cover', position: operation.focus ? 'centre' : 'attention' });
        // A crop is a JPEG: a transparent picture is laid on white, as a card shows it.
        made.set(job.path, await image.flatten({ background: '#ffffff' }).jpeg({ quality: operation.quality }).toBuffer());
      }
    }
  }
  for (const job of jobs) if (job.operation.kind === 'strip') made.set(job.path, await stripped(sharp, bytes, info, maxPixels));
  return made;
}

/** An SVG drawn at the density that makes it `width` pixels wide (72 dpi is its own size). */
function svgDensity(info: ImageInfo, width: number): number {
  return Math.min(2400, Math.max(1, (72 * width) / Math.max(1, info.width)));
}

/** The region of aspect `aspect` around `focus`, as large as fits, kept inside the picture. */
function focusRegion(width: number, height: number, aspect: number, [x, y]: [number, number]) {
  const regionWidth = Math.min(width, Math.floor(height * aspect));
  const regionHeight = Math.min(height, Math.floor(regionWidth / aspect));
  const left = Math.round(Math.min(width - regionWidth, Math.max(0, x * width - regionWidth / 2)));
  const top = Math.round(Math.min(height - regionHeight, Math.max(0, y * height - regionHeight / 2)));
  return { left, top, width: regionWidth, height: regionHeight };
}

/**
 * The original as the site serves it: its metadata gone and its pixels as they were. A JPEG or
 * PNG that is already upright loses only its metadata segments, byte for byte otherwise; any
 * other is encoded again, upright, at high quality.
 */
async function stripped(sharp: Awaited<ReturnType<typeof loadSharp>>, bytes: Uint8Array, info: ImageInfo, maxPixels: number): Promise<Uint8Array> {
  if (info.format === 'jpeg' && !info.turned) {
    const result = stripJpeg(bytes);
    if (result) return result;
  }
  if (info.format === 'png') {
    const result = stripPng(bytes);
    if (result) return result;
  }
  const animated = info.format === 'gif' || info.format === 'webp';
  const image = sharp(bytes, { ...inputOptions(maxPixels), animated }).rotate();
  switch (info.format) {
    case 'jpeg':
      return image.jpeg({ quality: 92 }).toBuffer();
    case 'png':
      return image.png({ compressionLevel: 9 }).toBuffer();
    case 'webp':
      return image.webp({ quality: 90 }).toBuffer();
    case 'avif':
      return image.avif({ quality: 70 }).toBuffer();
    case 'gif':
      return image.gif().toBuffer();
    case 'tiff':
      return image.tiff({ quality: 92 }).toBuffer();
    default:
      return bytes;
  }
}
