import type { Site } from '../../site.js';
import type { ArticleMeta } from '../../types.js';
import { rootHref } from '../../urls.js';
import type { IndexFile, IndexPlan, Output, PlanContext } from '../output.js';
import { searchParts, type SearchPart } from '../search.js';

// Site search with Pagefind: an index of article bodies (what the templates mark
// `data-pagefind-body`), with section and author as filters, written into `pagefind/`. The index
// is made from the articles themselves rather than by reading the pages back: it is several
// times faster, and pages a build did not re-render need not be read at all.

/**
 * The Pagefind index of every published article, as files to write under the output folder: in
 * parts (see render/search.ts), each made by a Pagefind process of its own. Records go in a fixed
 * order, so the same site gives the same bytes.
 */
async function pagefindFiles(site: Site, parts: SearchPart[], textOf: (article: ArticleMeta) => string, thumbnailOf: (src: string) => string): Promise<IndexFile[]> {
  const files: IndexFile[] = [];
  for (const { folder, start, end } of parts) {
    for (const file of await indexPart(site, site.articles.slice(start, end), textOf, thumbnailOf)) files.push({ path: `${folder.slice(1)}${file.path}`, content: file.content });
  }
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

async function indexPart(site: Site, articles: ArticleMeta[], textOf: (article: ArticleMeta) => string, thumbnailOf: (src: string) => string): Promise<IndexFile[]> {
  const pagefind = await import('pagefind');
  const language = site.config.language.split('-')[0]!.toLowerCase();
  // One index for the whole site, whatever each article's language: readers search one box.
  const { index, errors } = await pagefind.createIndex({ forceLanguage: language, maxFragments: 512 });
  if (!index) throw new Error(`the search index could not be created: ${errors.join('; ')}`);
  try {
    const batch = 128;
    for (let start = 0; start < articles.length; start += batch) {
      await Promise.all(
        articles.slice(start, start + batch).map((article) => {
          const filters: Record<string, string[]> = {};
          if (article.section) filters['section'] = [article.section];
          if (article.authors.length > 0) filters['author'] = article.authors.map((author) => author.name);
          return index.addCustomRecord({
            url: rootHref(article.url, site.config.baseUrl),
            // A live story is found by its updates' words too.
            content: [article.dek ?? '', textOf(article), ...(article.live?.updates ?? []).map((update) => `${update.headline ?? ''} ${update.text}`)].join(' ').trim(),
            language,
            meta: {
              title: article.headline,
              ...(article.image
                ? {
                    image: /^https?:/i.test(article.image.src) ? article.image.src : rootHref(thumbnailOf(article.image.src), site.config.baseUrl),
                    image_alt: article.image.alt ?? '',
                  }
                : {}),
            },
            filters,
          });
        }),
      );
    }
    const { files, errors: writeErrors } = await index.getFiles();
    if (writeErrors.length > 0) throw new Error(`the search index could not be written: ${writeErrors.join('; ')}`);
    return files;
  } finally {
    await index.deleteIndex();
    // The process goes, and the memory of its part with it, before the next part starts.
    await pagefind.close();
  }
}

/**
 * Pagefind has no updates: the index is made whole whenever any article changes, after the pages
 * are rendered, and kept as it is otherwise.
 */
function plan(context: PlanContext): IndexPlan[] {
  const { site } = context;
  if (!site.search) return [];
  const { config } = site;
  const articles = site.articles.map((article) => [article.url, context.metaKey(article), context.bodyOf(article).key]);
  const parts = searchParts(site.articles.map((article) => context.bodyOf(article).ref[1]));
  return [
    {
      kind: 'index',
      paths: [],
      folder: 'pagefind/',
      key: context.key('search', context.version, config.language, config.baseUrl, articles),
      // A result's thumbnail: the smallest rendition, when the picture was processed.
      files: () => pagefindFiles(site, parts, (article) => context.bodyOf(article).text(), (src) => context.images?.pictures.get(src)?.fallback.renditions[0]?.src ?? src),
    },
  ];
}

export const searchIndex: Output = { name: 'search index', plan };
