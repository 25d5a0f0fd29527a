import { outputPath } from '../../urls.js';
import { listMetadata } from '../metadata.js';
import type { Output, Plan, PlanContext } from '../output.js';
import { feedLinks, pageData, pagePolicy, SEARCH_CSP } from '../page.js';
import { searchParts } from '../search.js';

/** `/search/`: a box and results, from Pagefind's UI, on this page only; none without an index. */
function plan(context: PlanContext): Plan[] {
  const { site, shared } = context;
  if (!site.search) return [];
  const url = '/search/';
  const sections = site.sections.map((section) => section.name);
  const parts = searchParts(site.articles.map((article) => context.bodyOf(article).ref[1])).map((part) => part.folder);
  return [
    {
      kind: 'page',
      paths: [outputPath(url)],
      key: context.key('search-page', context.templateKey('search'), context.sharedKey, parts),
      page() {
        const metadata = listMetadata(site.config, { url, name: 'Search', description: `Search ${site.config.title}`, articles: [], isHome: false });
        const searchShared = { ...shared, csp: pagePolicy(SEARCH_CSP, site) };
        const robots = { attr: 'name', key: 'robots', content: 'noindex' } as const;
        return {
          template: 'search',
          data: {
            ...searchShared,
            page: pageData(searchShared, { url, kind: 'search', lang: site.config.language, metadata: { ...metadata, meta: [...metadata.meta, robots], jsonLd: [] }, feeds: feedLinks(site.config, null) }),
            sections,
            // Every part of the index but Pagefind's own, for the page's script to merge.
            search_parts: parts.slice(1),
          },
        };
      },
    },
  ];
}

export const searchPage: Output = { name: 'search page', plan };
