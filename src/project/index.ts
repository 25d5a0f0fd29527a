import { statSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { BuildIO, BuildResult } from '../build/index.js';
import { loadManifest, saveManifest, temporaryCacheDir, type Manifest } from '../build/cache.js';
import { findContent, readImageSizes, readTheme } from './scan.js';
import { canUseWorkers, inlinePool, workerCount, workerPool } from '../build/workers/pool.js';
import { collectDiagnostics, type Diagnostic } from '../messages/report.js';
import type { BuildOptions, SiteConfig } from '../types.js';
import { checkOutputFolder, discardWriter, folderWriter, OUTPUT_MARKER } from '../write.js';
import { loadConfig, type LoadedConfig } from './config.js';
import { inputsKey, isUpToDate, readState, writeState } from './freshness.js';
import { CODE } from './version.js';

// A project on disk: its config, content and theme, the output folder (guarded), and the cache
// that makes the next build quick. It sets up a build, runs it, and keeps what it learned.

const CACHE_ROOT = path.join('node_modules', '.cache');
export const DEFAULT_CACHE = path.join(CACHE_ROOT, 'broadsheet');
// The preview has drafts and embargoed stories in it: it never goes to dist/, so it is never
// published by mistake.
export const PREVIEW_OUT = path.join(CACHE_ROOT, 'broadsheet-preview');
export const PREVIEW_CACHE = path.join(CACHE_ROOT, 'broadsheet-preview-cache');

/** Below this much work, starting worker threads costs more than it saves. */
const WORKER_THRESHOLD = 150;

export interface ProjectFlags {
  content: string;
  templates?: string | undefined;
  config?: string | undefined;
  baseUrl?: string | undefined;
}

export interface ProjectTarget {
  outDir: string | null;
  cacheDir: string | null;
}

export interface ProjectRun {
  cwd: string;
  now: Date;
  /** BROADSHEET_WORKERS: how many worker threads, 0 for none. */
  workers: string | undefined;
  aborted: () => boolean;
  progress?: BuildIO['progress'];
}

export interface Run {
  result: BuildResult;
  config: SiteConfig;
  /** Nothing changed since the last build: its messages replayed, nothing done. */
  upToDate: { diagnostics: Diagnostic[]; summary: { articles: number; pages: number; feeds: number; outputs: number } } | null;
  seconds: number;
  /** How long each phase took, for `--verbose`. */
  timings: string[];
}

function isFolder(folder: string): boolean {
  return statSync(folder, { throwIfNoEntry: false })?.isDirectory() ?? false;
}

/** `--templates`, else `templates/` when the project has one, else the default theme alone. */
export function templatesFolder(flags: Pick<ProjectFlags, 'templates'>, cwd: string): string | undefined {
  return flags.templates ?? (isFolder(path.resolve(cwd, 'templates')) ? 'templates' : undefined);
}

/** One build (or validation): config, content, theme, the cache, then the pipeline. */
export async function runProject(flags: ProjectFlags, options: Omit<BuildOptions, 'now'>, target: ProjectTarget, run: ProjectRun): Promise<Run> {
  const started = performance.now();
  const { cwd, now } = run;
  const { config, source: configSource } = await projectConfig(flags, cwd, target);
  const templatesDir = templatesFolder(flags, cwd);
  const [tree, theme] = await Promise.all([findContent(flags.content, cwd), readTheme(templatesDir, cwd)]);
  if (target.outDir) {
    checkOutputFolder(target.outDir, [
      { path: path.resolve(cwd, flags.content), what: 'content folder' },
      ...(templatesDir ? [{ path: path.resolve(cwd, templatesDir), what: 'templates folder' }] : []),
      { path: cwd, what: 'project root' },
      ...(target.cacheDir ? [{ path: path.resolve(cwd, target.cacheDir), what: 'cache folder' }] : []),
    ], cwd);
  }
  const seconds = () => (performance.now() - started) / 1000;

  const inputs = inputsKey({ version: CODE, config, options, tree, theme });
  if (target.cacheDir && target.outDir) {
    const state = readState(target.cacheDir);
    if (isUpToDate(state, inputs, path.resolve(cwd, target.outDir), now, OUTPUT_MARKER)) {
      const result: BuildResult = { files: [], site: null, notices: state.notices, stats: null, manifest: null, validUntil: state.validUntil, sources: tree.articles.length };
      return { result, config, upToDate: { diagnostics: state.diagnostics, summary: state.summary }, seconds: seconds(), timings: [] };
    }
  }

  let manifest: Manifest | null = null;
  const notices: string[] = [];
  if (target.cacheDir) {
    const loaded = await loadManifest(target.cacheDir, CODE);
    manifest = loaded.manifest;
    if (loaded.notice) notices.push(loaded.notice);
  }
  const cacheDir = target.cacheDir ?? (await temporaryCacheDir());
  let last = performance.now();
  const timings: string[] = [`load ${(last - started).toFixed(0)} ms`];
  try {
    const io: BuildIO = {
      writer: target.outDir ? folderWriter(target.outDir, cwd) : discardWriter(),
      manifest,
      cacheDir,
      pool: (work) => poolFor(work, run.workers),
      aborted: run.aborted,
      ...(run.progress ? { progress: run.progress } : {}),
      phase: (name) => {
        const now = performance.now();
        timings.push(`${name} ${(now - last).toFixed(0)} ms`);
        last = now;
      },
    };
    const { build } = await import('../build/index.js');
    const result = await build({ config, configSource, options: { ...options, now }, tree, theme, imageSizes: await readImageSizes(tree.assets), version: CODE }, io);
    result.notices.unshift(...notices);
    if (target.cacheDir && target.outDir) keepForNextTime(result, { cacheDir: target.cacheDir, outDir: path.resolve(cwd, target.outDir), inputs, now, hadManifest: manifest !== null, notices });
    return { result, config, upToDate: null, seconds: seconds(), timings };
  } finally {
    if (!target.cacheDir) await rm(cacheDir, { recursive: true, force: true });
  }
}

async function projectConfig(flags: ProjectFlags, cwd: string, target: ProjectTarget): Promise<LoadedConfig> {
  const loaded = await loadConfig(flags.config, cwd, { cacheDir: target.cacheDir, version: CODE });
  if (flags.baseUrl === undefined) return loaded;
  const { parseConfig } = await import('./config-schema.js');
  // A base URL on the command line means a build for hosting: pretty links under it.
  return { ...loaded, config: { ...loaded.config, baseUrl: parseConfig({ baseUrl: flags.baseUrl }, '--base-url').baseUrl, relativeLinks: false } };
}

function poolFor(work: number, workers: string | undefined) {
  const threads = workerCount(workers);
  return threads > 0 && work >= WORKER_THRESHOLD && canUseWorkers() ? workerPool(threads) : inlinePool();
}

/** The manifest and the freshness state, so the next build does only what changed. */
function keepForNextTime(
  result: BuildResult,
  { cacheDir, outDir, inputs, now, hadManifest, notices }: { cacheDir: string; outDir: string; inputs: string; now: Date; hadManifest: boolean; notices: string[] },
): void {
  if (!result.manifest || !result.stats) return;
  if (result.stats.written > 0 || result.stats.removed > 0 || result.stats.parsed > 0 || !hadManifest) {
    result.manifest.writtenAt = Date.now();
    saveManifest(cacheDir, result.manifest);
  }
  writeState(cacheDir, {
    format: 1,
    inputs,
    out: outDir,
    now: now.getTime(),
    validUntil: result.validUntil,
    summary: {
      articles: result.stats.articles,
      pages: result.stats.pages,
      feeds: result.stats.feeds,
      outputs: Object.keys(result.manifest.outputs).length,
    },
    diagnostics: collectDiagnostics(result.files, false),
    notices: result.notices.filter((notice) => !notices.includes(notice)),
  });
}
