import { headerText, openingOf, type Transmission } from './transmission.js';

// The header of an ANPA-1312 transmission, before its text: whether the bytes are one (the
// sniff), and what its lines say of the story (priority, category, keyword, version, the day it
// was filed), with the name that one story keeps through its versions. anpa.ts reads the rest.

// The first header line: service level designator, story number, an optional UPI reference, US.
const FIRST_LINE = /^[A-Za-z]?\d{1,4}[^\u001f\n]{0,16}\u001f/;
// The second: priority, category, the format bytes (DC3/DC4 then DC1/DC2), keyword.
const PRIORITY_LINE = /^[A-Za-z] [A-Za-z][\u0011-\u0014]{0,2}[ ]+\S/;

/** A transmission opening SOH with an ANPA header: a story number and US, or a priority and category line. */
export function isAnpa(head: Uint8Array): boolean {
  const opening = openingOf(head);
  if (opening?.by !== 'SOH') return false;
  if (FIRST_LINE.test(opening.rest)) return true;
  const [first = '', second] = opening.rest.split(/\r?\n/);
  return /^[A-Za-z]?\d{1,4}\S*\s*$/.test(first) && second !== undefined && PRIORITY_LINE.test(second);
}

/** Urgency by ANPA priority letter: flash, bulletin, urgent, regular, then deferred and advances. */
export const URGENCY: Record<string, number> = { f: 1, b: 2, u: 3, r: 5, d: 6, h: 6, a: 7, s: 8, y: 8 };

export interface Header {
  priority: string | null;
  category: string | null;
  keyword: string | null;
  version: string | null;
  /** The filing date's two numbers as written (`02-20`): month-day at AP, day-month at CP. */
  filed: [number, number] | null;
  /** DC2 after the category: a table, whose lines are not wrapped text. */
  tabular: boolean;
}

// Words that make a version field, or end a slug line: a lead, a writethru, an add, a kill.
const VERSION_WORD = /(?:\d*(?:st|nd|rd|th)?-?(?:ld|lead|writethru|add|insert|sub|correction|corrected|corrects|urgent|kill|withhold|withdraw|withdrawn|elimination|eliminate)\b)/i;

export function headerOf(transmission: Transmission): Header {
  const raw = transmission.header.text;
  const text = headerText(transmission.header);
  const lines = text.split('\n').map((line) => line.trim());
  let fields: RegExpExecArray | null = null;
  for (const line of lines) if ((fields = /^([A-Za-z])\s+([A-Za-z])\s+(\S+)\s*(.*)$/.exec(line))) break;
  // A header sent on one line: the keyword is the first word with a dash after priority and category.
  fields ??= /(?:^|\s)([A-Za-z])\s([A-Za-z])\s+([A-Za-z0-9]+-\S*)\s*(.*)$/m.exec(text);
  if (!fields) return { priority: null, category: null, keyword: null, version: null, filed: null, tabular: false };
  let rest = fields[4]!.trim();
  let filed: [number, number] | null = null;
  const tail = /(?:^|\s)(\d{1,2})-(\d{1,2})(?:\s+\d{1,5})?\s*$/.exec(rest);
  if (tail) {
    filed = [Number(tail[1]), Number(tail[2])];
    rest = rest.slice(0, tail.index).trim();
  }
  const version = rest.split(/\s+/).find((token) => VERSION_WORD.test(token)) ?? null;
  return {
    priority: fields[1]!.toLowerCase(),
    category: fields[2]!.toLowerCase(),
    keyword: fields[3]!,
    version,
    filed,
    tabular: /[A-Za-z] [A-Za-z](?:\u0013|\u0014)\u0012/.test(raw),
  };
}

/** What a version field says: a number that grows with each version, and a kill or a hold. */
export function versionOf(field: string | null): { version: number; status: 'usable' | 'withheld' | 'canceled' } {
  const text = (field ?? '').toLowerCase().replace(/\s+/g, '');
  const count = (word: RegExp) => {
    const match = new RegExp(String.raw`(?:^|[^a-z0-9])(\d*)(?:st|nd|rd|th)?-?(?:${word.source})`).exec(`-${text}`);
    return match ? Number(match[1] || 1) : 0;
  };
  const status = /kill|elimination|eliminate/.test(text) ? 'canceled' : /withhold|withdraw/.test(text) ? 'withheld' : 'usable';
  // The nth lead outranks every writethru of the lead before it; a writethru outranks its lead;
  // a correction its writethru; an add its story.
  const lead = count(/ld\b|lead/);
  const writethru = count(/writethru|writethrough/);
  const correction = /correct/.test(text) ? 50 : 0;
  const add = Math.min(count(/add|insert|sub\b/), 49);
  const version = 1 + lead * 10000 + writethru * 100 + correction + add;
  // A kill is final: no later take brings a killed story back.
  return { version: status === 'canceled' ? 1e9 : status === 'withheld' ? version + 99 : version, status };
}

/** The keyword without its news cycle or a kill word: one story's through its versions. */
export function bareKeyword(keyword: string): string {
  return keyword
    .replace(/^(?:am|pm|bc|ap)-/i, '')
    .replace(/[-,]+(?:kill|withhold|elimination|advisory)$/i, '')
    .toLowerCase();
}

/** The name of a story through its versions. */
export function idOf(keyword: string): string {
  return `anpa:${bareKeyword(keyword)}`;
}
