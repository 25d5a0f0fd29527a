import { VFile } from 'vfile';
import { SOURCE_LINK, toArticle, type ArticleContext } from './content/article.js';
import type { SourceRef, Theme } from './content/load.js';
import { error, hasErrors, warning } from './diagnostics.js';
import { renderFeeds } from './render/feeds.js';
import {
  renderArchivePages,
  renderArticlePage,
  renderHomePages,
  renderNotFoundPage,
  renderRedirects,
  renderTaxonomyPages,
  sharedView,
  type Rendered,
} from './render/pages.js';
import { renderRobots, renderSitemaps, type SitemapEntry } from './render/sitemaps.js';
import { createTemplates, TemplateError, type Templates } from './render/templates.js';
import { collectSite, findCollisions, type Site } from './site.js';
import type { Article, BuildOptions, OutputFile, SiteConfig } from './types.js';
import { hrefFrom } from './urls.js';

// The build as a list of phases, with no disk: read files in, output files out.
// Nothing is rendered unless every article parsed, so an error never yields half a site.

export interface BuildInput {
  config: SiteConfig;
  options: BuildOptions;
  /** Article files, read and decoded; a file that failed to read carries its error. */
  files: VFile[];
  /** Files that could not be taken in at all. */
  problems: VFile[];
  assets: SourceRef[];
  theme: Theme;
  imageSize?: ArticleContext['imageSize'];
}

export interface BuildResult {
  /** Every file that has something to say, content and templates alike. */
  files: VFile[];
  /** Empty when any file has an error. */
  outputs: OutputFile[];
  site: Site | null;
  /** Things worth knowing that are not problems with a file. */
  notices: string[];
}

export async function build(input: BuildInput): Promise<BuildResult> {
  const { config, options } = input;
  const files = [...input.problems, ...input.files];
  const failed = (): BuildResult => ({ files, outputs: [], site: null, notices: [] });

  const templates = loadTemplates(input.theme, config, files);

  const context: ArticleContext = {
    config,
    assets: new Set(input.assets.map((asset) => asset.sourcePath)),
    ...(input.imageSize ? { imageSize: input.imageSize } : {}),
  };
  const articles: Article[] = [];
  const fileOf = new Map<Article, VFile>();
  for (const file of input.files) {
    if (hasErrors(file)) continue;
    const article = toArticle(file, context);
    if (article) {
      articles.push(article);
      fileOf.set(article, file);
    }
  }

  const site = collectSite(articles, config, options);
  for (const { url, first, second } of findCollisions(site.articles)) {
    error(fileOf.get(second)!, `${url} is already the URL of ${fileOf.get(first)!.path}`, {
      ruleId: 'duplicate-url',
      hint: `set a different \`slug:\` in one of the two files (${fileOf.get(first)!.path}, ${fileOf.get(second)!.path})`,
    });
  }
  if (!templates || files.some(hasErrors)) return failed();

  linkArticles(site, fileOf);

  let outputs: OutputFile[];
  try {
    outputs = await renderSite(site, templates);
  } catch (cause) {
    if (!(cause instanceof TemplateError)) throw cause;
    files.push(templateProblem(input.theme, cause));
    return failed();
  }
  for (const asset of [...input.theme.assets, ...input.assets]) {
    outputs.push({ path: asset.sourcePath, copyFrom: asset.absolutePath });
  }

  const owners = new Map<string, string>();
  for (const output of outputs) {
    const owner = 'copyFrom' in output ? output.copyFrom : output.path;
    const earlier = owners.get(output.path);
    if (earlier !== undefined) {
      const file = new VFile({ path: owner });
      error(file, `${output.path} is written twice in the output (also by ${earlier})`, {
        ruleId: 'duplicate-output',
        hint: 'rename the file or change the slug so that each page has its own path',
      });
      files.push(file);
    } else owners.set(output.path, owner);
  }
  if (files.some(hasErrors)) return failed();
  const notices = config.baseUrl
    ? []
    : ['No baseUrl is set, so the site has no feeds or sitemaps (they need absolute URLs). Set "baseUrl" in broadsheet.config.json, or pass --base-url.'];
  return { files, outputs, site, notices };
}

/** Every page, feed and sitemap of the site, in a fixed order. */
async function renderSite(site: Site, templates: Templates): Promise<OutputFile[]> {
  const shared = sharedView(site);
  const outputs: OutputFile[] = [];
  const entries: SitemapEntry[] = [];
  const add = (rendered: Rendered) => {
    outputs.push(...rendered.files);
    entries.push(...rendered.entries);
  };
  add(renderHomePages(site, shared, templates));
  for (const article of site.articles) add(renderArticlePage(article, site, shared, templates));
  for (const section of site.sections) add(renderTaxonomyPages('section', section, site, shared, templates));
  for (const tag of site.tags) add(renderTaxonomyPages('tag', tag, site, shared, templates));
  for (const author of site.authors) add(renderTaxonomyPages('author', author, site, shared, templates));
  add(renderArchivePages(site, shared, templates));
  outputs.push(renderNotFoundPage(site, shared, templates));
  outputs.push(...renderRedirects(site, shared, templates));
  outputs.push(...renderFeeds(site));
  if (site.config.baseUrl) outputs.push(...(await renderSitemaps(site, entries)));
  else outputs.push(renderRobots(site));
  return outputs;
}

function loadTemplates(theme: Theme, config: SiteConfig, files: VFile[]): Templates | null {
  try {
    return createTemplates(theme.templates, config);
  } catch (cause) {
    if (!(cause instanceof TemplateError)) throw cause;
    files.push(templateProblem(theme, cause));
    return null;
  }
}

function templateProblem(theme: Theme, cause: TemplateError): VFile {
  const file = new VFile({ path: theme.templatePaths[cause.template] ?? `templates/${cause.template}` });
  error(file, cause.message, { place: { line: cause.line, column: cause.column }, ruleId: cause.ruleId, hint: cause.hint });
  return file;
}

const SOURCE_LINK_PATTERN = new RegExp(`${SOURCE_LINK}([^"#?]*)([^"]*)`, 'g');

/** Links written to another article's file (`[earlier story](council-vote.md)`) go to its page. */
function linkArticles(site: Site, fileOf: Map<Article, VFile>): void {
  const urlOf = new Map(site.articles.map((article) => [`/${article.sourcePath}`, article.url]));
  for (const article of site.articles) {
    if (!article.bodyHtml.includes(SOURCE_LINK)) continue;
    article.bodyHtml = article.bodyHtml.replace(SOURCE_LINK_PATTERN, (_, source: string, suffix: string) => {
      const target = urlOf.get(source);
      if (target) return hrefFrom(article.url, target + suffix, site.config);
      warning(fileOf.get(article)!, `link to an article that is not published: ${source.slice(1)}`, {
        ruleId: 'link-not-found',
        hint: 'check the file name, or publish the linked article first',
      });
      return '#';
    });
  }
}
