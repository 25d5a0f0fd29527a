import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { VFile } from 'vfile';
import { error, warning } from '../diagnostics.js';
import { UsageError } from '../errors.js';

// The only module that reads content from disk: it finds article files and assets,
// reads their bytes and decodes them into text that every later stage can trust.

export interface SourceRef {
  /** Absolute path on disk. */
  absolutePath: string;
  /** Relative to the content folder, with `/` separators. */
  sourcePath: string;
  /** As the user would type it from the working directory; used in messages. */
  displayPath: string;
  /** Identity of the file as last seen: if these match the cache, the file is unchanged. */
  size: number;
  mtimeMs: number;
  ino: number;
}

export interface ContentTree {
  articles: SourceRef[];
  assets: SourceRef[];
  /** Files that could not be taken in at all (a symlink out of the folder, say). */
  problems: VFile[];
}

/** Articles bigger than this are refused rather than risking a hang on a pasted database dump. */
export const MAX_ARTICLE_BYTES = 5 * 1024 * 1024;

const ARTICLE_EXTENSION = /\.(txt|md)$/i;

function isIgnored(name: string): boolean {
  return name.startsWith('.') || name.startsWith('_');
}

function byName(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Finds every article and asset under `contentDir`, in name order, with each file's size and
 * mtime. Synchronous calls: this walk is most of what a no-change rebuild costs, and tens of
 * thousands of small sync calls beat as many promises.
 */
export async function findContent(contentDir: string, cwd: string): Promise<ContentTree> {
  const root = path.resolve(cwd, contentDir);
  const rootStat = statSync(root, { throwIfNoEntry: false });
  if (!rootStat?.isDirectory()) {
    throw new UsageError(
      `content folder not found: ${contentDir}`,
      'create it and put articles in it, or pass --content DIR',
    );
  }
  const realRoot = realpathSync(root);
  const tree: ContentTree = { articles: [], assets: [], problems: [] };
  const relativeCwd = path.relative(cwd, root);

  const walk = (dir: string, relative: string): void => {
    const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => byName(a.name, b.name));
    for (const entry of entries) {
      if (isIgnored(entry.name)) continue;
      const absolutePath = path.join(dir, entry.name);
      const sourcePath = relative ? `${relative}/${entry.name}` : entry.name;
      const displayPath = relativeCwd.startsWith('..') || path.isAbsolute(relativeCwd) ? absolutePath : path.join(relativeCwd, sourcePath);
      if (entry.isDirectory()) {
        walk(absolutePath, sourcePath);
        continue;
      }
      if (entry.isSymbolicLink()) {
        // A symlink may point anywhere, /etc/passwd included: only follow it inside the content folder.
        let target: string | null = null;
        try {
          target = realpathSync(absolutePath);
        } catch {
          target = null;
        }
        if (!target || (target !== realRoot && !target.startsWith(realRoot + path.sep))) {
          const file = new VFile({ path: displayPath });
          warning(file, 'symbolic link points outside the content folder; it is not read', {
            ruleId: 'symlink-outside',
            hint: 'copy the file into the content folder instead of linking to it',
          });
          tree.problems.push(file);
          continue;
        }
        if (lstatSync(target).isDirectory()) {
          const file = new VFile({ path: displayPath });
          warning(file, 'symbolic link to a folder is not followed', {
            ruleId: 'symlink-folder',
            hint: 'move the folder into the content folder instead of linking to it',
          });
          tree.problems.push(file);
          continue;
        }
      } else if (!entry.isFile()) continue;
      const info = statSync(absolutePath);
      const ref: SourceRef = { absolutePath, sourcePath, displayPath, size: info.size, mtimeMs: info.mtimeMs, ino: info.ino };
      (ARTICLE_EXTENSION.test(entry.name) ? tree.articles : tree.assets).push(ref);
    }
  };

  walk(root, '');
  return tree;
}

export interface ReadArticle {
  file: VFile;
  /** Hash of the file's bytes: the cache's key for what the file says. */
  contentHash: string;
}

/** Reads one article file into a VFile whose value is clean text, or which carries the error. */
export function readArticle(ref: SourceRef): ReadArticle {
  const file = new VFile({ path: ref.displayPath, data: { sourcePath: ref.sourcePath } });
  const size = statSync(ref.absolutePath).size;
  if (size > MAX_ARTICLE_BYTES) {
    error(file, `file is ${(size / 1024 / 1024).toFixed(1)} MB; articles are limited to 5 MB`, {
      ruleId: 'file-too-large',
      hint: 'split the article, or move the data it carries into an asset file',
    });
    file.value = '';
    return { file, contentHash: `too-large:${size}` };
  }
  const bytes = readFileSync(ref.absolutePath);
  file.value = decode(bytes, file);
  return { file, contentHash: createHash('sha1').update(bytes).digest('hex') };
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const utf16le = new TextDecoder('utf-16le', { fatal: true });
const utf16be = new TextDecoder('utf-16be', { fatal: true });
const latin1 = new TextDecoder('latin1');

// Node's TextDecoder reads 'windows-1252' as Latin-1, so 0x80–0x9F (curly quotes, dashes, €) need
// their Windows-1252 characters put back by hand.
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

function decodeWindows1252(bytes: Uint8Array): string {
  return latin1.decode(bytes).replace(/[\u0080-\u009f]/g, (char) => CP1252_HIGH[char.charCodeAt(0) - 0x80]!);
}

/** Bytes that Windows-1252 leaves undefined: a file holding them is in neither encoding. */
const CP1252_UNDEFINED = new Set([0x81, 0x8d, 0x8f, 0x90, 0x9d]);

// Control characters other than tab, LF and CR mean the file is not text.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/**
 * Decodes an article's bytes: UTF-8 (BOM dropped), UTF-16 with a BOM, else Windows-1252 with
 * a warning. Line endings become LF. Problems are messages on `file`; returns '' on error.
 */
export function decode(bytes: Uint8Array, file: VFile): string {
  let text: string | null = null;
  try {
    if (bytes[0] === 0xff && bytes[1] === 0xfe) text = utf16le.decode(bytes.subarray(2));
    else if (bytes[0] === 0xfe && bytes[1] === 0xff) text = utf16be.decode(bytes.subarray(2));
  } catch {
    text = null;
  }
  if (text === null) {
    const nul = bytes.indexOf(0);
    if (nul !== -1) return binary(file, bytes, nul);
    try {
      text = utf8.decode(bytes);
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    } catch {
      const bad = firstInvalidUtf8(bytes);
      const undefinedByte = bytes.findIndex((byte) => CP1252_UNDEFINED.has(byte));
      if (undefinedByte !== -1) {
        error(file, 'file is neither UTF-8 nor Windows-1252 text', {
          place: placeOfByte(bytes, undefinedByte),
          ruleId: 'undecodable-text',
          hint: 'save the file as UTF-8 in your editor',
        });
        return '';
      }
      text = decodeWindows1252(bytes);
      warning(file, 'file is not valid UTF-8; read it as Windows-1252', {
        place: placeOfByte(bytes, bad),
        ruleId: 'windows-1252',
        hint: 'save the file as UTF-8 to be sure every character comes out as written',
      });
    }
  }
  text = text.replace(/\r\n?/g, '\n');
  const control = CONTROL.exec(text);
  if (control) return binary(file, bytes, -1, placeOfIndex(text, control.index));
  return text;
}

function binary(file: VFile, bytes: Uint8Array, byteIndex: number, place?: { line: number; column: number }): string {
  error(file, 'file is binary, not text (it holds NUL or control characters)', {
    place: place ?? placeOfByte(bytes, byteIndex),
    ruleId: 'binary-file',
    hint: 'articles must be .txt or .md text; give other files another extension to copy them as assets',
  });
  return '';
}

function firstInvalidUtf8(bytes: Uint8Array): number {
  // Binary search for the longest valid prefix; decoding is the only exact validator we have.
  let low = 0;
  let high = bytes.length;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, middle), { stream: true });
      low = middle;
    } catch {
      high = middle - 1;
    }
  }
  return low;
}

function placeOfByte(bytes: Uint8Array, index: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < index; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: index - lineStart + 1 };
}

function placeOfIndex(text: string, index: number): { line: number; column: number } {
  const before = text.slice(0, index);
  const line = before.split('\n').length;
  return { line, column: index - before.lastIndexOf('\n') };
}

/** The default theme that ships with Broadsheet. */
export const DEFAULT_TEMPLATES_DIR = fileURLToPath(new URL('../../templates', import.meta.url));

export interface Theme {
  /** Template path inside the templates folder (`layouts/base.liquid`) → its text. */
  templates: Record<string, string>;
  /** Template path → where it was read from, for messages. */
  templatePaths: Record<string, string>;
  /** Other files of the theme (CSS, icons), copied to the same path in the output. */
  assets: SourceRef[];
}

/**
 * Reads the default theme, then the user's templates folder over it: a file there replaces the
 * default one of the same name, so a newsroom restyles by copying only what it changes.
 */
export async function readTheme(templatesDir: string | undefined, cwd: string): Promise<Theme> {
  const folders = [DEFAULT_TEMPLATES_DIR];
  if (templatesDir !== undefined) {
    const own = path.resolve(cwd, templatesDir);
    if (!(await stat(own).catch(() => null))?.isDirectory()) {
      throw new UsageError(`templates folder not found: ${templatesDir}`, 'check the path given to --templates');
    }
    if (own !== DEFAULT_TEMPLATES_DIR) folders.push(own);
  }
  const templates: Record<string, string> = {};
  const templatePaths: Record<string, string> = {};
  const assets = new Map<string, SourceRef>();
  for (const folder of folders) {
    const tree = await findContent(folder, cwd);
    for (const ref of [...tree.articles, ...tree.assets]) {
      if (ref.sourcePath.endsWith('.liquid')) {
        templates[ref.sourcePath] = await readFile(ref.absolutePath, 'utf8');
        templatePaths[ref.sourcePath] = ref.displayPath;
      }
      else if (!/(^|\/)README\.md$/i.test(ref.sourcePath)) assets.set(ref.sourcePath, ref);
    }
  }
  return { templates, templatePaths, assets: [...assets.values()].sort((a, b) => byName(a.sourcePath, b.sourcePath)) };
}

const IMAGE_EXTENSION = /\.(?:jpe?g|png|gif|webp|avif|svg|bmp|tiff?)$/i;

/**
 * Pixel sizes of the image assets, by path in the content folder, so pages can reserve their
 * space (no layout shift). An image whose size cannot be read is simply left out.
 */
export async function readImageSizes(assets: SourceRef[]): Promise<Map<string, { width: number; height: number }>> {
  const sizes = new Map<string, { width: number; height: number }>();
  const images = assets.filter((asset) => IMAGE_EXTENSION.test(asset.sourcePath));
  if (images.length === 0) return sizes;
  const { imageSizeFromFile } = await import('image-size/fromFile');
  for (let i = 0; i < images.length; i += 32) {
    await Promise.all(
      images.slice(i, i + 32).map(async (image) => {
        const size = await imageSizeFromFile(image.absolutePath).catch(() => null);
        if (size?.width && size.height) sizes.set(image.sourcePath, { width: size.width, height: size.height });
      }),
    );
  }
  return sizes;
}
