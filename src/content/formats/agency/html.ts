import type { Element, ElementContent, Root, RootContent } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { toHtml } from 'hast-util-to-html';
import { blockText, oneLine } from '../../../text.js';

// HTML as agencies put it in JSON (ninjs `body_html`, `description_html`): fragments or whole
// documents, to be read as words or made the story's body before the sanitiser sees it. Loaded by
// the format's `prepare`, with the HTML parser.

/** Words of an HTML fragment as one line of text: for a dek or a caption, never markup. */
export function htmlText(html: string): string {
  // Text it stays: a description too deep to parse safely loses its tags to a pattern instead.
  if (nestsTooDeep(html)) return oneLine(html.replace(/<[^>]*>/g, ' '));
  return oneLine(blockText(fromHtml(html, { fragment: true })));
}

// Elements that hold nothing, or close themselves when the next one opens (`<p>`, `<li>`):
// copy that leaves them open does not nest.
const NOT_NESTING = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr', 'p', 'li', 'dt', 'dd', 'tr', 'td', 'th', 'thead', 'tbody', 'tfoot', 'colgroup', 'caption', 'option', 'optgroup', 'rb', 'rt', 'rtc', 'rp']);
// No story nests elements this deep; a hostile one that does would make the syntax tree's
// walkers overflow the stack, and the parser's formatting rules take quadratic time on it.
export const MAX_HTML_NESTING = 256;

export function nestsTooDeep(html: string): boolean {
  let depth = 0;
  for (const [, close, name, selfClosing] of html.matchAll(/<(\/?)([a-zA-Z][\w:-]*)[^>]*?(\/?)>/g)) {
    if (selfClosing || NOT_NESTING.has(name!.toLowerCase())) continue;
    depth = close ? Math.max(0, depth - 1) : depth + 1;
    if (depth > MAX_HTML_NESTING) return true;
  }
  return false;
}

// Wrappers an agency puts around the story, looked into for a headline that repeats the item's.
const WRAPPERS = new Set(['article', 'section', 'header', 'div', 'main']);
// The page is the article: an agency's own `<article>` or `<main>` inside it is only a wrapper.
const PAGE_ELEMENTS = new Set(['article', 'main']);

/**
 * The story of an HTML body: a whole document's `<body>`, out of its `<article>`, without a first
 * heading that repeats the headline (the page shows that already). The rest is the sanitiser's.
 */
export function storyHtml(html: string, headline: string): string {
  const whole = /<(?:html|body)[\s>]/i.test(html);
  const tree = fromHtml(html, { fragment: !whole }) as Root;
  const body = whole ? findElement(tree, (element) => element.tagName === 'body') : undefined;
  const story: Root = { type: 'root', children: unwrapped((body ?? tree).children as RootContent[]) };
  const repeated = firstHeading(story.children, headline);
  if (repeated) repeated.siblings.splice(repeated.siblings.indexOf(repeated.heading), 1);
  // Left as written when nothing was taken out, so what the sanitiser quotes is what the agency sent.
  return whole || repeated || /<(?:article|main)\b/i.test(html) ? toHtml(story) : html;
}

function unwrapped(children: RootContent[]): RootContent[] {
  return children.flatMap((child) => {
    if (child.type !== 'element') return [child];
    if (PAGE_ELEMENTS.has(child.tagName)) return unwrapped(child.children as RootContent[]);
    child.children = unwrapped(child.children as RootContent[]) as ElementContent[];
    return [child];
  });
}

function findElement(node: Root | Element, test: (element: Element) => boolean): Element | undefined {
  for (const child of node.children) {
    if (child.type !== 'element') continue;
    if (test(child)) return child;
    const found = findElement(child, test);
    if (found) return found;
  }
  return undefined;
}

function firstHeading(children: (RootContent | ElementContent)[], headline: string): { heading: Element; siblings: (RootContent | ElementContent)[] } | undefined {
  const first = children.find((child) => child.type === 'element' || (child.type === 'text' && child.value.trim() !== ''));
  if (first?.type !== 'element') return undefined;
  if (/^h[12]$/.test(first.tagName)) {
    const same = (text: string) => oneLine(text).toLowerCase();
    return same(blockText(first)) === same(headline) ? { heading: first, siblings: children } : undefined;
  }
  return WRAPPERS.has(first.tagName) ? firstHeading(first.children, headline) : undefined;
}
