import type { VFile } from 'vfile';
import { report } from '../../messages/diagnostics.js';
import type { ArticleFields, ContentFormat } from '../format.js';
import { textBody } from './agency/text-body.js';
import { bareKeyword, headerOf, idOf, isAnpa, URGENCY, versionOf, type Header } from './agency/anpa-header.js';
import {
  bylineOf,
  copyrightOf,
  datelineAgency,
  fullYear,
  HOLD,
  isEndMark,
  leadSentence,
  linesOf,
  prepareTransmissions,
  readTransmissions,
  releaseOf,
  stampDate,
  type Line,
  type Transmission,
  type TransmissionStream,
} from './agency/transmission.js';

// ANPA-1312, the wire format of AP and the North American agencies. A transmission is
//
//   SYN SYN SOH z6715 US ----- LF                        service level, story number, selector
//   r z DC3 DC1 BC-BKN--Heat-Hawks 1stLd-Writethru   02-20 0500     priority, category, keyword,
//   STX ^BC-BKN--Heat-Hawks, 1st Ld-Writethru,416<                  version, month-day, words
//   ^Deng has 30 points, Heat beat Hawks 115-111<        the headline; `^…<` lines head the story
//   ^Eds: Updates with final score.<                     an editor's note: never published
//   ^By CHARLES ODUM=                                    the byline, then the writer's title
//   TAB   ATLANTA (AP) _ Luol Deng scored 30 points…<    paragraphs, indented by a tab
//   AP-NY-11-20-26 1530EST< ETX … EOT                    the trailer: when it went out
//
// Versions of a story keep its keyword and say what they are (`1stLd`, `Writethru`,
// `2ndLd-Writethru`, `Kill`): its `id` is the keyword without the news cycle, its `version` a
// number that orders them. `extra.category` is the ANPA category letter (`s` sports, `f`
// financial…), for templates; nothing else goes to `extra`.

export const anpa: ContentFormat = {
  id: 'anpa',
  prepare: prepareTransmissions,
  sniff: isAnpa,
  read: readAnpa,
  hints: {
    noDate:
      'an ANPA header gives the month and day but not the year: keep the transmission\'s closing time stamp (`AP-NY-11-20-26 1530EST`), or start the file name with the date, YYYY-MM-DD-…',
    pinSlug: 'a transmission has no field to pin a slug in: copy the story into Markdown with a `slug:`, or give one story another headline',
  },
};

// AP reuses a keyword for every game between two teams and every day's weather: one story's
// versions (leads, writethrus, a kill) come within a day or so of each other.
const ITEM_DAYS = 2;

interface Story {
  header: Header;
  keyword: string | null;
  slugVersion: string | null;
  headline: string | null;
  headlineLine: number;
  dek: string[];
  byline: string | null;
  bylineTitle: string | null;
  paragraphs: string[];
  copyright: string | null;
  stamp: Line | null;
  /** Lines that hold the story back until a time (`Eds: For release 12:01 a.m. EST Sunday, Nov. 22`). */
  holds: string[];
  /** Where the text starts, after STX: a message with nothing in it is reported there. */
  textPlace: { line: number; column: number };
}

const EDITORS_NOTE = /^\(?\s*(?:eds?|editors?|editor's note|editor’s note|notes? to editors)\s*[:_]/i;
const PICTURE_NOTE = /^(?:with\s+(?:AP\s+|CP\s+)?|(?:AP|CP)\s+)(?:photos?|video|graphics?|audio)\b/i;
const PRIORITY_WORD = /^(?:urgent|bulletin|flash|apnewsnow|advisory|adv\d*)\W*$/i;
const METADATA = /^(?:(?:index|symbol|keywords?|code|category)\s*:|update:\S)/i;
const BYLINE = /^by\s+\S/i;
// A head line that is only a release time: never the headline.
const HOLD_LINE = /^(?:embargoed\b|embargo\s*(?::|until\b|till\b)|(?:hold )?for release\b|advance for\b|release at\b)/i;
const BYLINE_TITLE = /\b(?:writer|correspondent|editor|reporter|columnist|press|news|staff|service|critic|analyst|associated|contributor|bureau)\b/i;
const TRAILER_STAMP = /^[A-Z]{2,4}-[A-Z]{1,4}(?:-[A-Z]{1,4})?-(\d{1,2})-(\d{1,2})-(\d{2,4})\s+(\d{1,2}):?(\d{2})\s*([A-Z]{1,4})?$/;
const TIME_FIRST_STAMP = /^(\d{1,2}):?(\d{2})\s*([A-Z]{1,4})?\s+(\d{1,2})-(\d{1,2})-(\d{2,4})$/;

/** A `^…<` line's words: the caret and the quad marks (`<` left, `=` centre, `>` right) taken off. */
function unquad(text: string): string {
  return text.replace(/^\^/, '').replace(/\s*@?[<=>]?\s*$/, '').trim();
}

/** Wire typewriter typography as print sets it: ` _ ` a dash, ``…'' curly quotes. */
function typeset(text: string): string {
  return text
    .replace(/(^|\s)_(?=\s)/g, '$1—')
    .replace(/``/g, '“')
    .replace(/''/g, '”');
}

function parseStory(transmission: Transmission, place: TransmissionStream['place']): Story {
  const header = headerOf(transmission);
  const lines = linesOf(transmission.text, place);
  const story: Story = {
    header,
    keyword: header.keyword,
    slugVersion: null,
    headline: null,
    headlineLine: lines[0]?.line ?? place(transmission.text.offset).line,
    dek: [],
    byline: null,
    bylineTitle: null,
    paragraphs: [],
    copyright: null,
    stamp: null,
    holds: [],
    textPlace: place(transmission.text.offset),
  };

  // The head: `^` lines up to the byline and its title, or up to the first paragraph.
  let index = 0;
  let sawCaret = false;
  for (; index < lines.length; index++) {
    const { text: raw, line } = lines[index]!;
    if (raw.trim() === '') continue;
    if (!raw.startsWith('^')) {
      if (METADATA.test(unquad(raw))) continue;
      // No `^` head at all: a flush-left first line over indented paragraphs is the headline.
      const next = lines.slice(index + 1).find((candidate) => candidate.text.trim() !== '');
      if (!sawCaret && story.headline === null && !/^(?:\t| {3})/.test(raw) && next && /^(?:\t| {3})/.test(next.text) && !isEndMark(raw.trim())) {
        story.headline = unquad(raw);
        story.headlineLine = line;
        continue;
      }
      break;
    }
    sawCaret = true;
    // `^*9006< ^AP-Top-Entertainment-Headlines,0176<`: a selector code and the slug on one line.
    const words = unquad(raw.replace(/^\^\*\d+<\s*(?=\^)/, ''));
    if (words === '') continue;
    if (story.slugVersion === null && isSlugLine(words, header.keyword)) {
      const [slug, ...after] = words.split(',').map((part) => part.trim());
      story.keyword ??= slug!;
      story.slugVersion = after.filter((part) => !/^\d+$/.test(part)).join(' ') || '';
      continue;
    }
    if (HOLD.test(words)) story.holds.push(words);
    if (EDITORS_NOTE.test(words) || PICTURE_NOTE.test(words) || PRIORITY_WORD.test(words) || METADATA.test(words) || HOLD_LINE.test(words)) continue;
    const hl = /^HL:\s*(.+)$/i.exec(words);
    if (hl && story.headline === null) {
      story.headline = hl[1]!;
      story.headlineLine = line;
      continue;
    }
    if (story.byline === null && BYLINE.test(words)) {
      story.byline = words;
      continue;
    }
    if (story.byline !== null) {
      if (story.bylineTitle === null && (BYLINE_TITLE.test(words) || isAgencyName(words))) {
        story.bylineTitle = words;
        continue;
      }
      break;
    }
    if (story.headline === null) {
      story.headline = words;
      story.headlineLine = line;
    } else story.dek.push(words);
  }

  // The body: paragraphs open with a tab or three spaces (or are a `^` line of their own); a
  // flush-left line goes on the paragraph before, unless the story is a table.
  let current: string[] | null = null;
  const close = () => {
    if (current && current.length > 0) story.paragraphs.push(current.join(' '));
    current = null;
  };
  for (; index < lines.length; index++) {
    const { text: raw } = lines[index]!;
    const trimmed = unquad(raw);
    if (trimmed === '') {
      close();
      continue;
    }
    if (TRAILER_STAMP.test(trimmed) || TIME_FIRST_STAMP.test(trimmed)) {
      story.stamp = { text: trimmed, line: lines[index]!.line };
      close();
      continue;
    }
    const copyright = copyrightOf(trimmed);
    if (isEndMark(trimmed) || copyright) {
      if (copyright) story.copyright = copyright;
      close();
      continue;
    }
    if (raw.startsWith('^')) {
      close();
      if (![EDITORS_NOTE, PICTURE_NOTE, PRIORITY_WORD, METADATA, HOLD_LINE].some((pattern) => pattern.test(trimmed))) story.paragraphs.push(trimmed);
      continue;
    }
    if (/^(?:\t| {3})/.test(raw) || current === null || header.tabular) {
      close();
      current = [];
    }
    current!.push(trimmed);
    // A quad mark ends the line, and with it the paragraph.
    if (/[<=>]\s*$/.test(raw)) close();
  }
  close();
  // A digest (AP's Top Headlines) is a headline over a list of `^` lines and no text: the list is the story.
  if (story.paragraphs.length === 0 && story.dek.length > 1) {
    story.paragraphs = story.dek;
    story.dek = [];
  }
  // An editor's note among the paragraphs is the desk's, never the reader's.
  for (const paragraph of story.paragraphs) if (EDITORS_NOTE.test(paragraph) && HOLD.test(paragraph)) story.holds.push(paragraph);
  story.paragraphs = story.paragraphs.filter((paragraph) => !EDITORS_NOTE.test(paragraph) && !HOLD_LINE.test(paragraph)).map(typeset);
  if (story.stamp === null) {
    const after = linesOf(transmission.trailer, place).map((line) => ({ ...line, text: unquad(line.text) }));
    story.stamp = after.find((line) => TRAILER_STAMP.test(line.text) || TIME_FIRST_STAMP.test(line.text)) ?? null;
  }
  return story;
}

function isAgencyName(words: string): boolean {
  const { authors, agency } = bylineOf(words);
  return agency !== null && authors.length === 0;
}

function isSlugLine(words: string, keyword: string | null): boolean {
  const squeeze = (text: string) => text.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (keyword && squeeze(words).startsWith(squeeze(keyword).slice(0, 12))) return true;
  return /^(?:AM|PM|BC|AP)-[A-Za-z0-9]/.test(words) && !/\s\S+\s\S+\s\S+\s/.test(words.split(',')[0]!);
}

/**
 * When the story went out, from the trailer's time stamp: AP's `AP-NY-11-20-26 1530EST` is
 * month-day-year, CP's `16:35ET 31-10-14` day-month-year; a header's filing date with a number
 * over 12 (`31-10`) settles the order for its own stamp. The header's month and day alone name
 * no year, so without a stamp the story is left undated.
 */
function publishedOf(story: Story): string | Date | undefined {
  if (!story.stamp) return undefined;
  const ap = TRAILER_STAMP.exec(story.stamp.text);
  const cp = ap ? null : TIME_FIRST_STAMP.exec(story.stamp.text);
  const [first, second, year, hour, minute, zone] = ap
    ? [ap[1]!, ap[2]!, ap[3]!, ap[4]!, ap[5]!, ap[6]]
    : [cp![4]!, cp![5]!, cp![6]!, cp![1]!, cp![2]!, cp![3]];
  const pair = [Number(first), Number(second)] as const;
  let dayFirst = !ap;
  const filed = story.header.filed;
  if (filed && new Set([...filed, ...pair]).size <= 2 && (filed[0] > 12 || filed[1] > 12)) dayFirst = filed[0] > 12;
  if (pair[0] > 12) dayFirst = true;
  else if (pair[1] > 12) dayFirst = false;
  const [day, month] = dayFirst ? pair : [pair[1], pair[0]];
  return stampDate({ year: fullYear(year), month, day, hour: Number(hour), minute: Number(minute), zone: zone ?? null }) ?? undefined;
}

/** The release time an advance names, its year the transmission's when it gives none. */
function embargoOf(story: Story, published: string | Date | undefined): string | Date | undefined {
  const sent = typeof published === 'string' ? new Date(published.length === 16 ? `${published}Z` : published) : published;
  const around = sent && !Number.isNaN(sent.getTime()) ? { year: sent.getUTCFullYear(), month: sent.getUTCMonth() + 1 } : null;
  for (const line of story.holds) {
    const release = releaseOf(line, around);
    const date = release ? stampDate(release) : null;
    if (date) return date;
  }
  return undefined;
}

function fieldsOf(story: Story): ArticleFields {
  const keyword = story.keyword;
  const { version, status } = versionOf(story.header.version ?? story.slugVersion);
  const byline = story.byline ? bylineOf(story.byline) : null;
  const titleAgency = story.bylineTitle ? bylineOf(story.bylineTitle) : null;
  const agency = byline?.agency ?? (titleAgency && titleAgency.authors.length === 0 ? titleAgency.agency : null) ?? datelineAgency(story.paragraphs[0]);
  // A kill or a hold may be all head and no text: it is named by its keyword, and never shown.
  const headline = story.headline ? typeset(story.headline) : (leadSentence(story.paragraphs[0]) ?? story.dek[0] ?? (status === 'usable' ? null : keyword));
  const published = publishedOf(story);
  const embargo = embargoOf(story, published);
  const paragraphs = story.paragraphs.length === 0 && status !== 'usable' && headline ? [headline] : story.paragraphs;
  return {
    headline,
    headlineLine: () => story.headlineLine,
    ...(story.dek.length > 0 ? { dek: typeset(story.dek.join(' ')) } : {}),
    authors: (byline?.authors ?? []).map((name) => ({ name, url: null })),
    attribution: agency ? { name: agency, url: null } : null,
    dateline: null,
    ...(published !== undefined ? { published } : {}),
    ...(embargo !== undefined ? { embargo } : {}),
    // A later version's time stamp is when the story was last changed.
    ...(published !== undefined && version > 1 && status === 'usable' ? { updated: published } : {}),
    corrections: [],
    tags: [],
    aliases: [],
    ...(keyword ? { id: idOf(keyword), version, itemDays: ITEM_DAYS, slugline: keyword } : {}),
    status,
    ...(story.header.priority && URGENCY[story.header.priority] ? { urgency: URGENCY[story.header.priority] } : {}),
    ...(story.copyright ? { copyright: story.copyright } : {}),
    extra: story.header.category ? { category: story.header.category } : {},
    body: () => textBody(paragraphs),
    placeOf: (field) => (field === 'date' && story.stamp ? { line: story.stamp.line, column: 1 } : field === 'title' ? { line: story.headlineLine, column: 1 } : undefined),
  };
}

function readAnpa(file: VFile): ArticleFields | ArticleFields[] | null {
  const stream = readTransmissions(file);
  if (!stream) return null;
  const stories: Story[] = [];
  for (const transmission of stream.transmissions) {
    const story = parseStory(transmission, stream.place);
    const base = versionOf(story.header.version ?? story.slugVersion);
    if (story.headline === null && story.paragraphs.length === 0 && !(base.status !== 'usable' && story.keyword)) {
      report(file, 'transmission has neither a headline nor any text', {
        place: story.textPlace,
        ruleId: 'no-headline',
        hint: 'an ANPA story heads its text with `^Headline<` and indents its paragraphs with a tab',
      });
      return null;
    }
    // An add sent with its story in one file goes on the end of it. Sent alone it is a fragment:
    // published as the story it would replace it, so it waits for the writethru that carries it.
    const isAdd = story.keyword !== null && /add|insert/i.test(story.header.version ?? story.slugVersion ?? '');
    const earlier = isAdd
      ? stories.find((known) => known.keyword && bareKeyword(known.keyword) === bareKeyword(story.keyword!) && versionOf(known.header.version ?? known.slugVersion).version < base.version)
      : undefined;
    if (earlier) earlier.paragraphs.push(...story.paragraphs);
    else if (isAdd) {
      report(file, `an add to ${story.keyword} arrived without its story, so it is not published on its own`, {
        place: story.textPlace,
        ruleId: 'unsupported-item',
        hint: 'the story\'s next writethru carries the added text; or send the add in one file with its story',
      });
    } else stories.push(story);
  }
  const fields = stories.map(fieldsOf);
  // A hold sent after a version in the same file holds that version.
  fields.forEach((story, index) => {
    if (story.status !== 'withheld' || story.id === undefined) return;
    const before = fields.slice(0, index).filter((known) => known.id === story.id).map((known) => known.version ?? 0);
    if (before.length > 0) story.version = Math.max(story.version ?? 0, ...before.map((known) => known + 1));
  });
  return fields.length === 1 ? fields[0]! : fields;
}
