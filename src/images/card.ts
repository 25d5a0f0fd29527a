import { createRequire } from 'node:module';
import path from 'node:path';
import { loadSharp } from './sharp.js';

// The social card of a story with no picture: 1200 × 630, its headline, section and the site's
// name in the theme's colours. The type is DejaVu, from npm, named by file: the same card on
// every machine, whatever fonts it has.

export interface CardText {
  headline: string;
  section: string | null;
  site: string;
}

export interface CardColours {
  paper: string;
  ink: string;
  muted: string;
  accent: string;
  rule: string;
}

export const CARD = { width: 1200, height: 630 };

/** The default theme's colours, used for whatever a theme's stylesheet does not set. */
export const DEFAULT_COLOURS: CardColours = { paper: '#fdfcf8', ink: '#1b1b1b', muted: '#5a5750', accent: '#a3161a', rule: '#d9d5cb' };

/** The theme's colours, from the custom properties its stylesheet sets first (the light scheme). */
export function themeColours(stylesheet: string | null): CardColours {
  const colours = { ...DEFAULT_COLOURS };
  if (!stylesheet) return colours;
  for (const name of Object.keys(colours) as (keyof CardColours)[]) {
    const value = new RegExp(`--${name}\\s*:\\s*(#[0-9a-fA-F]{3,8})\\b`).exec(stylesheet)?.[1];
    if (value) colours[name] = value;
  }
  return colours;
}

const FONTS = path.join(path.dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');
const SERIF_BOLD = path.join(FONTS, 'DejaVuSerif-Bold.ttf');
const SANS_BOLD = path.join(FONTS, 'DejaVuSans-Bold.ttf');

const MARGIN = 80;
const TEXT_WIDTH = CARD.width - 2 * MARGIN;
const HEADLINE = { top: 130, height: 330 };
const HEADLINE_SIZES = [66, 58, 50, 44, 38, 32];

/** Text as Pango markup draws it: escaped, with no control character or lone surrogate (Pango refuses them). */
function markup(text: string, colour: string): string {
  const clean = text.replace(/[\u0000-\u001f\u007f-\u009f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, ' ');
  const escaped = clean.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
  return `<span foreground="${colour}">${escaped}</span>`;
}

/**
 * The size a headline is first tried at: the largest whose lines, by an average glyph width,
 * fill no more than the box. Drawing text is most of what a card costs, so a good first guess
 * is most of the speed.
 */
function firstSize(headline: string): number {
  const fits = (size: number) => Math.ceil((headline.length * size * 0.56) / TEXT_WIDTH) * size * 1.2 <= HEADLINE.height;
  return HEADLINE_SIZES.find(fits) ?? HEADLINE_SIZES[HEADLINE_SIZES.length - 1]!;
}

/** Pixels as sharp hands them over: rows of RGB or RGBA bytes. */
interface Raw {
  data: Buffer;
  width: number;
  height: number;
  channels: 3 | 4;
}

/** Lays RGBA `layer` over RGB `base` at (left, top), in place: cheaper than a pipeline per card. */
function blend(base: Raw, layer: Raw, left: number, top: number, maxHeight = layer.height): void {
  const rows = Math.min(layer.height, maxHeight, base.height - top);
  const columns = Math.min(layer.width, base.width - left);
  const from = layer.data;
  const to = base.data;
  for (let y = 0; y < rows; y++) {
    // Text is mostly paper: a transparent pixel is passed over, an opaque one copied.
    for (let x = 0, at = y * layer.width * 4, on = ((top + y) * base.width + left) * 3; x < columns; x++, at += 4, on += 3) {
      const alpha = from[at + 3]!;
      if (alpha === 0) continue;
      if (alpha === 255) {
        to[on] = from[at]!;
        to[on + 1] = from[at + 1]!;
        to[on + 2] = from[at + 2]!;
        continue;
      }
      const rest = 255 - alpha;
      to[on] = (from[at]! * alpha + to[on]! * rest + 127) / 255;
      to[on + 1] = (from[at + 1]! * alpha + to[on + 1]! * rest + 127) / 255;
      to[on + 2] = (from[at + 2]! * alpha + to[on + 2]! * rest + 127) / 255;
    }
  }
}

async function textRaw(text: string, font: string, fontfile: string, colour: string): Promise<Raw> {
  const sharp = await loadSharp();
  const { data, info } = await sharp({ text: { text: markup(text, colour), font, fontfile, width: TEXT_WIDTH, rgba: true, wrap: 'word-char', dpi: 72 } })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: 4 };
}

function hexRgb(hex: string): [number, number, number] {
  const full = hex.length <= 5 ? hex.slice(1, 4).replace(/./g, (digit) => digit + digit) : hex.slice(1, 7);
  return [0, 2, 4].map((at) => parseInt(full.slice(at, at + 2), 16)) as [number, number, number];
}

function fill(base: Raw, colour: string, left: number, top: number, width: number, height: number): void {
  const rgb = hexRgb(colour);
  for (let y = top; y < top + height; y++) for (let x = left; x < left + width; x++) base.data.set(rgb, (y * base.width + x) * 3);
}

// What every card of a build shares (the paper, the bars, the site's name) and each section's
// kicker are drawn once.
const drawn = new Map<string, Promise<Raw>>();

function once(key: string, draw: () => Promise<Raw>): Promise<Raw> {
  let raw = drawn.get(key);
  if (!raw) {
    raw = draw();
    drawn.set(key, raw);
    if (drawn.size > 256) drawn.delete(drawn.keys().next().value!);
  }
  return raw;
}

const spare: Buffer[] = [];

/** The card as a JPEG. */
export async function drawCard(text: CardText, colours: CardColours): Promise<Uint8Array> {
  const sharp = await loadSharp();
  const frame = await once(JSON.stringify(['frame', text.site, colours]), async () => {
    const base: Raw = { data: Buffer.alloc(CARD.width * CARD.height * 3), width: CARD.width, height: CARD.height, channels: 3 };
    fill(base, colours.paper, 0, 0, CARD.width, CARD.height);
    fill(base, colours.accent, 0, 0, CARD.width, 14);
    fill(base, colours.rule, MARGIN, CARD.height - 110, TEXT_WIDTH, 2);
    blend(base, await textRaw(text.site, 'DejaVu Sans Bold 28px', SANS_BOLD, colours.muted), MARGIN, CARD.height - 85);
    return base;
  });
  // A card's pixels go in memory the last card used: fresh megabytes cost more to touch than to fill.
  const card: Raw = { ...frame, data: spare.pop() ?? Buffer.allocUnsafe(frame.data.length) };
  card.data.set(frame.data);
  if (text.section) {
    const section = text.section;
    blend(card, await once(JSON.stringify(['kicker', section, colours]), () => textRaw(section.toUpperCase(), 'DejaVu Sans Bold 26px', SANS_BOLD, colours.accent)), MARGIN, 70);
  }
  // The largest size at which the headline fits its box; the smallest, cut off, if none does.
  const sizes = HEADLINE_SIZES.slice(HEADLINE_SIZES.indexOf(firstSize(text.headline)));
  let headline = await textRaw(text.headline, `DejaVu Serif Bold ${sizes[0]}px`, SERIF_BOLD, colours.ink);
  for (const size of sizes.slice(1)) {
    if (headline.height <= HEADLINE.height) break;
    headline = await textRaw(text.headline, `DejaVu Serif Bold ${size}px`, SERIF_BOLD, colours.ink);
  }
  blend(card, headline, MARGIN, HEADLINE.top, HEADLINE.height);
  // Without optimised Huffman tables: half the time of the encode (a card's largest cost, 10,000
  // of them in an archive's first build) for a file 15 % larger, which only crawlers fetch.
  try {
    return await sharp(card.data, { raw: { width: card.width, height: card.height, channels: 3 } }).jpeg({ quality: 85, optimiseCoding: false }).toBuffer();
  } finally {
    if (spare.length < 8) spare.push(card.data);
  }
}
