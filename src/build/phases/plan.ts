import { VFile } from 'vfile';
import { resolveBodyLinks } from '../../dependencies.js';
import { withPictures } from '../../render/body-pictures.js';
import { report } from '../../messages/diagnostics.js';
import type { Theme } from '../../project/scan.js';
import { plansOf, type ArticleBody, type Plan, type PlanContext } from '../../render/output.js';
import type { ArticleMeta } from '../../types.js';
import { serializeMeta } from '../cache.js';
import { key, type BuildState } from '../state.js';

/** Plans every output in the registry's order, each with the key of what it shows, and refuses two on one path. */
export async function plan(state: BuildState): Promise<void> {
  const { input } = state;
  const site = state.site!;
  const { sharedView } = await import('../../render/page.js');
  const { OUTPUTS } = await import('../../render/outputs/index.js');
  const { templateClosure } = await import('../../render/template-uses.js');
  const shared = sharedView(site);
  const metaKeys = new Map<ArticleMeta, string>();
  // An article as the site has it, when that is not as its file says, has a key of its own.
  // What a page shows of an article's pictures is part of the article, for every output that shows it.
  const images = state.images;
  for (const [meta, entry] of state.entryOf) {
    const own = state.filed.get(entry) === meta ? entry.metaKey : key(entry.metaKey, serializeMeta(meta));
    const pictures = images?.keyOf(meta) ?? null;
    metaKeys.set(meta, pictures === null ? own : key(own, pictures));
  }
  const context: PlanContext = {
    site,
    shared,
    version: input.version,
    sharedKey: key(input.version, input.config, shared),
    templateKey: templateKeys(input.theme, templateClosure(input.theme.templates)),
    templateExists: (name) => `${name}.liquid` in input.theme.templates,
    metaKey: (article) => metaKeys.get(article)!,
    bodyOf: bodies(state),
    assets: [...input.theme.assets, ...input.tree.assets],
    images,
    key,
  };
  state.context = context;
  const plans: Plan[] = [];
  for (const output of OUTPUTS) plans.push(...output.plan(context, plans));
  state.plans = plans;
  reportClashes(state);
}

/** Each published article's body from the pack, read only when an output needs its HTML. */
function bodies(state: BuildState): (article: ArticleMeta) => ArticleBody {
  const made = new Map<ArticleMeta, ArticleBody>();
  const pictures = state.images?.pictures ?? new Map();
  return (article) => {
    let body = made.get(article);
    if (body === undefined) {
      const entry = state.entryOf.get(article)!;
      const stored = () => {
        state.cacheChecks.verified++;
        return state.pack.read(entry.body);
      };
      body = {
        key: entry.body[2],
        links: entry.links.map((target) => [target, state.urlOf.get(target) ?? null]),
        ref: entry.body,
        stored,
        resolve: (html) => resolveBodyLinks(withPictures(html, pictures, 'feed'), article.url, state.urlOf, state.input.config),
        html: () => body!.resolve(stored()),
        text: () => {
          state.cacheChecks.verified++;
          return state.pack.read(entry.text);
        },
      };
      made.set(article, body);
    }
    return body;
  };
}

/** A key of a template and of every template it may read while rendering. */
function templateKeys(theme: Theme, closure: (file: string) => string[]): (name: string) => string {
  const memo = new Map<string, string>();
  return (name: string) => {
    const file = `${name}.liquid` in theme.templates ? `${name}.liquid` : 'list.liquid';
    let value = memo.get(file);
    if (value === undefined) {
      value = key(closure(file).map((template) => [template, theme.templates[template] ?? null]));
      memo.set(file, value);
    }
    return value;
  };
}

/**
 * Two outputs on one path would overwrite each other: refuse before writing anything. An
 * article is named by its source file, and is where the message goes: it is what to change.
 */
function reportClashes(state: BuildState): void {
  const displayOf = (sourcePath: string) => state.refOf.get(sourcePath)!.displayPath;
  const articleOf = new Map(plansOf(state.plans, 'article').map((each) => [displayOf(each.article.sourcePath), each.article.sourcePath]));
  const ownerOf = (each: Plan) =>
    each.kind === 'article' ? displayOf(each.article.sourcePath) : each.kind === 'copy' ? each.displayPath : 'a page Broadsheet makes itself';
  const clashes = duplicateOutputs(function* (): Generator<[string, string]> {
    for (const each of state.plans) for (const file of each.paths) yield [file, ownerOf(each)];
  }());
  for (const { outputPath: clash, first, second } of clashes) {
    const article = articleOf.get(first) ?? articleOf.get(second);
    const other = articleOf.has(first) ? second : first;
    const file = article === undefined ? new VFile({ path: second }) : state.fileOf(article);
    if (article === undefined) state.files.push(file);
    report(file, `${clash} is written twice in the output: ${article === undefined ? `also by ${first}` : `this article's page, and ${other}`}`, {
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
