import type { ReadContext } from '../../format.js';
import { contentPathOf } from '../../references.js';

// An agency names its pictures' renditions by URL, or by a file name beside the story in the
// drop folder. A page may show one that is on the web or that arrived with the story.

/** A web URL, protocol-relative included. */
export function isWebUrl(src: string): boolean {
  return /^(?:https?:)?\/\/[^/]/i.test(src.trim());
}

/** Whether a page can show the rendition: it is on the web, or in the content folder. */
export function isReachable(src: string, context: ReadContext): boolean {
  if (isWebUrl(src)) return true;
  if (/^[a-z][a-z0-9+.-]*:/i.test(src)) return false;
  const path = contentPathOf(src, context.sourcePath);
  return path !== null && context.assets.has(path);
}
