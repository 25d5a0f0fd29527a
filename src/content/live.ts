import path from 'node:path';
import type { VFile } from 'vfile';
import { isoInZone } from '../dates.js';
import { hasErrors, report } from '../messages/diagnostics.js';
import { blockText, oneLine } from '../text.js';
import { fromHtml } from 'hast-util-from-html';
import type { LiveCoverage, LiveUpdate } from '../types.js';
import { slugify } from '../urls.js';
import { authorsOf, DATE_HINT, type ArticleContext } from './article.js';
import { parseDate } from './dates.js';
import type { ArticleFields } from './format.js';

// A live story: its index's fields and its update files → the coverage every later stage reads.
// Each update is a small story of its own file (Markdown or wire text), read by its format; its
// time is its front matter's `time`, or its file's name: `0830-landfall.md` on the day the
// coverage starts, `2026-11-21T0615-clean-up.md` on any day.

const DAY_AND_TIME = /^(\d{4}-\d{2}-\d{2})T(\d{2})(\d{2})(?=$|[-_ .])/i;
const TIME_ONLY = /^(\d{2})(\d{2})(?=$|[-_ .])/;
const NAME_HINT = 'name the file HHMM-… (0830-landfall.md) for a time on the day the coverage starts, or YYYY-MM-DDTHHMM-… for another day, or give it `time:` in its front matter';

/** An update as its format read it; `fields` null when the file could not be read. */
export interface UpdateFile {
  file: VFile;
  fields: ArticleFields | null;
}

/** The coverage of a live story; null (with errors on the files) when it cannot be made. */
export function liveCoverageOf(index: VFile, fields: ArticleFields, updates: UpdateFile[], context: ArticleContext): LiveCoverage | null {
  const { timeZone } = context.config;
  const declared = fields.live === true || fields.live === undefined ? {} : fields.live;
  const date = (file: VFile, key: 'start' | 'end' | 'time', value: string | Date | null | undefined, place: () => ReturnType<NonNullable<ArticleFields['placeOf']>>) => {
    if (value === undefined || value === null) return null;
    if (value instanceof Date) return value;
    const parsed = parseDate(value, timeZone);
    if (!parsed) report(file, `\`${key}\` is not a real date: ${JSON.stringify(value)}`, { place: place(), ruleId: 'invalid-date', hint: DATE_HINT });
    return parsed;
  };
  const start = date(index, 'start', declared.start ?? fields.published, () => fields.placeOf?.(declared.start === undefined ? 'date' : 'live', 'start'));
  const end = date(index, 'end', declared.end, () => fields.placeOf?.('live', 'end'));
  if (!start) {
    if (!hasErrors(index)) {
      report(index, 'live story does not say when its coverage starts', { place: fields.placeOf?.('live'), ruleId: 'live-no-start', hint: 'write `live: {start: 2026-11-20T06:00:00+05:30}`, or give the story a `date:`' });
    }
    return null;
  }

  const anchors = new Set<string>();
  const made: LiveUpdate[] = [];
  for (const { file, fields: update } of updates) {
    if (!update) continue;
    const sourcePath = String(file.data['sourcePath']);
    const name = path.posix.basename(sourcePath);
    const time = update.time !== undefined ? date(file, 'time', update.time, () => update.placeOf?.('time')) : timeFromName(name, start, timeZone);
    if (!time) {
      if (!hasErrors(file)) report(file, 'update has no time: its front matter gives no `time:` and its name does not start with one', { place: { line: 1, column: 1 }, ruleId: 'live-update-no-time', hint: NAME_HINT });
      continue;
    }
    if (time < start) {
      report(file, `update is timed ${time.toISOString()}, before the live coverage starts (${start.toISOString()})`, { place: update.placeOf?.('time'), ruleId: 'live-update-early', hint: 'check its time, and `live: {start}` in the story\'s index.md' });
    }
    const body = update.body();
    let anchor = `update-${slugify(name.replace(/\.[^.]+$/, '')) || 'untitled'}`;
    for (let n = 2; anchors.has(anchor); n++) anchor = `${anchor.replace(/-\d+$/, '')}-${n}`;
    anchors.add(anchor);
    made.push({
      anchor,
      sourcePath,
      time,
      headline: update.headline?.replace(/\s+/g, ' ').trim() || null,
      authors: authorsOf(file, update, context.config, (field, ...within) => update.placeOf?.(field, ...within)),
      attribution: update.attribution,
      pinned: update.pinned ?? false,
      draft: update.draft ?? false,
      html: body.html,
      text: oneLine(body.text ?? blockText(fromHtml(body.html, { fragment: true }))),
    });
  }
  // Newest first; updates posted at the same minute keep the order of their files.
  made.sort((a, b) => b.time.getTime() - a.time.getTime() || (a.sourcePath < b.sourcePath ? -1 : 1));
  return { start, end, updates: made, state: 'live' };
}

/** `0830-…` on the day the coverage starts (in the site's zone), or `2026-11-21T0830-…`. */
function timeFromName(name: string, start: Date, timeZone: string): Date | null {
  const full = DAY_AND_TIME.exec(name);
  if (full) return parseDate(`${full[1]}T${full[2]}:${full[3]}`, timeZone);
  const short = TIME_ONLY.exec(name);
  if (!short) return null;
  return parseDate(`${isoInZone(start, timeZone).slice(0, 10)}T${short[1]}:${short[2]}`, timeZone);
}
