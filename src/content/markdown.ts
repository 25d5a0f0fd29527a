import matter from 'gray-matter';
import type { Element, Root as HastRoot } from 'hast';
import type { Image, Link, Paragraph, PhrasingContent, Root, RootContent, Text } from 'mdast';
import rehypeParse from 'rehype-parse';
import rehypeSanitize, { defaultSchema, type Options as SanitizeSchema } from 'rehype-sanitize';
import rehypeStringify from 'rehype-stringify';
import { CORE_SCHEMA, load as loadYaml } from 'js-yaml';
import { gfmStrikethroughFromMarkdown } from 'mdast-util-gfm-strikethrough';
import { gfmTableFromMarkdown } from 'mdast-util-gfm-table';
import { gfmStrikethrough } from 'micromark-extension-gfm-strikethrough';
import { gfmTable } from 'micromark-extension-gfm-table';
import remarkHtml from 'remark-html';
import remarkParse from 'remark-parse';
import { unified, type Processor } from 'unified';
import { EXIT, SKIP, visit } from 'unist-util-visit';
import { isMap, isNode, isPair, isScalar, isSeq, parseDocument, type Document, type YAMLError } from 'yaml';
import { placeOfOffset, type Place } from '../diagnostics.js';
import { escapeHtml, isSafeImageUrl, isSafeUrl } from '../escape.js';
import { detectDateline } from './dateline.js';

// Markdown articles: YAML front matter read with gray-matter, the body rendered by one frozen
// unified processor. Raw HTML in the body is kept only after it has been sanitised.

export interface FrontMatter {
  data: Record<string, unknown>;
  body: string;
  /** Lines above the body: add it to a line in the body to get the line in the file. */
  bodyLineOffset: number;
  /** Where a top-level key is written, for messages about its value. */
  /** Where a key is, or a key inside it: `placeOf('corrections', 1, 'date')`. */
  placeOf(key: string, ...within: (string | number)[]): Place | undefined;
}

export interface FrontMatterProblem {
  reason: string;
  place: Place | undefined;
  ruleId: string;
  hint: string;
}

interface ParsedYaml {
  data: unknown;
  /** The YAML text, parsed again with positions only when a message needs a key's line. */
  source: string;
}

class YamlSyntaxError extends Error {
  constructor(readonly yamlError: YAMLError) {
    super(yamlError.message);
  }
}

class UnsupportedLanguageError extends Error {}

class AliasBombError extends Error {}

// YAML anchors and aliases can expand exponentially ("billion laughs"); front matter that uses
// them goes through the parser that counts them.
const ANCHOR_OR_ALIAS = /(?:^|[\s[{,:-])[&*][^\s,\]}]/;

// gray-matter's own YAML engine turns `2019-13-45` into a Date in 2020 and its JavaScript
// engine runs `eval`. This engine reads YAML 1.2 core (dates stay strings, so we check them) and
// refuses duplicate keys and alias bombs. js-yaml is the fast path; `yaml` gives errors their
// exact position and limits aliases.
const engines = {
  yaml: {
    parse(source: string): ParsedYaml {
      if (!ANCHOR_OR_ALIAS.test(source)) {
        try {
          return { data: loadYaml(source, { schema: CORE_SCHEMA }), source };
        } catch {
          // Report it with the parser that knows positions, below.
        }
      }
      const document = parseDocument(source, { schema: 'core', uniqueKeys: true, prettyErrors: true });
      const first = document.errors[0];
      if (first) throw new YamlSyntaxError(first);
      try {
        return { data: document.toJS({ maxAliasCount: 50 }), source };
      } catch (cause) {
        // `yaml` refuses to expand aliases past the limit with a ReferenceError.
        if (cause instanceof ReferenceError && /alias/i.test(cause.message)) throw new AliasBombError();
        throw cause;
      }
    },
  },
  javascript: { parse: refuseLanguage },
  coffee: { parse: refuseLanguage },
  json: { parse: refuseLanguage },
  toml: { parse: refuseLanguage },
};

function refuseLanguage(): never {
  throw new UnsupportedLanguageError();
}

export function readFrontMatter(text: string): FrontMatter | FrontMatterProblem {
  let parsed: matter.GrayMatterFile<string>;
  try {
    // Options must be passed: without them gray-matter caches, and a second parse of
    // broken YAML would return the cached empty result instead of failing.
    parsed = matter(text, { engines } as unknown as Parameters<typeof matter>[1]);
  } catch (cause) {
    if (cause instanceof YamlSyntaxError) {
      const [start] = cause.yamlError.linePos ?? [];
      // The YAML source starts right after the opening `---`, on the file's first line.
      const place = start ? { line: start.line, column: start.line === 1 ? start.col + 3 : start.col } : undefined;
      return {
        reason: `front matter is not valid YAML: ${firstLine(cause.yamlError.message)}`,
        place,
        ruleId: 'yaml-syntax',
        hint: yamlHint(cause.yamlError),
      };
    }
    if (cause instanceof AliasBombError) {
      return {
        reason: 'front matter repeats YAML aliases (`*name`) too often to be read',
        place: { line: 2, column: 1 },
        ruleId: 'yaml-aliases',
        hint: 'write the values out instead of nesting `&anchor` and `*alias` references',
      };
    }
    if (cause instanceof UnsupportedLanguageError) {
      return {
        reason: 'front matter must be YAML',
        place: { line: 1, column: 1 },
        ruleId: 'front-matter-language',
        hint: 'start the file with a line of three dashes, `---`, and write the keys as YAML',
      };
    }
    throw cause;
  }

  const raw = parsed.data as Partial<ParsedYaml> | Record<string, never>;
  const source = 'source' in raw ? raw.source : undefined;
  const data = source === undefined ? {} : raw.data;
  if (data !== null && data !== undefined && (typeof data !== 'object' || Array.isArray(data))) {
    return {
      reason: 'front matter must be a list of `key: value` lines',
      place: { line: 2, column: 1 },
      ruleId: 'front-matter-shape',
      hint: 'write each field on its own line, like `title: Council approves budget`',
    };
  }
  const body = parsed.content;
  const head = text.slice(0, text.length - body.length);
  let document: Document | undefined;
  return {
    data: (data ?? {}) as Record<string, unknown>,
    body,
    bodyLineOffset: head === '' ? 0 : head.split('\n').length - 1,
    placeOf: (key, ...within) => {
      if (source === undefined) return undefined;
      document ??= parseDocument(source, { schema: 'core' });
      return placeOfKey(document, source, [key, ...within]);
    },
  };
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '').replace(/\.$/, '');
}

function yamlHint(problem: YAMLError): string {
  switch (problem.code) {
    case 'DUPLICATE_KEY':
      return 'each key may appear once; delete or rename the second one';
    case 'BAD_INDENT':
    case 'MISSING_CHAR':
      return 'check the indentation and that each line reads `key: value`';
    default:
      return 'put quotes around values that contain a colon, `#`, or start with a quote or bracket';
  }
}

function placeOfKey(document: Document, source: string, path: (string | number)[]): Place | undefined {
  let node: unknown = document.contents;
  let found: [number, number, number] | undefined;
  for (const step of path) {
    if (typeof step === 'number' && isSeq(node)) {
      node = node.items[step];
      if (!isNode(node)) break;
      found = node.range ?? found;
      continue;
    }
    if (typeof step !== 'string' || !isMap(node)) break;
    const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && item.key.value === step);
    if (!pair || !isScalar(pair.key) || !pair.key.range) break;
    found = pair.key.range;
    node = pair.value;
  }
  return found ? offsetToPlace(source, found[0]) : undefined;
}

// Offsets are into the YAML source, which starts three characters into the file's line 1.
function offsetToPlace(source: string, offset: number): Place {
  const { line, column } = placeOfOffset(source, offset);
  return { line, column: line === 1 ? column + 3 : column };
}

// ---------------------------------------------------------------------------------------------
// The body

export interface BodyProblem {
  reason: string;
  /** Position within the body, not the file. */
  place: Place | undefined;
  ruleId: string;
  hint: string;
  /** true: error; false: warning; null: advice shown by `check --strict`. */
  fatal: boolean | null;
}

export interface BodyOptions {
  /** Turns a reference written in the article into the href or src for the page. */
  resolveUrl: (reference: string, place: Place | undefined) => string;
  /** The pixel size of a local image, so the page can reserve its space. */
  sizeOf?: (reference: string) => { width: number; height: number } | null;
  /**
   * A dateline from front matter, led into the first paragraph as print does; null to look for
   * one written at the start of the first paragraph.
   */
  dateline: string | null;
}

export interface RenderedBody {
  html: string;
  /** The leading `# Heading` of the body, taken out, when the article has no title key. */
  leadingHeading: string | null;
  dateline: string | null;
  problems: BodyProblem[];
}

interface BodyData {
  options: BodyOptions;
  problems: BodyProblem[];
  hasRawHtml: boolean;
  dateline: string | null;
  leadingHeading: string | null;
  takeHeading: boolean;
}

declare module 'vfile' {
  interface DataMap {
    body: BodyData;
  }
}

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

function remarkNewsroom() {
  return (tree: Root, file: { data: Partial<{ body: BodyData }> }) => {
    const state = file.data.body!;
    const { options, problems } = state;
    // With raw HTML in the body, every URL (written in Markdown or in HTML) is resolved once,
    // in the sanitising pass, where both kinds are elements alike.
    visit(tree, 'html', () => {
      state.hasRawHtml = true;
      return EXIT;
    });

    if (state.takeHeading) {
      const first = tree.children[0];
      if (first?.type === 'heading' && first.depth === 1) {
        state.leadingHeading = plainText(first.children).trim() || null;
        tree.children.shift();
      }
    }

    let topHeading = false;
    visit(tree, (node, index, parent) => {
      if (node.type === 'heading') topHeading ||= node.depth === 1;
      if (node.type === 'html') {
        const danger = DANGEROUS_RAW_HTML.exec(node.value) ?? DANGEROUS_RAW_HTML.exec(asBrowserReads(node.value));
        if (danger) {
          problems.push({
            reason: `raw HTML removed from the body: \`${danger[0].trim()}\` is not allowed`,
            place: node.position?.start,
            ruleId: 'unsafe-html',
            hint: 'scripts, styles, frames, event handlers and javascript: links never reach the page; remove them',
            fatal: false,
          });
        } else {
          // Harmless but unsupported elements go too; the writer is told rather than left to wonder.
          for (const [, name] of node.value.matchAll(/<([a-z][a-z0-9-]*)/gi)) {
            const tag = name!.toLowerCase();
            if (ALLOWED_TAGS.includes(tag)) continue;
            problems.push({
              reason: `raw HTML \`<${tag}>\` is not supported: ${STRIPPED_TAGS.includes(tag) ? 'it is removed with what it holds' : 'it is removed and its text kept'}`,
              place: node.position?.start,
              ruleId: 'unsupported-html',
              hint: tag === 'video' || tag === 'audio' ? 'link to the recording instead: [Watch the video](https://…)' : 'use Markdown, or the elements listed in the README',
              fatal: false,
            });
          }
        }
        return undefined;
      }
      if (node.type === 'link' || node.type === 'image' || node.type === 'definition') {
        const safe = node.type === 'image' ? isSafeImageUrl(node.url) : isSafeUrl(node.url);
        if (!safe) {
          problems.push({
            reason: `unsafe URL removed: \`${node.url.slice(0, 60)}\``,
            place: node.position?.start,
            ruleId: 'unsafe-url',
            hint: 'links may be http, https, mailto, relative or #; images may also be data:image/*',
            fatal: false,
          });
          if (parent && index !== undefined && node.type !== 'definition') {
            // The words of a link stay; an image without a safe source goes.
            const keep: RootContent[] = node.type === 'link' ? (node as Link).children : [];
            parent.children.splice(index, 1, ...(keep as typeof parent.children));
            return [SKIP, index];
          }
          node.url = '';
          return undefined;
        }
        if (state.hasRawHtml) return undefined;
        const size = node.type === 'image' ? options.sizeOf?.(node.url) : null;
        node.url = options.resolveUrl(node.url, node.position?.start);
        if (node.type === 'image') {
          node.data = { ...node.data, hProperties: { ...size, loading: 'lazy', decoding: 'async' } };
        } else if (node.type === 'link' && /^(?:https?:)?\/\//i.test(node.url)) {
          node.data = { ...node.data, hProperties: { rel: ['noopener'] } };
        }
      }
      return undefined;
    });

    // The headline is the page's one <h1>: a body that uses `#` headings has them all moved one
    // level down, keeping their order of rank.
    if (topHeading) {
      visit(tree, 'heading', (heading) => {
        heading.depth = Math.min(6, heading.depth + 1) as typeof heading.depth;
      });
    }

    const first = tree.children.find((node) => node.type === 'paragraph');
    if (first) markDateline(first, options.dateline, state);
  };
}

function markDateline(paragraph: Paragraph, given: string | null, state: BodyData): void {
  const text = paragraph.children[0]?.type === 'text' ? paragraph.children[0] : null;
  let dateline = given;
  let rest: string;
  if (given === null) {
    const found = text ? detectDateline(text.value) : null;
    if (!text || !found) return;
    dateline = found.text;
    rest = text.value.slice(found.text.length);
  } else if (text?.value.startsWith(given)) {
    rest = text.value.slice(given.length);
  } else {
    rest = ` — ${text?.value ?? ''}`;
  }
  state.dateline = dateline;
  const span = {
    type: 'dateline',
    data: { hName: 'span', hProperties: { className: ['dateline'] } },
    children: [{ type: 'text', value: dateline }],
  } as unknown as PhrasingContent;
  const after: Text = { type: 'text', value: rest };
  paragraph.children.splice(0, text ? 1 : 0, span, after);
}

function plainText(nodes: PhrasingContent[]): string {
  return nodes
    .map((node) => ('value' in node ? node.value : 'children' in node ? plainText(node.children as PhrasingContent[]) : ''))
    .join('');
}

/**
 * The two GFM additions FORMATS.md names, tables and strikethrough (not autolinks, footnotes or
 * task lists, which cost as much again to parse).
 */
function remarkTablesAndStrikethrough(this: Processor) {
  const data = this.data();
  (data.micromarkExtensions ??= []).push(gfmTable(), gfmStrikethrough());
  (data.fromMarkdownExtensions ??= []).push(gfmTableFromMarkdown(), gfmStrikethroughFromMarkdown());
}

// remark-html without its sanitiser keeps raw HTML; the articles that have any then go through
// rehype-sanitize. Articles without raw HTML (most) skip that second parse: their links were
// already checked above and every text node is escaped by the serialiser. A body with no `|`
// and no `~` can hold no table and no strikethrough, so it skips those extensions too.
const commonmarkProcessor = unified().use(remarkParse).use(remarkNewsroom).use(remarkHtml, { sanitize: false }).freeze();
const gfmProcessor = unified()
  .use(remarkParse)
  .use(remarkTablesAndStrikethrough)
  .use(remarkNewsroom)
  .use(remarkHtml, { sanitize: false })
  .freeze();

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
            fatal: null,
          });
        }
        properties['loading'] ??= 'lazy';
        properties['decoding'] ??= 'async';
      }
      return undefined;
    });
  };
}

const sanitizeProcessor = unified()
  .use(rehypeParse, { fragment: true })
  .use(rehypeSanitize, sanitizeSchema)
  .use(rehypeNewsroom)
  .use(rehypeStringify)
  .freeze();

// Sanitising can leave structure a browser would parse differently (a table inside a paragraph,
// once a <math> around it is gone); parsing and writing it once more makes what is written what
// the browser builds.
const normaliseProcessor = unified().use(rehypeParse, { fragment: true }).use(rehypeStringify).freeze();

export function renderMarkdown(body: string, options: BodyOptions & { takeHeading: boolean }): RenderedBody {
  const tooComplex = findComplexity(body);
  if (tooComplex) return asPlainText(body, options, tooComplex);
  const data: BodyData = {
    options,
    problems: [],
    hasRawHtml: false,
    dateline: null,
    leadingHeading: null,
    takeHeading: options.takeHeading,
  };
  try {
    const processor = body.includes('|') || body.includes('~') ? gfmProcessor : commonmarkProcessor;
    let html = String(processor.processSync({ value: body, data: { body: data } }));
    // Table alignment comes out as the `align` attribute, which HTML has retired: a class instead.
    if (html.includes(' align="')) html = html.replace(/(<t[dh]\b[^>]*?) align="(left|right|center)"/g, '$1 class="align-$2"');
    if (data.hasRawHtml) {
      html = String(sanitizeProcessor.processSync({ value: html, data: { body: data } }));
      html = String(normaliseProcessor.processSync(html));
      // What the sanitiser emptied (a paragraph that held only a player) goes with it.
      html = html.replace(/<p><\/p>\n?/g, '');
      html = followPrefixedIds(html);
    }
    return { html: html.trimEnd(), leadingHeading: data.leadingHeading, dateline: data.dateline, problems: data.problems };
  } catch (cause) {
    // Nesting deep enough to exhaust the stack: the text still deserves a page.
    if (cause instanceof RangeError) return asPlainText(body, options, { reason: 'nests too deeply', line: 1 });
    throw cause;
  }
}

/**
 * Raw-HTML ids carry a prefix so they cannot clobber the page's own (`user-content-box`); a link
 * to `#box` in the same body follows it there.
 */
function followPrefixedIds(html: string): string {
  const ids = new Set([...html.matchAll(/\sid="user-content-([^"]+)"/g)].map((match) => match[1]!));
  if (ids.size === 0) return html;
  return html.replace(/(\shref=")#([^"]+)"/g, (whole, start: string, id: string) => (ids.has(id) ? `${start}#user-content-${id}"` : whole));
}

// CommonMark parsers take quadratic time on some inputs: many `[` or `*` in one paragraph, deep
// `>` nesting. The work grows with the square of the delimiters in each paragraph, so that is what
// is budgeted. Real articles use a tiny fraction of it; a file over it is shown as plain text.
const DELIMITER_BUDGET = 10_000 * 10_000;
const MAX_NESTING = 100;
const DELIMITER_CODES = ['[', ']', '*', '_', '`', '<', '('].map((char) => char.charCodeAt(0));
const DELIMITER_SET = new Uint8Array(128);
for (const code of DELIMITER_CODES) DELIMITER_SET[code] = 1;

interface Complexity {
  reason: string;
  line: number;
}

function findComplexity(body: string): Complexity | null {
  // Counts per paragraph of [ ] * _ ` < ( (char codes 91 93 42 95 96 60 40), in one pass.
  const counts = new Int32Array(128);
  let spent = 0;
  let line = 1;
  let lineStart = true;
  let quotes = 0;
  let indent = 0;
  let blank = true;
  const pending = () => {
    let sum = spent;
    for (const code of DELIMITER_CODES) sum += counts[code]! * counts[code]!;
    return sum;
  };
  for (let i = 0; i <= body.length; i++) {
    const code = i < body.length ? body.charCodeAt(i) : 10;
    if (code === 10) {
      if (blank) {
        spent = pending();
        counts.fill(0);
      } else if (pending() > DELIMITER_BUDGET) {
        return { reason: 'has too many `[`, `*`, `_` or `<` to parse in reasonable time', line };
      }
      line++;
      lineStart = true;
      quotes = 0;
      indent = 0;
      blank = true;
      continue;
    }
    if (lineStart) {
      if (code === 62) quotes++;
      else if (code === 32 || code === 9) indent++;
      else lineStart = false;
      if (quotes > MAX_NESTING || indent > MAX_NESTING * 4) return { reason: 'nests too deeply', line };
    }
    if (code !== 32 && code !== 9 && code !== 13) blank = false;
    if (code < 128 && DELIMITER_SET[code]) counts[code]!++;
  }
  return null;
}

function asPlainText(body: string, options: { takeHeading: boolean }, complexity: Complexity): RenderedBody {
  let text = body;
  let leadingHeading: string | null = null;
  const heading = options.takeHeading ? /^\s*#\s+(.+)\n?/.exec(body) : null;
  if (heading) {
    leadingHeading = heading[1]!.trim();
    text = body.slice(heading[0].length);
  }
  const paragraphs = text
    .split(/\n\s*\n/)
    .map((block) => block.trim().replace(/\s*\n\s*/g, ' '))
    .filter(Boolean);
  return {
    html: paragraphs.map((paragraph) => `<p>${escapeHtml(paragraph)}</p>`).join('\n'),
    leadingHeading,
    dateline: null,
    problems: [
      {
        reason: `Markdown ${complexity.reason}; the body is shown as plain text`,
        place: { line: complexity.line, column: 1 },
        ruleId: 'markdown-too-complex',
        hint: 'escape long runs of Markdown characters with \\, or split the text into paragraphs',
        fatal: false,
      },
    ],
  };
}
