import type { Sniffed } from './types.js';

// What a file is, by its first bytes: a `.jpg` that is really an HTML error page, saved from a
// browser, is common in newsrooms, and its name says nothing true about it.

const text = new TextDecoder('utf-8', { fatal: false });

export function sniff(bytes: Uint8Array): Sniffed {
  if (bytes.length === 0) return 'empty';
  const at = (offset: number, ...values: number[]) => values.every((value, i) => bytes[offset + i] === value);
  const ascii = (offset: number, length: number) => String.fromCharCode(...bytes.subarray(offset, offset + length));
  if (at(0, 0xff, 0xd8, 0xff)) return 'jpeg';
  if (at(0, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'png';
  if (ascii(0, 4) === 'GIF8') return 'gif';
  if (ascii(0, 4) === 'RIFF' && ascii(8, 4) === 'WEBP') return 'webp';
  if (at(0, 0x49, 0x49, 0x2a, 0x00) || at(0, 0x4d, 0x4d, 0x00, 0x2a)) return 'tiff';
  if (ascii(4, 4) === 'ftyp') {
    // The major brand, then the compatible ones: an AVIF may name `mif1` first.
    const size = Math.min(bytes.length, ((bytes[0]! << 24) | (bytes[1]! << 16) | (bytes[2]! << 8) | bytes[3]!) >>> 0, 64);
    const brands: string[] = [];
    for (let offset = 8; offset + 4 <= size; offset += offset === 8 ? 8 : 4) brands.push(ascii(offset, 4));
    if (brands.some((brand) => brand === 'avif' || brand === 'avis')) return 'avif';
    if (brands.some((brand) => /^(?:hei[cmsx]|hev[cmsx]|mif1|msf1)$/.test(brand))) return 'heic';
    return 'unknown';
  }
  const head = text.decode(bytes.subarray(0, 2048)).replace(/^\uFEFF/, '').trimStart().toLowerCase();
  if (/^<!doctype html|^<html[\s>]/.test(head) || /<(?:head|body)[\s>]/.test(head)) return 'html';
  if (/^(?:<\?xml[^>]*>\s*)?(?:<!--[\s\S]*?-->\s*)*(?:<!doctype svg[^>]*>\s*)?<svg[\s>]/.test(head)) return 'svg';
  return 'unknown';
}

/**
 * An SVG that is safe to draw as pixels: no script or event handler, nothing from elsewhere (a
 * file, a web address), no entities. Anything else is still served as a file, which a browser
 * shows as an image without running it, but never drawn here or put inline in a page.
 */
export function drawableSvg(source: string): boolean {
  if (/<script[\s>]|<foreignObject[\s>]|<!ENTITY|\son[a-z]+\s*=/i.test(source)) return false;
  for (const match of source.matchAll(/\b(?:xlink:)?href\s*=\s*["']([^"']*)["']/gi)) {
    if (!/^(?:#|data:image\/(?:png|jpeg|gif|webp);)/i.test(match[1]!.trim())) return false;
  }
  for (const match of source.matchAll(/url\(\s*["']?([^)"']*)/gi)) if (!match[1]!.trim().startsWith('#')) return false;
  return !/@import/i.test(source);
}
