import { escapeHtml } from '../../../escape.js';
import { isWebUrl } from './pictures.js';
import { childElement, childElements, textContent, type XmlElement, type XmlNode } from './xml.js';

// The bodies NewsML-G2 carries inline, NITF (`nitf/body/body.content`) or XHTML (`html/body`),
// written out as an HTML string for htmlBody, which sanitises it as it does Markdown's raw HTML.
// NITF's elements become the HTML a news page uses (hl2 → h2, bq → blockquote); its editor's
// messages are left out; every other element goes to the sanitiser under its own name, which
// keeps what pages may hold and reports the rest. Text and attribute values are escaped here,
// so nothing in the file is ever read as markup it did not write as an element.

/** One size of a picture, as the file offers it. */
export interface Rendition {
  src: string;
  width: number | null;
  height: number | null;
  /** The media type (`image/jpeg`), when the file says. */
  type: string | null;
  /** The agency's name for the size (`rnd:highRes`, `rnd:thumbnail`), when it says. */
  rendition: string | null;
}

/** A picture in a body: an NITF `media` of type image, or an `img` (in a `figure` or not). */
export interface BodyPicture {
  /** The element that holds it, which is left out of the body when it leads the story. */
  element: XmlElement;
  renditions: Rendition[];
  alt: string | null;
  caption: string | null;
  credit: string | null;
}

export type BodyDialect = 'nitf' | 'xhtml';

export interface BodyOptions {
  /** Elements to leave out: the picture taken to lead the story. */
  leave: ReadonlySet<XmlElement>;
}

export interface BodyHtml {
  html: string;
  /** Where in the file a place in `html` was written: the start of the element it falls in. */
  placeInFile: (inside: { line: number; column: number }) => { line: number; column: number };
}

// What NITF elements become. An element not listed goes on under its own name.
const NITF_NAMES: Record<string, string> = {
  hl1: 'h2',
  hl2: 'h2',
  bq: 'blockquote',
  credit: 'cite',
  fn: 'aside',
  note: 'aside',
  tagline: 'p',
  dateline: 'p',
  b: 'strong',
  i: 'em',
};
// Containers whose content is the story and whose own element means nothing on a page.
const NITF_UNWRAPPED = new Set([
  'nitf', 'body', 'body.content', 'body.end', 'block', 'nitf-table', 'nitf-col', 'nitf-colgroup',
  'chron', 'classifier', 'copyrite', 'copyrite.year', 'copyrite.holder', 'event', 'function', 'location', 'money', 'num',
  'object.title', 'org', 'person', 'name.given', 'name.family', 'postaddr', 'addressee',
  'care.of', 'delivery.point', 'delivery.office', 'postcode', 'region', 'country', 'virtloc', 'lang', 'pronounce', 'alt-code',
]);
// Never on a page: editors' messages, metadata, and what the fields already say.
const NITF_LEFT_OUT = new Set([
  'ed-msg', 'body.head', 'head', 'nitf-table-metadata', 'tobject', 'key-list', 'datasource', 'bibliography', 'byline', 'abstract',
]);
// Notes the sender marks as not for publication, or as for editors.
const isEditorsNote = (element: XmlElement) =>
  element.name === 'note' && (/^npa$/i.test(element.attributes['type'] ?? '') || /editor/i.test(element.attributes['noteclass'] ?? ''));

const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr']);
const NAME = /^[a-z][a-z0-9-]*$/i;
const ATTRIBUTE_NAME = /^[a-z_][a-z0-9_.-]*$/i;

/** The body of a NITF document or of its `body.content`, as HTML. */
export function nitfBodyHtml(nitf: XmlElement, options: BodyOptions): BodyHtml {
  const content = nitf.name === 'body.content' ? nitf : (findBodyPart(nitf, 'body.content') ?? nitf);
  const end = nitf.name === 'body.content' ? null : findBodyPart(nitf, 'body.end');
  return serialise(end ? [content, end] : [content], content, 'nitf', options);
}

/** The body of an XHTML document (its `body`), or of what the inlineXML holds, as HTML. */
export function xhtmlBodyHtml(html: XmlElement, options: BodyOptions): BodyHtml {
  const body = html.name === 'body' ? html : (childElement(html, 'body') ?? html);
  return serialise(body.children, body, 'xhtml', options);
}

function findBodyPart(nitf: XmlElement, name: string): XmlElement | null {
  const body = nitf.name === 'body' ? nitf : childElement(nitf, 'body');
  return childElement(body, name);
}

/** The pictures in a body, in the order they are written. */
export function bodyPictures(root: XmlElement, dialect: BodyDialect): BodyPicture[] {
  const found: BodyPicture[] = [];
  const walk = (element: XmlElement) => {
    for (const child of childElements(element)) {
      if (dialect === 'nitf' && (NITF_LEFT_OUT.has(child.name) || isEditorsNote(child))) continue;
      const picture = dialect === 'nitf' && child.name === 'media' ? nitfMedia(child) : child.name === 'figure' ? figure(child) : child.name === 'img' ? image(child, child) : null;
      if (picture) found.push(picture);
      else if (child.name !== 'media') walk(child);
    }
  };
  walk(root);
  return found;
}

function nitfMedia(media: XmlElement): BodyPicture | null {
  const references = childElements(media, 'media-reference');
  const mediaType = media.attributes['media-type']?.trim().toLowerCase();
  const renditions = references.flatMap((reference): Rendition[] => {
    const src = (reference.attributes['source'] ?? reference.attributes['data-location'] ?? '').trim();
    const type = reference.attributes['mime-type']?.trim().toLowerCase() || null;
    if (src === '' || (type !== null && !type.startsWith('image/')) || (type === null && mediaType !== 'image')) return [];
    return [{ src, type, width: dimension(reference.attributes['width']), height: dimension(reference.attributes['height']), rendition: null }];
  });
  if (renditions.length === 0) return null;
  const alt = references.map((reference) => reference.attributes['alternate-text']?.trim()).find(Boolean) ?? null;
  return { element: media, renditions, alt, caption: textOf(childElement(media, 'media-caption')), credit: textOf(childElement(media, 'media-producer')) };
}

function figure(element: XmlElement): BodyPicture | null {
  const img = childElements(element).find((child) => child.name === 'img') ?? childElement(childElement(element, 'picture'), 'img');
  return img ? image(element, img, textOf(childElement(element, 'figcaption'))) : null;
}

function image(element: XmlElement, img: XmlElement, caption: string | null = null): BodyPicture | null {
  const src = img.attributes['src']?.trim() ?? '';
  if (src === '') return null;
  const rendition = { src, type: null, width: dimension(img.attributes['width']), height: dimension(img.attributes['height']), rendition: null };
  return { element, renditions: [rendition], alt: img.attributes['alt']?.trim() || null, caption, credit: null };
}

/** A pixel size as an attribute gives it, or null. */
export function dimension(value: string | undefined): number | null {
  const number = Number(value?.trim().replace(/px$/i, ''));
  return value !== undefined && Number.isInteger(number) && number > 0 ? number : null;
}

/** An element's words on one line, or null when it has none. */
export function textOf(element: XmlElement | null | undefined): string | null {
  const text = element ? textContent(element).replace(/\s+/g, ' ').trim() : '';
  return text === '' ? null : text;
}

interface Mark {
  /** Offset in the HTML where the element's start tag begins. */
  offset: number;
  line: number;
  column: number;
}

function serialise(nodes: readonly XmlNode[], container: XmlElement, dialect: BodyDialect, options: BodyOptions): BodyHtml {
  let html = '';
  const marks: Mark[] = [];

  const open = (name: string, attributes: [string, string][], from: XmlElement) => {
    marks.push({ offset: html.length, line: from.line, column: from.column });
    html += `<${name}`;
    for (const [attribute, value] of attributes) html += ` ${attribute}="${escapeHtml(value)}"`;
    html += '>';
  };

  const picture = (element: XmlElement, found: BodyPicture) => {
    // A body's links are the web's: a picture beside the agency's file is not one a page can load.
    const shown = bestRendition(found.renditions, isWebUrl);
    if (!shown) return;
    open('figure', [], element);
    const size: [string, string][] = [];
    if (shown.width !== null) size.push(['width', String(shown.width)]);
    if (shown.height !== null) size.push(['height', String(shown.height)]);
    open('img', [['src', shown.src], ['alt', found.alt ?? ''], ...size], element);
    const words = [found.caption, found.credit].filter((part): part is string => part !== null);
    if (words.length > 0) {
      open('figcaption', [], element);
      html += escapeHtml(words.join(' '));
      html += '</figcaption>';
    }
    html += '</figure>';
  };

  const write = (node: XmlNode, parentLang: string | null) => {
    if (node.kind === 'text') {
      html += escapeHtml(node.value);
      return;
    }
    // An XHTML document's head is its metadata, never the story.
    if (options.leave.has(node) || (dialect === 'xhtml' && node.name === 'head')) return;
    if (dialect === 'nitf') {
      if (NITF_LEFT_OUT.has(node.name) || isEditorsNote(node)) return;
      if (node.name === 'media') {
        const found = nitfMedia(node);
        if (found) picture(node, found);
        return;
      }
      if (node.name === 'frac') {
        // Unwrapped, 3<frac-num>1</frac-num><frac-den>2</frac-den> would read 312: it is 3 1/2.
        const fraction = `${textOf(childElement(node, 'frac-num')) ?? ''}/${textOf(childElement(node, 'frac-den')) ?? ''}`;
        html += escapeHtml(/\d$/.test(html) ? ` ${fraction}` : fraction);
        return;
      }
      if (NITF_UNWRAPPED.has(node.name) || node.name.includes('.')) {
        for (const child of node.children) write(child, parentLang);
        return;
      }
    }
    const name = htmlName(node, dialect);
    if (name === null) {
      for (const child of node.children) write(child, parentLang);
      return;
    }
    if (name === 'img' && isBesideTheFile(node.attributes['src'] ?? '')) return;
    // `em class="bold"` made strong has said what its class did.
    const attributes = attributesOf(node, parentLang).filter(([attribute]) => !(name === 'strong' && node.name === 'em' && attribute === 'class'));
    open(name, attributes, node);
    if (VOID.has(name)) return;
    for (const child of node.children) write(child, node.lang);
    html += `</${name}>`;
  };

  for (const node of nodes) write(node, container.lang);
  return { html, placeInFile: placeInFile(html, marks, container) };
}

function htmlName(element: XmlElement, dialect: BodyDialect): string | null {
  let name = element.name.toLowerCase();
  if (dialect === 'nitf') {
    // NITF marks bold and italic as classes of `em`.
    if (name === 'em' && /\bbold\b/i.test(element.attributes['class'] ?? '')) name = 'strong';
    name = NITF_NAMES[name] ?? name;
  } else if (name === 'h1') {
    // The page's one h1 is the headline.
    name = 'h2';
  }
  return NAME.test(name) ? name : null;
}

/**
 * The attributes as written, for the sanitiser to judge; an `xml:lang` that changes the language
 * as `lang`; others in a namespace left out.
 */
function attributesOf(element: XmlElement, parentLang: string | null): [string, string][] {
  const attributes: [string, string][] = [];
  for (const [name, value] of Object.entries(element.attributes)) {
    if (ATTRIBUTE_NAME.test(name)) attributes.push([name.toLowerCase(), value]);
  }
  if (element.lang !== null && element.lang !== parentLang && !('lang' in element.attributes)) attributes.push(['lang', element.lang]);
  return attributes;
}

/** Whether a URL can be loaded from the web: http(s), or `//host`. */

/** A path with no scheme: a file delivered beside the agency's document, which no page of the site can load. */
function isBesideTheFile(src: string): boolean {
  return !/^(?:[a-z][a-z0-9+.-]*:|\/\/)/i.test(src.trim());
}

// Formats a browser shows; an agency's TIFF or PSD original is not one of them.
const WEB_IMAGE = /^image\/(?:jpeg|jpg|pjpeg|png|gif|webp|avif|svg\+xml)$/i;
const NOT_WEB_IMAGE_FILE = /\.(?:tiff?|psd|eps|raw|dng|heic|jp2)(?:[?#]|$)/i;
// Without sizes, the agency's names for them, smallest first.
const RENDITION_RANK = ['thumb', 'thumbnail', 'preview', 'web', 'main', 'highres', 'original'];

/**
 * The largest rendition a page can show, among those `usable` accepts: an image type a browser
 * reads, by pixel area, else by the agency's name for its size; the first of equals. Null when
 * none will do.
 */
export function bestRendition(renditions: readonly Rendition[], usable: (src: string) => boolean): Rendition | null {
  const suitable = renditions.filter(
    (rendition) => usable(rendition.src) && (rendition.type === null ? !NOT_WEB_IMAGE_FILE.test(rendition.src) : WEB_IMAGE.test(rendition.type)),
  );
  const area = (rendition: Rendition) => (rendition.width ?? 0) * (rendition.height ?? 0) || (rendition.width ?? 0);
  const rank = (rendition: Rendition) => RENDITION_RANK.indexOf((rendition.rendition ?? '').replace(/^[^:]*:/, '').toLowerCase());
  let best: Rendition | null = null;
  for (const rendition of suitable) {
    if (!best || area(rendition) > area(best) || (area(rendition) === area(best) && rank(rendition) > rank(best))) best = rendition;
  }
  return best;
}

function placeInFile(html: string, marks: Mark[], container: XmlElement): BodyHtml['placeInFile'] {
  const lineStarts = [0];
  for (let index = html.indexOf('\n'); index !== -1; index = html.indexOf('\n', index + 1)) lineStarts.push(index + 1);
  return (inside) => {
    const offset = (lineStarts[inside.line - 1] ?? 0) + inside.column - 1;
    // The sanitiser speaks of the body as a whole at its first character: that is the body element.
    if (offset <= 0) return { line: container.line, column: container.column };
    let low = 0;
    let high = marks.length - 1;
    let found: Mark | null = null;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const mark = marks[middle]!;
      if (mark.offset <= offset) {
        found = mark;
        low = middle + 1;
      } else high = middle - 1;
    }
    return found ? { line: found.line, column: found.column } : { line: container.line, column: container.column };
  };
}
