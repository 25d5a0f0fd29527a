import type { Taxonomy } from '../../site.js';
import { listPlans } from '../lists.js';
import type { Output, PlanContext, Plan } from '../output.js';
import { feedLinks } from '../page.js';

// The home page, and a list for each section, tag and author: `/`, `/sections/world/`,
// `/tags/budget/`, `/authors/jane-doe/`, each over as many pages as it needs.

function taxonomyPlans(kind: 'section' | 'tag' | 'author', taxonomy: Taxonomy, context: PlanContext): Plan[] {
  const { site } = context;
  const label = { section: 'Section', tag: 'Topic', author: 'Author' }[kind];
  const profile = kind === 'author' ? site.config.authors[taxonomy.name] ?? null : null;
  const person = kind === 'author' ? { name: taxonomy.name, bio: profile?.bio ?? null, url: profile?.url ?? null, image: profile?.image ?? null } : null;
  return listPlans(
    {
      url: taxonomy.url,
      kind,
      template: kind,
      name: taxonomy.name,
      label,
      description: person?.bio ?? null,
      articles: taxonomy.articles,
      feeds: feedLinks(site.config, kind === 'section' ? taxonomy : null),
      crumbs: [{ name: taxonomy.name, url: taxonomy.url }],
      ...(person ? { person } : {}),
      extra: person ? { author: person } : {},
    },
    context,
  );
}

function plan(context: PlanContext): Plan[] {
  const { site } = context;
  const plans: Plan[] = listPlans(
    {
      url: '/',
      kind: 'home',
      template: 'home',
      name: site.config.title,
      label: '',
      description: site.config.description,
      articles: site.articles,
      feeds: feedLinks(site.config, null),
    },
    context,
  );
  for (const section of site.sections) plans.push(...taxonomyPlans('section', section, context));
  for (const tag of site.tags) plans.push(...taxonomyPlans('tag', tag, context));
  for (const author of site.authors) plans.push(...taxonomyPlans('author', author, context));
  return plans;
}

export const lists: Output = { name: 'home and lists', plan };
