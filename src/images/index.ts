import type { ArticleMeta, ImageSettings } from '../types.js';
import { CARD, type CardColours } from './card.js';
import type { Darkroom } from './darkroom.js';
import { mimeOf, planPicture, shortHash, type EncodeJob, type PicturePlan } from './renditions.js';
import type { ImageStore } from './store.js';
import type { ImageInfo, ImageProblem, Picture, Rendition } from './types.js';

export type { ImageInfo, ImageProblem, Picture, Rendition } from './types.js';

// The images module: from the pictures the site uses, what each page shows (a `<picture>`, the
// crops and card machines read) and the plans that make those files. Pictures are read from
// their bytes once and their files made from the cache or encoded, never anywhere else.

/** Bump when what an operation makes changes: every file made before is then made again. */
const ENCODER_VERSION = 2;

export interface ImageSource {
  sourcePath: string;
  absolutePath: string;
  displayPath: string;
}

/** A file to make: its paths in the output, and a key that names its bytes. */
export interface EncodePlan {
  paths: string[];
  key: string;
  displayPath: string;
  /** Where each file is kept in the image cache, in `paths`' order. */
  files: string[];
  /** Makes the files, or finds them made. */
  make(): Promise<string[]>;
}

/** What machines are shown of a story: its social card and its crops for search. */
export interface SocialImages {
  card: (Rendition & { alt: string }) | null;
  crops: Rendition[];
}

export interface ImageSet {
  /** The pictures pages show, by site path. */
  pictures: Map<string, Picture>;
  social(article: ArticleMeta): SocialImages;
  /** Changes whenever anything an article's pages show of its pictures does. */
  keyOf(article: ArticleMeta): string | null;
  /** The publisher's logo as a PNG, for feeds and search engines. */
  logo: Rendition | null;
  plans: EncodePlan[];
  /** Source paths the module serves itself (stripped); the rest are copied as they are. */
  serves: Set<string>;
  /** The size in bytes of a file made, once made (a feed's enclosure states it). */
  sizeOf(sitePath: string): number | null;
}

export interface ImageSetInput {
  settings: ImageSettings;
  /** Every picture that could be read, by source path. */
  infos: Map<string, { source: ImageSource; info: ImageInfo }>;
  articles: readonly ArticleMeta[];
  /** An article's file as messages name it. */
  displayOf(sourcePath: string): string;
  /** Source paths of the pictures in an article's body. */
  bodyImages(article: ArticleMeta): string[];
  /** Source paths of other pictures shown on pages: author portraits. */
  portraits: string[];
  logo: string | null;
  site: { title: string; colours: CardColours };
  store: ImageStore;
  darkroom: Darkroom;
}

export function imageSet(input: ImageSetInput): ImageSet {
  const { settings, infos, store, darkroom } = input;
  const encodePlan = (source: ImageSource, info: ImageInfo, jobs: EncodeJob[]) => encodePlanOf(source, info, jobs, settings, store, darkroom);
  const plans: EncodePlan[] = [];
  const pictures = new Map<string, Picture>();
  const planned = new Map<string, PicturePlan>();
  const serves = new Set<string>();
  const keyOf = new Map<ArticleMeta, string>();
  const socialOf = new Map<ArticleMeta, SocialImages>();

  const planOf = (sourcePath: string, focus: [number, number] | null): PicturePlan | null => {
    const found = infos.get(sourcePath);
    if (!found) return null;
    const id = `${sourcePath}\0${focus?.join(',') ?? ''}`;
    let plan = planned.get(id);
    if (!plan) {
      plan = planPicture(sourcePath, found.info, settings, focus);
      planned.set(id, plan);
      if (!pictures.has(`/${sourcePath}`)) {
        pictures.set(`/${sourcePath}`, plan.picture);
        if (plan.renditions.length > 0) plans.push(encodePlan(found.source, found.info, plan.renditions));
      }
      if (plan.crops.length > 0) plans.push(encodePlan(found.source, found.info, plan.crops));
    }
    return plan;
  };

  // Every picture is served without its metadata, wherever it is used or not.
  for (const { source, info } of infos.values()) {
    if (info.format === 'svg') continue;
    serves.add(source.sourcePath);
    plans.push(encodePlan(source, info, [{ path: source.sourcePath, operation: { kind: 'strip', format: info.format } }]));
  }
  for (const portrait of input.portraits) planOf(portrait, null);

  for (const article of input.articles) {
    const lead = article.image && article.image.src.startsWith('/') ? planOf(article.image.src.slice(1), article.image.focus) : null;
    const body = input.bodyImages(article).map((sourcePath) => planOf(sourcePath, null)?.picture ?? null);
    let social: SocialImages;
    if (lead?.picture.social) {
      social = { card: { ...lead.picture.social, alt: article.image!.alt ?? article.headline }, crops: lead.picture.crops };
    } else if (article.image && !lead) {
      // A picture on the web is shown as it is: nothing is fetched at build time.
      const { src, width, height, alt } = article.image;
      social = { card: { src, width: width ?? 0, height: height ?? 0, type: '', alt: alt ?? article.headline }, crops: [] };
    } else {
      const card = cardPlan(article, input.site, store, darkroom, input.displayOf(article.sourcePath));
      plans.push(card.plan);
      social = { card: card.rendition, crops: [] };
    }
    socialOf.set(article, social);
    keyOf.set(article, shortHash(lead?.picture ?? null, body, social));
  }

  const logoPlan = input.logo ? logoOf(input.logo, infos, encodePlan) : null;
  if (logoPlan) plans.push(logoPlan.plan);

  const fileOf = new Map<string, string>();
  return {
    sizeOf(sitePath) {
      if (fileOf.size === 0) for (const plan of plans) plan.paths.forEach((each, i) => fileOf.set(`/${each}`, plan.files[i]!));
      const file = fileOf.get(sitePath);
      return file === undefined ? null : store.sizeOf(file);
    },
    pictures,
    social: (article) => socialOf.get(article) ?? { card: null, crops: [] },
    keyOf: (article) => keyOf.get(article) ?? null,
    logo: logoPlan?.rendition ?? null,
    plans,
    serves,
  };
}

/** The files `jobs` make of one picture, each from the store or, when missing, all encoded together. */
function encodePlanOf(source: ImageSource, info: ImageInfo, jobs: EncodeJob[], settings: ImageSettings, store: ImageStore, darkroom: Darkroom): EncodePlan {
  const key = shortHash(ENCODER_VERSION, info.hash, jobs, settings.maxPixels);
  const files = jobs.map((job) => store.fileOf(key, job.path));
  return {
    paths: jobs.map((job) => job.path),
    key,
    displayPath: source.displayPath,
    files,
    async make() {
      if (!files.every((file) => store.has(file))) await darkroom.encode(source.absolutePath, info, jobs, settings.maxPixels, files);
      return files;
    },
  };
}

/** The card of a story with no picture, beside its page. */
function cardPlan(article: ArticleMeta, site: ImageSetInput['site'], store: ImageStore, darkroom: Darkroom, displayPath: string): { plan: EncodePlan; rendition: Rendition & { alt: string } } {
  const text = { headline: article.headline, section: article.section, site: site.title };
  const key = shortHash(ENCODER_VERSION, 'card', text, site.colours);
  const folder = article.url.endsWith('/') ? article.url : article.url.slice(0, article.url.lastIndexOf('/') + 1);
  const src = `${folder}card-${key.slice(0, 8)}.jpg`;
  const file = store.fileOf(key, src);
  return {
    rendition: { src, ...CARD, type: mimeOf('jpeg'), alt: `${article.headline} – ${site.title}` },
    plan: {
      paths: [src.slice(1)],
      key,
      displayPath,
      files: [file],
      async make() {
        if (!store.has(file)) await darkroom.card(text, site.colours, file);
        return [file];
      },
    },
  };
}

/** The logo as a PNG of at most 512 pixels a side: feeds and search engines take no SVG. */
function logoOf(logo: string, infos: ImageSetInput['infos'], encodePlan: (source: ImageSource, info: ImageInfo, jobs: EncodeJob[]) => EncodePlan): { plan: EncodePlan; rendition: Rendition } | null {
  const found = infos.get(logo.replace(/^\/+/, ''));
  if (!found || (found.info.format === 'svg' && !found.info.drawable)) return null;
  const { info, source } = found;
  const scale = Math.min(1, 512 / Math.max(info.width, info.height));
  const width = Math.max(1, Math.round(info.width * scale));
  const height = Math.max(1, Math.round(info.height * scale));
  const src = `/images/logo-${shortHash(info.hash).slice(0, 8)}.png`;
  const plan = encodePlan(source, { ...info, alpha: true }, [{ path: src.slice(1), operation: { kind: 'resize', width, height, format: 'png', quality: 100 } }]);
  return { plan, rendition: { src, width, height, type: mimeOf('png') } };
}

export { darkroomProcess, DarkroomStopped, inlineDarkroom, type Darkroom } from './darkroom.js';
export { ImageStore, readPicture } from './store.js';
export { themeColours, type CardColours } from './card.js';
