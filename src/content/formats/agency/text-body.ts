import { oneLine } from '../../../text.js';
import { detectDateline } from '../../dateline.js';
import type { ArticleBody } from '../../format.js';
import { wireBodyHtml } from '../wire.js';

// Plain paragraphs from an agency (a transmission's text, ninjs `body_text`), set as wire text is.

// `(Adds comments, detail)`, `(Updates with final score)`, `(Recasts, adds quotes)`: what changed
// since the last version, said to the desks that take the wire, not to readers.
const ADVISORY = /^\((?:adds|updates|recasts|corrects|refiles|repeats|changes|fixes|moves|inserts|removes|rewrites|writes through|combines|new|deletes|re-?issues|clarifies|amends|edits|subs)\b[^()]*\)$/i;

/** An agency's note to its clients about this version of the story, which opens its text. */
export function isAdvisory(paragraph: string): boolean {
  return ADVISORY.test(paragraph.trim());
}

/** A body of plain paragraphs, as wire text sets them: a dateline opening the first is marked. */
export function textBody(paragraphs: string[]): ArticleBody {
  const kept = paragraphs.map(oneLine).filter((paragraph, index) => paragraph !== '' && !(index === 0 && isAdvisory(paragraph)));
  const dateline = kept[0] === undefined ? null : detectDateline(kept[0]);
  return { html: wireBodyHtml({ paragraphs: kept, dateline }), text: kept.join('\n'), dateline: dateline?.text ?? null };
}

/**
 * Whether text is set as wire copy: paragraphs opened by indented lines, the lines under them at
 * the margin. Text indented all alike is only an XML file's own indenting, not paragraphs.
 */
export function isSetWithIndents(lines: string[]): boolean {
  return lines.some((line) => /^(?:\t| {3})\s*\S/.test(line)) && lines.slice(1).some((line) => /^\S/.test(line));
}

/**
 * Plain text's paragraphs, as wire copy is set: a line indented (a tab, or three spaces) opens a
 * paragraph and the lines under it join it; without indents, blank lines separate paragraphs, and
 * without those every line is one. A `<p>` some agencies wrap the text in (ANSA) is a break.
 */
export function paragraphsOf(text: string): string[] {
  const raw = text.replace(/\r\n?/g, '\n').replace(/<\/?p\b[^>]*>|<br\s*\/?>/gi, '\n\n').split('\n');
  const indented = isSetWithIndents(raw);
  const lines = raw.map((line) => line.trim());
  const written = lines.slice(lines.findIndex(Boolean), lines.findLastIndex(Boolean) + 1);
  if (!indented && !written.includes('')) return written;
  const paragraphs: string[] = [];
  let current: string[] = [];
  const close = () => {
    if (current.length > 0) paragraphs.push(current.join(' '));
    current = [];
  };
  raw.forEach((line, index) => {
    if (lines[index] === '' || (indented && /^(?:\t| {3})/.test(line))) close();
    if (lines[index] !== '') current.push(lines[index]!);
  });
  close();
  return paragraphs;
}
