import path from 'node:path';
import type { VFile } from 'vfile';
import { SOURCE_LINK, siteLink } from '../dependencies.js';
import { report, type Place } from '../messages/diagnostics.js';
import { madeByTheSite } from '../urls.js';
import type { ReadContext } from './format.js';

// What a path written in an article points at. Parsing knows the content folder but not how the
// site will link: a reference becomes a marked site path, made an href when the page is rendered.

/** The content-folder path a reference in an article points at, or null when it leaves the folder. */
export function contentPathOf(reference: string, sourcePath: string): string | null {
  let decoded = reference;
  try {
    decoded = decodeURI(reference);
  } catch {
    // Keep it as written.
  }
  const joined = decoded.startsWith('/') ? decoded : path.posix.join(path.posix.dirname(sourcePath), decoded);
  const normalised = path.posix.normalize(`/${joined}`).replace(/^\/+/, '');
  if (normalised.startsWith('..')) return null;
  return normalised;
}

/** Whether a reference names something elsewhere (a scheme, `//host`) or on the same page. */
export function isExternal(reference: string): boolean {
  return /^(?:[a-z][a-z0-9+.-]*:|\/\/)/i.test(reference);
}

/**
 * Whether a path names a file an editor puts in the content folder (`photo.jpg`, `report.pdf`),
 * so that its absence is worth a warning. A folder (`/sections/world/`) or a page by another
 * name (`/about`, `old-story.html`) is the site's to serve, not the folder's to hold.
 */
function namesAContentFile(contentPath: string): boolean {
  return /\.[a-z0-9]+$/i.test(contentPath) && !/\.html?$/i.test(contentPath);
}

/**
 * A reference written in an article body → the link the body keeps: as written when it leaves
 * the content folder; marked as a site path when it names a file the build makes itself (a
 * feed, robots.txt); marked for the article's page when it names another article; marked as a
 * site path otherwise, with a warning when it names a file the folder does not hold.
 */
export function resolveReference(reference: string, context: ReadContext, file: VFile, place: Place | undefined): string {
  if (reference === '' || isExternal(reference) || /^[#?]/.test(reference)) return reference;
  const cut = reference.search(/[?#]/);
  const target = cut === -1 ? reference : reference.slice(0, cut);
  const suffix = cut === -1 ? '' : reference.slice(cut);
  const contentPath = contentPathOf(target, context.sourcePath);
  if (contentPath === null) return reference;
  // Before the formats are asked: `robots.txt` is a file of the site, not wire copy to publish.
  if (madeByTheSite(contentPath)) return siteLink(`/${contentPath}`) + suffix;
  if (context.isArticle(contentPath)) {
    // Where the link was written, for the warning when the linked article is not published.
    const linked = (file.data['linkPlaces'] ??= {}) as Record<string, [number, number]>;
    const start = place && ('start' in place ? place.start : place);
    if (start && !linked[contentPath]) linked[contentPath] = [start.line, start.column];
    return `${SOURCE_LINK}/${contentPath}${suffix}`;
  }
  if (namesAContentFile(contentPath) && !context.assets.has(contentPath)) {
    report(file, `linked file not found in the content folder: ${target}`, {
      place,
      ruleId: 'link-not-found',
      hint: 'check the file name; paths are relative to the article, or to the content folder when they start with /',
    });
  }
  const folder = target.endsWith('/') && contentPath !== '' && !contentPath.endsWith('/') ? '/' : '';
  return siteLink(`/${contentPath}${folder}`) + suffix;
}
