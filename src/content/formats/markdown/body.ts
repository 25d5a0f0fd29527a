import type { Link, Paragraph, PhrasingContent, Root, RootContent, Text } from 'mdast';
import { gfmStrikethroughFromMarkdown } from 'mdast-util-gfm-strikethrough';
import { gfmTableFromMarkdown } from 'mdast-util-gfm-table';
import { gfmStrikethrough } from 'micromark-extension-gfm-strikethrough';
import { gfmTable } from 'micromark-extension-gfm-table';
import remarkHtml from 'remark-html';
import remarkParse from 'remark-parse';
import { unified, type Processor } from 'unified';
import { EXIT, SKIP, visit } from 'unist-util-visit';
import type { Place } from '../../../messages/diagnostics.js';
import { isSafeImageUrl, isSafeUrl } from '../../../escape.js';
import { detectDateline } from '../../dateline.js';
import { asPlainText, findComplexity } from './complexity.js';
import { normaliseProcessor, rawHtmlProblems, sanitizeProcessor } from './sanitise.js';
import type { BodyData, BodyOptions, RenderedBody } from './types.js';

export type { BodyOptions, BodyProblem, RenderedBody } from './types.js';

// A Markdown body, rendered by one frozen unified processor. Raw HTML in it is kept only after
// it has been sanitised.

declare module 'vfile' {
  interface DataMap {
    body: BodyData;
  }
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
        problems.push(...rawHtmlProblems(node.value, node.position?.start));
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
