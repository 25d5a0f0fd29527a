import { createHash } from 'node:crypto';
import path from 'node:path';
import type { VFile } from 'vfile';
import { hasErrors, report, type Place } from '../messages/diagnostics.js';
import { escapeHtml, isSafeImageUrl, isSafeUrl } from '../escape.js';
import { textDirection } from '../language.js';
import { fromHtml } from 'hast-util-from-html';
import { blockText, lede, oneLine } from '../text.js';
import type { Correction, LeadImage, ParsedArticle, Person } from '../types.js';
import { absoluteUrl, articleUrl, FILENAME_DATE, slugify } from '../urls.js';
import { parseDate } from './dates.js';
import type { ArticleBody, ArticleFields, ContentFormat, FieldName, ImageField } from './format.js';
import { deskOf } from './desk.js';
import { contentPathOf } from './references.js';
import type { ParseSettings } from './settings.js';

// Fields, from whichever format read them → one validated Article: dates in the site's zone,
// slug, URL, language and direction. Every problem becomes a positioned message on the file.

export interface ArticleContext {
  /** What parsing may know of the site (a whole SiteConfig will do). */
  config: ParseSettings;
  /** Paths, relative to the content folder, of every asset file. */
  assets: ReadonlySet<string>;
  /** Pixel size of a local image asset, when it can be read. */
  imageSize?: (sourcePath: string) => { width: number; height: number } | null;
}

const HEADLINE_HINT = 'put the headline on the first line (wire text) or in `title:` in the front matter (Markdown)';
export const DATE_HINT = 'write the date as YYYY-MM-DD, optionally with a time: 2026-11-20T08:30:00+05:30';

export type Where = (field: FieldName, ...within: (string | number)[]) => Place | undefined;

/** Which of a file's stories the fields are, and how many the file holds. */
export interface StoryOfFile {
  story: number;
  of: number;
}

/**
 * An article from the fields a format read from `file`; null when the file has errors. `deskPath`:
 * the path whose folders name the story's desk, when not its file's (a live story's folder).
 */
export function articleFrom(file: VFile, fields: ArticleFields, format: ContentFormat, context: ArticleContext, within: StoryOfFile = { story: 0, of: 1 }, deskPath?: string): ParsedArticle | null {
  const sourcePath = String(file.data['sourcePath']);
  const { config } = context;
  const placeOf: Where = (field, ...within) => fields.placeOf?.(field, ...within);

  if (!fields.headline) {
    report(file, String(file.value).trim() === '' ? 'file is empty: an article needs a headline' : 'article has no headline', {
      place: { line: 1, column: 1 },
      ruleId: 'no-headline',
      hint: HEADLINE_HINT,
    });
    return null;
  }
  const headline = fields.headline.replace(/\s+/g, ' ');
  const { published, updated, corrections, embargo } = datesOf(file, fields, sourcePath, config.timeZone, placeOf);
  const authors = authorsOf(file, fields, config, placeOf);
  const tags = tagsOf(fields.tags);
  let attribution = fields.attribution;
  if (attribution?.url) attribution = { ...attribution, url: checkedUrl(file, attribution.url, () => placeOf('source'), 'source url') };

  const slug = slugFor(file, fields.slug, headline, () => placeOf('slug'));
  const section = fields.section || deskOf(deskPath ?? sourcePath, config.sections);
  const url = articleUrl(sourcePath, published, section, slug, config);
  const lang = languageOf(file, fields.lang, config.language, () => placeOf('lang'));
  const aliases = aliasesOf(file, fields.aliases, url, () => placeOf('aliases'));
  const image = imageOf(file, fields.image, sourcePath, context, () => placeOf('image'));

  const body = ledBy(fields.body(), fields.dateline);
  const text = body.text ?? blockText(fromHtml(body.html, { fragment: true }));
  if (body.html.trim() === '') {
    report(file, 'article has no body text', {
      place: { line: fields.headlineLine(), column: 1 },
      ruleId: 'empty-body',
      hint: 'write the story under the headline',
    });
  }
  if (hasErrors(file)) return null;
  adviseOnGaps(file, fields, format, published);
  if (hasErrors(file)) return null;

  return {
    sourcePath,
    format: format.id,
    headline,
    dek: fields.dek || null,
    summary: fields.dek || lede(text, lang, notTheStory(fields.dateline ?? body.dateline)),
    authors,
    dateline: fields.dateline ?? body.dateline,
    published,
    dateInferred: null,
    updated,
    section,
    tags,
    attribution,
    corrections,
    image,
    lang,
    dir: textDirection(lang),
    slug,
    slugPinned: Boolean(fields.slug),
    url,
    id: fields.id ? permanentId(fields.id) : absoluteUrl(aliases[0] ?? url, config.baseUrl),
    aliases,
    draft: fields.draft ?? false,
    // A file of several stories is not one story: each is known by its own words.
    fingerprint: fingerprintOf(within.of === 1 ? file.value : `${headline}\n${text}`),
    bodyHtml: body.html,
    bodyText: oneLine(text),
    embargo,
    story: within.story,
    version: fields.version ?? null,
    itemDays: fields.itemDays ?? null,
    status: fields.status ?? 'usable',
    urgency: fields.urgency ?? null,
    breaking: false,
    slugline: fields.slugline?.trim() || null,
    copyright: fields.copyright?.trim() || null,
    extra: fields.extra,
    live: null,
  };
}

/**
 * A dateline the file declares apart from its text (an agency's `located`), led into the first
 * paragraph as print does, when the body does not open with one of its own.
 */
function ledBy(body: ArticleBody, dateline: string | null): ArticleBody {
  if (!dateline || body.dateline !== null || !body.html.startsWith('<p>')) return body;
  return { ...body, html: `<p><span class="dateline">${escapeHtml(dateline)}</span> — ${body.html.slice('<p>'.length)}`, dateline };
}

// A teaser opens on the story, never on a block that only says who wrote it or where it is from:
// a byline, or a dateline on a line of its own (`KOCHI, Nov. 20 (PTI) —`).
const BYLINE = /^by\s+\S/i;
const OPENS_THE_STORY = /[—–:-]$/;
const SHORT_BLOCK_WORDS = 10;

function notTheStory(dateline: string | null): (block: string) => boolean {
  const bare = (text: string) => text.replace(/[\s\p{P}]+$/u, '');
  return (block) =>
    (block.split(/\s+/).length <= SHORT_BLOCK_WORDS && (BYLINE.test(block) || OPENS_THE_STORY.test(block))) ||
    (dateline !== null && bare(block) === bare(dateline));
}

/** What a file says, white space aside, as a hash: the same story filed twice, or re-saved by another editor, has one. */
function fingerprintOf(value: string | Uint8Array): string {
  const text = typeof value === 'string' ? value : Buffer.from(value).toString('latin1');
  return createHash('sha1').update(oneLine(text)).digest('hex');
}

/** Advice for `check --strict`: what the format could have said and the file did not. */
function adviseOnGaps(file: VFile, fields: ArticleFields, format: ContentFormat, published: Date | null): void {
  if (!fields.dek && format.hints.noDek !== undefined) {
    report(file, 'article has no dek (standfirst)', { place: { line: 1, column: 1 }, ruleId: 'missing-dek', hint: format.hints.noDek });
  }
  if (!published && fields.published === undefined) {
    report(file, 'article has no date', { place: { line: 1, column: 1 }, ruleId: 'missing-date', hint: format.hints.noDate });
  }
}

interface Dates {
  published: Date | null;
  embargo: Date | null;
  updated: Date | null;
  corrections: Correction[];
}

/** Publication, update and correction dates in the site's zone; the file name dates an undated story. */
function datesOf(file: VFile, fields: ArticleFields, sourcePath: string, timeZone: string, placeOf: Where): Dates {
  const date = (key: string, value: string | Date | undefined, place: () => Place | undefined): Date | null => {
    if (value === undefined) return null;
    if (value instanceof Date) return value;
    const parsed = parseDate(value, timeZone);
    if (!parsed) {
      report(file, `\`${key}\` is not a real date: ${JSON.stringify(value)}`, { place: place(), ruleId: 'invalid-date', hint: DATE_HINT });
    }
    return parsed;
  };

  let published = date('date', fields.published, () => placeOf('date'));
  // An embargo later than the story's own date is when it may be published: held back until then.
  const embargo = date('embargo', fields.embargo, () => placeOf('embargo'));
  if (embargo && (!published || embargo > published)) published = embargo;
  if (published === null && fields.published === undefined) {
    const fromName = FILENAME_DATE.exec(path.posix.basename(sourcePath))?.[1];
    if (fromName) {
      published = parseDate(fromName, timeZone);
      if (!published) {
        report(file, `the file name starts with an impossible date: ${fromName}`, {
          ruleId: 'invalid-date',
          hint: 'rename the file so that it starts with a real date, YYYY-MM-DD',
        });
      }
    }
  }
  let updated = date('updated', fields.updated, () => placeOf('updated'));

  const corrections: Correction[] = fields.corrections.map((correction, index) => {
    const when = date(`corrections[${index}].date`, correction.date, () => placeOf('corrections', index, 'date'));
    return { date: when, text: correction.text };
  });
  for (const correction of corrections) {
    if (correction.date && (!updated || correction.date > updated)) updated = correction.date;
  }
  if (published && updated && updated < published) {
    // Shown, it would read "Updated November 10" under a story of November 20.
    report(file, '`updated` is earlier than the publication date, so it is left out', {
      place: placeOf('updated'),
      ruleId: 'date-order',
      hint: 'an update comes after first publication; check both dates',
    });
    updated = null;
  }
  return { published, updated, corrections, embargo };
}

export function authorsOf(file: VFile, fields: ArticleFields, config: ParseSettings, placeOf: Where): Person[] {
  const authors: Person[] = [];
  for (const person of fields.authors) {
    if (!person.name) continue;
    const url = checkedUrl(file, person.url ?? config.authors[person.name]?.url ?? null, () => placeOf('author'), 'author url');
    if (!authors.some((known) => known.name === person.name)) authors.push({ name: person.name, url });
  }
  return authors;
}

function tagsOf(given: string[]): string[] {
  const tags: string[] = [];
  for (const tag of given.map((value) => String(value).trim().replace(/\s+/g, ' '))) {
    if (tag && !tags.some((known) => known.toLowerCase() === tag.toLowerCase())) tags.push(tag);
  }
  return tags;
}

/** Feeds need an IRI: an id that is one is kept, a CMS number or other token becomes a URN. */
function permanentId(id: string): string {
  return /^[a-z][a-z0-9+.-]*:\S+$/i.test(id) && URL.canParse(id) ? id : `urn:broadsheet:${encodeURIComponent(id)}`;
}

function checkedUrl(file: VFile, url: string | null, where: () => Place | undefined, what: string): string | null {
  if (url === null || url === '') return null;
  if (isSafeUrl(url)) return url;
  report(file, `unsafe ${what} removed: \`${url.slice(0, 60)}\``, {
    place: where(),
    ruleId: 'unsafe-url',
    hint: 'links may be http, https, mailto or relative',
  });
  return null;
}

/**
 * The slug from front matter, made safe. A slug that tries to be a path (`../../etc`, `a/b`) is
 * never used as one: it is flattened to a plain slug and the writer is told.
 */
function slugFor(file: VFile, given: string | undefined, headline: string, where: () => Place | undefined): string {
  if (given === undefined || given === '') return slugify(headline);
  const slug = slugify(given.replace(/\.+/g, '-'));
  if (/[/\\]|\.\./.test(given)) {
    report(file, `\`slug\` may not be a path; ${JSON.stringify(given)} becomes "${slug}"`, {
      place: where(),
      ruleId: 'invalid-slug',
      hint: 'a slug is one path segment of lowercase letters, digits and hyphens; to keep an old URL working, list it under `aliases`',
    });
  } else if (slug !== given) {
    report(file, `\`slug\` ${JSON.stringify(given)} becomes "${slug}"`, {
      place: where(),
      ruleId: 'slug-normalised',
      hint: 'write the slug in lowercase letters, digits and single hyphens',
    });
  }
  return slug;
}

function languageOf(file: VFile, given: string | undefined, fallback: string, where: () => Place | undefined): string {
  if (given === undefined || given.trim() === '') return fallback;
  try {
    return Intl.getCanonicalLocales(given.trim())[0] ?? fallback;
  } catch {
    report(file, `\`lang\` is not a language tag: ${JSON.stringify(given)}; using "${fallback}"`, {
      place: where(),
      ruleId: 'invalid-lang',
      hint: 'use a BCP 47 tag such as "en", "en-GB", "ar" or "hi"',
    });
    return fallback;
  }
}

function aliasesOf(file: VFile, list: string[], url: string, where: () => Place | undefined): string[] {
  const aliases: string[] = [];
  for (const raw of list) {
    let alias = raw.trim();
    try {
      // A full old URL counts for its path.
      if (/^https?:\/\//i.test(alias)) alias = decodeURI(new URL(alias).pathname);
    } catch {
      alias = '';
    }
    const segments = alias.split('/').filter((segment) => segment !== '');
    // Path characters only (RFC 3986 pchar, and letters of any script): no `..`, no markup.
    const bad =
      alias === '' ||
      /^[a-z][a-z0-9+.-]*:/i.test(alias) ||
      segments.some((segment) => segment === '.' || segment === '..' || !/^[\p{L}\p{N}._~!$&'()*+,;=:@%-]+$/u.test(segment));
    if (bad || segments.length === 0) {
      report(file, `alias is not a path on this site and is left out: ${JSON.stringify(raw)}`, {
        place: where(),
        ruleId: 'invalid-alias',
        hint: 'write old URLs as paths, like `/2019/05/old-story/`, without "..", "?" or "#"',
      });
      continue;
    }
    const last = segments[segments.length - 1]!;
    const sitePath = `/${segments.join('/')}${last.includes('.') ? '' : '/'}`;
    if (sitePath === url) {
      report(file, `alias is the article's own URL and is left out: ${JSON.stringify(raw)}`, {
        place: where(),
        ruleId: 'invalid-alias',
        hint: 'list only URLs the article used to have',
      });
      continue;
    }
    if (!aliases.includes(sitePath)) aliases.push(sitePath);
  }
  return aliases;
}

function imageOf(
  file: VFile,
  given: ImageField | undefined,
  sourcePath: string,
  context: ArticleContext,
  where: () => Place | undefined,
): LeadImage | null {
  if (given === undefined) return null;
  const image = given;
  const alt = image.alt?.trim() || null;
  const common = {
    alt,
    caption: image.caption?.trim() || null,
    credit: image.credit?.trim() || null,
    focus: image.focus ?? null,
  };
  if (!alt) {
    report(file, 'image has no alt text', {
      place: where(),
      ruleId: 'image-alt',
      hint: 'describe the image for readers who cannot see it: `image: {src: …, alt: …}`',
    });
  }
  // An agency's protocol-relative address (`//cdn.example.com/…`) is on the web.
  const src = image.src.startsWith('//') ? `https:${image.src}` : image.src;
  if (/^https?:\/\//i.test(src)) return { src, ...common, width: image.width ?? null, height: image.height ?? null };
  if (!isSafeImageUrl(image.src) || /^[a-z][a-z0-9+.-]*:/i.test(image.src)) {
    report(file, `unsafe image URL removed: \`${image.src.slice(0, 60)}\``, {
      place: where(),
      ruleId: 'unsafe-url',
      hint: 'an image is a path in the content folder or an http(s) URL',
    });
    return null;
  }
  const assetPath = contentPathOf(image.src, sourcePath);
  if (assetPath === null || !context.assets.has(assetPath)) {
    report(file, `image not found: ${image.src}`, {
      place: where(),
      ruleId: 'image-not-found',
      hint: 'put the image file in the content folder; a path is relative to the article, or to the content folder when it starts with /',
    });
    return null;
  }
  const size = context.imageSize?.(assetPath) ?? null;
  return { src: `/${assetPath}`, ...common, width: size?.width ?? null, height: size?.height ?? null };
}

