import type { VFile } from 'vfile';
import { report, type Place } from '../../messages/diagnostics.js';
import { oneLine } from '../../text.js';
import type { Attribution } from '../../types.js';
import type { ArticleBody, ArticleFields, ContentFormat, FieldName, ReadContext } from '../format.js';
import { pointerTo, readJson } from './agency/json.js';
import { paragraphsOf, textBody } from './agency/text-body.js';
import { isObject, itemsOf, looksLikeItem, member, textOf, inherited, entriesOf, typeOf, associationsOf, contentTypeOf, type Json, type Where, type Item, type Found } from './agency/ninjs-items.js';
import { leadImageOf } from './agency/ninjs-picture.js';
import { splitByline } from './wire.js';

// IPTC ninjs, news in JSON (`.json`), versions 1 to 3, as agencies send it: one item, a list of
// items, or an item whose associations hold its stories. 1.x names are flat and lowercase
// (`body_html`, `versioncreated`, renditions keyed by name); 2.x gathers texts in arrays with
// roles (`headlines`, `bodies`, `descriptions`) and names its renditions and associations in
// them; 3.x writes the same names in camelCase (`versionCreated`, `contentType`). Every name is
// looked for in both spellings, the item's own first: agencies mix them, and add their own
// (AP's `bylines`, Superdesk's `authors`). The editor's note (`ednote`, `edNote`) is for the
// desk, never the reader: it is not read at all.

// The parsers a read needs are loaded by `prepare`: the scan loads every format to learn what it
// claims, and should not load HTML and date parsers with it.
let parsers: {
  body: typeof import('./agency/body.js');
  topics: typeof import('./agency/media-topics.js');
  pictures: typeof import('./agency/pictures.js');
  dates: typeof import('../dates.js');
  html: typeof import('./agency/html.js');
} | null = null;

export const ninjs: ContentFormat = {
  id: 'ninjs',
  extensions: ['.json'],
  async prepare() {
    if (parsers) return;
    const [body, topics, pictures, dates, html] = await Promise.all([
      import('./agency/body.js'),
      import('./agency/media-topics.js'),
      import('./agency/pictures.js'),
      import('../dates.js'),
      import('./agency/html.js'),
    ]);
    parsers = { body, topics, pictures, dates, html };
  },
  read: readNinjs,
  hints: {
    noDate: 'give the item `firstcreated` or `versioncreated` (ninjs 3: `firstCreated`, `versionCreated`) as an ISO 8601 date-time, like 2026-11-20T08:30:00Z',
    noDek: 'give the item a description: `description_text` (ninjs 1) or `descriptions` (ninjs 2 and 3)',
    pinSlug: 'a ninjs item has no slug to pin: give one of the stories another headline, or republish it as Markdown with a `slug:`',
  },
};

const DATE_HINT = 'write an ISO 8601 date-time with its offset, like 2026-11-20T08:30:00Z or 2026-11-20T14:00:00+05:30';

function readNinjs(file: VFile, context: ReadContext): ArticleFields | ArticleFields[] | null {
  if (!parsers) throw new Error('the ninjs reader is not loaded: await prepareFormats() before reading');
  const text = typeof file.value === 'string' ? file.value : new TextDecoder().decode(file.value);
  if (text.trim() === '') {
    report(file, 'file is empty: an article needs a headline', { place: { line: 1, column: 1 }, ruleId: 'no-headline', hint: 'a ninjs file holds one item, a JSON object with a headline and a body, or a list of them' });
    return null;
  }
  const json = readJson(text);
  if (!json.ok) {
    report(file, `file is not valid JSON: ${json.reason}`, {
      place: json.place,
      ruleId: 'malformed-file',
      hint: 'check the file at this place: a missing comma or quote, or a transmission cut off',
    });
    return null;
  }
  const where: Where = (pointer) => (pointer === '' ? { line: 1, column: 1 } : json.placeOf(pointer));
  const items = itemsOf(file, json.value, where);
  if (items === null) return null;
  const stories = items.flatMap(storiesOf);
  const fields = stories.map((item) => fieldsOf(file, item, where, context));
  if (fields.some((story) => story === null) || file.messages.some((message) => message.fatal === true)) return null;
  return fields.length === 1 ? fields[0]! : (fields as ArticleFields[]);
}

// --- Items and stories --------------------------------------------------------------------

/**
 * The stories of an item: itself, and the text items among its associations that carry a body
 * (one without is a link to an item sent on its own). A package with no body of its own is only
 * their wrapper.
 */
function storiesOf(item: Item): Item[] {
  const texts = associationsOf(item).filter((association) => typeOf(association) === 'text' && bodyOf(association) !== undefined);
  if (texts.length === 0) return [item];
  return [...(bodyOf(item) ? [item] : []), ...texts.flatMap(storiesOf)];
}

// --- Fields -------------------------------------------------------------------------------

function fieldsOf(file: VFile, item: Item, where: Where, context: ReadContext): ArticleFields | null {
  const headline = headlineOf(item);
  const body = bodyOf(item);
  if (!headline) {
    const reason = body ? `item \`${item.pointer || '/'}\` has no headline` : `item \`${item.pointer || '/'}\` has neither a headline nor a body`;
    report(file, reason, {
      place: where(item.pointer),
      ruleId: 'no-headline',
      // Any `.json` in the content folder is read as a story: a data file may have been put there.
      hint: looksLikeItem(item.json)
        ? 'give the item `headline` (ninjs 1) or `headlines: [{"value": …}]` (ninjs 2 and 3)'
        : 'a `.json` file in the content folder is read as a ninjs story; keep data files out of it, or start their names with `_`',
    });
    return null;
  }
  if (body?.html && parsers!.html.nestsTooDeep(body.value)) {
    report(file, `\`${body.pointer}\` nests HTML elements more than ${parsers!.html.MAX_HTML_NESTING} deep, which no story does`, {
      place: where(body.pointer),
      ruleId: 'malformed-file',
      hint: 'the body is not HTML a page can show: close its elements, or send it as plain text',
    });
    return null;
  }
  const places: Partial<Record<FieldName, string>> = { title: headline.pointer };
  const note = <T>(field: FieldName, found: Found<T> | undefined): T | undefined => {
    if (found) places[field] ??= found.pointer;
    return found?.value;
  };

  const firstCreated = dateOf(file, item, 'firstCreated', where);
  const versionCreated = dateOf(file, item, 'versionCreated', where);
  // An item that gives only the time of this version was first published then, as far as it says.
  const published = note('date', firstCreated ?? versionCreated);
  const embargoed = inherited(item, (at) => dateOf(file, at, 'embargoedUntil', where) ?? dateOf(file, at, 'embargoed', where));
  const embargo = note('embargo', embargoed);
  // A version made before the embargo lifts is not an update a reader ever sees.
  const later = (a: Found<string>, b: Found<string> | undefined) => !b || parsers!.dates.parseDate(a.value, 'UTC')! > parsers!.dates.parseDate(b.value, 'UTC')!;
  const updated = firstCreated && versionCreated && later(versionCreated, firstCreated) && later(versionCreated, embargoed) ? note('updated', versionCreated) : undefined;

  const byline = bylineOf(item);
  note('author', byline);
  const holder = inherited(item, (at) => textOf(at, 'copyrightHolder'));
  const attribution: Attribution | null =
    holder ? { name: note('source', holder)!, url: null } : byline?.value.agency ? { name: byline.value.agency, url: null } : sourceOf(item, note);
  const image = leadImageOf(file, item, where, (href) => parsers!.pictures.isReachable(href, context), (picture) => {
    const caption = descriptionOf(picture, true)?.value ?? headlineOf(picture)?.value;
    const alt = roleText(picture, 'descriptions', (role) => (/alt/i.test(role) ? 0 : null))?.value ?? textOf(picture, 'description_alt', 'alt_text', 'alttext')?.value ?? caption;
    return { caption, alt };
  });
  const location = textOf(item, 'located');
  const bodyPlace = () => (body ? where(body.pointer) : undefined);

  return {
    headline: headline.value,
    headlineLine: () => (where(headline.pointer) ?? where(item.pointer) ?? { line: 1 }).line,
    dek: note('dek', descriptionOf(item)),
    authors: (byline?.value.authors ?? []).map((name) => ({ name, url: null })),
    attribution,
    dateline: note('dateline', location) ?? null,
    published,
    updated,
    corrections: [],
    tags: tagsOf(item, note),
    id: note('id', textOf(item, 'uri', 'guid')),
    lang: note('lang', inherited(item, (at) => textOf(at, 'language'))),
    image: note('image', image),
    aliases: [],
    // An item with a `uri` and no version is still an item: its versions are told apart by their times.
    version: note('version', versionNumberOf(item)) ?? (textOf(item, 'uri', 'guid') ? 0 : undefined),
    status: note('status', inherited(item, (at) => statusOf(at))),
    embargo,
    urgency: urgencyOf(item),
    slugline: textOf(item, 'slugline')?.value,
    copyright: inherited(item, (at) => textOf(at, 'copyrightNotice'))?.value,
    extra: {},
    body: () => (body ? bodyFrom(file, body, headline.value, bodyPlace) : { html: '', dateline: null }),
    placeOf: (field) => where(places[field] ?? item.pointer),
  };
}

const PREFERRED_ROLE = /^(?:main|headline|default|title)$/i;

/** The headline: `headline`, the main of `headlines`, else an extra `headline_*` (1.x). */
function headlineOf(item: Item): Found<string> | undefined {
  const single = textOf(item, 'headline');
  const listed = roleText(item, 'headlines', (role) => (role === '' || PREFERRED_ROLE.test(role) ? 0 : 1));
  const extra = Object.keys(item.json).find((key) => /^headline_\w+$/.test(key) && typeof item.json[key] === 'string' && (item.json[key] as string).trim() !== '');
  const found = item.version === 1 ? (single ?? listed) : (listed ?? single);
  if (found) return { value: oneLine(found.value), pointer: found.pointer };
  return extra ? { value: oneLine(item.json[extra] as string), pointer: pointerTo(item.pointer, extra) } : undefined;
}

/**
 * The text of the best of a 2.x/3.x list of `{role, contentType, value}`: the lowest rank, in
 * file order; HTML made text. Null rank leaves an entry out.
 */
function roleText(item: Item, name: string, rank: (role: string, type: string) => number | null): Found<string> | undefined {
  let best: { rank: number; found: Found<string> } | undefined;
  for (const { value, pointer } of entriesOf(member(item, name))) {
    const text = value['value'];
    if (typeof text !== 'string' || text.trim() === '') continue;
    const type = contentTypeOf(value);
    const order = rank(typeof value['role'] === 'string' ? value['role'].trim() : '', type);
    if (order === null || (best && best.rank <= order)) continue;
    best = { rank: order, found: { value: isHtmlType(type) ? parsers!.html.htmlText(text) : text.trim(), pointer: pointerTo(pointer, 'value') } };
  }
  return best?.found;
}

const isHtmlType = (type: string) => /^(?:text\/html|application\/xhtml\+xml)\b/.test(type);
const looksLikeHtml = (text: string) => /<(?:p|div|br|h[1-6]|ul|ol|li|blockquote|table|section|article|span|a|em|strong|b|i|figure|img)\b[^>]*>/i.test(text);

/** The dek: a 1.x `description_*`, or the summary among 2.x/3.x `descriptions`. */
function descriptionOf(item: Item, forPicture = false): Found<string> | undefined {
  const listed = roleText(item, 'descriptions', (role) => {
    if (/alt/i.test(role)) return null;
    const caption = /caption/i.test(role);
    return forPicture === caption ? 0 : 1;
  });
  return listed ?? flatDescription(item);
}

function flatDescription(item: Item): Found<string> | undefined {
  const keys = Object.keys(item.json).filter((key) => /^description_\w+$/.test(key) && !/alt/i.test(key));
  const order = (key: string) => (key === 'description_text' ? 0 : /html/.test(key) ? 1 : 2);
  for (const key of keys.sort((a, b) => order(a) - order(b))) {
    const value = item.json[key];
    if (typeof value !== 'string' || value.trim() === '') continue;
    return { value: /html/.test(key) || looksLikeHtml(value) ? parsers!.html.htmlText(value) : oneLine(value), pointer: pointerTo(item.pointer, key) };
  }
  const plain = textOf(item, 'description', 'summary');
  return plain && { value: oneLine(plain.value), pointer: plain.pointer };
}

// --- Body ---------------------------------------------------------------------------------

interface BodySource {
  value: string;
  html: boolean;
  pointer: string;
}

/** The body to publish: HTML before plain text, and NITF or other XML never. */
function bodyOf(item: Item): BodySource | undefined {
  let best: { rank: number; body: BodySource } | undefined;
  const offer = (rank: number, value: unknown, html: boolean, pointer: string) => {
    if (typeof value === 'string' && value.trim() !== '' && (!best || rank < best.rank)) best = { rank, body: { value, html, pointer } };
  };
  for (const key of Object.keys(item.json)) {
    const value = item.json[key];
    if (key === 'body_html' || key === 'body_xhtml') offer(0, value, true, pointerTo(item.pointer, key));
    else if (key === 'body_text') offer(2, value, false, pointerTo(item.pointer, key));
    else if (/^body_\w+$/.test(key) && !/xml|nitf/i.test(key)) offer(/html/i.test(key) ? 1 : 3, value, typeof value === 'string' && looksLikeHtml(value), pointerTo(item.pointer, key));
  }
  for (const { value, pointer } of entriesOf(member(item, 'bodies'))) {
    const type = contentTypeOf(value);
    const text = value['value'];
    const at = pointerTo(pointer, 'value');
    if (isHtmlType(type)) offer(0, text, true, at);
    else if (type === '' || type.startsWith('text/plain')) offer(type === '' ? 3 : 2, text, type === '' && typeof text === 'string' && looksLikeHtml(text), at);
  }
  const plain = member(item, 'body');
  if (plain) offer(4, plain.value, typeof plain.value === 'string' && looksLikeHtml(plain.value), plain.pointer);
  return best?.body;
}

function bodyFrom(file: VFile, body: BodySource, headline: string, place: () => Place | undefined): ArticleBody {
  const { htmlBody } = parsers!.body;
  // A JSON string has no lines of its own in the file: whatever is said of the body is said at its key.
  if (body.html) return htmlBody(file, parsers!.html.storyHtml(body.value, headline), () => place());
  return textBody(paragraphsOf(body.value));
}

// --- People, rights and subjects ----------------------------------------------------------

// `Von Christian Hollmann, dpa`: the word for "by" in the languages agencies file in, taken off
// only when a name follows it (Von Miller is a name).
const BY_WORD = /^(?:by|von|par|por|door|av|af)\s+(?=\S+\s+\S)/i;

/** Who wrote it: `byline` (1.x), `by` (2.x, 3.x), AP's `bylines`, Superdesk's `authors`. */
function bylineOf(item: Item): Found<{ authors: string[]; agency: string | null }> | undefined {
  const lines: Found<string>[] = [];
  const single = textOf(item, 'byline', 'by');
  if (single) lines.push(single);
  else {
    for (const name of ['bylines', 'authors']) {
      const found = member(item, name);
      if (!Array.isArray(found?.value)) continue;
      for (const [index, entry] of found.value.entries()) {
        const role = isObject(entry) && typeof entry['role'] === 'string' ? entry['role'] : '';
        // A photographer or an editor is credited elsewhere, not bylined.
        if (/photo|camera|editor|producer/i.test(role)) continue;
        const text = typeof entry === 'string' ? entry : isObject(entry) ? (entry['by'] ?? entry['name']) : undefined;
        if (typeof text === 'string' && text.trim() !== '') lines.push({ value: text.trim(), pointer: pointerTo(found.pointer, index) });
      }
      if (lines.length > 0) break;
    }
  }
  if (lines.length === 0) return undefined;
  const authors: string[] = [];
  let agency: string | null = null;
  for (const line of lines) {
    const split = splitByline(line.value.replace(BY_WORD, ''));
    authors.push(...split.authors);
    agency ??= split.agency;
  }
  return { value: { authors, agency }, pointer: lines[0]!.pointer };
}

/** The agency that supplied the item, from `infosource` (1.x), `infosources` or `infoSources`. */
function sourceOf(item: Item, note: (field: FieldName, found: Found<string> | undefined) => string | undefined): Attribution | null {
  for (const name of ['infoSource', 'infoSources']) {
    for (const { value, pointer } of entriesOf(member(item, name))) {
      const source = value['name'];
      if (typeof source === 'string' && source.trim() !== '') return { name: note('source', { value: source.trim(), pointer })!, url: null };
    }
  }
  return null;
}

/** Tags: the subjects' names, or the Media Topic names of their codes. */
function tagsOf(item: Item, note: (field: FieldName, found: Found<unknown> | undefined) => unknown): string[] {
  const tags: string[] = [];
  for (const name of ['subject', 'subjects']) {
    const found = member(item, name);
    note('tags', found);
    for (const { value } of entriesOf(found)) {
      const scheme = typeof value['scheme'] === 'string' ? value['scheme'] : '';
      // A 1.x code is a Media Topic's only in that scheme, or with no scheme said.
      const codes = [value['uri'], value['literal'], scheme === '' || /mediatopic/i.test(scheme) ? value['code'] : undefined];
      const named = typeof value['name'] === 'string' ? parsers!.topics.subjectTag({ name: value['name'] }) : null;
      const tag = named ?? codes.map((code) => (typeof code === 'string' ? parsers!.topics.subjectTag({ code }) : null)).find((name) => name !== null);
      if (tag) tags.push(tag);
    }
  }
  return tags;
}

// --- Dates, status and numbers ------------------------------------------------------------

const toldOf = new WeakMap<VFile, Set<string>>();

/** A date member, or undefined when absent; one that is not a real date is an error at its key. */
function dateOf(file: VFile, item: Item, name: string, where: Where): Found<string> | undefined {
  const found = member(item, name);
  if (!found) return undefined;
  if (typeof found.value === 'string' && found.value.trim() !== '' && parsers!.dates.parseDate(found.value, 'UTC')) {
    return { value: found.value.trim(), pointer: found.pointer };
  }
  // A package's embargo is looked up for each of its stories: it is wrong once.
  const told = toldOf.get(file) ?? new Set<string>();
  toldOf.set(file, told);
  if (!told.has(found.pointer)) {
    told.add(found.pointer);
    report(file, `\`${found.pointer}\` is not a real date: ${JSON.stringify(found.value)}`, { place: where(found.pointer), ruleId: 'invalid-date', hint: DATE_HINT });
  }
  return undefined;
}

/** The publication status however it is spelt: `withheld`, `stat:canceled`, `cancelled`, its URI. */
function statusOf(item: Item): Found<'usable' | 'withheld' | 'canceled'> | undefined {
  const found = textOf(item, 'pubStatus');
  const word = found?.value.toLowerCase().replace(/^.*[:/]/, '');
  const status = word === 'withheld' ? 'withheld' : word === 'canceled' || word === 'cancelled' ? 'canceled' : word === 'usable' ? 'usable' : undefined;
  return found && status && { value: status, pointer: found.pointer };
}

/** A whole number, written as one or as digits (the schemas say a string, AP sends a number). */
function wholeNumber(value: unknown): number | undefined {
  const number = typeof value === 'number' ? value : typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : NaN;
  return Number.isSafeInteger(number) && number >= 0 ? number : undefined;
}

function versionNumberOf(item: Item): Found<number> | undefined {
  const found = member(item, 'version');
  const version = wholeNumber(found?.value);
  return found && version !== undefined ? { value: version, pointer: found.pointer } : undefined;
}

function urgencyOf(item: Item): number | undefined {
  const urgency = wholeNumber(member(item, 'urgency')?.value);
  return urgency !== undefined && urgency >= 1 && urgency <= 9 ? urgency : undefined;
}
