import type { Element, ElementContent, Parents, Properties, Root } from 'hast';
import { SKIP, visit } from 'unist-util-visit';
import { isSafeImageUrl, isSafeUrl } from '../../../escape.js';
import { srcsetCandidates, unsafeScheme } from './sanitise.js';
import type { BodyData, Removal } from './types.js';

// A body with raw HTML, after sanitising: every URL in it (written in Markdown or in HTML, which
// are elements alike by now) resolved like Markdown's, and images and links finished.

type Point = { line: number; column: number };

/** Finishes a sanitised tree in place; unsafe URLs it removes are added to `removals`. */
export function finishRawHtml(tree: Root, body: BodyData, removals: Removal[]): void {
  visit(tree, 'element', (node: Element, index, parent) => {
    const start = node.position?.start;
    const place = start && { line: start.line, column: start.column };
    const removed = (url: string) => {
      const what = unsafeScheme(url);
      if (what !== null && start?.offset !== undefined) removals.push({ offset: start.offset, unsafe: true, element: false, what, withContent: false });
    };
    resolveUrls(node, body, place, removed);
    finishElement(node);
    if (node.tagName !== 'img') return undefined;
    // An image with nothing to show goes; one without alt text is decorative until given some.
    if (typeof node.properties['src'] !== 'string' && parent && index !== undefined) {
      parent.children.splice(index, 1);
      return [SKIP, index];
    }
    if (node.properties['alt'] === undefined) {
      node.properties['alt'] = '';
      body.problems.push({ reason: 'image in raw HTML has no alt text', place, ruleId: 'image-alt', hint: 'describe the image in its alt attribute, for readers who cannot see it' });
    }
    node.properties['loading'] ??= 'lazy';
    node.properties['decoding'] ??= 'async';
    return undefined;
  });
  dropEmptyParagraphs(tree);
  followPrefixedIds(tree);
}

/** An element's `src`, `href` and `srcset` resolved like Markdown's, or removed when unsafe. */
function resolveUrls(node: Element, body: BodyData, place: Point | undefined, removed: (url: string) => void): void {
  const { properties } = node;
  for (const key of ['src', 'href'] as const) {
    const value = properties[key];
    if (typeof value !== 'string') continue;
    if (!(key === 'src' ? isSafeImageUrl(value) : isSafeUrl(value))) {
      delete properties[key];
      removed(value);
      continue;
    }
    if (node.tagName === 'img' && key === 'src' && properties['width'] === undefined) {
      const size = body.options.sizeOf?.(value);
      if (size) Object.assign(properties, size);
    }
    properties[key] = body.options.resolveUrl(value, place);
  }
  if (properties['srcSet'] !== undefined) resolveSrcset(properties, body, place, removed);
}

/** Headings, anchors, ids and links as a page of the site has them. */
function finishElement(node: Element): void {
  const { properties } = node;
  // The headline is the page's one <h1>; Markdown's were moved down already, raw ones follow.
  if (node.tagName === 'h1') node.tagName = 'h2';
  if (node.tagName === 'a' && typeof properties['name'] === 'string') {
    properties['id'] ??= properties['name'];
    delete properties['name'];
  }
  const id = properties['id'];
  if (typeof id === 'string' && !id.startsWith('user-content-')) properties['id'] = `user-content-${id}`;
  // A link that opens elsewhere (a new tab, another site) gets no handle on this page.
  const external = typeof properties['href'] === 'string' && /^(?:https?:)?\/\//i.test(properties['href']);
  if (node.tagName === 'a' && (properties['target'] !== undefined || external)) {
    const rel = new Set(Array.isArray(properties['rel']) ? properties['rel'].map(String) : []);
    rel.add('noopener');
    properties['rel'] = [...rel];
  }
}

/** Each image a `srcset` offers, resolved like a `src`; one with an unsafe URL goes. */
function resolveSrcset(properties: Properties, body: BodyData, place: Point | undefined, removed: (url: string) => void): void {
  const value = properties['srcSet'];
  // The tree holds a srcset split at commas; a data: URL has commas of its own.
  const candidates = srcsetCandidates(Array.isArray(value) ? value.join(',') : String(value));
  const kept: string[] = [];
  for (const { url, descriptor } of candidates) {
    if (!isSafeImageUrl(url)) {
      removed(url);
      continue;
    }
    const resolved = body.options.resolveUrl(url, place);
    kept.push(descriptor === '' ? resolved : `${resolved} ${descriptor}`);
  }
  if (kept.length > 0) properties['srcSet'] = kept.join(', ');
  else delete properties['srcSet'];
}

/** What the sanitiser emptied (a paragraph that held only a player), or a paragraph of nothing but space, goes, with the line after it. */
function dropEmptyParagraphs(parent: Parents): void {
  const children = parent.children as ElementContent[];
  for (let index = 0; index < children.length; index++) {
    const node = children[index]!;
    if (node.type !== 'element') continue;
    const empty = node.tagName === 'p' && Object.keys(node.properties).length === 0 && node.children.every((child) => child.type === 'text' && child.value.trim() === '');
    if (!empty) {
      dropEmptyParagraphs(node);
      continue;
    }
    const next = children[index + 1];
    if (next?.type === 'text' && next.value.startsWith('\n')) {
      next.value = next.value.slice(1);
      if (next.value === '') children.splice(index + 1, 1);
    }
    children.splice(index, 1);
    index--;
  }
}

/**
 * Raw-HTML ids carry a prefix so they cannot clobber the page's own (`user-content-box`); a link
 * to `#box` in the same body follows it there.
 */
function followPrefixedIds(tree: Root): void {
  const ids = new Set<string>();
  visit(tree, 'element', (node) => {
    const id = node.properties['id'];
    if (typeof id === 'string' && id.startsWith('user-content-')) ids.add(id.slice('user-content-'.length));
  });
  if (ids.size === 0) return;
  visit(tree, 'element', (node) => {
    const href = node.properties['href'];
    if (typeof href === 'string' && href.startsWith('#') && ids.has(href.slice(1))) node.properties['href'] = `#user-content-${href.slice(1)}`;
  });
}
