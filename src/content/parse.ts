import type { VFile } from 'vfile';
import type { ParsedArticle } from '../types.js';
import { articleFrom, type ArticleContext } from './article.js';
import { claimFile, formatByName, prepareFormats, type Claim } from './formats/index.js';

export type { ArticleContext } from './article.js';

// One article file → an Article: the format that claims the file reads its fields, article.ts
// makes the article. Loading this module loads the formats' parsers: only parsing imports it.
await prepareFormats();

const encoder = new TextEncoder();

/**
 * Parses a file read by read.ts (or made by hand, `data.sourcePath` set) into its stories: one,
 * or several for an agency's transmission; none when the file has errors. `claim` is the format
 * read.ts found; without it the format is found again from the name and the text.
 */
export function toArticles(file: VFile, context: ArticleContext, claim?: Claim | null): ParsedArticle[] {
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
  if (fields === null) return [];
  const stories = 'headline' in fields ? [fields] : fields;
  const articles = stories.map((story, index) => articleFrom(file, story, found.format, context, { story: index, of: stories.length }));
  return articles.some((article) => article === null) ? [] : (articles as ParsedArticle[]);
}
