import path from 'node:path';
import type { VFile } from 'vfile';
import { z } from 'zod';
import { parseDate, zonedParts } from '../dates.js';
import { error, info, warning, type Place } from '../diagnostics.js';
import { isSafeImageUrl, isSafeUrl } from '../escape.js';
import { SOURCE_LINK } from '../dependencies.js';
import { textDirection } from '../language.js';
import { excerpt, htmlToText } from '../text.js';
import type { Article, Attribution, Correction, LeadImage, Person, SiteConfig } from '../types.js';
import { absoluteUrl, expandPermalink, hrefFrom, slugify } from '../urls.js';
import { readFrontMatter, renderMarkdown, type FrontMatter } from './markdown.js';
import { parseAttribution, parseWireCopy, wireBodyHtml } from './plain-text.js';

// Fields from either format → one validated Article: dates in the site's zone, slug, URL,
// language and direction. Every problem becomes a positioned message on the file.

export interface ArticleContext {
  config: SiteConfig;
  /** Paths, relative to the content folder, of every asset file. */
  assets: ReadonlySet<string>;
  /** Pixel size of a local image asset, when it can be read. */
  imageSize?: (sourcePath: string) => { width: number; height: number } | null;
}

/** Front-matter keys and the aliases writers use for them (matched without regard to case). */
const ALIASES = {
  title: ['title', 'headline'],
  dek: ['dek', 'description', 'summary', 'subtitle'],
  author: ['author', 'authors', 'byline'],
  date: ['date', 'published', 'pubdate'],
  updated: ['updated', 'modified', 'lastmod'],
  section: ['section', 'category'],
  tags: ['tags', 'keywords'],
  source: ['source', 'attribution'],
  dateline: ['dateline'],
  slug: ['slug'],
  id: ['id'],
  lang: ['lang'],
  image: ['image'],
  draft: ['draft'],
  aliases: ['aliases'],
  corrections: ['corrections'],
} as const;

type Key = keyof typeof ALIASES;

const KEY_OF = new Map<string, Key>(
  Object.entries(ALIASES).flatMap(([key, names]) => names.map((name) => [name, key as Key] as const)),
);

const text = (what: string) =>
  z.union([z.string(), z.number()], { error: `must be ${what}` }).transform((value) => String(value).trim());

const personSchema = z.union(
  [
    z.string().transform((name) => ({ name: name.trim(), url: null as string | null })),
    z.strictObject({ name: z.string().trim().min(1), url: z.string().trim().nullish() }).transform((person) => ({
      name: person.name,
      url: person.url ?? null,
    })),
  ],
  { error: 'must be a name, or {name, url}' },
);

const dateText = z.union([z.string(), z.date()], {
  error: 'must be a date such as 2026-11-20 or 2026-11-20T08:30:00+05:30',
});

const frontMatterSchema = z.object({
  title: text('text').optional(),
  dek: text('text').optional(),
  author: z.union([personSchema, z.array(personSchema)], { error: 'must be a name, a list of names, or {name, url}' }).optional(),
  date: dateText.optional(),
  updated: dateText.optional(),
  section: text('one section name').optional(),
  tags: z
    .union([z.string(), z.array(z.union([z.string(), z.number()]))], { error: 'must be a list, or a comma-separated string' })
    .optional(),
  source: z
    .union([z.string(), z.strictObject({ name: z.string().trim().min(1), url: z.string().trim().nullish() })], {
      error: 'must be a name, or {name, url}',
    })
    .optional(),
  dateline: text('text').optional(),
  slug: text('text').optional(),
  id: text('text').optional(),
  lang: z.string({ error: 'must be a language tag such as "en" or "ar"' }).optional(),
  image: z
    .union(
      [
        z.string(),
        z.strictObject({
          src: z.string().trim().min(1),
          alt: z.string().nullish(),
          caption: z.string().nullish(),
          credit: z.string().nullish(),
        }),
      ],
      { error: 'must be a path or URL, or {src, alt, caption, credit}' },
    )
    .optional(),
  draft: z.boolean({ error: 'must be true or false' }).optional(),
  aliases: z.union([z.string(), z.array(z.string())], { error: 'must be a list of old URLs' }).optional(),
  corrections: z
    .array(
      z.union([
        z.string().transform((value) => ({ date: undefined, text: value })),
        z.strictObject({ date: dateText.optional(), text: z.string().trim().min(1) }),
      ]),
      { error: 'must be a list of {date, text}' },
    )
    .optional(),
});

type FrontMatterFields = z.output<typeof frontMatterSchema>;

const FILENAME_DATE = /^(\d{4}-\d{2}-\d{2})(?=[-_ .])/;
const HEADLINE_HINT = 'put the headline on the first line (wire text) or in `title:` in the front matter (Markdown)';

export function toArticle(file: VFile, context: ArticleContext): Article | null {
  const sourcePath = String(file.data['sourcePath']);
  const format = /\.md$/i.test(sourcePath) ? 'md' : 'txt';
  const fields = format === 'md' ? markdownFields(file, context) : wireFields(file);
  if (!fields) return null;
  return finish(file, fields, context, sourcePath, format);
}

interface Fields {
  headline: string | null;
  /** Line of the headline, looked up only when a message needs it (finding it parses YAML again). */
  headlineLine: () => number;
  fm: FrontMatterFields;
  frontMatter: FrontMatter | null;
  extra: Record<string, unknown>;
  authors: string[];
  attribution: Attribution | null;
  /** Renders the body once the page's URL is known (relative links depend on it). */
  body: (pageUrl: string) => { html: string; dateline: string | null };
  dateline: string | null;
}

function wireFields(file: VFile): Fields {
  const copy = parseWireCopy(String(file.value));
  return {
    headline: copy.headline || null,
    headlineLine: () => copy.headlineLine,
    fm: {},
    frontMatter: null,
    extra: {},
    authors: copy.authors,
    // An agency named in the byline is where the story came from, when no Source: line says.
    attribution: copy.attribution ?? (copy.agency ? { name: copy.agency, url: null } : null),
    body: () => ({ html: wireBodyHtml(copy), dateline: copy.dateline?.text ?? null }),
    dateline: copy.dateline?.text ?? null,
  };
}

function markdownFields(file: VFile, context: ArticleContext): Fields | null {
  const read = readFrontMatter(String(file.value));
  if (!('data' in read)) {
    error(file, read.reason, { place: read.place, ruleId: read.ruleId, hint: read.hint });
    return null;
  }
  const canonical: Record<string, unknown> = {};
  const extra: Record<string, unknown> = {};
  const seen = new Map<Key, string>();
  for (const [name, value] of Object.entries(read.data)) {
    const key = KEY_OF.get(name.toLowerCase());
    if (!key) {
      extra[name] = value;
      info(file, `unknown front-matter key \`${name}\` is kept for templates`, {
        place: read.placeOf(name),
        ruleId: 'unknown-key',
        hint: `known keys: ${Object.keys(ALIASES).join(', ')}`,
      });
      continue;
    }
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      warning(file, `\`${name}\` repeats \`${earlier}\`; using \`${earlier}\``, {
        place: read.placeOf(name),
        ruleId: 'duplicate-key',
        hint: `keep one of them; both mean ${key}`,
      });
      continue;
    }
    seen.set(key, name);
    // YAML `~` or an empty value means "not set", like leaving the key out.
    if (value !== null && value !== undefined) canonical[key] = value;
  }

  const parsed = frontMatterSchema.safeParse(canonical);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0]) as Key;
      const written = seen.get(key) ?? key;
      const detail = issue.path.length > 1 ? ` (at ${[written, ...issue.path.slice(1)].join('.')})` : '';
      error(file, `\`${written}\` ${issue.message}${detail}`, {
        place: read.placeOf(written),
        ruleId: 'invalid-type',
        hint: TYPE_HINTS[key] ?? `see the list of front-matter keys for what \`${written}\` takes`,
      });
    }
    return null;
  }
  const fm = parsed.data;
  const placeOf = (key: Key) => read.placeOf(seen.get(key) ?? key);

  let headline = fm.title || null;
  const takeHeading = !headline;
  let firstBody: ReturnType<typeof renderMarkdown> | null = null;
  if (takeHeading) {
    // No title key: a leading `# Heading` in the body is the headline.
    firstBody = renderMarkdown(read.body, { resolveUrl: (reference) => reference, dateline: null, takeHeading });
    headline = firstBody.leadingHeading;
  }

  const sourcePath = String(file.data['sourcePath']);
  return {
    headline,
    headlineLine: () => lineOf(placeOf('title')) ?? 1,
    fm,
    frontMatter: read,
    extra,
    authors: [],
    attribution: null,
    dateline: fm.dateline || null,
    body: (pageUrl) => {
      const rendered = renderMarkdown(read.body, {
        resolveUrl: (reference, place) =>
          resolveReference(reference, sourcePath, pageUrl, context, file, inFile(place, read.bodyLineOffset)),
        sizeOf: (reference) => {
          const contentPath = /^(?:[a-z][a-z0-9+.-]*:|\/\/)/i.test(reference) ? null : contentPathOf(reference, sourcePath);
          return contentPath === null ? null : context.imageSize?.(contentPath) ?? null;
        },
        dateline: fm.dateline || null,
        takeHeading,
      });
      for (const problem of rendered.problems) {
        (problem.fatal === true ? error : problem.fatal === false ? warning : info)(file, problem.reason, {
          place: inFile(problem.place, read.bodyLineOffset),
          ruleId: problem.ruleId,
          hint: problem.hint,
        });
      }
      return { html: rendered.html, dateline: rendered.dateline };
    },
  };
}

function lineOf(place: Place | undefined): number | undefined {
  return place && 'line' in place ? place.line : undefined;
}

/** A position in the Markdown body → the same position in the file. */
function inFile(place: Place | undefined, bodyLineOffset: number): Place | undefined {
  return place && 'line' in place ? { line: place.line + bodyLineOffset, column: place.column } : undefined;
}

const TYPE_HINTS: Partial<Record<Key, string>> = {
  date: 'write the date as YYYY-MM-DD, optionally with a time: 2026-11-20T08:30:00+05:30',
  updated: 'write the date as YYYY-MM-DD, optionally with a time: 2026-11-20T08:30:00+05:30',
  tags: 'write tags as a list, `tags: [politics, budget]`, or as `tags: politics, budget`',
  author: 'write `author: Jane Roe`, a list of names, or `{name: Jane Roe, url: https://…}`',
  draft: 'write `draft: true` or `draft: false`',
  image: 'write `image: photo.jpg`, or `{src: photo.jpg, alt: …, caption: …, credit: …}`',
  corrections: 'write each correction as `- {date: 2026-11-21, text: …}`',
  source: 'write `source: Reuters`, or `{name: Reuters, url: https://…}`',
};

function finish(file: VFile, fields: Fields, context: ArticleContext, sourcePath: string, format: 'txt' | 'md'): Article | null {
  const { config } = context;
  const { fm } = fields;
  const placeOf = (key: Key): Place | undefined => fields.frontMatter?.placeOf(key) ?? undefined;

  if (!fields.headline) {
    error(file, String(file.value).trim() === '' ? 'file is empty: an article needs a headline' : 'article has no headline', {
      place: { line: 1, column: 1 },
      ruleId: 'no-headline',
      hint: HEADLINE_HINT,
    });
    return null;
  }
  const headline = fields.headline.replace(/\s+/g, ' ');

  const date = (key: string, value: string | Date | undefined, place: () => Place | undefined): Date | null => {
    if (value === undefined) return null;
    if (value instanceof Date) return value;
    const parsed = parseDate(value, config.timeZone);
    if (!parsed) {
      error(file, `\`${key}\` is not a real date: ${JSON.stringify(value)}`, {
        place: place(),
        ruleId: 'invalid-date',
        hint: TYPE_HINTS.date!,
      });
    }
    return parsed;
  };

  let published = date('date', fm.date, () => placeOf('date'));
  if (published === null && fm.date === undefined) {
    const fromName = FILENAME_DATE.exec(path.posix.basename(sourcePath))?.[1];
    if (fromName) {
      published = parseDate(fromName, config.timeZone);
      if (!published) {
        error(file, `the file name starts with an impossible date: ${fromName}`, {
          ruleId: 'invalid-date',
          hint: 'rename the file so that it starts with a real date, YYYY-MM-DD',
        });
      }
    }
  }
  let updated = date('updated', fm.updated, () => placeOf('updated'));

  const corrections: Correction[] = (fm.corrections ?? []).map((correction, index) => {
    const when = date(`corrections[${index}].date`, correction.date, () => fields.frontMatter?.placeOf('corrections', index, 'date'));
    return { date: when, text: correction.text };
  });
  for (const correction of corrections) {
    if (correction.date && (!updated || correction.date > updated)) updated = correction.date;
  }
  if (published && updated && updated < published) {
    // Shown, it would read "Updated November 10" under a story of November 20.
    warning(file, '`updated` is earlier than the publication date, so it is left out', {
      place: placeOf('updated'),
      ruleId: 'date-order',
      hint: 'an update comes after first publication; check both dates',
    });
    updated = null;
  }

  const authors: Person[] = [];
  const authorInput = fm.author === undefined ? [] : Array.isArray(fm.author) ? fm.author : [fm.author];
  for (const person of [...fields.authors.map((name) => ({ name, url: null })), ...authorInput]) {
    if (!person.name) continue;
    const url = checkedUrl(file, person.url ?? context.config.authors[person.name]?.url ?? null, () => placeOf('author'), 'author url');
    if (!authors.some((known) => known.name === person.name)) authors.push({ name: person.name, url });
  }

  const tags: string[] = [];
  const tagInput = fm.tags === undefined ? [] : typeof fm.tags === 'string' ? fm.tags.split(',') : fm.tags;
  for (const tag of tagInput.map((value) => String(value).trim().replace(/\s+/g, ' '))) {
    if (tag && !tags.some((known) => known.toLowerCase() === tag.toLowerCase())) tags.push(tag);
  }

  let attribution = fields.attribution;
  if (fm.source !== undefined) {
    attribution = typeof fm.source === 'string' ? parseAttribution(fm.source) : { name: fm.source.name, url: fm.source.url ?? null };
  }
  if (attribution?.url) attribution = { ...attribution, url: checkedUrl(file, attribution.url, () => placeOf('source'), 'source url') };

  const slug = slugFor(file, fm.slug, headline, () => placeOf('slug'));

  const parts = published ? zonedParts(published, config.timeZone) : null;
  const section = fm.section || null;
  const filename = path.posix.basename(sourcePath).replace(/\.[^.]+$/, '').replace(FILENAME_DATE, '').replace(/^[-_ .]+/, '');
  const url = expandPermalink(published ? config.permalink : '/:slug/', {
    year: parts ? String(parts.year) : null,
    month: parts ? String(parts.month).padStart(2, '0') : null,
    day: parts ? String(parts.day).padStart(2, '0') : null,
    section: section ? slugify(section) : null,
    slug,
    filename: slugify(filename || slug),
  });

  const lang = languageOf(file, fm.lang, config.language, () => placeOf('lang'));
  const aliases = aliasesOf(file, fm.aliases, url, () => placeOf('aliases'));
  const image = imageOf(file, fm.image, sourcePath, context, () => placeOf('image'));

  const body = fields.body(url);
  if (body.html.trim() === '') {
    warning(file, 'article has no body text', {
      place: { line: fields.headlineLine(), column: 1 },
      ruleId: 'empty-body',
      hint: 'write the story under the headline',
    });
  }
  if (file.messages.some((message) => message.fatal === true)) return null;

  if (!fm.dek && format === 'md') {
    info(file, 'article has no dek (standfirst)', { place: { line: 1, column: 1 }, ruleId: 'missing-dek', hint: 'add `dek:` with a one-sentence summary; search engines and feeds show it' });
  }
  if (!published && fm.date === undefined) {
    info(file, 'article has no date', {
      place: { line: 1, column: 1 },
      ruleId: 'missing-date',
      hint: format === 'md' ? 'add `date: YYYY-MM-DD`' : 'start the file name with the date, YYYY-MM-DD-…',
    });
  }

  if (file.messages.some((message) => message.fatal === true)) return null;

  return {
    sourcePath,
    format,
    headline,
    dek: fm.dek || null,
    summary: fm.dek || excerpt(htmlToText(body.html)),
    authors,
    dateline: fields.dateline ?? body.dateline,
    published,
    updated,
    section,
    tags,
    attribution,
    corrections,
    image,
    lang,
    dir: textDirection(lang),
    slug,
    url,
    id: fm.id ? permanentId(fm.id) : absoluteUrl(aliases[0] ?? url, config.baseUrl),
    aliases,
    draft: fm.draft ?? false,
    bodyHtml: body.html,
    extra: fields.extra,
  };
}

/** Feeds need an IRI: an id that is one is kept, a CMS number or other token becomes a URN. */
function permanentId(id: string): string {
  return /^[a-z][a-z0-9+.-]*:\S+$/i.test(id) && URL.canParse(id) ? id : `urn:broadsheet:${encodeURIComponent(id)}`;
}

function checkedUrl(file: VFile, url: string | null, where: () => Place | undefined, what: string): string | null {
  if (url === null || url === '') return null;
  if (isSafeUrl(url)) return url;
  warning(file, `unsafe ${what} removed: \`${url.slice(0, 60)}\``, {
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
    warning(file, `\`slug\` may not be a path; ${JSON.stringify(given)} becomes "${slug}"`, {
      place: where(),
      ruleId: 'invalid-slug',
      hint: 'a slug is one path segment of lowercase letters, digits and hyphens; to keep an old URL working, list it under `aliases`',
    });
  } else if (slug !== given) {
    warning(file, `\`slug\` ${JSON.stringify(given)} becomes "${slug}"`, {
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
    warning(file, `\`lang\` is not a language tag: ${JSON.stringify(given)}; using "${fallback}"`, {
      place: where(),
      ruleId: 'invalid-lang',
      hint: 'use a BCP 47 tag such as "en", "en-GB", "ar" or "hi"',
    });
    return fallback;
  }
}

function aliasesOf(file: VFile, given: string | string[] | undefined, url: string, where: () => Place | undefined): string[] {
  const list = given === undefined ? [] : Array.isArray(given) ? given : [given];
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
      warning(file, `alias is not a path on this site and is left out: ${JSON.stringify(raw)}`, {
        place: where(),
        ruleId: 'invalid-alias',
        hint: 'write old URLs as paths, like `/2019/05/old-story/`, without "..", "?" or "#"',
      });
      continue;
    }
    const last = segments[segments.length - 1]!;
    const sitePath = `/${segments.join('/')}${last.includes('.') ? '' : '/'}`;
    if (sitePath === url) {
      warning(file, `alias is the article's own URL and is left out: ${JSON.stringify(raw)}`, {
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
  given: FrontMatterFields['image'],
  sourcePath: string,
  context: ArticleContext,
  where: () => Place | undefined,
): LeadImage | null {
  if (given === undefined) return null;
  const image = typeof given === 'string' ? { src: given.trim() } : given;
  const alt = image.alt?.trim() || null;
  const common = {
    alt,
    caption: image.caption?.trim() || null,
    credit: image.credit?.trim() || null,
  };
  if (!alt) {
    info(file, 'image has no alt text', {
      place: where(),
      ruleId: 'image-alt',
      hint: 'describe the image for readers who cannot see it: `image: {src: …, alt: …}`',
    });
  }
  if (/^https?:\/\//i.test(image.src)) return { src: image.src, ...common, width: null, height: null };
  if (!isSafeImageUrl(image.src) || /^[a-z][a-z0-9+.-]*:/i.test(image.src)) {
    warning(file, `unsafe image URL removed: \`${image.src.slice(0, 60)}\``, {
      place: where(),
      ruleId: 'unsafe-url',
      hint: 'an image is a path in the content folder or an http(s) URL',
    });
    return null;
  }
  const assetPath = contentPathOf(image.src, sourcePath);
  if (assetPath === null || !context.assets.has(assetPath)) {
    error(file, `image not found: ${image.src}`, {
      place: where(),
      ruleId: 'image-not-found',
      hint: 'put the image file in the content folder; a path is relative to the article, or to the content folder when it starts with /',
    });
    return null;
  }
  const size = context.imageSize?.(assetPath) ?? null;
  return { src: `/${assetPath}`, ...common, width: size?.width ?? null, height: size?.height ?? null };
}

/** The content-folder path a reference in an article points at, or null when it leaves the folder. */
function contentPathOf(reference: string, sourcePath: string): string | null {
  let decoded = reference;
  try {
    decoded = decodeURI(reference);
  } catch {
    // Keep it as written.
  }
  const joined = decoded.startsWith('/') ? decoded : path.posix.join(path.posix.dirname(sourcePath), decoded);
  const normalised = path.posix.normalize(`/${joined}`).replace(/^\/+/, '');
  if (normalised.startsWith('..')) return null;
  return normalised;
}

function resolveReference(
  reference: string,
  sourcePath: string,
  pageUrl: string,
  context: ArticleContext,
  file: VFile,
  place: Place | undefined,
): string {
  if (reference === '' || /^(?:[a-z][a-z0-9+.-]*:|\/\/|#|\?)/i.test(reference)) return reference;
  const cut = reference.search(/[?#]/);
  const target = cut === -1 ? reference : reference.slice(0, cut);
  const suffix = cut === -1 ? '' : reference.slice(cut);
  const contentPath = contentPathOf(target, sourcePath);
  if (contentPath === null) return reference;
  if (/\.(?:md|txt)$/i.test(contentPath)) return `${SOURCE_LINK}/${contentPath}${suffix}`;
  if (/\.[a-z0-9]+$/i.test(contentPath) && !context.assets.has(contentPath)) {
    warning(file, `linked file not found in the content folder: ${target}`, {
      place,
      ruleId: 'link-not-found',
      hint: 'check the file name; paths are relative to the article, or to the content folder when they start with /',
    });
  }
  const folder = target.endsWith('/') && contentPath !== '' && !contentPath.endsWith('/') ? '/' : '';
  return hrefFrom(pageUrl, `/${contentPath}${folder}${suffix}`, context.config);
}
