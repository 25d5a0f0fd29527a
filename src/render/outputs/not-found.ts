import { absoluteUrl } from '../../urls.js';
import type { PageMetadata } from '../metadata.js';
import type { Output, PlanContext, Plan } from '../output.js';
import { feedLinks, pageData } from '../page.js';

/**
 * The page static hosts serve for a missing URL. It is served at any depth, so its links start
 * at the site root rather than being relative to where the file sits.
 */
function plan(context: PlanContext): Plan[] {
  const { site, shared } = context;
  const url = '/404.html';
  const articles = site.articles.slice(0, 5);
  return [
    {
      kind: 'page',
      paths: ['404.html'],
      key: context.key('404', context.templateKey('404'), context.sharedKey, articles.map(context.metaKey)),
      page() {
        const metadata: PageMetadata = {
          title: `Page not found – ${site.config.title}`,
          description: null,
          canonical: absoluteUrl(url, site.config.baseUrl),
          meta: [{ attr: 'name', key: 'robots', content: 'noindex' }],
          jsonLd: [],
        };
        return {
          template: '404',
          data: {
            ...shared,
            page: pageData(shared, { url, kind: 'not-found', lang: site.config.language, metadata, feeds: feedLinks(site.config, null), extra: { rootLinks: true } }),
            articles,
          },
        };
      },
    },
  ];
}

export const notFound: Output = { name: '404 page', plan };
