import type { ContentFormat } from '../format.js';
import { anpa } from './anpa.js';
import { iptc7901 } from './iptc7901.js';
import { markdown } from './markdown/index.js';
import { newsml } from './newsml.js';
import { ninjs } from './ninjs.js';
import { wire } from './wire.js';

// The content formats Broadsheet reads. Adding one is a file in this folder and a line here.

// Agency transmissions first: they are known by their control bytes, and often arrive as `.txt`.
const BUILT_IN: readonly ContentFormat[] = [anpa, iptc7901, wire, markdown, ninjs, newsml];

/** How many leading bytes a format's sniff sees. */
export const SNIFF_BYTES = 512;

let formats: readonly ContentFormat[] = BUILT_IN;
let byExtension = extensionsOf(formats);
let sniffing = formats.some((format) => format.sniff);

function extensionsOf(list: readonly ContentFormat[]): Map<string, ContentFormat> {
  const map = new Map<string, ContentFormat>();
  for (const format of list) for (const extension of format.extensions ?? []) if (!map.has(extension)) map.set(extension, format);
  return map;
}

function use(list: readonly ContentFormat[]): void {
  formats = list;
  byExtension = extensionsOf(list);
  sniffing = list.some((format) => format.sniff);
}

/**
 * Adds a format ahead of the built-in ones, so it may claim by sniff what an extension would
 * give another. Registration is per thread: a build that uses it parses in this thread
 * (`inlinePool`). Returns a function that takes it out again.
 */
export function registerFormat(format: ContentFormat): () => void {
  use([format, ...formats.filter((known) => known.id !== format.id)]);
  return () => use(formats.filter((known) => known !== format));
}

const prepared = new WeakMap<ContentFormat, Promise<void>>();

/**
 * Loads the parsers of `list` (every format's, when not given), each once per thread: reading a
 * file awaits its format's. A site of wire copy never loads the Markdown stack, nor one of
 * Markdown the agencies' parsers.
 */
export async function prepareFormats(list: Iterable<ContentFormat> = formats): Promise<void> {
  const loading: Promise<void>[] = [];
  for (const format of list) {
    if (!format.prepare) continue;
    let ready = prepared.get(format);
    if (!ready) prepared.set(format, (ready = format.prepare()));
    loading.push(ready);
  }
  await Promise.all(loading);
}

/** Every format, in the order they are asked. */
export function contentFormats(): readonly ContentFormat[] {
  return formats;
}

function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot <= 0 ? '' : name.slice(dot).toLowerCase();
}

/** The format a file name claims by its extension, if any. */
export function formatByName(name: string): ContentFormat | null {
  return byExtension.get(extensionOf(name.slice(name.lastIndexOf('/') + 1))) ?? null;
}

// Files no agency sends its copy as: their first bytes are never read, so a site with thousands of
// photos does not open each one on every build to learn it is a photo.
const MEDIA = new Set(['.jpg', '.jpeg', '.png', '.gif', '.webp', '.avif', '.svg', '.ico', '.tif', '.tiff', '.heic', '.pdf', '.mp3', '.mp4', '.m4a', '.webm', '.mov', '.wav', '.woff', '.woff2', '.ttf', '.otf', '.css', '.js', '.mjs', '.map', '.html', '.htm', '.zip', '.gz']);

/** Whether a file no extension claims may be claimed by its first bytes: read them only then. */
export function maySniff(name: string): boolean {
  return sniffing && !MEDIA.has(extensionOf(name.slice(name.lastIndexOf('/') + 1)));
}

export interface Claim {
  format: ContentFormat;
  /** A sniffed file is read as raw bytes; one claimed by name, as decoded text. */
  by: 'sniff' | 'extension';
}

/** Which format reads a file: one that recognises its first bytes, else one that claims its name. */
export function claimFile(name: string, head: Uint8Array | null): Claim | null {
  if (head && sniffing) {
    const sample = head.subarray(0, SNIFF_BYTES);
    const format = formats.find((candidate) => candidate.sniff?.(sample));
    if (format) return { format, by: 'sniff' };
  }
  const format = formatByName(name);
  return format ? { format, by: 'extension' } : null;
}
