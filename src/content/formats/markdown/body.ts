import type { Element, Root as HastRoot } from 'hast';
import type { Link, Paragraph, PhrasingContent, Root, RootContent, Text } from 'mdast';
import { gfmStrikethroughFromMarkdown } from 'mdast-util-gfm-strikethrough';
import { gfmTableFromMarkdown } from 'mdast-util-gfm-table';
import { defaultHandlers, type Handler, type State } from 'mdast-util-to-hast';
import { gfmStrikethrough } from 'micromark-extension-gfm-strikethrough';
import { gfmTable } from 'micromark-extension-gfm-table';
import rehypeRaw from 'rehype-raw';
import remarkHtml from 'remark-html';
import remarkParse from 'remark-parse';
import { unified, type Processor } from 'unified';
import { EXIT, SKIP, visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { isSafeImageUrl, isSafeUrl } from '../../../escape.js';
import { blockText } from '../../../text.js';
import { detectDateline } from '../../dateline.js';
import { asPlainText, findComplexity } from './complexity.js';
import { finishRawHtml } from './finish.js';
import { removalProblems, sanitiseTree } from './sanitise.js';
import type { BodyData, BodyOptions, RenderedBody } from './types.js';

export type { BodyOptions, BodyProblem, RenderedBody } from './types.js';

// A Markdown body, rendered by one frozen unified processor: remark-parse reads it, and
// remark-html turns the syntax tree into HTML. Between the two, on the HTML syntax tree, raw HTML
// becomes elements, is sanitised and finished; the body's plain text is taken from the same tree.

declare module 'vfile' {
  interface DataMap {
    body: BodyData;
  }
}

declare module 'mdast' {
  interface RootData {
    /** The file being rendered, for the HTML stage, which remark-html gives only the tree. */
    file?: VFile;
  }
}

function remarkNewsroom() {
  return (tree: Root, file: { value: unknown; data: Partial<{ body: BodyData }> }) => {
    const state = file.data.body!;
    const { options, problems } = state;
    tree.data = { ...tree.data, file: file as VFile };
    // With raw HTML in the body, every URL (written in Markdown or in HTML) is resolved once,
    // after sanitising, where both kinds are elements alike. A body with no `<` has none to find.
    if (String(file.value).includes('<')) {
      visit(tree, 'html', () => {
        state.hasRawHtml = true;
        return EXIT;
      });
    }

    if (state.takeHeading) {
      const first = tree.children[0];
      if (first?.type === 'heading' && first.depth === 1) {
        state.leadingHeading = phrasingText(first.children).trim() || null;
        tree.children.shift();
      }
    }

    let topHeading = false;
    visit(tree, (node, index, parent) => {
      if (node.type === 'heading') topHeading ||= node.depth === 1;
      else if (node.type === 'table') state.hasTable = true;
      if (node.type === 'html') {
        const { start, end } = node.position!;
        state.rawHtml.push({ start: start.offset!, end: end.offset!, place: { line: start.line, column: start.column }, value: node.value });
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

function phrasingText(nodes: PhrasingContent[]): string {
  return nodes
    .map((node) => ('value' in node ? node.value : 'children' in node ? phrasingText(node.children as PhrasingContent[]) : ''))
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

/**
 * The HTML stage, given to remark-html as its handler for the document: the tree mdast-util-to-hast
 * made, with what only the whole tree can do. A body with raw HTML (few have any) has it parsed
 * into elements by rehype-raw, sanitised and finished; the others skip all of that, since their
 * links were checked in the Markdown tree and the serialiser escapes every text. Then the plain
 * text, from the very tree that becomes the page.
 */
function bodyToHast(state: State, node: Root): HastRoot {
  let tree = defaultHandlers.root(state, node) as HastRoot;
  const file = node.data!.file!;
  const body = file.data.body!;
  if (body.hasRawHtml) {
    tree = rehypeRaw()(tree, file);
    alignAsClass(tree);
    const sanitised = sanitiseTree(tree, body.rawHtml);
    // Run through the HTML parser again, the tree is what a browser builds from the page.
    tree = sanitised.unwrapped ? rehypeRaw()(sanitised.tree, file) : sanitised.tree;
    finishRawHtml(tree, body, sanitised.removals);
    body.problems.push(...removalProblems(sanitised.removals, body.rawHtml));
  } else if (body.hasTable) {
    alignAsClass(tree);
  }
  body.text = blockText(tree);
  return tree;
}

/** Table alignment comes out as the `align` attribute, which HTML has retired: a class instead. */
function alignAsClass(tree: HastRoot): void {
  visit(tree, 'element', (node: Element) => {
    const align = node.properties['align'];
    if ((node.tagName !== 'td' && node.tagName !== 'th') || (align !== 'left' && align !== 'right' && align !== 'center')) return;
    // In the attribute's place, so the cell is written as it always was.
    node.properties = Object.fromEntries(
      Object.entries(node.properties).flatMap(([name, value]) => (name !== 'align' ? [[name, value]] : 'className' in node.properties ? [] : [['className', [`align-${align}`]]])),
    );
  });
}

// remark-html is told not to sanitise: the HTML stage above sanitises what needs it, on the tree.
// A body with no `|` and no `~` can hold no table and no strikethrough, so it skips those
// extensions.
// (The handler type leaves out the root that mdast-util-to-hast's own root handler returns.)
const toHtml = { sanitize: false, handlers: { root: bodyToHast as unknown as Handler } };
const commonmarkProcessor = unified().use(remarkParse).use(remarkNewsroom).use(remarkHtml, toHtml).freeze();
const gfmProcessor = unified().use(remarkParse).use(remarkTablesAndStrikethrough).use(remarkNewsroom).use(remarkHtml, toHtml).freeze();

export function renderMarkdown(body: string, options: BodyOptions & { takeHeading: boolean }): RenderedBody {
  const tooComplex = findComplexity(body);
  if (tooComplex) return asPlainText(body, options, tooComplex);
  const data: BodyData = {
    options,
    problems: [],
    hasRawHtml: false,
    rawHtml: [],
    hasTable: false,
    dateline: null,
    leadingHeading: null,
    takeHeading: options.takeHeading,
    text: '',
  };
  try {
    const processor = body.includes('|') || body.includes('~') ? gfmProcessor : commonmarkProcessor;
    const html = String(processor.processSync({ value: body, data: { body: data } }));
    return { html: html.trimEnd(), text: data.text, leadingHeading: data.leadingHeading, dateline: data.dateline, problems: data.problems };
  } catch (cause) {
    // Nesting deep enough to exhaust the stack: the text still deserves a page.
    if (cause instanceof RangeError) return asPlainText(body, options, { reason: 'nests too deeply', line: 1 });
    throw cause;
  }
}
