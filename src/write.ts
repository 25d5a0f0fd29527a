import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, lstatSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { lstat, mkdir, readdir, rename, rm, rmdir, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { UsageError } from './messages/errors.js';

// The only writer. A build's changed files are first written into a staging folder beside the
// output, then renamed into place one by one, so every file in the output is at all times either
// the old version or the new one, never half of either. A file whose bytes did not change is not
// written at all (it keeps its mtime, so rsync and CDN uploads see only real changes), and files
// the build no longer produces are removed.

/** Marks a folder as Broadsheet's output, so that removing stale files in it is safe. */
export const OUTPUT_MARKER = '.broadsheet';
export const MARKER_TEXT = 'This folder is written by Broadsheet. Files in it that a build does not produce are removed.\n';
const STAGING_PREFIX = '.broadsheet-staging-';

export interface Staging {
  out: string;
  dir: string;
  /** The output folder is new or empty: every file is written, and the staging folder becomes it. */
  fresh: boolean;
  /** Validating only (`broadsheet check`): files are hashed and nothing is written. */
  discard?: boolean;
  /** A site kept in memory (tests): the output as it is, and what this build staged for it. */
  memory?: { output: Map<string, Uint8Array>; staged: Map<string, Uint8Array> };
}

/**
 * Where a build puts its site. The build asks it what the output holds, stages files, and
 * commits them in one step at the end; nothing else in the build touches the output.
 */
export interface Writer {
  /** Names the output in the cache manifest; null when nothing is kept (validating only). */
  readonly out: string | null;
  /** An output file's size and mtime as it is now, or null when it is not there. */
  stat(relative: string): { size: number; mtimeMs: number } | null;
  begin(): Promise<Staging>;
  /**
   * Puts the staged files in place and removes the ones the build no longer produces; returns
   * how many it removed. `onWritten` learns each written file's mtime.
   */
  commit(
    staging: Staging,
    staged: string[],
    produced: Set<string>,
    previous: Iterable<string> | null,
    aborted: () => boolean,
    onWritten: (relative: string, mtimeMs: number) => void,
  ): Promise<number>;
  abort(staging: Staging): Promise<void>;
}

/** The site written into a folder (`outDir` as the user gave it, from `cwd`), each changed file swapped into place whole. */
export function folderWriter(outDir: string, cwd: string): Writer {
  const out = path.resolve(cwd, outDir);
  return {
    out,
    stat(relative) {
      const info = statSync(safeJoin(out, relative), { throwIfNoEntry: false });
      return info ? { size: info.size, mtimeMs: info.mtimeMs } : null;
    },
    begin: () => beginWrite(outDir, out),
    commit: commitWrite,
    abort: abortWrite,
  };
}

/** Validating only: everything is rendered and hashed, nothing is kept. */
export function discardWriter(): Writer {
  return {
    out: null,
    stat: () => null,
    begin: async () => ({ out: '', dir: '', fresh: true, discard: true }),
    commit: async () => 0,
    abort: async () => {},
  };
}

/**
 * The site kept in memory, for tests of whole builds without a disk. Its files are staged where
 * the build runs, so it needs the inline pool: worker threads cannot write into its map.
 */
export function memoryWriter(): Writer & { files: Map<string, Uint8Array> } {
  const files = new Map<string, Uint8Array>();
  const mtimes = new Map<string, number>();
  let clock = 0;
  return {
    files,
    out: 'memory:',
    stat(relative) {
      const bytes = files.get(relative);
      return bytes ? { size: bytes.length, mtimeMs: mtimes.get(relative)! } : null;
    },
    begin: async () => ({ out: '', dir: '', fresh: files.size === 0, memory: { output: files, staged: new Map() } }),
    async commit(staging, staged, produced, _previous, _aborted, onWritten) {
      clock++;
      for (const relative of staged) {
        files.set(relative, staging.memory!.staged.get(relative)!);
        mtimes.set(relative, clock);
        onWritten(relative, clock);
      }
      let removed = 0;
      for (const relative of [...files.keys()]) {
        if (!produced.has(relative)) {
          files.delete(relative);
          removed++;
        }
      }
      return removed;
    },
    abort: async () => {},
  };
}

export interface Staged {
  path: string;
  hash: string;
  size: number;
  /** False when the output already holds these bytes. */
  written: boolean;
}

export class WriteAborted extends Error {
  constructor() {
    super('build interrupted');
    this.name = 'WriteAborted';
  }
}

/** File-system failures the user can act on: a full disk, a read-only folder, a path through a file. */
const ENVIRONMENT_ERRORS = new Set(['EACCES', 'EPERM', 'EROFS', 'ENOSPC', 'EDQUOT', 'ENOTDIR', 'EEXIST', 'EISDIR', 'ENAMETOOLONG', 'EMFILE']);

/** Turns a file-system failure into a one-line error naming the output folder. */
export function explainWriteError(cause: unknown, outDir: string): unknown {
  const code = (cause as NodeJS.ErrnoException)?.code;
  if (code && ENVIRONMENT_ERRORS.has(code)) {
    return new UsageError(`cannot write the site into ${outDir}: ${(cause as Error).message}`, 'check that the folder is writable and the disk has room');
  }
  return cause;
}

/**
 * Refuses output folders whose stale-file removal could destroy work: `/`, the home folder,
 * the project root, the content or templates folder, or any folder that holds one of them.
 */
export function checkOutputFolder(outDir: string, guarded: { path: string; what: string }[], cwd: string): void {
  const out = path.resolve(cwd, outDir);
  const refuse = (why: string) => {
    throw new UsageError(`refusing to write the site into ${outDir}: ${why}`, 'choose an output folder of its own with --out, such as dist');
  };
  if (out === path.parse(out).root) refuse('it is the root of the file system');
  if (out === path.resolve(os.homedir())) refuse('it is your home folder');
  for (const { path: guardedPath, what } of guarded) {
    const other = path.resolve(guardedPath);
    if (out === other) refuse(`it is the ${what}`);
    if (other.startsWith(out + path.sep)) refuse(`it holds the ${what}`);
    if (out.startsWith(other + path.sep) && what !== 'project root') refuse(`it is inside the ${what}`);
  }
}

/** An output path must stay inside the output folder, whatever a slug or alias said. */
export function safeJoin(root: string, relative: string): string {
  const normalised = path.posix.normalize(relative);
  if (relative === '' || normalised.startsWith('../') || normalised === '..' || path.posix.isAbsolute(normalised) || /[\\\u0000]/.test(relative)) {
    throw new Error(`output path escapes the output folder: ${JSON.stringify(relative)}`);
  }
  const joined = path.join(root, ...normalised.split('/'));
  if (!joined.startsWith(root + path.sep)) throw new Error(`output path escapes the output folder: ${JSON.stringify(relative)}`);
  return joined;
}

export function contentHash(contents: string | Uint8Array): string {
  return createHash('sha1').update(contents).digest('hex');
}

// Staging folders of builds in this process that have not yet committed or aborted. A build
// stopped by a signal exits where it is; its staging folder goes with it rather than wait for the
// next build to clear it.
const openStagings = new Set<string>();
let exitHookSet = false;

function trackStaging(dir: string): void {
  openStagings.add(dir);
  if (exitHookSet) return;
  exitHookSet = true;
  process.once('exit', () => {
    for (const each of openStagings) {
      // Render workers may still be writing while the process exits. Moved aside first, the
      // folder takes no new files (workers never make it again, see makeFolder), so removing it
      // cannot race them.
      const gone = `${each}.gone`;
      try {
        renameSync(each, gone);
      } catch {
        continue;
      }
      rmSync(gone, { recursive: true, force: true, maxRetries: 3 });
    }
  });
}

/**
 * Makes `folder` below the staging root one level at a time, never the root itself: once a
 * stopped build has removed its staging folder, a worker still writing must fail, not put it back.
 */
function makeFolder(root: string, folder: string): void {
  if (folder === root || statSync(folder, { throwIfNoEntry: false })) return;
  makeFolder(root, path.dirname(folder));
  try {
    mkdirSync(folder);
  } catch (cause) {
    // Another worker made it first.
    if ((cause as NodeJS.ErrnoException).code !== 'EEXIST') throw cause;
  }
}

/** Removes staging folders left beside the output by a build that was killed. */
async function removeLeftovers(parent: string, base: string): Promise<void> {
  const prefix = `.${base}${STAGING_PREFIX}`;
  for (const name of await readdir(parent).catch(() => [] as string[])) {
    if (name.startsWith(prefix)) await rm(path.join(parent, name), { recursive: true, force: true });
  }
}

/** Checks the output folder, clears what a killed build left, and opens a staging folder beside it. */
export async function beginWrite(outDir: string, out: string): Promise<Staging> {
  try {
    const parent = path.dirname(out);
    const base = path.basename(out);
    const existing = await lstat(out).catch(() => null);
    if (existing && !existing.isDirectory()) throw new UsageError(`output path is not a folder: ${outDir}`, 'remove the file or choose another --out');
    const entries = existing ? await readdir(out) : [];
    if (entries.length > 0 && !entries.includes(OUTPUT_MARKER)) {
      throw new UsageError(
        `refusing to write the site into ${outDir}: it holds files that Broadsheet did not write`,
        'Broadsheet removes every file in its output folder that the build does not produce; empty the folder or choose another --out',
      );
    }
    await mkdir(parent, { recursive: true });
    await removeLeftovers(parent, base);
    const dir = path.join(parent, `.${base}${STAGING_PREFIX}${process.pid}-${contentHash(out).slice(0, 6)}`);
    await rm(dir, { recursive: true, force: true });
    trackStaging(dir);
    await mkdir(dir, { recursive: true });
    return { out, dir, fresh: entries.length === 0 };
  } catch (cause) {
    throw explainWriteError(cause, outDir);
  }
}

function stagedPath(staging: Staging, relative: string): string {
  const target = safeJoin(staging.dir, relative);
  makeFolder(staging.dir, path.dirname(target));
  return target;
}

/**
 * Stages one output file unless the output already holds its bytes. `previousHash` is the hash
 * the output file had when last written, when the caller knows the file is still that one;
 * otherwise the file on disk is compared.
 */
export function stageFile(staging: Staging, relative: string, contents: string | Uint8Array, previousHash?: string | null): Staged {
  const bytes = typeof contents === 'string' ? Buffer.from(contents) : contents;
  const hash = contentHash(bytes);
  if (staging.discard) return { path: relative, hash, size: bytes.length, written: false };
  if (staging.memory) return stageInMemory(staging.memory, relative, bytes, hash);
  const unchanged =
    !staging.fresh &&
    (previousHash !== undefined && previousHash !== null
      ? previousHash === hash
      : sameBytes(safeJoin(staging.out, relative), bytes));
  if (!unchanged) writeFileSync(stagedPath(staging, relative), bytes);
  return { path: relative, hash, size: bytes.length, written: !unchanged };
}

/** Stages a copy of a file (an image, the stylesheet) unless the output already has its bytes. */
export function stageCopy(staging: Staging, relative: string, source: string): Staged {
  const bytes = readFileSync(source);
  const hash = contentHash(bytes);
  if (staging.discard) return { path: relative, hash, size: bytes.length, written: false };
  if (staging.memory) return stageInMemory(staging.memory, relative, bytes, hash);
  const unchanged = !staging.fresh && sameBytes(safeJoin(staging.out, relative), bytes);
  if (!unchanged) copyFileSync(source, stagedPath(staging, relative));
  return { path: relative, hash, size: bytes.length, written: !unchanged };
}

function stageInMemory(memory: NonNullable<Staging['memory']>, relative: string, bytes: Uint8Array, hash: string): Staged {
  safeJoin('/memory', relative);
  const current = memory.output.get(relative);
  const unchanged = current !== undefined && Buffer.compare(current, bytes) === 0;
  if (!unchanged) memory.staged.set(relative, bytes);
  return { path: relative, hash, size: bytes.length, written: !unchanged };
}

function sameBytes(file: string, bytes: Uint8Array): boolean {
  try {
    const info = statSync(file);
    return info.isFile() && info.size === bytes.length && Buffer.compare(readFileSync(file), bytes) === 0;
  } catch {
    return false;
  }
}

/**
 * Moves the staged files into the output and removes the files it should no longer hold; returns
 * how many it removed. `produced` is every path the build produced (written or unchanged).
 * `previous` lists what the last build wrote; without it the output folder is walked to find
 * stale files. `onWritten` learns each written file's mtime (a rename keeps it).
 */
export async function commitWrite(
  staging: Staging,
  staged: string[],
  produced: Set<string>,
  previous: Iterable<string> | null,
  aborted: () => boolean = () => false,
  onWritten: (relative: string, mtimeMs: number) => void = () => {},
): Promise<number> {
  let removed = 0;
  try {
    for (const relative of staged) onWritten(relative, statSync(safeJoin(staging.dir, relative)).mtimeMs);
    if (staging.fresh) {
      // First build: the staging folder is the whole site; put it in place in one rename.
      if (existsSync(staging.out)) await rmdir(staging.out);
      await rename(staging.dir, staging.out);
      return removed;
    }
    for (const relative of staged) {
      if (aborted()) throw new WriteAborted();
      await makeRoomFor(staging.out, relative);
      await rename(safeJoin(staging.dir, relative), safeJoin(staging.out, relative));
    }
    const candidates = previous ? [...previous] : await listFiles(staging.out);
    const folders = new Set<string>();
    for (const relative of candidates) {
      if (produced.has(relative)) continue;
      const target = safeJoin(staging.out, relative);
      if (!(await lstat(target).catch(() => null))) continue;
      await rm(target, { force: true, recursive: true });
      removed++;
      folders.add(path.dirname(target));
    }
    await removeEmptyFolders(staging.out, folders);
    return removed;
  } catch (cause) {
    throw explainWriteError(cause, staging.out);
  } finally {
    await rm(staging.dir, { recursive: true, force: true });
    openStagings.delete(staging.dir);
  }
}

export async function abortWrite(staging: Staging): Promise<void> {
  await rm(staging.dir, { recursive: true, force: true });
  openStagings.delete(staging.dir);
}

async function listFiles(root: string, relative = ''): Promise<string[]> {
  const entries = await readdir(path.join(root, relative), { withFileTypes: true }).catch(() => []);
  const files: string[] = [];
  for (const entry of entries) {
    const child = relative ? `${relative}/${entry.name}` : entry.name;
    if (entry.isDirectory()) files.push(...(await listFiles(root, child)));
    else files.push(child);
  }
  return files;
}

/** A file where a folder must now be (or the other way round) is stale: clear the way. */
async function makeRoomFor(root: string, relative: string): Promise<void> {
  const parts = relative.split('/');
  for (let i = 1; i < parts.length; i++) {
    const folder = safeJoin(root, parts.slice(0, i).join('/'));
    const info = lstatSync(folder, { throwIfNoEntry: false });
    if (!info) break;
    if (!info.isDirectory()) {
      await rm(folder, { force: true });
      break;
    }
  }
  const target = safeJoin(root, relative);
  await mkdir(path.dirname(target), { recursive: true });
  if (lstatSync(target, { throwIfNoEntry: false })?.isDirectory()) await rm(target, { recursive: true, force: true });
}

/** Removes the folders that removing stale files left empty, and their empty parents. */
async function removeEmptyFolders(root: string, folders: Set<string>): Promise<void> {
  const ordered = [...folders].sort((a, b) => b.length - a.length);
  for (let folder of ordered) {
    while (folder.startsWith(root + path.sep)) {
      const entries = await readdir(folder).catch(() => null);
      if (entries === null || entries.length > 0) break;
      await rmdir(folder);
      folder = path.dirname(folder);
    }
  }
}
