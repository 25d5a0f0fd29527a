import { SaxesParser, type SaxesTagNS } from 'saxes';

// Agency XML (NewsML-G2 and the NITF or XHTML inside it) as a small tree of elements that know
// where they were written. saxes reads it: a non-validating parser that never fetches anything
// and expands no entity a DTD declares. A DOCTYPE that declares anything is refused outright, so
// neither an entity bomb nor an external entity is ever looked at; see docs/AGENCY-XML.md.

export interface XmlElement {
  kind: 'element';
  /** The local name, without its prefix: `newsItem`, `body.content`. */
  name: string;
  /** The namespace URI, '' when the element is in none. */
  uri: string;
  /** Attributes by local name; one in a namespace (other than xml:) by its written name, `xsi:type`. */
  attributes: Record<string, string>;
  /** The `xml:lang` in scope, or null. */
  lang: string | null;
  children: XmlNode[];
  /** Where its start tag opens (`<`), 1-based, the column counted in UTF-16 units as the file's text is. */
  line: number;
  column: number;
}

export interface XmlText {
  kind: 'text';
  value: string;
}

export type XmlNode = XmlElement | XmlText;

export interface XmlProblem {
  reason: string;
  line: number;
  column: number;
}

export type ParsedXml = { root: XmlElement; problem: null } | { root: null; problem: XmlProblem };

/** Deeper than any news document goes; deep enough that a tree built to exhaust the stack stops here. */
export const MAX_XML_DEPTH = 256;

const XMLNS_URI = 'http://www.w3.org/2000/xmlns/';
const XML_URI = 'http://www.w3.org/XML/1998/namespace';

/** Thrown from inside a saxes handler to stop the parse at the first problem. */
class Stop extends Error {}

/**
 * The document's root element, or the first problem that makes it no XML document, with where it
 * is: not well formed, cut short, a DOCTYPE that declares entities, nested too deep.
 */
export function parseXml(text: string, maxDepth = MAX_XML_DEPTH): ParsedXml {
  const parser = new SaxesParser({ xmlns: true, position: true });
  const lineStarts = [0];
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) lineStarts.push(index + 1);
  const lineOf = (line: number) => text.slice(lineStarts[line - 1] ?? text.length, (lineStarts[line] ?? text.length + 1) - 1);
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  let problem: XmlProblem | null = null;
  let start = { line: 1, column: 1 };

  const stop = (reason: string, line = parser.line, column = parser.columnIndex): never => {
    problem = { reason, line, column: Math.max(column, 1) };
    throw new Stop();
  };

  parser.on('doctype', (doctype) => {
    // An internal subset is where entities are declared; NewsML-G2 and NITF need none.
    if (doctype.includes('[')) {
      const at = placeIn(lineStarts, text.indexOf('<!DOCTYPE'));
      stop('the DOCTYPE declares entities or other markup, which is never expanded: remove the internal subset ([…])', at.line, at.column);
    }
  });
  parser.on('opentagstart', (tag) => {
    // saxes tells of a tag once it has read the character after its name, which may be a line
    // break: the `<` is that character, the name and itself back from where the parser is.
    const offset = (lineStarts[parser.line - 1] ?? 0) + parser.columnIndex - tag.name.length - 2;
    start = placeIn(lineStarts, offset);
    if (stack.length >= maxDepth) stop(`elements are nested more than ${maxDepth} deep`, start.line, start.column);
  });
  parser.on('opentag', (tag) => {
    const parent = stack[stack.length - 1];
    const element = elementOf(tag as SaxesTagNS, parent?.lang ?? null, start);
    if (parent) parent.children.push(element);
    else root = element;
    stack.push(element);
  });
  // saxes closes an element before it says the tag that closed it was the wrong one.
  let closed: XmlElement | undefined;
  parser.on('closetag', () => {
    closed = stack.pop();
  });
  const addText = (value: string) => {
    const parent = stack[stack.length - 1];
    if (!parent || value === '') return;
    const last = parent.children[parent.children.length - 1];
    if (last?.kind === 'text') last.value += value;
    else parent.children.push({ kind: 'text', value });
  };
  parser.on('text', addText);
  parser.on('cdata', addText);
  parser.on('error', (error) => {
    const reason = error.message.replace(/^(?:[^:]*:)?\d+:\d+:\s*/, '').replace(/\.$/, '');
    if (reason === 'undefined entity') {
      const entity = entityBefore(lineOf(parser.line), parser.columnIndex);
      if (entity) stop(`undefined entity ${entity.name}: XML knows only &amp; &lt; &gt; &quot; &apos; and numeric references`, parser.line, entity.column);
    }
    if (closed && reason === 'unexpected close tag') {
      const closing = closingTagBefore(lineOf(parser.line), parser.columnIndex);
      if (closing) stop(`${closing.tag} does not close <${closed.name}>, opened at ${closed.line}:${closed.column}`, parser.line, closing.column);
    }
    const open = stack[stack.length - 1];
    if (open && reason.startsWith('unclosed tag')) stop(`the document ends before <${open.name}>, opened at ${open.line}:${open.column}, is closed: the file is cut short`);
    stop(reason);
  });

  try {
    parser.write(text).close();
  } catch (error) {
    if (!(error instanceof Stop)) throw error;
  }
  if (problem) return { root: null, problem };
  // saxes has said so by now, for a document with no element; this is for the type checker.
  if (!root) return { root: null, problem: { reason: 'document must contain a root element', line: parser.line, column: Math.max(parser.columnIndex, 1) } };
  return { root, problem: null };
}

function elementOf(tag: SaxesTagNS, inheritedLang: string | null, start: { line: number; column: number }): XmlElement {
  const attributes: Record<string, string> = {};
  let lang = inheritedLang;
  for (const attribute of Object.values(tag.attributes)) {
    if (attribute.uri === XMLNS_URI || attribute.name === 'xmlns') continue;
    if (attribute.uri === XML_URI) {
      if (attribute.local === 'lang') lang = attribute.value.trim() || null;
      continue;
    }
    attributes[attribute.uri === '' ? attribute.local : attribute.name] = attribute.value;
  }
  return { kind: 'element', name: tag.local, uri: tag.uri, attributes, lang, children: [], line: start.line, column: start.column };
}

/** The `&name;` that ends just before a column, which saxes names no more than "undefined entity". */
function entityBefore(lineText: string, column: number): { name: string; column: number } | null {
  const end = lineText.lastIndexOf(';', column - 1);
  const ampersand = end === -1 ? -1 : lineText.lastIndexOf('&', end);
  if (ampersand === -1) return null;
  const name = lineText.slice(ampersand, end + 1);
  return /^&[^\s&;]+;$/.test(name) ? { name, column: ampersand + 1 } : null;
}

/** The `</name>` that ends just before a column. */
function closingTagBefore(lineText: string, column: number): { tag: string; column: number } | null {
  const start = lineText.lastIndexOf('</', column - 1);
  const tag = start === -1 ? null : /^<\/[^\s>]+\s*>?/.exec(lineText.slice(start))?.[0];
  return tag ? { tag: tag.replace(/\s+/g, ''), column: start + 1 } : null;
}

/** The 1-based line and column of an offset, given where each line starts. */
function placeIn(lineStarts: number[], offset: number): { line: number; column: number } {
  let low = 0;
  let high = lineStarts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (lineStarts[middle]! <= offset) low = middle;
    else high = middle - 1;
  }
  return { line: low + 1, column: Math.max(offset, 0) - lineStarts[low]! + 1 };
}

/** The child elements of `element`, all of them or those with one local name. */
export function childElements(element: XmlElement, name?: string): XmlElement[] {
  const found: XmlElement[] = [];
  for (const child of element.children) if (child.kind === 'element' && (name === undefined || child.name === name)) found.push(child);
  return found;
}

/** The first child element of a name, or null. */
export function childElement(element: XmlElement | null | undefined, name: string): XmlElement | null {
  if (!element) return null;
  for (const child of element.children) if (child.kind === 'element' && child.name === name) return child;
  return null;
}

/** The first element of a name at any depth below `element`, in document order, or null. */
export function findElement(element: XmlElement, name: string): XmlElement | null {
  for (const child of element.children) {
    if (child.kind !== 'element') continue;
    if (child.name === name) return child;
    const below = findElement(child, name);
    if (below) return below;
  }
  return null;
}

/** All the text inside an element, as written (white space kept). */
export function textContent(node: XmlNode): string {
  if (node.kind === 'text') return node.value;
  let text = '';
  for (const child of node.children) text += textContent(child);
  return text;
}
