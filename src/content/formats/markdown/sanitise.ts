import type { Element, Root as HastRoot } from 'hast';
import rehypeParse from 'rehype-parse';
import rehypeSanitize, { defaultSchema, type Options as SanitizeSchema } from 'rehype-sanitize';
import rehypeStringify from 'rehype-stringify';
import { unified } from 'unified';
import { SKIP, visit } from 'unist-util-visit';
import { isSafeImageUrl, isSafeUrl } from '../../../escape.js';
import type { Place } from '../../../messages/diagnostics.js';
import type { BodyData, BodyProblem } from './types.js';

// Raw HTML in a Markdown body: spotted for the writer, then sanitised to what a news page may
// hold, with its URLs resolved like Markdown's.

const DANGEROUS_RAW_HTML =
  /<\s*\/?\s*(script|style|iframe|object|embed|frame|frameset|applet|base|form|meta|link|svg|math)\b|\son[a-z]+\s*=|(?:javascript|vbscript)\s*:|data\s*:(?!\s*image\/)/i;

/**
 * Raw HTML with its character references decoded and tabs and newlines dropped, as a browser
 * reads a URL: `&#106;avascript:` and `java&Tab;script:` are `javascript:`. Only for spotting what
 * the sanitiser will remove, so the writer is told.
 */
function asBrowserReads(html: string): string {
  const named: Record<string, string> = { colon: ':', tab: '', newline: '', lpar: '(', rpar: ')' };
  // `&#60;script&#62;` is text a reader sees, not a tag: angle brackets stay encoded.
  const char = (point: number) => (point === 0x3c || point === 0x3e ? ' ' : point > 0 && point <= 0x10ffff ? String.fromCodePoint(point) : '');
  return html
    .replace(/&#x([0-9a-f]+);?/gi, (_, hex: string) => char(parseInt(hex, 16)))
    .replace(/&#(\d+);?/g, (_, decimal: string) => char(Number(decimal)))
    .replace(/&(colon|tab|newline|lpar|rpar);/gi, (_, name: string) => named[name.toLowerCase()]!)
    .replace(/[\t\n\r]/g, '');
}

const aria = ['ariaDescribedBy', 'ariaLabel', 'ariaLabelledBy', 'ariaHidden'];
// Only what is valid HTML today: no `input` (the default keeps it for GFM task lists, which
// articles do not have; a form's field would come out as a stray checkbox), no `strike`, `tt` or
// `center`, and none of the default's presentational attributes (`align`, `border`…).
const ALLOWED_TAGS = [
  ...(defaultSchema.tagNames ?? []).filter((name) => !['input', 'strike', 'tt'].includes(name)),
  'figure', 'figcaption', 'cite', 'abbr', 'mark', 'time', 'small', 'u', 'dfn', 'caption', 'aside', 'section', 'bdi', 'bdo', 'footer', 'header',
];
// Removed with what they hold: fallback text inside a player is not part of the story.
const STRIPPED_TAGS = ['script', 'style', 'template', 'noscript', 'video', 'audio'];
/** What the sanitiser will take out of a piece of raw HTML, told to the writer before it does. */
export function rawHtmlProblems(html: string, place: Place | undefined): BodyProblem[] {
  const problems: BodyProblem[] = [];
  const danger = DANGEROUS_RAW_HTML.exec(html) ?? DANGEROUS_RAW_HTML.exec(asBrowserReads(html));
  if (danger) {
    problems.push({
      reason: `raw HTML removed from the body: \`${danger[0].trim()}\` is not allowed`,
      place,
      ruleId: 'unsafe-html',
      hint: 'scripts, styles, frames, event handlers and javascript: links never reach the page; remove them',
    });
    return problems;
  }
  // Harmless but unsupported elements go too; the writer is told rather than left to wonder.
  for (const [, name] of html.matchAll(/<([a-z][a-z0-9-]*)/gi)) {
    const tag = name!.toLowerCase();
    if (ALLOWED_TAGS.includes(tag)) continue;
    problems.push({
      reason: `raw HTML \`<${tag}>\` is not supported: ${STRIPPED_TAGS.includes(tag) ? 'it is removed with what it holds' : 'it is removed and its text kept'}`,
      place,
      ruleId: 'unsupported-html',
      hint: tag === 'video' || tag === 'audio' ? 'link to the recording instead: [Watch the video](https://…)' : 'use Markdown, or the elements listed in the README',
    });
  }
  return problems;
}

const sanitizeSchema: SanitizeSchema = {
  ...defaultSchema,
  tagNames: ALLOWED_TAGS,
  attributes: {
    '*': ['id', 'className', 'lang', 'dir', 'title', ...aria],
    // `name` becomes an id in rehypeNewsroom: old anchors keep working.
    a: ['href', 'target', 'rel', 'hrefLang', 'name'],
    img: ['src', 'alt', 'width', 'height', 'loading', 'decoding'],
    source: ['srcSet', 'type', 'media', 'sizes', 'width', 'height'],
    ol: ['start', 'reversed', 'type'],
    li: ['value'],
    td: ['colSpan', 'rowSpan', 'headers'],
    th: ['colSpan', 'rowSpan', 'headers', 'scope', 'abbr'],
    time: ['dateTime'],
    del: ['cite', 'dateTime'],
    ins: ['cite', 'dateTime'],
    q: ['cite'],
    blockquote: ['cite'],
    details: ['open'],
    abbr: ['title'],
  },
  protocols: { ...defaultSchema.protocols, href: ['http', 'https', 'mailto'], src: ['http', 'https', 'data'], cite: ['http', 'https'] },
  strip: STRIPPED_TAGS,
  // Ids from remark already carry the prefix; raw-HTML ids get it in rehypeNewsroom.
  clobber: [],
};

/** Raw HTML, after sanitising: resolve its URLs like Markdown's, and finish images and links. */
function rehypeNewsroom() {
  return (tree: HastRoot, file: { data: Partial<{ body: BodyData }> }) => {
    const state = file.data.body;
    visit(tree, 'element', (node: Element, index, parent) => {
      const { properties } = node;
      for (const key of ['src', 'href'] as const) {
        const value = properties[key];
        if (typeof value !== 'string') continue;
        if (!(key === 'src' ? isSafeImageUrl(value) : isSafeUrl(value))) {
          delete properties[key];
          continue;
        }
        if (!state) continue;
        if (node.tagName === 'img' && key === 'src' && properties['width'] === undefined) {
          const size = state.options.sizeOf?.(value);
          if (size) Object.assign(properties, size);
        }
        properties[key] = state.options.resolveUrl(value, undefined);
      }
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
      if (node.tagName === 'img') {
        // An image with nothing to show goes; one without alt text is decorative until given some.
        if (typeof properties['src'] !== 'string' && parent && index !== undefined) {
          parent.children.splice(index, 1);
          return [SKIP, index];
        }
        if (properties['alt'] === undefined) {
          properties['alt'] = '';
          state?.problems.push({
            reason: 'image in raw HTML has no alt text',
            place: undefined,
            ruleId: 'image-alt',
            hint: 'describe the image in its alt attribute, for readers who cannot see it',
          });
        }
        properties['loading'] ??= 'lazy';
        properties['decoding'] ??= 'async';
      }
      return undefined;
    });
  };
}

export const sanitizeProcessor = unified()
  .use(rehypeParse, { fragment: true })
  .use(rehypeSanitize, sanitizeSchema)
  .use(rehypeNewsroom)
  .use(rehypeStringify)
  .freeze();

// Sanitising can leave structure a browser would parse differently (a table inside a paragraph,
// once a <math> around it is gone); parsing and writing it once more makes what is written what
// the browser builds.
export const normaliseProcessor = unified().use(rehypeParse, { fragment: true }).use(rehypeStringify).freeze();
