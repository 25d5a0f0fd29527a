import type { Root, RootContent, Text } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { toHtml } from 'hast-util-to-html';
import { toText } from 'hast-util-to-text';
import type { VFile } from 'vfile';
import { report, type Place } from '../../../messages/diagnostics.js';
import { blockText } from '../../../text.js';
import { detectDateline } from '../../dateline.js';
import type { ArticleBody } from '../../format.js';
import { finishRawHtml } from '../markdown/finish.js';
import { removalProblems, sanitiseTree } from '../markdown/sanitise.js';
import type { BodyData, RawHtml } from '../markdown/types.js';
import { isAdvisory, isSetWithIndents, paragraphsOf } from './text-body.js';

// An agency's HTML body (ninjs `body_html`, NewsML-G2's XHTML or NITF once made HTML), as a page's
// body: through exactly the sanitiser and finishing that Markdown's raw HTML gets, with the same
// messages. Loaded by a format's `prepare`: the scan loads every format, and not the HTML parser.

/**
 * A body of agency HTML. `placeIn` turns a position inside `html` into one in the file (a JSON
 * string has no lines of its own in the file, so ninjs gives the field's place for all of them).
 */
export function htmlBody(file: VFile, html: string, placeIn: (inside: Place) => Place | undefined): ArticleBody {
  const raw: RawHtml[] = [{ start: 0, end: html.length, place: { line: 1, column: 1 }, value: html }];
  const data: BodyData = {
    // Links in agency copy point at the agency's or the web's pages, never at files here.
    options: { resolveUrl: (reference) => reference, dateline: null },
    problems: [],
    hasRawHtml: true,
    rawHtml: raw,
    hasTable: false,
    dateline: null,
    leadingHeading: null,
    takeHeading: false,
    text: '',
  };
  const parsed = fromHtml(html, { fragment: true }) as Root;
  const sanitised = sanitiseTree(parsed, raw);
  // Parsed again when taking an element out could leave nesting a browser builds differently.
  const tree = sanitised.unwrapped ? (fromHtml(toHtml(sanitised.tree), { fragment: true }) as Root) : sanitised.tree;
  finishRawHtml(tree, data, sanitised.removals);
  splitSetParagraphs(tree);
  dropAdvisory(tree);
  for (const problem of [...removalProblems(sanitised.removals, raw), ...data.problems]) {
    report(file, problem.reason, { place: problem.place && placeIn(problem.place), ruleId: problem.ruleId, hint: problem.hint });
  }
  const text = blockText(tree);
  const first = text.split('\n').find((line) => line.trim() !== '');
  return { html: toHtml(tree).trim(), text, dateline: (first && detectDateline(first)?.text) ?? null };
}

/**
 * Reuters sends a story as one `<p>` of wire copy, its paragraphs opened by indented lines and
 * hard-wrapped: such a paragraph is set as the paragraphs it holds. Text outside any element is
 * set as paragraphs too.
 */
function splitSetParagraphs(tree: Root): void {
  const paragraphs = (text: string): RootContent[] =>
    paragraphsOf(text).flatMap((paragraph): RootContent[] => [{ type: 'element', tagName: 'p', properties: {}, children: [{ type: 'text', value: paragraph }] }, { type: 'text', value: '\n' }]);
  tree.children = tree.children.flatMap((node) => {
    // Text straight in the body, in no paragraph (Business Wire, Opta's results): its lines are the paragraphs.
    if (node.type === 'text') return node.value.trim() === '' ? [node] : paragraphs(node.value);
    if (node.type !== 'element' || node.tagName !== 'p' || !node.children.every((child) => child.type === 'text')) return [node];
    const text = node.children.map((child) => (child as Text).value).join('');
    if (!isSetWithIndents(text.split('\n'))) return [node];
    return paragraphs(text);
  });
}

/** The note to the desks that may open a story (`(Adds comments, detail)`) is not the story's. */
function dropAdvisory(tree: Root): void {
  const first = tree.children.findIndex((node) => node.type === 'element');
  const node = tree.children[first];
  if (node?.type === 'element' && node.tagName === 'p' && isAdvisory(toText(node))) tree.children.splice(first, 1);
}
