import { VFile } from 'vfile';
import { resolveSourceLinks, templateUses } from '../../dependencies.js';
import { error } from '../../diagnostics.js';
import type { Theme } from '../../content/load.js';
import type { Plan, PlanContext } from '../../render/pages.js';
import { relatedHead, relatedSources, type Site, type Taxonomy } from '../../site.js';
import type { ArticleMeta } from '../../types.js';
import { outputPath } from '../../urls.js';
import { key, type BuildState, type PlannedArticle } from '../state.js';

/** Plans every output, each with the key of what it shows, and refuses two on one path. */
export async function plan(state: BuildState): Promise<void> {
  const { input } = state;
  const site = state.site!;
  const { pagePlans, sharedView } = await import('../../render/pages.js');
  const { feedPlans } = await import('../../render/feeds.js');
  const { sitemapPlans } = await import('../../render/sitemaps.js');
  const shared = sharedView(site);
  const metaKeys = new Map<ArticleMeta, string>();
  for (const [meta, entry] of state.entryOf) metaKeys.set(meta, entry.metaKey!);
  const context: PlanContext = {
    site,
    shared,
    sharedKey: key(input.version, input.config, shared),
    templateKey: templateKeys(input.theme),
    templateExists: (name) => `${name}.liquid` in input.theme.templates,
    metaKey: (article) => metaKeys.get(article)!,
    key,
  };
  state.context = context;
  state.articles = await articlePlans(state, context, site);
  const plans: Plan[] = pagePlans(context);
  // A feed carries the body with its links to other articles resolved, so it changes with their URLs.
  const bodyOf = (article: ArticleMeta) => {
    const entry = state.entryOf.get(article)!;
    return {
      key: key(entry.bodyKey, entry.links.map((target) => state.urlOf.get(target) ?? null)),
      get html() {
        return resolveSourceLinks(state.pack.read(entry.body!), article.url, state.urlOf, input.config);
      },
    };
  };
  plans.push(...feedPlans(context, bodyOf));
  const sitemapEntries = [
    ...site.articles.map((article) => ({ url: article.url, lastmod: article.updated ?? article.published })),
    ...plans.flatMap((each) => each.sitemap),
  ];
  plans.push(...sitemapPlans(context, orderSitemap(sitemapEntries)));
  state.plans = plans;
  state.copies = [...input.theme.assets, ...input.tree.assets].map((asset) => ({
    path: asset.sourcePath,
    source: asset.absolutePath,
    displayPath: asset.displayPath,
    key: key('copy', asset.sourcePath, asset.size, asset.mtimeMs, asset.ino),
  }));
  reportClashes(state);
}

/**
 * An article page shows its related articles, chosen from the heads of its tags and section:
 * its key covers those heads, so the related lists themselves are worked out only for the pages
 * that are rendered.
 */
async function articlePlans(state: BuildState, context: PlanContext, site: Site): Promise<PlannedArticle[]> {
  const { articleStatus, sectionOf } = await import('../../render/pages.js');
  const headKeys = new Map<Taxonomy, string>();
  const headKey = (taxonomy: Taxonomy) => {
    let value = headKeys.get(taxonomy);
    if (value === undefined) {
      value = key(relatedHead(taxonomy).map(context.metaKey));
      headKeys.set(taxonomy, value);
    }
    return value;
  };
  return site.articles.map((article) => {
    const entry = state.entryOf.get(article)!;
    const section = sectionOf(site, article);
    const status = articleStatus(article, site.now);
    const links = entry.links.map((target) => [target, state.urlOf.get(target) ?? null]);
    const heads = relatedSources(site, article).map(headKey);
    return {
      path: outputPath(article.url),
      key: key('article', context.templateKey('article'), context.sharedKey, entry.metaKey, entry.bodyKey, heads, section, status, links),
      meta: article,
      entry,
      section,
      status,
    };
  });
}

/** Templates and the templates each one uses (`layout`, `render`, `include`), for keys. */
function templateKeys(theme: Theme): (name: string) => string {
  const uses = new Map<string, string[]>();
  for (const [name, text] of Object.entries(theme.templates)) {
    uses.set(name, templateUses(text).map((use) => use.template));
  }
  const memo = new Map<string, string>();
  return (name: string) => {
    const file = `${name}.liquid` in theme.templates ? `${name}.liquid` : 'list.liquid';
    let value = memo.get(file);
    if (value === undefined) {
      const seen = new Set<string>();
      const visit = (template: string) => {
        if (seen.has(template)) return;
        seen.add(template);
        for (const used of uses.get(template) ?? []) visit(used);
      };
      visit(file);
      value = key([...seen].sort().map((template) => [template, theme.templates[template] ?? null]));
      memo.set(file, value);
    }
    return value;
  };
}

/** Home first, then everything else by URL, so the sitemap reads in a stable order. */
function orderSitemap<T extends { url: string }>(entries: T[]): T[] {
  return [...entries].sort((a, b) => (a.url === '/' ? -1 : b.url === '/' ? 1 : a.url < b.url ? -1 : a.url > b.url ? 1 : 0));
}

/**
 * Two outputs on one path would overwrite each other: refuse before writing anything. An
 * article is named by its source file, and is where the message goes: it is what to change.
 */
function reportClashes(state: BuildState): void {
  const displayOf = (sourcePath: string) => state.refOf.get(sourcePath)!.displayPath;
  const articleOf = new Map(state.articles.map((job) => [displayOf(job.meta.sourcePath), job.meta.sourcePath]));
  const clashes = duplicateOutputs(function* (): Generator<[string, string]> {
    for (const job of state.articles) yield [job.path, displayOf(job.meta.sourcePath)];
    for (const each of state.plans) for (const file of each.paths) yield [file, 'a page Broadsheet makes itself'];
    for (const copy of state.copies) yield [copy.path, copy.displayPath];
  }());
  for (const { outputPath: clash, first, second } of clashes) {
    const article = articleOf.get(first) ?? articleOf.get(second);
    const other = articleOf.has(first) ? second : first;
    const file = article === undefined ? new VFile({ path: second }) : state.fileOf(article);
    if (article === undefined) state.files.push(file);
    error(file, `${clash} is written twice in the output: ${article === undefined ? `also by ${first}` : `this article's page, and ${other}`}`, {
      ruleId: 'duplicate-output',
      hint: article === undefined ? 'move or rename the file so that it has a path of its own' : 'give the article a different `slug:`, or another headline',
    });
  }
}

/** Each output path claimed twice, with its two owners in the order they claimed it. */
function duplicateOutputs(claims: Iterable<[outputPath: string, owner: string]>): { outputPath: string; first: string; second: string }[] {
  const owners = new Map<string, string>();
  const clashes: { outputPath: string; first: string; second: string }[] = [];
  for (const [path, owner] of claims) {
    const earlier = owners.get(path);
    if (earlier === undefined) owners.set(path, owner);
    else clashes.push({ outputPath: path, first: earlier, second: owner });
  }
  return clashes;
}
