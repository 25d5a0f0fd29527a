import type { VFile } from 'vfile';
import { z } from 'zod';
import { report, type Place } from '../../../messages/diagnostics.js';
import { parseAttribution } from '../../attribution.js';
import type { ArticleFields, ReadContext } from '../../format.js';
import { contentPathOf, isExternal, resolveReference } from '../../references.js';
import { renderMarkdown } from './body.js';
import { readFrontMatter, type FrontMatter } from './front-matter.js';

// Front matter → an article's fields: keys matched with their aliases, values checked against
// the schema, the body rendered when article.ts asks for it.

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
  live: ['live'],
  time: ['time'],
  pinned: ['pinned'],
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
          focus: z.tuple([z.number().min(0).max(1), z.number().min(0).max(1)], { error: 'must be [x, y], each from 0 to 1: where the subject is, across and down' }).nullish(),
        }),
      ],
      { error: 'must be a path or URL, or {src, alt, caption, credit, focus}' },
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
  live: z
    .union([z.literal(true), z.strictObject({ start: dateText.optional(), end: dateText.nullish() })], {
      error: 'must be true, or {start, end}: when the live coverage starts and ends',
    })
    .optional(),
  time: dateText.optional(),
  pinned: z.boolean({ error: 'must be true or false' }).optional(),
});

type FrontMatterFields = z.output<typeof frontMatterSchema>;

const TYPE_HINTS: Partial<Record<Key, string>> = {
  date: 'write the date as YYYY-MM-DD, optionally with a time: 2026-11-20T08:30:00+05:30',
  updated: 'write the date as YYYY-MM-DD, optionally with a time: 2026-11-20T08:30:00+05:30',
  tags: 'write tags as a list, `tags: [politics, budget]`, or as `tags: politics, budget`',
  author: 'write `author: Jane Roe`, a list of names, or `{name: Jane Roe, url: https://…}`',
  draft: 'write `draft: true` or `draft: false`',
  image: 'write `image: photo.jpg`, or `{src: photo.jpg, alt: …, caption: …, credit: …, focus: [0.5, 0.3]}`',
  corrections: 'write each correction as `- {date: 2026-11-21, text: …}`',
  live: 'write `live: {start: 2026-11-20T06:00:00+05:30}`, and `end:` when the coverage ends',
  time: 'write the time as 2026-11-20T08:30:00+05:30',
  pinned: 'write `pinned: true` for a key event',
  source: 'write `source: Reuters`, or `{name: Reuters, url: https://…}`',
};

/** Front-matter keys by the name the schema knows them by; unknown ones kept aside, repeats dropped. */
function canonicalKeys(file: VFile, read: FrontMatter): { canonical: Record<string, unknown>; extra: Record<string, unknown>; seen: Map<Key, string> } {
  const canonical: Record<string, unknown> = {};
  const extra: Record<string, unknown> = {};
  const seen = new Map<Key, string>();
  for (const [name, value] of Object.entries(read.data)) {
    const key = KEY_OF.get(name.toLowerCase());
    if (!key) {
      extra[name] = value;
      report(file, `unknown front-matter key \`${name}\` is kept for templates`, {
        place: read.placeOf(name),
        ruleId: 'unknown-key',
        hint: `known keys: ${Object.keys(ALIASES).join(', ')}`,
      });
      continue;
    }
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      report(file, `\`${name}\` repeats \`${earlier}\`; using \`${earlier}\``, {
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

  return { canonical, extra, seen };
}

export function readMarkdown(file: VFile, context: ReadContext): ArticleFields | null {
  const read = readFrontMatter(String(file.value));
  if (!('data' in read)) {
    report(file, read.reason, { place: read.place, ruleId: read.ruleId, hint: read.hint });
    return null;
  }
  const { canonical, extra, seen } = canonicalKeys(file, read);
  const parsed = frontMatterSchema.safeParse(canonical);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0]) as Key;
      const written = seen.get(key) ?? key;
      const detail = issue.path.length > 1 ? ` (at ${[written, ...issue.path.slice(1)].join('.')})` : '';
      report(file, `\`${written}\` ${issue.message}${detail}`, {
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
  if (takeHeading) {
    // No title key: a leading `# Heading` in the body is the headline.
    headline = renderMarkdown(read.body, { resolveUrl: (reference) => reference, dateline: null, takeHeading }).leadingHeading;
  }

  return {
    headline,
    headlineLine: () => lineOf(placeOf('title')) ?? 1,
    ...declared(fm),
    extra,
    dateline: fm.dateline || null,
    body: () => renderBody(file, read, context, fm.dateline || null, takeHeading),
    // Keys as the schema names them: a value under an alias (`published:`) is not placed.
    placeOf: (field, ...within) => read.placeOf(field, ...within),
  };
}

/** The front matter's values as fields, in no format's terms. */
function declared(fm: FrontMatterFields): Omit<ArticleFields, 'headline' | 'headlineLine' | 'extra' | 'dateline' | 'body'> {
  const authors = fm.author === undefined ? [] : Array.isArray(fm.author) ? fm.author : [fm.author];
  const source = fm.source;
  return {
    dek: fm.dek,
    authors,
    attribution: source === undefined ? null : typeof source === 'string' ? parseAttribution(source) : { name: source.name, url: source.url ?? null },
    published: fm.date,
    updated: fm.updated,
    corrections: fm.corrections ?? [],
    section: fm.section,
    tags: fm.tags === undefined ? [] : typeof fm.tags === 'string' ? fm.tags.split(',') : fm.tags.map(String),
    slug: fm.slug,
    id: fm.id,
    lang: fm.lang,
    image: typeof fm.image === 'string' ? { src: fm.image.trim() } : fm.image,
    draft: fm.draft,
    aliases: fm.aliases === undefined ? [] : Array.isArray(fm.aliases) ? fm.aliases : [fm.aliases],
    live: fm.live,
    time: fm.time,
    pinned: fm.pinned,
  };
}

function renderBody(file: VFile, read: FrontMatter, context: ReadContext, dateline: string | null, takeHeading: boolean) {
  const rendered = renderMarkdown(read.body, {
    resolveUrl: (reference, place) => resolveReference(reference, context, file, inFile(place, read.bodyLineOffset)),
    sizeOf: (reference) => {
      const contentPath = isExternal(reference) ? null : contentPathOf(reference, context.sourcePath);
      return contentPath === null ? null : context.imageSize(contentPath);
    },
    dateline,
    takeHeading,
  });
  for (const problem of rendered.problems) {
    report(file, problem.reason, {
      place: inFile(problem.place, read.bodyLineOffset),
      ruleId: problem.ruleId,
      hint: problem.hint,
    });
  }
  return { html: rendered.html, text: rendered.text, dateline: rendered.dateline };
}

function lineOf(place: Place | undefined): number | undefined {
  return place && 'line' in place ? place.line : undefined;
}

/** A position in the Markdown body → the same position in the file. */
function inFile(place: Place | undefined, bodyLineOffset: number): Place | undefined {
  return place && 'line' in place ? { line: place.line + bodyLineOffset, column: place.column } : undefined;
}

