import { decodeUtf8OrWindows1252 } from '../../windows-1252.js';
import type { VFile } from 'vfile';
import { placeOfOffset, report } from '../../../messages/diagnostics.js';
import { detectDateline } from '../../dateline.js';
import { splitByline } from '../wire.js';

// The framing that ANPA-1312 and IPTC 7901 share: a file is a stream of transmissions, each
// SOH (or a teleprinter's ZCZC) + header, STX + text, ETX + trailer, EOT (or NNNN). This module
// finds them in the bytes, decodes their text and numbers their lines as the file does, so each
// format reads only its own header and text layout.

const SOH = '\u0001';
const STX = '\u0002';
const ETX = '\u0003';
const EOT = '\u0004';

/** Lines a wire sender may put before a transmission starts: sync fill and line feeds. */
const FILL = new Set([0x16, 0x00, 0x0a, 0x0d, 0x20, 0x09]);

/** Where a transmission's text proper starts, after any sync fill: null when the bytes start with no SOH or ZCZC. */
export function openingOf(head: Uint8Array): { by: 'SOH' | 'ZCZC'; rest: string } | null {
  let index = 0;
  // A UTF-8 byte-order mark in front of a teleprinter file is an editor's, not the sender's.
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) index = 3;
  while (index < head.length && FILL.has(head[index]!)) index++;
  // Most files sniffed are prose: known by one byte, before a string is made of the rest.
  if (head[index] !== SOH.charCodeAt(0) && head[index] !== 'Z'.charCodeAt(0)) return null;
  const rest = String.fromCharCode(...head.subarray(index));
  if (rest.startsWith(SOH)) return { by: 'SOH', rest: rest.slice(1) };
  // ZCZC in front of SOH is a teleprinter's start of message before the computer's: SOH says what follows.
  const teleprinter = /^ZCZC(?:[\s\u0016]*\u0001)?/.exec(rest);
  if (teleprinter && /^ZCZC(?:[\s\u0001]|$)/.test(rest)) return teleprinter[0].endsWith(SOH) ? { by: 'SOH', rest: rest.slice(teleprinter[0].length) } : { by: 'ZCZC', rest: rest.slice(4) };
  return null;
}

/** A stretch of the file's text and where it starts in it. */
export interface Part {
  text: string;
  offset: number;
}

/** One line of a part, with its 1-based line in the file. */
export interface Line {
  text: string;
  line: number;
}

export interface Transmission {
  /** How it opened: SOH (a computer feed) or ZCZC (a teleprinter's). */
  opener: 'SOH' | 'ZCZC';
  /** Between the opener and STX: the sender's header, control bytes and all. */
  header: Part;
  /** Between STX and ETX: the story. */
  text: Part;
  /** After ETX, up to EOT or NNNN: the transmission's time stamp, when the sender gives one. */
  trailer: Part;
}

export interface TransmissionStream {
  transmissions: Transmission[];
  /** The file's place (line and column) of an offset in its decoded text. */
  place: (offset: number) => { line: number; column: number };
}


// Where a message starts: SOH anywhere, or ZCZC opening a line (a teleprinter's start of message).
const OPENER = /\u0001|(?<=^|[\n\u0016 ])ZCZC(?=[\s\u0001]|$)/g;
// Where a teleprinter message ends: NNNN on a line of its own.
const NNNN = /(?:^|\n)[ \u0016]*NNNN[ \t]*(?=\n|$)/g;

/**
 * The transmissions in a file. A file with none, or with one cut off before its end of text
 * (ETX), is reported as malformed with the place it breaks off, and gives null.
 */
export function readTransmissions(file: VFile): TransmissionStream | null {
  const value = file.value;
  const decoded = typeof value === 'string' ? value.replace(/^\uFEFF/, '') : decodeUtf8OrWindows1252(value).text;
  // Line ends as everywhere else in the build; NUL and DEL are line fill, never text.
  const source = decoded.replace(/\r*\n|\r/g, '\n').replace(/[\u0000\u007f]/g, '');
  const place = (offset: number) => placeOfOffset(source, offset);

  const openers = [...source.matchAll(OPENER)].map((match) => ({ index: match.index, by: match[0] === SOH ? ('SOH' as const) : ('ZCZC' as const) }));
  const teleprinterEnds = [...source.matchAll(NNNN)].map((match) => match.index + match[0].indexOf('N'));
  if (openers.length === 0) {
    report(file, 'file holds no transmission: no start of header (SOH) or ZCZC', { place: { line: 1, column: 1 }, ruleId: 'malformed-file', hint: 'a wire transmission opens with SOH (or ZCZC), then its header, STX, the story and ETX' });
    return null;
  }

  const transmissions: Transmission[] = [];
  let count = 0;
  let failed = false;
  for (let index = 0; index < openers.length; index++) {
    const opener = openers[index]!;
    const next = openers[index + 1]?.index ?? source.length;
    // ZCZC, then SOH, is one message: the teleprinter's opener in front of the computer's.
    if (opener.by === 'ZCZC' && openers[index + 1]?.by === 'SOH' && /^[\s\u0016]*$/.test(source.slice(opener.index + 4, next))) continue;
    count++;
    const start = opener.index + (opener.by === 'SOH' ? 1 : 4);
    const eot = source.indexOf(EOT, start);
    const nnnn = teleprinterEnds.find((end) => end > start && end < next);
    const end = Math.min(next, eot === -1 ? Infinity : eot, nnnn ?? Infinity);
    const message = source.slice(start, end);
    let stx = message.indexOf(STX);
    if (stx === -1 && opener.by === 'SOH') {
      report(file, `transmission ${count} has no start of text (STX) after its header`, { place: place(opener.index), ruleId: 'malformed-file', hint: 'the header ends with STX, and the story follows it' });
      failed = true;
      continue;
    }
    // A teleprinter may send no STX: its header is the ZCZC line, or the line after it.
    const textStart = stx === -1 ? (stx = teleprinterHeaderEnd(message)) : stx + 1;
    const etx = message.indexOf(ETX, textStart);
    if (etx === -1 && !(opener.by === 'ZCZC' && end === nnnn)) {
      report(file, `transmission ${count} is cut off: the text begun at line ${place(start + textStart).line} has no end of text (ETX)`, {
        place: place(start + message.trimEnd().length),
        ruleId: 'malformed-file',
        hint: 'the file ends, or the next transmission starts, before ETX: ask the agency for the whole transmission again',
      });
      failed = true;
      continue;
    }
    const textEnd = etx === -1 ? message.length : etx;
    transmissions.push({
      opener: opener.by,
      header: { text: message.slice(0, stx), offset: start },
      text: { text: message.slice(textStart, textEnd), offset: start + textStart },
      trailer: { text: etx === -1 ? '' : message.slice(etx + 1), offset: start + etx + 1 },
    });
  }
  return failed ? null : { transmissions, place };
}

function teleprinterHeaderEnd(message: string): number {
  const firstLineEnd = message.indexOf('\n');
  if (firstLineEnd === -1) return message.length;
  if (message.slice(0, firstLineEnd).trim() !== '') return firstLineEnd;
  const headerLine = /\n[ \t]*\S[^\n]*/.exec(message);
  return headerLine ? headerLine.index + headerLine[0].length : message.length;
}

// Typesetting the sender meant for its own machines: an instruction between SCD (FF) and ECD
// (VT), and font and other control bytes. None of it is words.
const INSTRUCTION = /\u000c[^\u000b\n]*\u000b/g;
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f]/g;

/** A part's lines, control bytes taken out, each with its line in the file. */
export function linesOf(part: Part, place: TransmissionStream['place']): Line[] {
  const first = place(part.offset).line;
  return part.text.split('\n').map((text, index) => ({ text: text.replace(INSTRUCTION, '').replace(CONTROL, ''), line: first + index }));
}

/** A part's text with its control bytes as spaces, for reading a header's fields. */
export function headerText(part: Part): string {
  return part.text.replace(INSTRUCTION, '').replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, ' ');
}

// Lines that end a take or a story, and say nothing a reader needs: (MORE), (END), -0-, ###.
const END_MARK = /^(?:\((?:[A-Z][A-Z0-9 ,.'-]{0,40}|more|end|ends|mehr|ende|fin|suite|fine)\)|-0-|-30-|#{3,}|x{3,}|MORE|NNNN|ZCZC)$/i;
// A rule between parts of a story: ___, * * *, ----.
const RULE = /^[_*=~\- ]{3,}$/;

/** A line that marks an end or a break for the desk, never text to publish. */
export function isEndMark(line: string): boolean {
  return END_MARK.test(line) || RULE.test(line);
}

const COPYRIGHT = /^[-•*]?\s*\(?\s*(?:©|\(c\)|copyright\b)/i;

/** A copyright notice on a line of its own (`Copyright 2026 The Associated Press. All rights reserved.`), or null. */
export function copyrightOf(line: string): string | null {
  return COPYRIGHT.test(line) ? line.replace(/^[-•*]\s*/, '').replace(/^\((.*)\)$/, '$1').trim() : null;
}

/** A name in capitals as a name is written: `CHARLES ODUM` → `Charles Odum`, `O'NEIL-SMITH` → `O'Neil-Smith`. */
export function nameCase(name: string): string {
  if (/\p{Ll}/u.test(name)) return name;
  return name.toLowerCase().replace(/(^|[\s'’-])(\p{Ll})/gu, (_, before: string, letter: string) => before + letter.toUpperCase());
}

/**
 * The people a byline names and the organisation that closes it: `By CHARLES ODUM and ANN ROE,
 * Associated Press` gives two people and the agency; `By Tom Roe, The San Diego Union-Tribune`
 * gives one person and the paper, which is where the story came from and no author.
 */
export function bylineOf(byline: string): { authors: string[]; agency: string | null } {
  const words = byline.replace(/^(?:by|von|par|por|di|door|av|af)\s+/i, 'By ');
  const organisation = /,\s*(The\s+[^,]+)$/i.exec(words);
  const people = organisation ? words.slice(0, organisation.index) : words;
  let { authors, agency } = splitByline(people);
  // `THE CANADIAN PRESS`: an agency in capitals is known by its name as written in lower case.
  if (agency === null && !/\p{Ll}/u.test(people)) ({ authors, agency } = splitByline(nameCase(people)));
  return { authors: authors.map(nameCase), agency: agency ?? (organisation ? nameCase(organisation[1]!.trim()) : null) };
}

/** A story's first sentence, its dateline aside: the headline of an alert sent with none. */
export function leadSentence(paragraph: string | undefined): string | null {
  if (paragraph === undefined) return null;
  const dateline = detectDateline(paragraph);
  const rest = dateline ? paragraph.slice(dateline.text.length + dateline.separator.length) : paragraph;
  const sentence = (/^.+?[.!?](?=\s+\p{Lu}|$)/u.exec(rest)?.[0] ?? rest).trim();
  // A headline ends without a full stop.
  return sentence.replace(/(?<!\.)\.$/, '') || null;
}

/** The agency a dateline names in brackets: `ATLANTA (AP)` → `AP`, `Berlin (tca/dpa)` → `tca/dpa`. */
export function datelineAgency(paragraph: string | undefined): string | null {
  const match = paragraph === undefined ? null : /^[^()\n]{1,60}\(([^()\n]{1,30})\)/.exec(paragraph);
  return match ? match[1]!.trim() : null;
}

const MONTHS: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, mär: 3, mrz: 3, apr: 4, may: 5, mai: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, okt: 10, nov: 11, dec: 12, dez: 12,
};

/** A month's number from the first letters of its English or German name, or null. */
export function monthOf(name: string): number | null {
  return MONTHS[name.slice(0, 3).toLowerCase()] ?? null;
}

// The zones wire time stamps name. Those of a region (ET) change with the season, so they are
// read in the region's time zone; the others are fixed offsets.
const OFFSETS: Record<string, string> = {
  GMT: '+00:00', UTC: '+00:00', UT: '+00:00', Z: '+00:00', WET: '+00:00', BST: '+01:00', WEST: '+01:00', CET: '+01:00', MEZ: '+01:00',
  CEST: '+02:00', MESZ: '+02:00', EET: '+02:00', EEST: '+03:00', EST: '-05:00', EDT: '-04:00', CST: '-06:00', CDT: '-05:00',
  MST: '-07:00', MDT: '-06:00', PST: '-08:00', PDT: '-07:00', AKST: '-09:00', AKDT: '-08:00', HST: '-10:00', AST: '-04:00',
  ADT: '-03:00', NST: '-03:30', NDT: '-02:30',
};
const REGIONS: Record<string, string> = { ET: 'America/New_York', CT: 'America/Chicago', MT: 'America/Denver', PT: 'America/Los_Angeles', AT: 'America/Halifax' };

export interface Stamp {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  /** The zone as the sender wrote it (`GMT`, `EST`, `ET`), or null: then the site's time zone. */
  zone: string | null;
}

/** A two-digit year as the wire means it: 26 is 2026, 89 is 1989. */
export function fullYear(year: string): number {
  const number = Number(year);
  return year.length > 2 ? number : number < 70 ? 2000 + number : 1900 + number;
}

// The calendar (Temporal) that reads a wall time in a US region, loaded by the formats' `prepare`:
// the scan loads every format, and should not load a calendar with them.
let calendar: typeof import('../../dates.js') | null = null;

export async function prepareTransmissions(): Promise<void> {
  calendar ??= await import('../../dates.js');
}

/**
 * A time stamp as a date the article can take: text with an offset for a fixed zone (`EST`),
 * text without one for the site's zone, or the moment a region's wall time (`ET`) names. Null for a
 * day or time no calendar has.
 */
export function stampDate(stamp: Stamp): string | Date | null {
  const { year, month, day, hour, minute } = stamp;
  const probe = new Date(Date.UTC(year, month - 1, day, hour, minute));
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || probe.getUTCDate() !== day || probe.getUTCMonth() !== month - 1) return null;
  const two = (number: number) => String(number).padStart(2, '0');
  const wall = `${year}-${two(month)}-${two(day)}T${two(hour)}:${two(minute)}`;
  const zone = stamp.zone?.toUpperCase() ?? null;
  if (zone && OFFSETS[zone]) return `${wall}${OFFSETS[zone]}`;
  if (zone && REGIONS[zone]) return calendar!.parseDate(wall, REGIONS[zone]);
  return wall;
}

// A line that holds a story back: `Embargoed until 0001 GMT Nov 22`, `For release 12:01 a.m. EST
// Sunday, Nov. 22, 2026`, `Sperrfrist: 22. November 2026, 10.00 Uhr`.
export const HOLD = /\b(?:embargo(?:ed)?|for release|release at|not for (?:publication|release|broadcast|use) (?:before|until)|sperrfrist|freigabe)\b/i;
const MONTH_NAME = String.raw`(jan|feb|mär|mar|mrz|apr|may|mai|jun|jul|aug|sep|oct|okt|nov|dec|dez)[a-zä]*\.?`;

/**
 * When a line says a story may be published, or null when it says none or names no day. A year
 * left out is the transmission's (`around`), or the next when that day would be half a year
 * before it.
 */
export function releaseOf(line: string, around: { year: number; month: number } | null): Stamp | null {
  const hold = HOLD.exec(line);
  if (!hold) return null;
  const words = line.slice(hold.index + hold[0].length);
  const iso = /\b(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?/.exec(words);
  let year: number | null = null;
  let month: number | null = null;
  let day: number | null = null;
  if (iso) [year, month, day] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else {
    const monthFirst = new RegExp(String.raw`\b${MONTH_NAME}\s+(\d{1,2})\b(?!:)`, 'i').exec(words);
    const dayFirst = new RegExp(String.raw`\b(\d{1,2})\.?\s+${MONTH_NAME}(?=[\s,]|$)`, 'i').exec(words);
    if (monthFirst) [month, day] = [monthOf(monthFirst[1]!), Number(monthFirst[2])];
    else if (dayFirst) [month, day] = [monthOf(dayFirst[2]!), Number(dayFirst[1])];
    const written = /\b((?:19|20)\d{2})\b(?![:.]?\d)/.exec(words.replace(/\b\d{4}\s*(?:GMT|UTC|[A-Z]{2,4}T)\b/g, ''));
    if (written) year = Number(written[1]);
  }
  if (month === null || day === null) return null;
  if (year === null) {
    if (!around) return null;
    year = around.year + (month < around.month - 6 ? 1 : 0);
  }
  let hour = iso?.[4] ? Number(iso[4]) : 0;
  let minute = iso?.[5] ? Number(iso[5]) : 0;
  if (!iso?.[4]) {
    const clock = /\b(\d{1,2})(?:[:.](\d{2}))?\s*(a\.?m\.?|p\.?m\.?|uhr\b|h\b)/i.exec(words) ?? /\b(\d{2})[:.]?(\d{2})\s*(?=GMT|UTC|[A-Z]{2,4}\b)/.exec(words);
    if (clock) {
      hour = Number(clock[1]) % (clock[3] && /[ap]/i.test(clock[3]) ? 12 : 24);
      minute = Number(clock[2] ?? 0);
      if (clock[3] && /^p/i.test(clock[3])) hour += 12;
    } else if (/\bnoon\b/i.test(words)) hour = 12;
  }
  const zone = Object.keys(OFFSETS).concat(Object.keys(REGIONS)).find((name) => new RegExp(String.raw`\b${name}\b`).test(words)) ?? null;
  return { year, month, day, hour, minute, zone };
}
