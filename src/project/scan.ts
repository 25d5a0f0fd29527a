import { createHash } from 'node:crypto';
import { closeSync, lstatSync, openSync, readdirSync, readSync, realpathSync, statSync, type Dirent } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { VFile } from 'vfile';
import { report } from '../messages/diagnostics.js';
import { UsageError } from '../messages/errors.js';
import { claimFile, formatByName, maySniff, SNIFF_BYTES } from '../content/formats/index.js';
import type { RuleId } from '../messages/rules.js';

// Finds what the content folder holds: article files and assets, with each file's identity
// (size, mtime, inode), and reads the theme. The article files themselves are read and decoded
// by read.ts, in whichever thread parses them.

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
  /**
   * A live story's updates, when this is its `index.md`: the story is read, cached and rebuilt
   * as one, so its identity above stands for every file of the folder.
   */
  parts?: SourceRef[];
}

export interface ContentTree {
  articles: SourceRef[];
  assets: SourceRef[];
  /** Files that could not be taken in at all (a symlink out of the folder, say). */
  problems: VFile[];
}

function isIgnored(name: string): boolean {
  return name.startsWith('.') || name.startsWith('_');
}

/**
 * Whether some format claims a file: by its name, or else by its first bytes. Files are opened
 * for this only when a format sniffs, and only those no name claims (assets, mostly).
 */
function isArticle(absolutePath: string, name: string): boolean {
  if (formatByName(name)) return true;
  if (!maySniff(name)) return false;
  const head = headOf(absolutePath, SNIFF_BYTES);
  return head !== null && claimFile(name, head) !== null;
}

/** The first `bytes` of a file (fewer when it is shorter); null when it cannot be read. */
function headOf(absolutePath: string, bytes: number): Uint8Array | null {
  const head = new Uint8Array(bytes);
  try {
    const fd = openSync(absolutePath, 'r');
    try {
      return head.subarray(0, readSync(fd, head, 0, bytes, 0));
    } finally {
      closeSync(fd);
    }
  } catch {
    return null;
  }
}

/** The file that makes a folder a live story, and what it is called in messages. */
export const LIVE_INDEX = 'index.md';
const LIVE_FOLDER = /-live$/i;
const LIVE_KEY = /^---\r?\n(?:(?!---).*\r?\n)*?live\s*:/i;

/**
 * A live story is a folder: an `index.md` whose front matter has `live:`, and its updates beside
 * it. A folder named `…-live` is one too, so that a missing index is said rather than its
 * updates published as stories of their own.
 */
function isLiveFolder(dir: string, name: string, entries: Dirent[]): boolean {
  if (LIVE_FOLDER.test(name)) return true;
  const index = entries.find((entry) => entry.name === LIVE_INDEX && entry.isFile());
  // The front matter's first keys are enough.
  return index !== undefined && LIVE_KEY.test(new TextDecoder().decode(headOf(`${dir}${path.sep}${LIVE_INDEX}`, 4096) ?? new Uint8Array()));
}

/** One identity for the files of a live story: any file added, removed or changed changes it. */
function liveStory(index: SourceRef, updates: SourceRef[]): SourceRef {
  const parts = [index, ...updates];
  const identity = createHash('sha1');
  for (const part of parts) identity.update(`${part.sourcePath}\0${part.size}\0${part.mtimeMs}\0${part.ino}\n`);
  return {
    ...index,
    size: parts.reduce((sum, part) => sum + part.size, 0),
    mtimeMs: Math.max(...parts.map((part) => part.mtimeMs)),
    ino: Number.parseInt(identity.digest('hex').slice(0, 13), 16),
    parts: updates,
  };
}

function byName(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Finds every article and asset under `contentDir`, in name order, with each file's size and
 * mtime. Synchronous calls: this walk is most of what a no-change rebuild costs, and tens of
 * thousands of small sync calls beat as many promises.
 */
export async function findContent(contentDir: string, cwd: string, folderKind: 'content' | 'templates' = 'content'): Promise<ContentTree> {
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
  // Files with a problem are rare; the VFile library is loaded only when there is one.
  const problems: { displayPath: string; reason: string; ruleId: RuleId; hint: string }[] = [];
  const relativeCwd = path.relative(cwd, root);
  // Messages name files as typed from the working directory, or absolutely when the content
  // folder is outside it. Plain string joins: path.join on every file is a noticeable part of a
  // no-change rebuild at 10,000 articles, and these parts are already normal.
  const displayPrefix = relativeCwd.startsWith('..') || path.isAbsolute(relativeCwd) ? (root.endsWith(path.sep) ? root : root + path.sep) : relativeCwd ? relativeCwd + path.sep : '';

  const walk = (dir: string, relative: string): void => {
    const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => byName(a.name, b.name));
    const parent = dir.endsWith(path.sep) ? dir : dir + path.sep;
    const live = folderKind === 'content' && relative !== '' && isLiveFolder(dir, path.basename(dir), entries);
    const articles = live ? [] : tree.articles;
    for (const entry of entries) {
      if (isIgnored(entry.name)) continue;
      const absolutePath = parent + entry.name;
      const sourcePath = relative ? `${relative}/${entry.name}` : entry.name;
      const displayPath = displayPrefix + (path.sep === '/' ? sourcePath : sourcePath.replaceAll('/', path.sep));
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
          problems.push({
            displayPath,
            reason: `symbolic link points outside the ${folderKind} folder; it is not read`,
            ruleId: 'symlink-outside',
            hint: `copy the file into the ${folderKind} folder instead of linking to it`,
          });
          continue;
        }
        if (lstatSync(target).isDirectory()) {
          problems.push({
            displayPath,
            reason: 'symbolic link to a folder is not followed',
            ruleId: 'symlink-folder',
            hint: 'move the folder into the content folder instead of linking to it',
          });
          continue;
        }
      } else if (!entry.isFile()) continue;
      const info = statSync(absolutePath);
      const ref: SourceRef = { absolutePath, sourcePath, displayPath, size: info.size, mtimeMs: info.mtimeMs, ino: info.ino };
      (isArticle(absolutePath, entry.name) ? articles : tree.assets).push(ref);
    }
    if (!live) return;
    const index = articles.find((ref) => ref.sourcePath === `${relative}/${LIVE_INDEX}`);
    if (index) tree.articles.push(liveStory(index, articles.filter((ref) => ref !== index)));
    else {
      problems.push({
        displayPath: displayPrefix + relative.replaceAll('/', path.sep),
        reason: `live folder has no ${LIVE_INDEX}, so its ${articles.length} ${articles.length === 1 ? 'update is' : 'updates are'} not published`,
        ruleId: 'live-no-index',
        hint: `add ${LIVE_INDEX} with the story's headline and \`live: {start: …}\` in its front matter (broadsheet new --live "Headline" makes one)`,
      });
    }
  };

  walk(root, '');
  if (problems.length > 0) {
    const { VFile } = await import('vfile');
    for (const problem of problems) {
      const file = new VFile({ path: problem.displayPath });
      report(file, problem.reason, { ruleId: problem.ruleId, hint: problem.hint });
      tree.problems.push(file);
    }
  }
  return tree;
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
  /** Files of the theme that could not be taken in (a symlink out of the folder, say). */
  problems: VFile[];
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
  const problems: VFile[] = [];
  for (const folder of folders) {
    const tree = await findContent(folder, cwd, 'templates');
    problems.push(...tree.problems);
    for (const ref of [...tree.articles, ...tree.assets]) {
      if (ref.sourcePath.endsWith('.liquid')) {
        templates[ref.sourcePath] = await readFile(ref.absolutePath, 'utf8');
        templatePaths[ref.sourcePath] = ref.displayPath;
      }
      else if (!/(^|\/)README\.md$/i.test(ref.sourcePath)) assets.set(ref.sourcePath, ref);
    }
  }
  return { templates, templatePaths, assets: [...assets.values()].sort((a, b) => byName(a.sourcePath, b.sourcePath)), problems };
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
