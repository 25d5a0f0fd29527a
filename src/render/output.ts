import type { BodyRef } from '../build/cache.js';
import type { ImageSet } from '../images/index.js';
import type { ArticleImages } from './metadata.js';
import type { Site } from '../site.js';
import type { Article, ArticleMeta, SiteConfig } from '../types.js';
import type { LinkStyle } from '../urls.js';

// What every output shares: the plans it makes and what planning is given. An output (a file
// in `outputs/`) turns the site into plans, each with its paths and a key that changes whenever
// anything it shows changes; a build renders only the plans whose key differs from the last
// build's. This module imports no output, so outputs depend on it and never on each other.

/** A feed a page advertises with `<link rel="alternate">`. */
export interface Feed {
  type: string;
  title: string;
  url: string;
}

/** A page the sitemap lists, with its last change. */
export interface SitemapEntry {
  /** Site path of the page. */
  url: string;
  lastmod: Date | null;
}

/** What every page shares: the site and its navigation. Plain data, so workers can have it. */
export interface Shared {
  site: {
    title: string;
    description: string | null;
    language: string;
    baseUrl: string | null;
    timeZone: string;
    publisher: SiteConfig['publisher'];
    preview: boolean;
    search: boolean;
  };
  navigation: { name: string; url: string }[];
  csp: string;
  links: LinkStyle;
}

/** A page as its template sees it: plain data, so a worker thread can render it. */
export interface PageRender {
  template: string;
  data: Record<string, unknown>;
}

/** What an article page shows besides its body; made in the main thread, sent to a worker. */
export interface ArticlePageInput {
  article: Article;
  related: ArticleMeta[];
  section: { name: string; url: string } | null;
  status: string | null;
  /** Its card and crops, as the images module made them; null when images are not processed. */
  images: ArticleImages | null;
  /** A live story's page of earlier updates (1 and on); 0: the story's own page. */
  livePage: number;
}

export interface ArticlePageSetup {
  config: SiteConfig;
  shared: Shared;
}

/** An article's body as the build keeps it, read only by the outputs that are rendered. */
export interface ArticleBody {
  /** Changes whenever the body's HTML does. */
  key: string;
  /** Source paths of the articles the body links to, each with its URL (null: not published). */
  links: [source: string, url: string | null][];
  /** Where the body is kept, for a worker to read. */
  ref: BodyRef;
  /** The HTML as parsed: links to other articles still name their source files. */
  stored(): string;
  /** The HTML as a feed carries it: links resolved from the article's own URL, each picture the one JPEG a reader needs. */
  html(): string;
  /** Other HTML of the article (a live story's update) made as `html()` makes the body. */
  resolve(html: string): string;
  /** The body's words as a reader sees them, on one line: what search indexes. */
  text(): string;
}

/** A file of the content folder or the theme, copied as it is. */
export interface Asset {
  sourcePath: string;
  absolutePath: string;
  displayPath: string;
  size: number;
  mtimeMs: number;
  ino: number;
}

/** A file of an index whose paths are known only once it is made (Pagefind's). */
export interface IndexFile {
  path: string;
  content: Uint8Array;
}

interface PlanBase {
  paths: string[];
  key: string;
  /** Pages the sitemap lists; the sitemap output reads them from the plans made before it. */
  sitemap?: SitemapEntry[];
}

/** A page from a template: its one path. */
export interface PagePlan extends PlanBase {
  kind: 'page';
  page(): PageRender;
}

/** An article page: rendered where the body is read (a worker), from its template. */
export interface ArticlePlan extends PlanBase, Omit<ArticlePageInput, 'article' | 'related'> {
  kind: 'article';
  article: ArticleMeta;
  body: ArticleBody;
  /** Worked out only for the pages that are rendered: the key covers what they are chosen from. */
  related(): ArticleMeta[];
}

/** Files made without templates (feeds, sitemaps), one per path. */
export interface FilesPlan extends PlanBase {
  kind: 'files';
  /** Its files are feeds, for the build's count of them. */
  feed?: boolean;
  render(): string[] | Promise<string[]>;
}

/** Files made from a picture (renditions, crops, a card), in the image module's cache until copied. */
export interface EncodePlan extends PlanBase {
  kind: 'encode';
  displayPath: string;
  /** Makes the files (or finds them made) and says where each is, in `paths`' order. */
  make(): Promise<string[]>;
}

/** A file copied as it is: its one path. */
export interface CopyPlan extends PlanBase {
  kind: 'copy';
  source: string;
  displayPath: string;
}

/**
 * Files under `folder` made whole, after the pages (no paths up front: they are known only once
 * made). The files last made under the same key are kept instead.
 */
export interface IndexPlan extends PlanBase {
  kind: 'index';
  folder: string;
  files(): Promise<IndexFile[]>;
}

/** One page, or a few files made together, to produce; and the key of everything it shows. */
export type Plan = PagePlan | ArticlePlan | FilesPlan | EncodePlan | CopyPlan | IndexPlan;

export type PlanKind = Plan['kind'];

/** The plans of one kind, typed as such. */
export function plansOf<K extends PlanKind>(plans: readonly Plan[], kind: K): Extract<Plan, { kind: K }>[] {
  return plans.filter((each): each is Extract<Plan, { kind: K }> => each.kind === kind);
}

/** What planning needs besides the site: keys that stand for templates, articles and bodies. */
export interface PlanContext {
  site: Site;
  shared: Shared;
  /** Broadsheet's version: outputs made by code alone (no template) change with it. */
  version: string;
  /** Changes whenever `shared`, the config or Broadsheet's version does. */
  sharedKey: string;
  /** The key of a template together with every layout and partial it uses. */
  templateKey(name: string): string;
  templateExists(name: string): boolean;
  /** Changes whenever anything about the article but its body does. */
  metaKey(article: ArticleMeta): string;
  bodyOf(article: ArticleMeta): ArticleBody;
  /** The theme's assets, then the content folder's, in that order. */
  assets: readonly Asset[];
  /** What pages show of pictures, and the files made of them; null when images are not processed. */
  images: ImageSet | null;
  key(...parts: unknown[]): string;
}

/**
 * One kind of output. Adding one is a file in `outputs/` and a line in `outputs/index.ts`.
 * `earlier` holds the plans of the outputs listed before it (the sitemap lists their pages).
 */
export interface Output<Defaults extends object = object> {
  readonly name: string;
  readonly defaults?: Defaults;
  plan(context: PlanContext, earlier: readonly Plan[]): Plan[];
}
