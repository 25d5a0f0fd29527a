import type { VFile } from 'vfile';
import { escapeHtml } from '../../escape.js';
import { oneLine } from '../../text.js';
import type { Attribution } from '../../types.js';
import { isAgency } from '../agencies.js';
import { parseAttribution } from '../attribution.js';
import { detectDateline, type DetectedDateline } from '../dateline.js';
import type { ArticleFields, ContentFormat } from '../format.js';

// Wire copy (`.txt`): headline on the first line, an optional byline, the body, an optional
// closing attribution. Text stays text: nothing in it is ever read as markup.

export const wire: ContentFormat = {
  id: 'txt',
  extensions: ['.txt'],
  read: readWire,
  hints: {
    noDate: 'start the file name with the date, YYYY-MM-DD-…',
    pinSlug: 'wire text has no front matter to pin a slug in: give one story another headline, or make it Markdown with a `slug:`',
  },
};

function readWire(file: VFile): ArticleFields {
  const copy = parseWireCopy(String(file.value));
  return {
    headline: copy.headline || null,
    headlineLine: () => copy.headlineLine,
    authors: copy.authors.map((name) => ({ name, url: null })),
    // An agency named in the byline is where the story came from, when no Source: line says.
    attribution: copy.attribution ?? (copy.agency ? { name: copy.agency, url: null } : null),
    dateline: copy.dateline?.text ?? null,
    corrections: [],
    tags: [],
    aliases: [],
    extra: {},
    // Wire copy is text: its paragraphs are what a reader reads, with no markup to take away.
    body: () => ({ html: wireBodyHtml(copy), text: copy.paragraphs.map(oneLine).join('\n'), dateline: copy.dateline?.text ?? null }),
  };
}

export interface WireCopy {
  headline: string;
  /** 1-based line of the headline, 0 when there is none. */
  headlineLine: number;
  /** The byline as written (`By Jane Roe and Sam Poe`), or null. */
  byline: string | null;
  authors: string[];
  /** The news agency that closes the byline (`…, Reuters`), or null. */
  agency: string | null;
  /** The attribution line as written, or null. */
  attributionLine: string | null;
  attribution: Attribution | null;
  paragraphs: string[];
  dateline: DetectedDateline | null;
}

const BYLINE = /^by\s+(.+)$/i;
const BYLINE_WORD = /^by\s+/i;
const AUTHOR_SEPARATOR = /\s*,\s*|\s*&\s*|\s+and\s+/i;
// `By Aaron J. Staples, Michigan State University`: where a writer works is not a second author.
const INSTITUTION = /^the\s|\b(?:university|universität|université|universidad|college|institute|institut|database|foundation|ministry|association|centre|center|department|corporation)\b/i;
const ATTRIBUTION = /^(?:sources?|courtesy|via|credit)\s*:\s*(\S.*)$/i;

/**
 * The people a byline names (what follows `By`), and the agency that closes it: `Lisa Mascaro
 * and Mary Clare Jalonick, AP`, or `Reuters` alone, which names no person.
 */
export function splitByline(byline: string): { authors: string[]; agency: string | null } {
  let names = byline.replace(BYLINE_WORD, '').trim();
  let agency: string | null = null;
  const afterComma = /,\s*([^,]+)$/.exec(names)?.[1]?.trim();
  if (afterComma && isAgency(afterComma)) {
    agency = afterComma;
    names = names.slice(0, names.lastIndexOf(',')).trim();
  } else if (isAgency(names)) {
    agency = names;
    names = '';
  }
  const authors = names.split(AUTHOR_SEPARATOR).map((name) => name.trim()).filter(Boolean);
  return { authors: authors.filter((name, index) => index === 0 || !INSTITUTION.test(name)), agency };
}

export function parseWireCopy(text: string): WireCopy {
  const lines = text.split('\n').map((line) => line.trim());
  const nonBlank = lines.flatMap((line, index) => (line === '' ? [] : [index]));

  const copy: WireCopy = {
    headline: '',
    headlineLine: 0,
    byline: null,
    authors: [],
    agency: null,
    attributionLine: null,
    attribution: null,
    paragraphs: [],
    dateline: null,
  };
  if (nonBlank.length === 0) return copy;

  const first = nonBlank[0]!;
  copy.headline = lines[first]!;
  copy.headlineLine = first + 1;
  let bodyStart = first + 1;

  const second = nonBlank[1];
  const bylineMatch = second === undefined ? null : BYLINE.exec(lines[second]!);
  if (second !== undefined && bylineMatch) {
    copy.byline = lines[second]!;
    Object.assign(copy, splitByline(bylineMatch[1]!));
    bodyStart = second + 1;
  }

  let bodyEnd = lines.length;
  const last = nonBlank[nonBlank.length - 1]!;
  const attributionMatch = last >= bodyStart ? ATTRIBUTION.exec(lines[last]!) : null;
  if (attributionMatch) {
    copy.attributionLine = lines[last]!;
    copy.attribution = parseAttribution(attributionMatch[1]!);
    bodyEnd = last;
  }

  copy.paragraphs = splitParagraphs(lines.slice(bodyStart, bodyEnd));
  if (copy.paragraphs[0] !== undefined) copy.dateline = detectDateline(copy.paragraphs[0]);
  return copy;
}

// Two rules, as newsrooms send copy: if the body has a blank line, blank lines separate
// paragraphs and hard-wrapped lines inside one join; if it has none, every line is a paragraph.
function splitParagraphs(lines: string[]): string[] {
  while (lines[0] === '') lines.shift();
  while (lines[lines.length - 1] === '') lines.pop();
  if (!lines.includes('')) return lines;
  const paragraphs: string[] = [];
  let current: string[] = [];
  for (const line of lines) {
    if (line !== '') current.push(line);
    else if (current.length > 0) {
      paragraphs.push(current.join(' '));
      current = [];
    }
  }
  if (current.length > 0) paragraphs.push(current.join(' '));
  return paragraphs;
}

export function wireBodyHtml(copy: Pick<WireCopy, 'paragraphs' | 'dateline'>): string {
  return copy.paragraphs
    .map((paragraph, index) => {
      if (index === 0 && copy.dateline) {
        const { text, separator } = copy.dateline;
        const rest = paragraph.slice(text.length + separator.length);
        return `<p><span class="dateline">${escapeHtml(text)}</span>${escapeHtml(separator)}${escapeHtml(rest)}</p>`;
      }
      return `<p>${escapeHtml(paragraph)}</p>`;
    })
    .join('\n');
}
