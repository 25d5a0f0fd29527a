import type { Archive } from '../../site.js';
import { outputPath } from '../../urls.js';
import { listPlans } from '../lists.js';
import { listMetadata } from '../metadata.js';
import type { Output, Plan, PlanContext } from '../output.js';
import { feedLinks, newest, pageData } from '../page.js';

// Date archives: `/2026/`, `/2026/11/`, and `/archive/` that lists them all.

function plan(context: PlanContext): Plan[] {
  const { site, shared } = context;
  const feeds = feedLinks(site.config, null);
  const summary = (archive: Archive) => ({ name: archive.name, url: archive.url, count: archive.articles.length });
  const archivePage = (archive: Archive, trail: Archive[], months: ReturnType<typeof summary>[]) =>
    listPlans(
      {
        url: archive.url,
        kind: 'archive',
        template: 'archive',
        name: archive.name,
        label: 'Archive',
        description: null,
        articles: archive.articles,
        feeds,
        crumbs: trail.map((crumb) => ({ name: crumb.name, url: crumb.url })),
        extra: { months },
      },
      context,
    );
  const plans: Plan[] = [];
  for (const year of site.years) {
    plans.push(...archivePage(year, [year], year.months.map(summary)));
    for (const month of year.months) plans.push(...archivePage(month, [year, month], []));
  }

  const url = '/archive/';
  const years = site.years.map((year) => ({ ...summary(year), months: year.months.map(summary) }));
  plans.push({
    kind: 'page',
    paths: [outputPath(url)],
    key: context.key('archive-index', context.templateKey('archive-index'), context.sharedKey, years),
    sitemap: [{ url, lastmod: newest(site.articles) }],
    page() {
      const metadata = listMetadata(site.config, { url, name: 'Archive', description: null, articles: [], isHome: false, crumbs: [{ name: 'Archive', url }] });
      return {
        template: 'archive-index',
        data: { ...shared, page: pageData(shared, { url, kind: 'archive-index', lang: site.config.language, metadata, feeds }), years },
      };
    },
  });
  return plans;
}

export const archives: Output = { name: 'date archives', plan };
