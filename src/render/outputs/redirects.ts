import { absoluteUrl, basePath, hrefFrom, outputPath } from '../../urls.js';
import type { Output, Plan, PlanContext } from '../output.js';

// Old URLs of articles (their `aliases`): a page that redirects (meta refresh, canonical), and
// a `_redirects` line for hosts that read one (Netlify, Cloudflare).

function plan(context: PlanContext): Plan[] {
  const { site, shared } = context;
  const plans: Plan[] = [];
  const lines: string[] = [];
  const base = basePath(site.config.baseUrl);
  for (const article of site.articles) {
    for (const alias of article.aliases) {
      const target = hrefFrom(alias, article.url, site.config);
      lines.push(`${base}${alias.slice(1)} ${base}${article.url.slice(1)} 301`);
      plans.push({
        kind: 'page',
        paths: [outputPath(alias)],
        key: context.key('redirect', context.templateKey('redirect'), context.sharedKey, alias, target, context.metaKey(article)),
        page: () => ({
          template: 'redirect',
          data: {
            ...shared,
            page: { url: alias, lang: article.lang, dir: article.dir, canonical: absoluteUrl(article.url, site.config.baseUrl), csp: shared.csp },
            article,
            target,
          },
        }),
      });
    }
  }
  if (lines.length > 0) {
    const text = `${lines.sort().join('\n')}\n`;
    plans.push({ kind: 'files', paths: ['_redirects'], key: context.key('_redirects', text), render: () => [text] });
  }
  return plans;
}

export const redirects: Output = { name: 'redirects', plan };
