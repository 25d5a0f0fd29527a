// What the images module knows of a picture and what it makes of one. Plain data: the render
// workers receive it, and the build cache keeps it.

/** A format the module reads and writes. Anything else (HEIC, BMP) is copied as it is. */
export type RasterFormat = 'jpeg' | 'png' | 'webp' | 'avif' | 'gif' | 'tiff';

/** What a file turned out to be, read from its own bytes, whatever its name says. */
export type Sniffed = RasterFormat | 'svg' | 'heic' | 'html' | 'empty' | 'unknown';

/** A picture the module can process, as its header describes it. */
export interface ImageInfo {
  format: RasterFormat | 'svg';
  /** Upright: as a reader sees it, the camera's orientation applied. */
  width: number;
  height: number;
  /** EXIF orientation 5–8: the stored pixels are turned a quarter. */
  turned: boolean;
  alpha: boolean;
  /** SHA-1 of the file's bytes: what renditions are made from. */
  hash: string;
  /** A few pixels of the picture, shown while it loads. */
  placeholder: Placeholder | null;
  /** An SVG that may be drawn as pixels: no script, nothing loaded from elsewhere. */
  drawable: boolean;
}

/**
 * The picture as a grid of a few colours, row by row, for a page to draw (an inline SVG: no
 * image to download, and nothing a strict security policy forbids).
 */
export interface Placeholder {
  columns: number;
  rows: number;
  colours: string[];
}

/** One file made from a picture. */
export interface Rendition {
  /** Site path (`/images/harbour-3f9a1c2b-640.avif`). */
  src: string;
  width: number;
  height: number;
  type: string;
}

/** What a page needs to show a picture: `<picture>` sources, a fallback, a placeholder. */
export interface Picture {
  /** The original, upright. */
  width: number;
  height: number;
  /** Modern formats first, each a list of widths. */
  sources: { type: string; renditions: Rendition[] }[];
  /** JPEG or PNG (or the SVG itself), which every browser shows. */
  fallback: { type: string; renditions: Rendition[] };
  /** The fallback rendition for `src`: the one nearest a column's width. */
  src: string;
  placeholder: Placeholder | null;
  /** The crops search engines and social networks are given. */
  crops: Rendition[];
  /** The 1200×630 card. */
  social: Rendition | null;
}

/** What a problem with a picture is, for the module's caller to put on the right file. */
export interface ImageProblem {
  ruleId: 'image-unreadable' | 'image-too-large' | 'image-unsupported';
  reason: string;
  hint: string;
}
