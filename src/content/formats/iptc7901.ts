import type { VFile } from 'vfile';
import { report } from '../../messages/diagnostics.js';
import type { ArticleFields, ContentFormat } from '../format.js';
import { textBody } from './agency/text-body.js';
import {
  bylineOf,
  copyrightOf,
  datelineAgency,
  fullYear,
  headerText,
  HOLD,
  isEndMark,
  leadSentence,
  linesOf,
  monthOf,
  openingOf,
  prepareTransmissions,
  readTransmissions,
  releaseOf,
  stampDate,
  type Line,
  type Transmission,
  type TransmissionStream,
} from './agency/transmission.js';

// IPTC 7901, the Recommended Message Format most agencies outside North America send:
//
//   SOH ecp0007 4 s 850  dpa-tns 0908          source and number, priority, category, words, info
//   American Football/NFL/                     the keyword line: the story's slug
//   STX Chiefs-Rams 2.0? A fun Super Bowl =    the heading, ended by ` =`
//   By Tom Krasovic =                          a byline, when there is one
//      San Diego (dpa) - History says…         paragraphs: three spaces in, or a blank line
//   The following information is not for publication     an editor's note: never published
//   ETX 211259 Nov 18 EOT                      when it went out: day, hour, minute, month, year
//
// Teleprinter copies open with ZCZC and close with NNNN, with or without STX and ETX.
// `extra.category` is the sender's category code (`pl`, `s`, `wir`…), for templates; a 7901
// message number is a sequence number, not a story's identity, so no `id` or `version` is given.

export const iptc7901: ContentFormat = {
  id: 'iptc7901',
  prepare: prepareTransmissions,
  sniff: isIptc7901,
  read: readIptc7901,
  hints: {
    noDate: 'an IPTC 7901 message is dated by the time stamp after its text (`211259 Nov 26`): keep it, or start the file name with the date, YYYY-MM-DD-…',
    pinSlug: 'a transmission has no field to pin a slug in: copy the story into Markdown with a `slug:`, or give one story another headline',
  },
};

// The header line: source and message number, priority, category, word count, optional fields.
const HEADER = /^\s*([A-Za-z]{0,8})(\d{0,6})[ ]+([0-9A-Za-z])[ ]+([A-Za-z]{1,4})[ ]+(\d{1,5})(?:[ ]+(.*))?$/;

/** A transmission opening ZCZC, or SOH and a 7901 header: number, priority, category, words. */
function isIptc7901(head: Uint8Array): boolean {
  const opening = openingOf(head);
  if (!opening) return false;
  if (opening.by === 'ZCZC') return true;
  const line = opening.rest.split(/[\r\n\u0002]/)[0]!;
  // US after the story number is ANPA's: the two formats never claim one file.
  return !line.includes('\u001f') && HEADER.test(line);
}

/** Urgency by 7901 priority: 1 flash, 2 bulletin, 3 urgent, 4 routine (the usual, 5), then less. */
function urgencyOf(priority: string): number | undefined {
  if (!/^\d$/.test(priority) || priority === '0') return undefined;
  const digit = Number(priority);
  return digit <= 3 ? digit : Math.min(digit + 1, 9);
}

interface Message {
  priority: string | null;
  category: string | null;
  keyword: string | null;
  headline: string | null;
  headlineLine: number;
  dek: string | null;
  byline: string | null;
  paragraphs: string[];
  copyright: string | null;
  stamp: string | null;
  /** Lines that hold the message back until a time (`Sperrfrist: 22. November 2026, 10.00 Uhr`). */
  holds: string[];
  stampLine: number | null;
  /** Where the text starts, after STX: a message with nothing in it is reported there. */
  textPlace: { line: number; column: number };
  /** The sender's name as its header gives it (`dpa-tns`, `KNA`), to know its sign-off line. */
  senders: string[];
}

// The line after which the desk's own information starts: `The following information is not
// (intended) for publication`, in the languages agencies send it in.
const NOT_FOR_PUBLICATION = /not (?:intended )?for publication|nicht (?:zur|für die) veröffentlichung|pas (?:destiné(?:e|es|s)? )?(?:à|a) (?:la )?publication|ne pas publier|non (?:destinat[oaie] )?(?:alla|per la) pubblicazione|no (?:es )?para (?:su )?publicación/i;
// dpa's notebook (`# Notebook`, `# Notizblock`), after the story: refile notes, notes to editors,
// links and contacts, for the desk. Any line that is a heading of that kind ends the story.
const NOTEBOOK = /^#{1,3}\s+\S/;
const BYLINE = /^(?:by|von|par|por|di|door|av|af)\s+\p{Lu}/iu;
// `211259 Nov 18`, `242200 GMT Jun 17`: day, hour and minute; a zone; the month; the year.
const STAMP = /^(\d{2})(\d{2})(\d{2})\s+(?:([A-Z]{1,4})\s+)?(\p{L}{3,})\.?\s+(\d{2,4})$/u;
// A line that is only a release time.
const HOLD_LINE = /^(?:sperrfrist\b|freigabe\s*:|embargoed\b|embargo\s*(?::|until\b|till\b)|for release\b|not for (?:publication|release|use) (?:before|until)\b)/i;
const KILL = /^(?:kill|elimination|eliminate|withdrawn?|withhold)\b/i;

function parseMessage(transmission: Transmission, place: TransmissionStream['place']): Message {
  const headerLines = headerText(transmission.header).split('\n').map((line) => line.trim());
  const headerIndex = headerLines.findIndex((line) => line !== '');
  const fields = headerIndex === -1 ? null : HEADER.exec(headerLines[headerIndex]!);
  const keywords = headerLines.slice(headerIndex + 1).filter((line) => line !== '');
  const lines = linesOf(transmission.text, place);
  const message: Message = {
    priority: fields?.[3] ?? null,
    category: fields?.[4]?.toLowerCase() ?? null,
    keyword: null,
    headline: null,
    headlineLine: place(transmission.text.offset).line,
    dek: null,
    byline: null,
    paragraphs: [],
    copyright: null,
    stamp: null,
    holds: [],
    stampLine: null,
    textPlace: place(transmission.text.offset),
    senders: [fields?.[1], ...(fields?.[6]?.split(/\s+/) ?? [])].filter((name): name is string => Boolean(name)).map((name) => name.split('-')[0]!.toLowerCase()),
  };

  let index = 0;
  const skipBlank = () => {
    while (index < lines.length && lines[index]!.text.trim() === '') index++;
  };
  skipBlank();
  // A teleprinter without STX sends its keyword lines, ended by `/`, in front of the heading.
  while (index < lines.length && /\/\s*$/.test(lines[index]!.text) && !/=\s*$/.test(lines[index]!.text)) keywords.push(lines[index++]!.text.trim());
  message.holds.push(...keywords.filter((line) => HOLD.test(line)));
  message.keyword = keywords.filter((line) => !HOLD_LINE.test(line)).join(' ').replace(/\s*\/\s*$/, '').trim() || null;
  skipBlank();
  // A release time sent ahead of the heading (`Sperrfrist: …`) is the desk's, never the heading.
  while (index < lines.length && HOLD_LINE.test(lines[index]!.text.trim())) {
    message.holds.push(lines[index++]!.text.trim());
    skipBlank();
  }

  // The heading runs to the line ending `=`, over three lines at most; without one, it is the first line.
  if (index < lines.length) {
    let end = index;
    for (let look = index; look < Math.min(index + 3, lines.length); look++) {
      const text = lines[look]!.text.trim();
      if (text === '' || (look > index && BYLINE.test(text))) break;
      if (/=$/.test(text)) {
        end = look;
        break;
      }
    }
    const heading = lines.slice(index, end + 1);
    message.headline = heading.map((line) => unequal(line.text)).join(' ').trim() || null;
    message.headlineLine = heading[0]!.line;
    index = end + 1;
  }
  // Then, each ended by `=`, a byline and a second heading may follow before the text.
  for (let extra = 0; extra < 2; extra++) {
    skipBlank();
    const line = lines[index];
    if (!line) break;
    if (message.byline === null && BYLINE.test(line.text.trim()) && line.text.trim().length < 120) message.byline = unequal(line.text);
    else if (message.dek === null && /\s=\s*$/.test(line.text) && !/^(?:\t| {3})/.test(line.text)) message.dek = unequal(line.text);
    else break;
    index++;
  }

  // The text: a paragraph opens three spaces in (or a tab), or after a blank line.
  const body: Line[] = [];
  for (; index < lines.length; index++) {
    const text = lines[index]!.text.trim();
    // `Not for publication before 0001 GMT` is an embargo; `not for publication` alone opens the desk's note.
    if (HOLD_LINE.test(text)) message.holds.push(text);
    else if (NOT_FOR_PUBLICATION.test(text) || NOTEBOOK.test(text)) break;
    else body.push(lines[index]!);
  }
  // The desk's note may say when the message may be used: that time, and nothing else of it, is kept.
  for (; index < lines.length; index++) if (HOLD.test(lines[index]!.text)) message.holds.push(lines[index]!.text.trim());
  // The last lines may be the time stamp and the desk's sign-off (`dpa tca bag`).
  trimTail(body, message);
  let current: string[] | null = null;
  const close = () => {
    if (current && current.length > 0) message.paragraphs.push(current.join(' '));
    current = null;
  };
  for (const { text } of body) {
    const trimmed = text.trim();
    const copyright = trimmed === '' ? null : copyrightOf(trimmed);
    if (trimmed === '' || isEndMark(trimmed) || copyright) {
      if (copyright) message.copyright = copyright;
      close();
      continue;
    }
    if (/^(?:\t| {3})/.test(text) || current === null) {
      close();
      current = [];
    }
    current!.push(trimmed.replace(/^[#]+\s+/, ''));
  }
  close();

  if (message.stamp === null) {
    const stamp = linesOf(transmission.trailer, place).find((line) => STAMP.test(line.text.trim()));
    if (stamp) {
      message.stamp = stamp.text.trim();
      message.stampLine = stamp.line;
    }
  }
  return message;
}

/** A heading's words without the `=` that ends it. */
function unequal(text: string): string {
  return text.replace(/\s*=\s*$/, '').trim();
}

function trimTail(body: Line[], message: Message): void {
  for (;;) {
    while (body.length > 0 && body[body.length - 1]!.text.trim() === '') body.pop();
    const last = body[body.length - 1];
    if (!last) return;
    const text = last.text.trim();
    if (STAMP.test(text) && message.stamp === null) {
      message.stamp = text;
      message.stampLine = last.line;
    } else if (!isSignOff(text, message.senders)) return;
    body.pop();
  }
}

/** The desk's sign-off closing a message: the agency and editors' initials, `dpa tca bag`. */
function isSignOff(text: string, senders: string[]): boolean {
  const words = text.split(/\s+/);
  return words.length >= 2 && words.length <= 6 && senders.includes(words[0]!.toLowerCase()) && words.slice(1).every((word) => /^[\p{L}\d/-]{1,5}$/u.test(word));
}

/** When the message went out, from its time stamp; the year comes with it, the zone when the sender says. */
function publishedOf(message: Message): string | Date | undefined {
  const match = message.stamp ? STAMP.exec(message.stamp) : null;
  const month = match ? monthOf(match[5]!) : null;
  if (!match || month === null) return undefined;
  return stampDate({ year: fullYear(match[6]!), month, day: Number(match[1]), hour: Number(match[2]), minute: Number(match[3]), zone: match[4] ?? null }) ?? undefined;
}

function fieldsOf(message: Message): ArticleFields {
  const byline = message.byline ? bylineOf(message.byline) : null;
  const agency = byline?.agency ?? datelineAgency(message.paragraphs[0]);
  const killed = KILL.exec(message.keyword ?? '') ?? KILL.exec(message.headline ?? '');
  const status = killed ? (/^with/i.test(killed[0]) ? 'withheld' : 'canceled') : 'usable';
  const published = publishedOf(message);
  const sent = message.stamp ? STAMP.exec(message.stamp) : null;
  const around = sent && monthOf(sent[5]!) !== null ? { year: fullYear(sent[6]!), month: monthOf(sent[5]!)! } : null;
  const release = message.holds.map((line) => releaseOf(line, around)).find((stamp) => stamp !== null);
  const embargo = release ? (stampDate(release) ?? undefined) : undefined;
  const urgency = message.priority ? urgencyOf(message.priority) : undefined;
  const headline = message.headline ?? leadSentence(message.paragraphs[0]);
  const paragraphs = message.paragraphs.length === 0 && status !== 'usable' && headline ? [headline] : message.paragraphs;
  return {
    headline,
    headlineLine: () => message.headlineLine,
    ...(message.dek ? { dek: message.dek } : {}),
    authors: (byline?.authors ?? []).map((name) => ({ name, url: null })),
    attribution: agency ? { name: agency, url: null } : null,
    dateline: null,
    ...(published !== undefined ? { published } : {}),
    ...(embargo !== undefined ? { embargo } : {}),
    corrections: [],
    tags: [],
    aliases: [],
    ...(message.keyword ? { slugline: message.keyword } : {}),
    status,
    ...(urgency !== undefined ? { urgency } : {}),
    ...(message.copyright ? { copyright: message.copyright } : {}),
    extra: message.category ? { category: message.category } : {},
    body: () => textBody(paragraphs),
    placeOf: (field) =>
      field === 'date' && message.stampLine !== null ? { line: message.stampLine, column: 1 } : field === 'title' ? { line: message.headlineLine, column: 1 } : undefined,
  };
}

function readIptc7901(file: VFile): ArticleFields | ArticleFields[] | null {
  const stream = readTransmissions(file);
  if (!stream) return null;
  const fields: ArticleFields[] = [];
  for (const transmission of stream.transmissions) {
    const message = parseMessage(transmission, stream.place);
    if (message.headline === null && message.paragraphs.length === 0) {
      report(file, 'message has neither a heading nor any text', {
        place: message.textPlace,
        ruleId: 'no-headline',
        hint: 'an IPTC 7901 message puts its heading, ended by ` =`, after STX, and its text below',
      });
      return null;
    }
    fields.push(fieldsOf(message));
  }
  return fields.length === 1 ? fields[0]! : fields;
}
