import { inputOptions, loadSharp } from './sharp.js';
import { drawableSvg, sniff } from './sniff.js';
import type { ImageInfo, ImageProblem, Placeholder } from './types.js';

// What a picture is: its format from its own bytes, its upright size from its header, and a few
// pixels of it for a placeholder. A file that is no picture, or too big to decode safely, is a
// problem for the caller to put on the article that shows it.

const PLACEHOLDER_COLUMNS = 6;

/** `hash`: the SHA-1 of `bytes`, which the caller has to know the picture again. */
export async function probe(bytes: Uint8Array, hash: string, maxPixels: number): Promise<ImageInfo | ImageProblem> {
  const format = sniff(bytes);
  switch (format) {
    case 'empty':
      return unreadable('the file is empty (0 bytes)', 'save the picture again, or remove the file');
    case 'html':
      return unreadable('the file is a web page (HTML), not a picture', 'download the picture itself: a browser\'s "save image", not "save page"');
    case 'unknown':
      return unreadable('the file is not a picture Broadsheet knows (JPEG, PNG, WebP, AVIF, GIF, TIFF or SVG)', 'export it as JPEG or PNG');
    case 'heic':
      return {
        ruleId: 'image-unsupported',
        reason: 'HEIC pictures are not processed (most browsers cannot show them): it is copied as it is',
        hint: 'export it as JPEG; iPhones can be set to "Most Compatible"',
      };
    default:
  }
  const sharp = await loadSharp();
  let meta: Awaited<ReturnType<ReturnType<typeof sharp>['metadata']>>;
  try {
    meta = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch {
    return unreadable(`the ${format.toUpperCase()} file is damaged and cannot be read`, 'export the picture again from the original');
  }
  const turned = (meta.orientation ?? 1) >= 5;
  const width = (turned ? meta.height : meta.width) ?? 0;
  const height = (turned ? meta.width : meta.height) ?? 0;
  if (format === 'svg') {
    const drawable = drawableSvg(new TextDecoder().decode(bytes));
    return { format, width, height, turned: false, alpha: true, hash, placeholder: null, drawable };
  }
  // Checked from the header, before a single pixel is decoded: a few kilobytes of PNG can claim
  // 20,000 × 20,000 pixels and take gigabytes to open.
  if (width * height > maxPixels || width === 0 || height === 0) {
    return {
      ruleId: 'image-too-large',
      reason: `the picture is ${width} × ${height} pixels, over the limit of ${maxPixels.toLocaleString('en')} pixels, and is not opened`,
      hint: 'scale it down before adding it, or raise "images.maxPixels" in the config if it is genuine',
    };
  }
  let placeholder: Placeholder;
  try {
    // Decoding the whole file here is what finds damage the header hides (a file cut short).
    const columns = PLACEHOLDER_COLUMNS;
    const rows = Math.max(1, Math.min(8, Math.round((columns * height) / width)));
    const { data } = await sharp(bytes, inputOptions(maxPixels)).rotate().resize(columns, rows, { fit: 'fill' }).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    const colours: string[] = [];
    for (let i = 0; i + 2 < data.length; i += 3) colours.push(`#${[data[i]!, data[i + 1]!, data[i + 2]!].map((value) => value.toString(16).padStart(2, '0')).join('')}`);
    placeholder = { columns, rows, colours };
  } catch {
    return unreadable(`the ${format.toUpperCase()} file is damaged or cut short and cannot be decoded`, 'export the picture again from the original');
  }
  return { format, width, height, turned, alpha: meta.hasAlpha ?? false, hash, placeholder, drawable: false };
}

function unreadable(reason: string, hint: string): ImageProblem {
  return { ruleId: 'image-unreadable', reason, hint };
}

export function isProblem(result: ImageInfo | ImageProblem): result is ImageProblem {
  return 'ruleId' in result;
}
