import type { VFile } from 'vfile';
import { openPack, readBody, serializeMeta, type BodyRef, type SerializedMessage, type SerializedMeta } from '../cache.js';
import type { SourceRef } from '../../project/scan.js';
import { toArticles, type ArticleContext } from '../../content/parse.js';
import { prepareFormats } from '../../content/formats/index.js';
import { readArticle } from '../../content/read.js';
import { sourceOf } from '../../project/sources.js';
import { hasErrors } from '../../messages/diagnostics.js';
import { parsingSettings } from '../../content/settings.js';
import { assetState, resolveBodyLinks } from '../../dependencies.js';
import type { ArticlePageInput, PageRender, Shared } from '../../render/output.js';
import { articlePages } from '../../render/outputs/articles.js';
import { withPictures } from '../../render/body-pictures.js';
import type { Picture } from '../../images/types.js';
import { createTemplates, TemplateError, type Templates } from '../../render/templates.js';
import type { ArticleMeta, SiteConfig } from '../../types.js';
import { stageFile, type Staged, type Staging } from '../../write.js';

// The two kinds of work a build spreads over worker threads: parsing an article file, and
// rendering an article page. Both take and return plain data (workers share no objects), and
// both run the same way in the main thread when a build is too small for workers to pay.

export interface ParseSetup {
  config: SiteConfig;
  /** Every asset in the content folder. */
  assets: string[];
  imageSizes: [string, { width: number; height: number }][];
}

export interface ParseOutcome {
  sourcePath: string;
  contentHash: string;
  /** The file's stories; none when it has errors. */
  stories: { meta: SerializedMeta; bodyHtml: string; bodyText: string }[];
  messages: SerializedMessage[];
  /** Assets the article referenced, with their state: a change to one means parsing again. */
  assets: Record<string, string>;
  linkPlaces: Record<string, [number, number]>;
}

/** `path`: messages on another file than the article's own (a live story's update). */
export function serializeMessages(file: VFile, path?: string): SerializedMessage[] {
  return file.messages.map((message) => ({
    ...(path === undefined ? {} : { path }),
    reason: message.reason,
    line: message.line ?? null,
    column: message.column ?? null,
    ruleId: message.ruleId ?? null,
    fatal: message.fatal ?? null,
    note: message.note ?? null,
  }));
}

export interface ParseSetupState {
  config: SiteConfig;
  assets: ReadonlySet<string>;
  sizes: ReadonlyMap<string, { width: number; height: number }>;
}

export function parseState(setup: ParseSetup): ParseSetupState {
  return { config: setup.config, assets: new Set(setup.assets), sizes: new Map(setup.imageSizes) };
}

export async function parseSource(ref: SourceRef, state: ParseSetupState): Promise<ParseOutcome> {
  const { file, contentHash, claim, parts } = readArticle(ref, sourceOf(ref));
  await prepareFormats([claim, ...(parts ?? []).map((part) => part.claim)].flatMap((each) => (each ? [each.format] : [])));
  const referenced: Record<string, string> = {};
  const context: ArticleContext = {
    // Only what the parse key covers: a setting read here and not keyed would go stale in the cache.
    config: parsingSettings(state.config),
    // Remember what the article looked up, so the cache knows when to parse it again.
    assets: {
      has: (path: string) => {
        referenced[path] = assetState(state, path);
        return state.assets.has(path);
      },
    } as ReadonlySet<string>,
    imageSize: (path) => {
      referenced[path] = assetState(state, path);
      return state.sizes.get(path) ?? null;
    },
  };
  const articles = hasErrors(file) ? [] : toArticles(file, context, claim, parts);
  return {
    sourcePath: ref.sourcePath,
    contentHash,
    stories: articles.map(({ bodyHtml, bodyText, ...meta }) => ({ meta: serializeMeta(meta), bodyHtml, bodyText })),
    messages: [...serializeMessages(file), ...(parts ?? []).flatMap((part) => serializeMessages(part.file, part.file.path))],
    assets: referenced,
    linkPlaces: (file.data['linkPlaces'] as Record<string, [number, number]> | undefined) ?? {},
  };
}

// ---------------------------------------------------------------------------------------------

export interface RenderSetup {
  config: SiteConfig;
  shared: Shared;
  templates: Record<string, string>;
  packFile: string;
  staging: Staging;
  /** Source path → URL of every published article, for links between articles. */
  urlOf: [string, string][];
  /** Site path → what the images module made of the picture there. */
  pictures: [string, Picture][];
}

export interface ArticleJob extends Omit<ArticlePageInput, 'article'> {
  kind: 'article';
  path: string;
  meta: ArticleMeta;
  body: BodyRef;
  /** The output's hash as last written, when the file is known to be unchanged since. */
  previousHash: string | null;
}

/** Any other page from a template: a list, the archive index, 404, a redirect. */
export interface PageJob {
  kind: 'page';
  path: string;
  page: PageRender;
  previousHash: string | null;
}

export type RenderJob = ArticleJob | PageJob;

export interface TemplateFailure {
  message: string;
  template: string;
  line: number;
  column: number;
  ruleId: TemplateError['ruleId'];
  hint: string;
}

export type RenderOutcome = { staged: Staged } | { failure: TemplateFailure };

export interface RenderState {
  setup: RenderSetup;
  templates: Templates;
  pack: number;
  urlOf: Map<string, string>;
  pictures: Map<string, Picture>;
}

export function renderState(setup: RenderSetup): RenderState {
  const pictures = new Map(setup.pictures);
  return {
    setup,
    templates: createTemplates(setup.templates, setup.config, pictures),
    pack: openPack(setup.packFile),
    urlOf: new Map(setup.urlOf),
    pictures,
  };
}

export function renderJob(job: RenderJob, state: RenderState): RenderOutcome {
  const { setup } = state;
  try {
    let html: string;
    if (job.kind === 'page') html = state.templates.render(job.page.template, job.page.data);
    else {
      const { meta } = job;
      const resolve = (html: string) => resolveBodyLinks(withPictures(html, state.pictures, 'page'), meta.url, state.urlOf, setup.config);
      const bodyHtml = resolve(readBody(state.pack, job.body));
      const live = meta.live && { ...meta.live, updates: meta.live.updates.map((update) => ({ ...update, html: resolve(update.html) })) };
      html = articlePages.render(
        { article: { ...meta, bodyHtml, live }, related: job.related, section: job.section, status: job.status, images: job.images, livePage: job.livePage },
        { config: setup.config, shared: setup.shared },
        state.templates,
      );
    }
    return { staged: stageFile(setup.staging, job.path, html, job.previousHash) };
  } catch (cause) {
    if (cause instanceof TemplateError) return { failure: templateFailure(cause) };
    throw cause;
  }
}

export function templateFailure(cause: TemplateError): TemplateFailure {
  return { message: cause.message, template: cause.template, line: cause.line, column: cause.column, ruleId: cause.ruleId, hint: cause.hint };
}
