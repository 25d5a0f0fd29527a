import type { Element, Parents, Properties, Root } from 'hast';
import { defaultSchema, sanitize, type Schema } from 'hast-util-sanitize';
import { visit } from 'unist-util-visit';
import type { BodyProblem, RawHtml, Removal } from './types.js';

// Raw HTML in a Markdown body, sanitised on the syntax tree to what a news page may hold. The
// writer is told what the sanitiser took out, found by comparing the tree before and after it:
// words that only look like markup (`Metadata:`, `JavaScript:` in a sentence) are never blamed.

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
// What can run script, load a page or restyle this one: the writer is told these were unsafe,
// rather than merely unsupported.
const DANGEROUS_TAGS = new Set(['script', 'style', 'iframe', 'object', 'embed', 'frame', 'frameset', 'applet', 'base', 'form', 'meta', 'link', 'svg', 'math']);

const schema: Schema = {
  ...defaultSchema,
  tagNames: ALLOWED_TAGS,
  attributes: {
    '*': ['id', 'className', 'lang', 'dir', 'title', ...aria],
    // `name` becomes an id when the tree is finished: old anchors keep working.
    a: ['href', 'target', 'rel', 'hrefLang', 'name'],
    img: ['src', 'srcSet', 'sizes', 'alt', 'width', 'height', 'loading', 'decoding'],
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
  // Ids from remark already carry the prefix; raw-HTML ids get it when the tree is finished.
  clobber: [],
};

export interface Sanitised {
  tree: Root;
  removals: Removal[];
  /**
   * Whether an element was taken out with its content kept in its place, which can leave
   * nesting a browser would build differently (a table inside a paragraph, once the <math>
   * around it is gone).
   */
  unwrapped: boolean;
}

/** The tree as the schema allows it, and what was taken out of the raw HTML in it. */
export function sanitiseTree(tree: Root, rawHtml: RawHtml[]): Sanitised {
  const clean = sanitize(tree, schema) as Root;
  const kept = new Map<string, Element>();
  visit(clean, 'element', (node) => {
    const key = keyOf(node);
    if (key !== null) kept.set(key, node);
  });
  const result: Sanitised = { tree: clean, removals: [], unwrapped: false };
  compare(tree, kept, (offset) => rawIndex(rawHtml, offset) !== -1, result, false);
  return result;
}

/**
 * Elements are matched across the two trees by where they start in the body and their name: the
 * sanitiser makes new nodes, but keeps their positions. An element with no position (one the
 * HTML parser implied, such as <tbody>) has a name the schema allows.
 */
function keyOf(node: Element): string | null {
  const offset = node.position?.start.offset;
  return offset === undefined ? null : `${offset} ${node.tagName}`;
}

function compare(parent: Parents, kept: Map<string, Element>, isRaw: (offset: number) => boolean, result: Sanitised, gone: boolean): void {
  for (const node of parent.children) {
    if (node.type !== 'element') continue;
    const key = keyOf(node);
    const offset = node.position?.start.offset ?? -1;
    const survivor = key === null ? node : gone ? undefined : kept.get(key);
    const told = key !== null && isRaw(offset);
    if (survivor) {
      if (told) {
        for (const name of Object.keys(node.properties)) {
          if (!(name in survivor.properties)) unsafeAttribute(name, node.properties, offset, result.removals);
        }
      }
      compare(node, kept, isRaw, result, false);
      continue;
    }
    const stripped = STRIPPED_TAGS.includes(node.tagName);
    if (!gone && !stripped && node.children.some((child) => child.type === 'element')) result.unwrapped = true;
    // Inside what was removed with its content, only what was unsafe is worth a word.
    const tag = node.tagName.toLowerCase();
    if (told && !ALLOWED_TAGS.includes(tag) && (!gone || DANGEROUS_TAGS.has(tag))) {
      result.removals.push({ offset, unsafe: DANGEROUS_TAGS.has(tag), element: true, what: tag, withContent: stripped });
    }
    if (told) for (const name of Object.keys(node.properties)) unsafeAttribute(name, node.properties, offset, result.removals);
    compare(node, kept, isRaw, result, gone || stripped);
  }
}

const URL_PROPERTIES = new Set(['href', 'src', 'srcSet', 'cite', 'action', 'formAction', 'poster', 'data', 'background', 'longDesc', 'xLinkHref']);

/** Notes a removed attribute that was a handler, a URL of a scheme pages may not use, or a style calling one. */
function unsafeAttribute(name: string, properties: Properties, offset: number, removals: Removal[]): void {
  const value = properties[name];
  let what: string | null = null;
  if (/^on/i.test(name)) what = `${name.toLowerCase()}=`;
  else if (URL_PROPERTIES.has(name)) {
    const urls = name === 'srcSet' ? srcsetCandidates(String(value)).map((candidate) => candidate.url) : [String(value)];
    what = urls.map(unsafeScheme).find((scheme) => scheme !== null) ?? null;
  } else if (name === 'style') {
    what = /(?:javascript|vbscript)\s*:|\bdata\s*:(?!\s*image\/)/i.exec(asBrowserReads(String(value)))?.[0] ?? null;
  }
  if (what !== null) removals.push({ offset, unsafe: true, element: false, what, withContent: false });
}

/** Browsers ignore tabs and newlines in a URL; `isSafeUrl` ignores every space and control character. */
function asBrowserReads(url: string): string {
  return url.replace(/[\u0000-\u0020\u007f]+/g, '');
}

/** A URL's scheme as a message quotes it (`javascript:`), when it is not one a page may use. */
export function unsafeScheme(url: string): string | null {
  const read = asBrowserReads(url);
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(read)?.[1];
  if (scheme === undefined || /^(?:https?|mailto)$/i.test(scheme) || /^data:image\//i.test(read)) return null;
  return `${scheme}:`;
}

/** The image candidates of a `srcset`: each URL, and what follows it (`2x`, `640w`), if anything. */
export function srcsetCandidates(srcset: string): { url: string; descriptor: string }[] {
  const candidates: { url: string; descriptor: string }[] = [];
  // As the HTML standard reads it: a URL runs to white space, and loses any commas at its end.
  const pattern = /[\s,]*(\S+)/y;
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(srcset)) !== null) {
    let url = match[1]!;
    let descriptor = '';
    if (url.endsWith(',')) url = url.replace(/,+$/, '');
    else {
      const end = srcset.indexOf(',', pattern.lastIndex);
      descriptor = srcset.slice(pattern.lastIndex, end === -1 ? srcset.length : end).trim();
      pattern.lastIndex = end === -1 ? srcset.length : end + 1;
    }
    if (url !== '') candidates.push({ url, descriptor });
  }
  return candidates;
}

/** The piece of raw HTML an offset falls in, or -1. */
function rawIndex(rawHtml: RawHtml[], offset: number): number {
  let low = 0;
  let high = rawHtml.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const raw = rawHtml[middle]!;
    if (offset < raw.start) high = middle - 1;
    else if (offset >= raw.end) low = middle + 1;
    else return middle;
  }
  return -1;
}

/**
 * What the writer is told, at the start of each piece of raw HTML: the first unsafe thing taken
 * out of it, which is reason enough to look at all of it; or, when nothing in it was unsafe,
 * each element pages do not support.
 */
export function removalProblems(removals: Removal[], rawHtml: RawHtml[]): BodyProblem[] {
  const byPiece = new Map<number, Removal[]>();
  for (const removal of removals) {
    const index = rawIndex(rawHtml, removal.offset);
    if (index !== -1) byPiece.set(index, [...(byPiece.get(index) ?? []), removal]);
  }
  const problems: BodyProblem[] = [];
  for (const index of [...byPiece.keys()].sort((a, b) => a - b)) {
    const raw = rawHtml[index]!;
    const found = byPiece.get(index)!.sort((a, b) => a.offset - b.offset);
    const unsafe = found.find((removal) => removal.unsafe);
    if (unsafe) {
      problems.push({
        reason: `raw HTML removed from the body: \`${unsafe.element ? writtenTag(raw, unsafe) : unsafe.what}\` is not allowed`,
        place: raw.place,
        ruleId: 'unsafe-html',
        hint: 'scripts, styles, frames, event handlers and javascript: links never reach the page; remove them',
      });
      continue;
    }
    for (const removal of found) {
      const tag = removal.what;
      problems.push({
        reason: `raw HTML \`<${tag}>\` is not supported: ${removal.withContent ? 'it is removed with what it holds' : 'it is removed and its text kept'}`,
        place: raw.place,
        ruleId: 'unsupported-html',
        hint: tag === 'video' || tag === 'audio' ? 'link to the recording instead: [Watch the video](https://…)' : 'use Markdown, or the elements listed in the README',
      });
    }
  }
  return problems;
}

/** An unsafe element's opening as the writer wrote it (`<SCRIPT`), to quote back. */
function writtenTag(raw: RawHtml, removal: Removal): string {
  const written = /^<[a-z][^\s/>]*/i.exec(raw.value.slice(removal.offset - raw.start))?.[0];
  return written?.toLowerCase() === `<${removal.what}` ? written : `<${removal.what}`;
}
