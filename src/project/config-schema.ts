import { z } from 'zod';
import { isTimeZone } from '../dates.js';
import { placeOfJsonKey, placeOfOffset } from '../messages/diagnostics.js';
import { UsageError, type FilePlace } from '../messages/errors.js';
import type { SiteConfig } from '../types.js';

// The site config's schema: every key, its default (the defaults serve the sample site, so a
// site builds with no config at all) and the messages that name a bad key.

const TOKENS = new Set([':year', ':month', ':day', ':section', ':slug', ':filename']);

const url = z.string().refine((value) => /^https?:\/\/[^\s/]+/i.test(value) && URL.canParse(value), {
  message: 'must be an absolute http(s) URL',
  // One mistake, one message: later checks of the same value wait for this one.
  abort: true,
});
const nullableText = z.string().trim().min(1).nullable();
// An image in the config: a path on the site (`/assets/logo.png`) or an http(s) URL, nothing else.
const imageRef = z
  .string()
  .trim()
  .refine((value) => /^\/(?!\/)[^\s\\]*$/.test(value) || (/^https?:\/\//i.test(value) && URL.canParse(value)), {
    message: 'must be a site path starting with "/" or an http(s) URL',
  })
  .nullable();

const publisherSchema = z
  .strictObject({
    name: z.string().trim().min(1).optional().describe('The news organisation, for JSON-LD and feeds. Defaults to the title.'),
    url: url.nullable().default(null).describe("The organisation's home page."),
    logo: imageRef.default(null).describe('A logo: a site path such as /assets/logo.png, or a URL.'),
  })
  .default({ url: null, logo: null })
  .describe('Who publishes the site.');

// A handle as Twitter/X writes it; the @ is added when left out.
const handle = z
  .string()
  .trim()
  .regex(/^@?[A-Za-z0-9_]{1,15}$/, 'must be a handle such as "@newsroom"')
  .transform((value) => (value.startsWith('@') ? value : `@${value}`))
  .nullable();

const WIDTHS = [320, 640, 768, 1024, 1280, 1920];

const imagesSchema = z.union([
  z.literal(false),
  z.strictObject({
    widths: z
      .array(z.number().int().min(16).max(8192))
      .min(1)
      .default(WIDTHS)
      .describe('Widths in pixels of the renditions made of each photo; never wider than the original.'),
    formats: z
      .array(z.enum(['avif', 'webp']))
      .default(['avif', 'webp'])
      .describe('Modern formats offered before the JPEG (or PNG, for pictures with transparency) every browser reads.'),
    quality: z
      .strictObject({
        avif: z.number().int().min(1).max(100).default(50),
        webp: z.number().int().min(1).max(100).default(75),
        jpeg: z.number().int().min(1).max(100).default(80),
      })
      .default({ avif: 50, webp: 75, jpeg: 80 })
      .describe('Encoder quality by format, 1–100.'),
    maxPixels: z
      .number()
      .int()
      .min(1)
      .default(100_000_000)
      .describe('Pictures with more pixels than this are refused before they are decoded (a decompression bomb).'),
  }),
], { error: 'must be false (copy images as they are) or {widths, formats, quality, maxPixels}' });

const liveSchema = z
  .strictObject({
    lead: z.boolean().default(true).describe('A story that is live leads the home page and its section; false leaves it in date order.'),
    perPage: z.number().int().min(1).max(500).default(20).describe('Updates on a live story\'s first page, and on each page of earlier updates.'),
  })
  .default({ lead: true, perPage: 20 })
  .describe('Live stories (a folder of updates).');

const authorSchema = z.strictObject({
  bio: nullableText.default(null).describe('A sentence or two for the author page.'),
  twitter: handle.default(null).describe('The author\'s Twitter/X handle, for `twitter:creator`.'),
  url: url.nullable().default(null).describe("The author's own page or profile."),
  image: imageRef.default(null).describe('A portrait: a site path such as /people/jane.jpg, or a URL.'),
});

const schema = z.strictObject({
  $schema: z.string().optional().describe('The JSON Schema of this file, for editors.'),
  title: z.string().trim().min(1).default('Broadsheet').describe('The name of the site, shown in the masthead and titles.'),
  description: nullableText.default(null).describe('A line about the site, for the home page and feeds.'),
  baseUrl: url
    // Pages, feeds and sitemaps join paths to it: a query or fragment would land in the middle.
    .refine((value) => !/[?#]/.test(value), { message: 'must not have a query (?…) or fragment (#…)' })
    .nullable()
    .default(null)
    .describe('The absolute URL the site is served from. Feeds, sitemaps and canonical URLs need it.'),
  relativeLinks: z
    .boolean()
    .default(false)
    .describe('Keep links relative, naming files, even with a baseUrl: the site then also opens from disk.'),
  language: z
    .string()
    .refine((tag) => {
      try {
        return Intl.getCanonicalLocales(tag).length === 1;
      } catch {
        return false;
      }
    }, 'must be a BCP 47 language tag such as "en" or "en-GB"')
    .default('en')
    .describe('The language of the site, a BCP 47 tag such as "en" or "hi". Articles may set their own.'),
  timeZone: z
    .string()
    .refine(isTimeZone, 'must be an IANA time zone such as "Asia/Kolkata" or "UTC"')
    .default('UTC')
    .describe('The newsroom\'s time zone: dates without a time are midnight here, and pages show times here.'),
  publisher: publisherSchema,
  twitter: handle.default(null).describe('The site\'s Twitter/X handle, for `twitter:site`.'),
  images: imagesSchema
    .default({ widths: WIDTHS, formats: ['avif', 'webp'], quality: { avif: 50, webp: 75, jpeg: 80 }, maxPixels: 100_000_000 })
    .describe('Image processing: responsive renditions, crops for social cards and search, metadata stripped. false copies image files as they are.'),
  authors: z.record(z.string(), authorSchema).default({}).describe('Author profiles by name, as bylines write them.'),
  permalink: z
    .string()
    .refine(
      (pattern) =>
        pattern.includes(':slug') &&
        pattern.startsWith('/') &&
        pattern.endsWith('/') &&
        (pattern.match(/:[a-z]+/g) ?? []).every((token) => TOKENS.has(token)) &&
        pattern.split('/').every((segment) => segment !== '..' && segment !== '.' && /^[A-Za-z0-9:_-]*$/.test(segment)),
      'must start and end with "/", contain ":slug", and use only the tokens :year :month :day :section :slug :filename',
    )
    .default('/:year/:month/:day/:slug/')
    .describe('Where dated articles live, with :year :month :day :section :slug :filename. Undated ones live at /:slug/.'),
  perPage: z.number().int().min(1).max(1000).default(20).describe('Articles on each page of a list.'),
  feedItems: z.number().int().min(1).max(1000).default(20).describe('Articles in each feed.'),
  newsPublicationName: z
    .string()
    .trim()
    .min(1)
    .optional()
    .describe('The publication name in the Google News sitemap; it must match Google News. Defaults to the publisher name.'),
  navigation: z
    .array(z.string().trim().min(1))
    .default([])
    .describe('Sections linked in the masthead, in order. Empty: every section, by name.'),
  sections: z
    .record(z.string().min(1), z.string().trim().min(1))
    .default({})
    .describe('Section names for desk folders, by folder name ("us": "U.S."). A story with no section of its own is in its folder\'s; unnamed folders read as the desk writes them ("sport" is Sport).'),
  live: liveSchema,
  undated: z
    .enum(['git', 'mtime', 'none'])
    .default('git')
    .describe('Where a story with no date of its own takes one, to order lists and fill feeds (never its URL): "git", the first commit of its file (the default); "mtime", its file\'s modification time; "none".'),
});

/** Known keys at each level, for "did you mean" hints. */
const KNOWN_KEYS: Record<string, string[]> = {
  '': Object.keys(schema.shape),
  publisher: Object.keys(publisherSchema.unwrap().shape),
  authors: Object.keys(authorSchema.shape),
  images: Object.keys(imagesSchema.options[1].shape),
  live: Object.keys(liveSchema.unwrap().shape),
};

export type ConfigInput = z.input<typeof schema>;

export function defaultConfig(): SiteConfig {
  return resolve(schema.parse({}));
}

function resolve(parsed: z.output<typeof schema>): SiteConfig {
  return {
    title: parsed.title,
    description: parsed.description,
    baseUrl: parsed.baseUrl ? (parsed.baseUrl.endsWith('/') ? parsed.baseUrl : `${parsed.baseUrl}/`) : null,
    relativeLinks: parsed.relativeLinks,
    language: Intl.getCanonicalLocales(parsed.language)[0]!,
    timeZone: parsed.timeZone,
    publisher: {
      name: parsed.publisher.name ?? parsed.title,
      url: parsed.publisher.url,
      logo: parsed.publisher.logo,
    },
    authors: parsed.authors,
    twitter: parsed.twitter,
    images: parsed.images === false ? null : parsed.images,
    permalink: parsed.permalink,
    perPage: parsed.perPage,
    feedItems: parsed.feedItems,
    newsPublicationName: parsed.newsPublicationName ?? parsed.publisher.name ?? parsed.title,
    navigation: parsed.navigation,
    sections: parsed.sections,
    undated: parsed.undated,
    live: parsed.live,
  };
}

/** Validates a config object; `source` names it in messages. */
export function parseConfig(input: unknown, source: string, text = ''): SiteConfig {
  const result = schema.safeParse(input);
  if (result.success) return resolve(result.data);
  // Every mistake at once, in the order of the file, so one fix-and-run cycle clears them all.
  const [first, ...others] = result.error.issues
    .flatMap((issue): z.core.$ZodIssue[] => (issue.code === 'unrecognized_keys' ? issue.keys.map((key) => ({ ...issue, keys: [key] })) : [issue]))
    .map((issue) => configProblem(issue, source, text))
    .sort((a, b) => (a.where?.line ?? 0) - (b.where?.line ?? 0) || (a.where?.column ?? 0) - (b.where?.column ?? 0));
  first!.others.push(...others);
  throw first;
}

function configProblem(issue: z.core.$ZodIssue, source: string, text: string): UsageError {
  const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
  const keyPath = [...issue.path, ...keys.slice(0, 1)].map(String);
  const where = placeOfKey(source, text, keyPath);
  const name = keyPath.join('.') || '(top level)';
  if (issue.code === 'unrecognized_keys') {
    const known = KNOWN_KEYS[issue.path.length === 0 ? '' : String(issue.path[0])] ?? [];
    const suggestion = closest(keys[0]!, known);
    return new UsageError(
      `unknown key "${name}"`,
      suggestion ? `did you mean "${suggestion}"?` : `known keys: ${known.join(', ')}`,
      where,
      'config-unknown-key',
    );
  }
  return new UsageError(
    `"${name}" ${issue.message.replace(/^Invalid input: /, '')}`,
    source.startsWith('--') ? `fix the value given to ${source}` : 'fix the value in the config file; see broadsheet.config.schema.json for every key',
    where,
    'config-invalid',
  );
}

/** Where `offset` is in `text`, in the file `source`. */
function placeAt(source: string, text: string, offset: number): FilePlace {
  return { file: source, ...placeOfOffset(text, offset) };
}

function placeOfKey(source: string, text: string, keyPath: string[]): FilePlace {
  return { file: source, ...placeOfJsonKey(text, keyPath) };
}

/** The known word a typo most likely meant, if any is close. */
export function closest(word: string, candidates: string[]): string | null {
  let best: string | null = null;
  let bestDistance = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const candidate of candidates) {
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  // Damerau–Levenshtein (optimal string alignment), so `biuld` is one step from `build`.
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, d[i - 2]![j - 2]! + 1);
      d[i]![j] = value;
    }
  }
  return d[a.length]![b.length]!;
}

/** The JSON Schema of the config file, for editors (`"$schema"` in the config). */
export function configJsonSchema(): object {
  return {
    ...z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }),
    $id: 'https://broadsheet.dev/schema/config.json',
    title: 'Broadsheet site config',
  };
}

/** Validates the text of a config file; `source` names it in messages. */
export function parseConfigText(text: string, source: string): SiteConfig {
  let input: unknown;
  try {
    input = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (cause) {
    const position = /position (\d+)/.exec(String((cause as Error).message))?.[1];
    const where = position === undefined ? { file: source } : placeAt(source, text, Number(position));
    throw new UsageError(
      `config is not valid JSON: ${(cause as Error).message}`,
      'check for a missing comma or quote, or a trailing comma after the last entry',
      where,
      'config-json',
    );
  }
  return parseConfig(input, source, text);
}
