// Dates in the site's time zone. Articles say `date: 2026-11-20` and mean midnight where the
// newsroom is; pages and feeds print times with that zone's offset, never the build machine's.

export interface ZonedParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** One formatter a kind and zone: making one costs more than formatting a thousand dates. */
function formatterFor(kind: string, locale: string, options: Intl.DateTimeFormatOptions & { timeZone: string }): Intl.DateTimeFormat {
  const key = `${kind}|${options.timeZone}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(locale, options);
    formatters.set(key, formatter);
  }
  return formatter;
}

function partsFormatter(timeZone: string): Intl.DateTimeFormat {
  return formatterFor('parts', 'en-US', {
    timeZone,
    hourCycle: 'h23',
    // The era tells 1 BC (year 0) from AD 1: both are written as year 1.
    era: 'short',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
}

export function isTimeZone(name: string): boolean {
  try {
    partsFormatter(name);
    return true;
  } catch {
    return false;
  }
}

// The offset of a zone only changes at transitions, which fall on quarter hours: remember the
// offset per quarter hour, and wall time is then plain arithmetic. Offsets are kept to the second,
// as Temporal keeps them, because zones began on local mean time (Kolkata was +05:53:28): to the
// minute, a date read as midnight there would print as 23:59:32 the day before.
const offsets = new Map<string, number>();
const QUARTER_HOUR = 15 * 60 * 1000;

const UTC_ZONES = new Set(['UTC', 'Etc/UTC', 'GMT', 'Etc/GMT', 'Etc/Universal', 'Universal', 'Zulu', 'Etc/Zulu']);

/** Seconds to add to UTC to get the wall time in `timeZone` at `time`. */
function offsetAt(time: number, timeZone: string): number {
  if (UTC_ZONES.has(timeZone)) return 0;
  const key = `${timeZone}|${Math.floor(time / QUARTER_HOUR)}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    if (offsets.size > 100_000) offsets.clear();
    const parts: Record<string, number> = {};
    let beforeChrist = false;
    for (const part of partsFormatter(timeZone).formatToParts(new Date(time))) {
      if (part.type === 'era') beforeChrist = part.value === 'BC';
      else if (part.type !== 'literal') parts[part.type] = Number(part.value);
    }
    const year = beforeChrist ? 1 - parts['year']! : parts['year']!;
    const wall = utcTime(year, parts['month']!, parts['day']!, parts['hour']!, parts['minute']!, parts['second']!);
    offset = Math.round((wall - Math.floor(time / 1000) * 1000) / 1000);
    offsets.set(key, offset);
  }
  return offset;
}

/**
 * `Date.UTC` with the year taken as written: `Date.UTC` itself reads years 0 to 99 as 1900 to
 * 1999, which would file a story of the year 26 under 1926.
 */
export function utcTime(year: number, month: number, day: number, hour = 0, minute = 0, second = 0, millisecond = 0): number {
  const date = new Date(Date.UTC(2000, 0, 1, hour, minute, second, millisecond));
  date.setUTCFullYear(year, month - 1, day);
  return date.getTime();
}

export function zonedParts(date: Date, timeZone: string): ZonedParts {
  const wall = new Date(date.getTime() + offsetAt(date.getTime(), timeZone) * 1000);
  return {
    year: wall.getUTCFullYear(),
    month: wall.getUTCMonth() + 1,
    day: wall.getUTCDate(),
    hour: wall.getUTCHours(),
    minute: wall.getUTCMinutes(),
    second: wall.getUTCSeconds(),
  };
}

/**
 * Minutes to add to UTC to get the wall time in `timeZone` at `date`, rounded as Temporal rounds
 * an offset it prints: half a minute away from zero.
 */
export function offsetMinutes(date: Date, timeZone: string): number {
  const seconds = offsetAt(date.getTime(), timeZone);
  return Math.sign(seconds) * Math.round(Math.abs(seconds) / 60);
}

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

// Pages print the same few thousand dates over and over (every list shows its articles' dates),
// and Intl formatting is slow, so each string is made once per date and zone.
const memo = new Map<string, string>();
function remember(kind: string, date: Date, timeZone: string, make: () => string): string {
  const key = `${kind}|${timeZone}|${date.getTime()}`;
  let value = memo.get(key);
  if (value === undefined) {
    if (memo.size > 200_000) memo.clear();
    value = make();
    memo.set(key, value);
  }
  return value;
}

/** ISO 8601 / W3C datetime with the zone's offset: `2026-11-20T08:30:00+05:30`. */
export function isoInZone(date: Date, timeZone: string): string {
  return remember('iso', date, timeZone, () => formatIso(date, timeZone));
}

function formatIso(date: Date, timeZone: string): string {
  const p = zonedParts(date, timeZone);
  const offset = offsetMinutes(date, timeZone);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** Time of day for pages, on the 24-hour clock in the zone: `08:30`. */
export function displayTime(date: Date, timeZone: string): string {
  return remember('time', date, timeZone, () => formatterFor('time', 'en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(date));
}

/** Human date for pages: `November 20, 2026`, in the zone. */
export function displayDate(date: Date, timeZone: string): string {
  return remember('display', date, timeZone, () => formatterFor('display', 'en-US', { timeZone, year: 'numeric', month: 'long', day: 'numeric' }).format(date));
}
