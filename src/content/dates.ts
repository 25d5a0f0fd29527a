import { Temporal } from 'temporal-polyfill';
import { utcTime } from '../dates.js';

// The dates an article gives, read as Temporal reads them. A wall time the clocks skip or repeat
// is resolved as Temporal's 'compatible' does: 02:30 on the night New York springs forward is
// 03:30 EDT, and 01:30 on the night it falls back is the first 01:30, in EDT. Only parsing loads
// the polyfill: pages print dates with the memoised Intl formatters in ../dates.ts.

const ISO_DATE =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?[ ]?(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * Reads `2026-11-20`, `2026-11-20 08:30`, `2026-11-20T08:30:00+05:30` and the like. A time without
 * an offset is wall time in `timeZone`. Returns null for anything else, `2019-13-45` included.
 */
export function parseDate(text: string, timeZone: string): Date | null {
  const match = ISO_DATE.exec(text.trim());
  if (!match) return null;
  const [, year, month, day, hour = '0', minute = '0', second = '0', fraction = '', zone] = match;
  const millisecond = Number(fraction.slice(0, 3).padEnd(3, '0'));
  let wall: Temporal.PlainDateTime;
  try {
    // The constructor refuses what no calendar has: 2019-13-45, 2026-02-29, 25:00.
    wall = new Temporal.PlainDateTime(Number(year), Number(month), Number(day), Number(hour), Number(minute), Number(second), millisecond);
  } catch {
    return null;
  }
  if (!zone) return new Date(wall.toZonedDateTime(timeZone, { disambiguation: 'compatible' }).epochMilliseconds);
  const written = utcTime(wall.year, wall.month, wall.day, wall.hour, wall.minute, wall.second, wall.millisecond);
  if (zone.toUpperCase() === 'Z') return new Date(written);
  const digits = zone.replace(':', '');
  const offset = (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5) || 0)) * (zone[0] === '-' ? -1 : 1);
  if (Math.abs(offset) > 18 * 60) return null;
  return new Date(written - offset * 60000);
}
