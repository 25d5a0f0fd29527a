import type { ArticleMeta } from '../types.js';
import { outputPath } from '../urls.js';
import { listMetadata, type ListOptions } from './metadata.js';
import type { Feed, PagePlan, PlanContext } from './output.js';
import { newest, pageData, type Pagination } from './page.js';

// A list of articles over numbered pages, as the home page, sections, tags, authors and date
// archives show them.

export interface ListPage extends Omit<ListOptions, 'articles' | 'isHome'> {
  kind: string;
  template: string;
  label: string;
  articles: ArticleMeta[];
  feeds: Feed[];
  extra?: Record<string, unknown>;
}

/** Page 1 lives at `url`, page n at `url` + `page/n/`. */
function pageUrl(url: string, number: number): string {
  return number === 1 ? url : `${url}page/${number}/`;
}

/** A list of articles, paginated: `/sections/world/`, `/sections/world/page/2/`, … */
export function listPlans(list: ListPage, context: PlanContext): PagePlan[] {
  const { site, shared } = context;
  const { perPage } = site.config;
  const total = Math.max(1, Math.ceil(list.articles.length / perPage));
  const plans: PagePlan[] = [];
  for (let number = 1; number <= total; number++) {
    const url = pageUrl(list.url, number);
    const articles = list.articles.slice((number - 1) * perPage, number * perPage);
    const pagination: Pagination = {
      current: number,
      total,
      prev: number > 1 ? pageUrl(list.url, number - 1) : null,
      next: number < total ? pageUrl(list.url, number + 1) : null,
    };
    const { articles: _all, ...identity } = list;
    plans.push({
      kind: 'page',
      paths: [outputPath(url)],
      key: context.key('list', context.templateKey(list.template), context.sharedKey, identity, pagination, articles.map(context.metaKey)),
      sitemap: [{ url, lastmod: newest(articles) }],
      page() {
        const metadata = listMetadata(site.config, {
          ...list,
          url,
          // The home page's name is the site's, which the title already ends with.
          name: number === 1 ? list.name : list.kind === 'home' ? `Page ${number}` : `${list.name} (page ${number})`,
          articles,
          isHome: list.kind === 'home' && number === 1,
        });
        return {
          template: context.templateExists(list.template) ? list.template : 'list',
          data: {
            ...shared,
            page: pageData(shared, { url, kind: list.kind, lang: site.config.language, metadata, feeds: list.feeds, extra: { pagination } }),
            list: { name: list.name, label: list.label, description: list.description, url: list.url },
            articles,
            pagination,
            ...list.extra,
          },
        };
      },
    });
  }
  return plans;
}
