import { createHash } from 'node:crypto';
import path from 'node:path';
import type { VFile } from 'vfile';
import { hasErrors, report } from '../messages/diagnostics.js';
import type { ParsedArticle } from '../types.js';
import { articleFrom, type ArticleContext } from './article.js';
import { claimFile, formatByName, type Claim } from './formats/index.js';
import type { ArticleFields, ContentFormat } from './format.js';
import { liveCoverageOf } from './live.js';
import type { ReadArticle } from './read.js';

export type { ArticleContext } from './article.js';

// One article file → an Article: the format that claims the file reads its fields, article.ts
// makes the article. The format's parser is loaded first (`prepareFormats`), by the caller.

const encoder = new TextEncoder();

/**
 * Parses a file read by read.ts (or made by hand, `data.sourcePath` set) into its stories: one,
 * or several for an agency's transmission; none when the file has errors. `claim` is the format
 * read.ts found; without it the format is found again from the name and the text.
 */
export function toArticles(file: VFile, context: ArticleContext, claim?: Claim | null, updates?: ReadArticle[]): ParsedArticle[] {
  const read = readFields(file, context, claim);
  if (!read) return [];
  const { format, fields } = read;
  if (updates) return liveStory(file, fields, format, updates, context);
  const stories = Array.isArray(fields) ? fields : [fields];
  for (const story of stories) {
    if (story.live !== undefined || story.time !== undefined || story.pinned !== undefined) {
      const key = story.live !== undefined ? 'live' : story.time !== undefined ? 'time' : 'pinned';
      report(file, `\`${key}\` is for live stories, and this file is not one: it is left out`, {
        place: story.placeOf?.(key),
        ruleId: 'live-outside-folder',
        hint: 'a live story is a folder: index.md with `live: {start: …}`, and a file for each update beside it',
      });
    }
  }
  const articles = stories.map((story, index) => articleFrom(file, story, format, context, { story: index, of: stories.length }));
  return articles.some((article) => article === null) ? [] : (articles as ParsedArticle[]);
}

/** The fields the format that claims the file reads from it; null when it could make nothing of it. */
function readFields(file: VFile, context: ArticleContext, claim?: Claim | null): { format: ContentFormat; fields: ArticleFields | readonly ArticleFields[] } | null {
  const sourcePath = String(file.data['sourcePath']);
  const value = file.value;
  const found = claim ?? claimFile(sourcePath, typeof value === 'string' ? encoder.encode(value.slice(0, 256)) : value);
  if (!found) throw new Error(`no content format claims ${sourcePath}`);
  // A format that sniffs reads bytes, however the file was made.
  if (found.by === 'sniff' && typeof value === 'string') file.value = encoder.encode(value);
  const fields = found.format.read(file, {
    sourcePath,
    assets: context.assets,
    imageSize: (path) => context.imageSize?.(path) ?? null,
    isArticle: (path) => formatByName(path) !== null,
  });
  return fields === null ? null : { format: found.format, fields };
}

/** A live story: its index is the story, the rest of its folder its updates. */
function liveStory(file: VFile, fields: ArticleFields | readonly ArticleFields[], format: ContentFormat, updates: ReadArticle[], context: ArticleContext): ParsedArticle[] {
  if (Array.isArray(fields)) return [];
  const index = fields as ArticleFields;
  const read = updates.map((update) => {
    const own = hasErrors(update.file) ? null : readFields(update.file, context, update.claim);
    if (own && Array.isArray(own.fields)) {
      report(update.file, 'a file of several stories is not an update of a live story: it is skipped', { ruleId: 'unsupported-item', hint: 'give each update a file of its own' });
      return { file: update.file, fields: null };
    }
    return { file: update.file, fields: (own?.fields as ArticleFields | undefined) ?? null };
  });
  const live = liveCoverageOf(file, index, read, context);
  if (!live || read.some((update) => hasErrors(update.file))) return [];
  // The story is dated by its coverage when its index gives no date; its desk is the folder its folder is in.
  const article = articleFrom(file, { ...index, published: index.published ?? live.start }, format, context, undefined, path.posix.dirname(String(file.data['sourcePath'])));
  if (!article) return [];
  // Two live stories are the same story only if their updates are the same too.
  const fingerprint = createHash('sha1').update(article.fingerprint);
  for (const update of live.updates) fingerprint.update(`\0${update.time.toISOString()}\0${update.text}`);
  return [{ ...article, live, fingerprint: fingerprint.digest('hex') }];
}
