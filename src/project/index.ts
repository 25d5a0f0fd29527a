import { existsSync, mkdirSync, statSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { BuildInput, BuildIO, BuildResult } from '../build/index.js';
import { CacheDamaged, loadManifest, saveManifest, temporaryCacheDir, type Manifest } from '../build/cache.js';
import { findContent, readImageSizes, readTheme } from './scan.js';
import { canUseWorkers, inlinePool, workerCount, workerPool } from '../build/workers/pool.js';
import { darkroomProcess, inlineDarkroom, type Darkroom } from '../images/darkroom.js';
import { collectDiagnostics, type Diagnostic } from '../messages/report.js';
import type { BuildOptions, SiteConfig } from '../types.js';
import { checkOutputFolder, discardWriter, explainWriteError, folderWriter, OUTPUT_MARKER } from '../write.js';
import { UsageError } from '../messages/errors.js';
import { loadConfig, type LoadedConfig } from './config.js';
import { inputsKey, isUpToDate, readState, writeState, type BuildState } from './freshness.js';
import { inferredDates } from './history.js';
import { acquireLock, LockAbandoned, type Lock } from './lock.js';
import { CODE } from './version.js';

// A project on disk: its config, content and theme, the output folder (guarded), and the cache
// that makes the next build quick. It sets up a build, runs it, and keeps what it learned.

const CACHE_ROOT = path.join('node_modules', '.cache');
export const DEFAULT_CACHE = path.join(CACHE_ROOT, 'broadsheet');
// The preview has drafts and embargoed stories in it: it never goes to dist/, so it is never
// published by mistake.
export const PREVIEW_OUT = path.join(CACHE_ROOT, 'broadsheet-preview');
export const PREVIEW_CACHE = path.join(CACHE_ROOT, 'broadsheet-preview-cache');
const LOCK_FILE = 'lock';

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
  /** A line for the user while the build waits on another (a lock). */
  say?: (line: string) => void;
  /** What is running, as a build waiting on this one is told: `build`, `dev`. */
  command?: string;
  /** Told as each phase ends, with its time: `--verbose` shows where a build is as it goes. */
  phase?: (name: string, ms: number) => void;
  /**
   * A darkroom kept between builds, which they do not close (the dev server's: a headline edited
   * does not wait for a process to start). Otherwise each build starts its own when it has
   * pictures to work, and stops it.
   */
  darkroom?: Darkroom;
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
  const locks = await lockProject(target, run);
  try {
    const cacheDir = target.cacheDir ? path.resolve(cwd, target.cacheDir) : null;
    const undated = inferredDates(config, path.resolve(cwd, flags.content), tree.articles, cacheDir);
    const input: BuildInput = { config, configSource, options: { ...options, now }, tree, theme, imageSizes: new Map(), version: CODE, undatedDates: undated };
    return await runLocked(input, target, run, started);
  } finally {
    for (const lock of locks) lock.release();
  }
}

/**
 * The cache and the output folder are each one build's at a time: a second build waits, saying
 * for whom. The cache first, then the output, always in that order, so two builds never each
 * hold what the other waits for.
 */
async function lockProject(target: ProjectTarget, run: ProjectRun): Promise<Lock[]> {
  const files: [file: string, what: string, cannot: (cause: unknown) => unknown][] = [];
  if (target.cacheDir) {
    const cannot = (cause: unknown) => new UsageError(`cannot use the build cache in ${target.cacheDir}: ${(cause as Error).message}`, 'check that the folder is writable, or build with --no-cache');
    files.push([path.join(path.resolve(run.cwd, target.cacheDir), LOCK_FILE), `the cache ${target.cacheDir}`, cannot]);
  }
  if (target.outDir) {
    const out = path.resolve(run.cwd, target.outDir);
    files.push([path.join(path.dirname(out), `.${path.basename(out)}.broadsheet-lock`), `the output folder ${target.outDir}`, (cause) => explainWriteError(cause, target.outDir!)]);
  }
  const locks: Lock[] = [];
  try {
    for (const [file, what, cannot] of files) {
      try {
        mkdirSync(path.dirname(file), { recursive: true });
        locks.push(
          await acquireLock(file, run.command ?? 'build', {
            aborted: run.aborted,
            onWait: (holder) => run.say?.(`Waiting for another Broadsheet ${holder.command} (process ${holder.pid}) to finish with ${what}…`),
          }),
        );
      } catch (cause) {
        throw cause instanceof LockAbandoned ? cause : cannot(cause);
      }
    }
    return locks;
  } catch (cause) {
    for (const lock of locks) lock.release();
    throw cause;
  }
}

async function runLocked(input: BuildInput, target: ProjectTarget, run: ProjectRun, started: number): Promise<Run> {
  const { cwd, now } = run;
  const { config, tree, theme, options } = input;
  const seconds = () => (performance.now() - started) / 1000;
  const inputs = inputsKey({ version: CODE, config, options, tree, theme, undated: input.undatedDates?.key ?? null });
  const notices: string[] = [];
  let state: BuildState | null = null;
  if (target.cacheDir && target.outDir) {
    const found = readState(target.cacheDir);
    state = found.state;
    if (found.notice) notices.push(found.notice);
    else if (!state && existsSync(path.join(target.cacheDir, 'manifest.json'))) notices.push(`The build state in ${target.cacheDir} is missing; checking every source again.`);
    if (isUpToDate(found.state, inputs, path.resolve(cwd, target.outDir), now, OUTPUT_MARKER)) {
      const { state } = found;
      const result: BuildResult = { files: [], site: null, notices: state.notices, details: [], stats: null, manifest: null, validUntil: state.validUntil, sources: tree.articles.length, cacheChecks: { reused: 0, discarded: 0, verified: 0 } };
      return { result, config, upToDate: { diagnostics: state.diagnostics, summary: state.summary }, seconds: seconds(), timings: [] };
    }
  }

  let manifest: Manifest | null = null;
  if (target.cacheDir) {
    const loaded = await loadManifest(target.cacheDir, CODE);
    manifest = loaded.manifest;
    if (loaded.notice) notices.push(loaded.notice);
    // The state only lets a build skip work when its inputs match exactly, so a stranger's state
    // is harmless; it is still a damaged cache, and said.
    if (manifest && state && state.manifest !== manifest.writtenAt) notices.push(`The build state in ${target.cacheDir} is damaged: it was not saved with this cache; checking every source again.`);
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
      darkroom: () => (run.darkroom ? { ...run.darkroom, close: async () => {} } : darkroomFor(run.workers)),
      aborted: run.aborted,
      ...(run.progress ? { progress: run.progress } : {}),
      phase: (name) => {
        const now = performance.now();
        timings.push(`${name} ${(now - last).toFixed(0)} ms`);
        run.phase?.(name, now - last);
        last = now;
      },
    };
    input.imageSizes = await readImageSizes(tree.assets);
    const result = await buildTrustingNoDamage(input, io, notices);
    result.notices.unshift(...notices);
    if (target.cacheDir && target.outDir) keepForNextTime(result, { cacheDir: target.cacheDir, outDir: path.resolve(cwd, target.outDir), inputs, now, previous: io.manifest, notices });
    return { result, config, upToDate: null, seconds: seconds(), timings };
  } finally {
    if (!target.cacheDir) await rm(cacheDir, { recursive: true, force: true });
  }
}

/**
 * Builds with the cache; when the build finds the cache is not what its manifest says (a pack cut
 * short, a body that fails its hash), builds again without it. Nothing was committed by then, so
 * the site comes out as a cold build makes it.
 */
async function buildTrustingNoDamage(input: BuildInput, io: BuildIO, notices: string[]): Promise<BuildResult> {
  const { build } = await import('../build/index.js');
  try {
    return await build(input, io);
  } catch (cause) {
    if (!(cause instanceof CacheDamaged) || io.manifest === null) throw cause;
    notices.push(`The build cache in ${io.cacheDir} is damaged (${cause.message}); discarding it and building afresh.`);
    io.manifest = null;
    return await build(input, io);
  }
}

async function projectConfig(flags: ProjectFlags, cwd: string, target: ProjectTarget): Promise<LoadedConfig> {
  const loaded = await loadConfig(flags.config, cwd, { cacheDir: target.cacheDir, version: CODE });
  if (flags.baseUrl === undefined) return loaded;
  const { parseConfig } = await import('./config-schema.js');
  // A base URL on the command line means a build for hosting: pretty links under it.
  return { ...loaded, config: { ...loaded.config, baseUrl: parseConfig({ baseUrl: flags.baseUrl }, '--base-url').baseUrl, relativeLinks: false } };
}

/** Pictures worked in a process of their own, unless workers are off or the sources run as TypeScript. */
export function darkroomFor(workers: string | undefined): Darkroom {
  return canUseWorkers() && workerCount(workers) > 0 ? darkroomProcess() : inlineDarkroom();
}

function poolFor(work: number, workers: string | undefined) {
  const threads = workerCount(workers);
  return threads > 0 && work >= WORKER_THRESHOLD && canUseWorkers() ? workerPool(threads) : inlinePool();
}

/** The manifest and the freshness state, so the next build does only what changed. */
function keepForNextTime(
  result: BuildResult,
  { cacheDir, outDir, inputs, now, previous, notices }: { cacheDir: string; outDir: string; inputs: string; now: Date; previous: Manifest | null; notices: string[] },
): void {
  if (!result.manifest || !result.stats) return;
  if (result.stats.written > 0 || result.stats.removed > 0 || result.stats.parsed > 0 || !previous) {
    result.manifest.writtenAt = Date.now();
    saveManifest(cacheDir, result.manifest);
  } else {
    result.manifest.writtenAt = previous.writtenAt;
  }
  writeState(cacheDir, {
    format: 2,
    inputs,
    manifest: result.manifest.writtenAt,
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
