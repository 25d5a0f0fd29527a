import type { VFile } from 'vfile';
import { hasErrors } from '../messages/diagnostics.js';
import { hashOf, type BodyPack, type Manifest, type StoryEntry } from './cache.js';
import type { ContentTree, SourceRef, Theme } from '../project/scan.js';
import type { Pool } from './workers/pool.js';
import type { Darkroom } from '../images/darkroom.js';
import type { IndexPlan, Plan, PlanContext } from '../render/output.js';
import type { Templates } from '../render/templates.js';
import type { ImageSet } from '../images/index.js';
import type { Site } from '../site.js';
import type { TemplateFailure } from './workers/tasks.js';
import type { ArticleMeta, BuildOptions, ConfigSource, SiteConfig, UndatedDates } from '../types.js';
import type { Staging, Writer } from '../write.js';

// What the phases of a build hand each other. Each phase reads what the earlier ones left and
// adds its own part; none reaches back to change an earlier phase's work.

export interface BuildInput {
  config: SiteConfig;
  /** The config file, when there is one: notices about its keys name their line. */
  configSource?: ConfigSource | null;
  options: BuildOptions;
  tree: ContentTree;
  theme: Theme;
  imageSizes: Map<string, { width: number; height: number }>;
  /** Broadsheet's version: a cache from another version is not trusted. */
  version: string;
  /** Dates for stories whose files give none, by source path; null when there are none to give. */
  undatedDates?: UndatedDates | null;
}

export interface BuildIO {
  /** Where the site goes: a folder on disk, memory (tests), or nowhere (validating only). */
  writer: Writer;
  /**
   * The last build's manifest, when there is a cache to trust. The build takes it over: its
   * entries move into the new manifest and are changed there, so it is not to be used again.
   */
  manifest: Manifest | null;
  /** Where the body pack lives (a temporary folder when the build has no cache). */
  cacheDir: string;
  /** Starts worker threads when the work is big enough; returns an inline pool otherwise. */
  pool: (work: number) => Pool;
  /** Where pictures are worked; in this process when not given. */
  darkroom?: () => Darkroom;
  aborted: () => boolean;
  progress?: (phase: string, done: number, total: number) => void;
  /** Called as each phase ends, for `--verbose` timings. */
  phase?: (name: string) => void;
}

export interface BuildStats {
  articles: number;
  /** Files left out as copies of a story filed twice. */
  merged: number;
  /** Stories given a URL with a suffix, their headline's being another's. */
  suffixed: number;
  /** Drafts and embargoed stories. */
  heldBack: number;
  /** Older versions of agency items, published as their latest. */
  versions: number;
  /** Agency items withheld or cancelled. */
  withdrawn: number;
  parsed: number;
  pages: number;
  feeds: number;
  written: number;
  unchanged: number;
  removed: number;
}

export interface BuildResult {
  /** Every file that has something to say, content and templates alike. */
  files: VFile[];
  site: Site | null;
  /** Things worth knowing that are not problems with a file. */
  notices: string[];
  /** What `--verbose` adds: how the build went about it. */
  details: string[];
  stats: BuildStats | null;
  /** The manifest to save for the next build; null when the build failed. */
  manifest: Manifest | null;
  /** The first moment after the build's clock at which the same content makes a different site. */
  validUntil: number;
  /** How many article files there were. */
  sources: number;
  cacheChecks: CacheChecks;
}

export interface BuildState {
  input: BuildInput;
  io: BuildIO;
  /** Every file with something to say; a build with an error in any of them stops. */
  files: VFile[];
  notices: string[];
  previous: Manifest | null;
  manifest: Manifest;
  pack: BodyPack;
  pool: Pool;
  /** Started by the images phase when the site has pictures or cards. */
  darkroom: Darkroom | null;
  refOf: Map<string, SourceRef>;
  /** What the build found of its cache: entries taken over or dropped, bodies read and checked. */
  cacheChecks: CacheChecks;
  /** What parsing reads besides the file, as a key; made once, on first use. */
  parseSettings?: string;
  /** Take stock: the articles that changed. */
  toParse: SourceRef[];
  /** Parse: the metadata of each article parsed in this build. */
  parsedMeta: Map<string, ArticleMeta[]>;
  /** Collect: every article as its file says it (what the cache keeps), by its cache entry. */
  filed: Map<StoryEntry, ArticleMeta>;
  /**
   * Collect: the site; and every article as the site has it (dated from git, given a URL of its
   * own) with its cache entry.
   */
  site: Site | null;
  entryOf: Map<ArticleMeta, StoryEntry>;
  /** Collect: copies merged, URLs given a suffix, stories held back, versions merged, items withdrawn. */
  outcome: Pick<BuildStats, 'merged' | 'suffixed' | 'heldBack' | 'versions' | 'withdrawn'>;
  details: string[];
  urlOf: Map<string, string>;
  validUntil: number;
  /** Images: what pages show of the site's pictures, and the files to make; null when processing is off. */
  images: ImageSet | null;
  fileOf(sourcePath: string): VFile;
  templates: TemplateSet;
  /** Plan: every output with its key, in the order of the outputs' registry. */
  context: PlanContext | null;
  plans: Plan[];
  /** Render: what is in the output after this build, and what was written. */
  produced: Set<string>;
  staged: string[];
  unchanged: number;
  staging: Staging | null;
  /** The indexes to make whole after rendering (their key changed, or their files did). */
  indexes: IndexPlan[];
  /** Nothing changed: no template is loaded, nothing rendered or written. */
  nothingToDo: boolean;
  removed: number;
}

export interface CacheChecks {
  reused: number;
  discarded: number;
  verified: number;
}

/** The theme's templates, compiled on first use and reported once if they do not compile. */
export interface TemplateSet {
  key: string;
  load(): Promise<Templates | null>;
  problem(cause: TemplateFailure): void;
}

export function key(...parts: unknown[]): string {
  return hashOf(JSON.stringify(parts));
}

export function hasFailed(state: BuildState): boolean {
  return state.files.some(hasErrors);
}
