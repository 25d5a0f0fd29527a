import { createHash } from 'node:crypto';
import { copyFile, lstat, mkdir, readdir, readFile, rename, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { UsageError } from './errors.js';
import type { OutputFile } from './types.js';

// The only writer. A build's files are first written into a staging folder beside the output,
// then renamed into place one by one, so every file in the output is at all times either the
// old version or the new one, never half of either. Files the build no longer produces go.

/** Marks a folder as Broadsheet's output, so that removing stale files in it is safe. */
export const OUTPUT_MARKER = '.broadsheet';
const MARKER_TEXT = 'This folder is written by Broadsheet. Files in it that a build does not produce are removed.\n';
const STAGING_PREFIX = '.broadsheet-staging-';

export interface WriteStats {
  written: number;
  unchanged: number;
  removed: number;
}

export interface WriteOptions {
  /** Checked between files; once true the write stops and cleans up after itself. */
  aborted?: () => boolean;
}

export class WriteAborted extends Error {
  constructor() {
    super('build interrupted');
    this.name = 'WriteAborted';
  }
}

/**
 * Refuses output folders whose stale-file removal could destroy work: `/`, the home folder,
 * the project root, the content or templates folder, or any folder that holds one of them.
 */
export function checkOutputFolder(outDir: string, guarded: { path: string; what: string }[]): void {
  const out = path.resolve(outDir);
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
function safeJoin(root: string, relative: string): string {
  const normalised = path.posix.normalize(relative);
  if (
    relative === '' ||
    normalised.startsWith('../') ||
    normalised === '..' ||
    path.posix.isAbsolute(normalised) ||
    /[\\\u0000]/.test(relative)
  ) {
    throw new Error(`output path escapes the output folder: ${JSON.stringify(relative)}`);
  }
  const joined = path.join(root, ...normalised.split('/'));
  if (!joined.startsWith(root + path.sep)) throw new Error(`output path escapes the output folder: ${JSON.stringify(relative)}`);
  return joined;
}

async function sameBytes(target: string, contents: Uint8Array): Promise<boolean> {
  const existing = await readFile(target).catch(() => null);
  return existing !== null && Buffer.compare(existing, contents) === 0;
}

async function sameFile(target: string, source: string): Promise<boolean> {
  const [a, b] = await Promise.all([stat(target).catch(() => null), stat(source)]);
  if (!a?.isFile() || a.size !== b.size) return false;
  const [x, y] = await Promise.all([readFile(target), readFile(source)]);
  return Buffer.compare(x, y) === 0;
}

async function listFiles(root: string, relative = ''): Promise<string[]> {
  const entries = await readdir(path.join(root, relative), { withFileTypes: true }).catch(() => []);
  const files: string[] = [];
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const child = relative ? `${relative}/${entry.name}` : entry.name;
    if (entry.isDirectory()) files.push(...(await listFiles(root, child)));
    else files.push(child);
  }
  return files;
}

/** Removes staging folders left beside the output by a build that was killed. */
async function removeLeftovers(parent: string, base: string): Promise<void> {
  const prefix = `.${base}${STAGING_PREFIX}`;
  for (const name of await readdir(parent).catch(() => [] as string[])) {
    if (name.startsWith(prefix)) await rm(path.join(parent, name), { recursive: true, force: true });
  }
}

/** File-system failures the user can act on: a full disk, a read-only folder, a path through a file. */
const ENVIRONMENT_ERRORS = new Set(['EACCES', 'EPERM', 'EROFS', 'ENOSPC', 'EDQUOT', 'ENOTDIR', 'EEXIST', 'EISDIR', 'ENAMETOOLONG', 'EMFILE']);

export async function writeSite(outDir: string, outputs: OutputFile[], options: WriteOptions = {}): Promise<WriteStats> {
  try {
    return await writeSiteUnguarded(outDir, outputs, options);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (code && ENVIRONMENT_ERRORS.has(code)) {
      throw new UsageError(`cannot write the site into ${outDir}: ${(cause as Error).message}`, 'check that the folder is writable and the disk has room');
    }
    throw cause;
  }
}

async function writeSiteUnguarded(outDir: string, outputs: OutputFile[], options: WriteOptions): Promise<WriteStats> {
  const out = path.resolve(outDir);
  const parent = path.dirname(out);
  const base = path.basename(out);
  const aborted = options.aborted ?? (() => false);

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
  const staging = path.join(parent, `.${base}${STAGING_PREFIX}${process.pid}-${createHash('sha1').update(out).digest('hex').slice(0, 6)}`);
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });

  const stats: WriteStats = { written: 0, unchanged: 0, removed: 0 };
  const produced = new Set<string>([OUTPUT_MARKER]);
  const staged: string[] = [];
  try {
    const all: OutputFile[] = [...outputs, { path: OUTPUT_MARKER, contents: MARKER_TEXT }];
    for (const output of all) {
      if (aborted()) throw new WriteAborted();
      const relative = path.posix.normalize(output.path);
      const target = safeJoin(out, relative);
      const stagedPath = safeJoin(staging, relative);
      produced.add(relative);
      if ('copyFrom' in output) {
        if (existing && (await sameFile(target, output.copyFrom))) {
          stats.unchanged++;
          continue;
        }
        await mkdir(path.dirname(stagedPath), { recursive: true });
        await copyFile(output.copyFrom, stagedPath);
      } else {
        const contents = typeof output.contents === 'string' ? Buffer.from(output.contents) : output.contents;
        if (existing && (await sameBytes(target, contents))) {
          stats.unchanged++;
          continue;
        }
        await mkdir(path.dirname(stagedPath), { recursive: true });
        await writeFile(stagedPath, contents);
      }
      staged.push(relative);
    }

    if (!existing || entries.length === 0) {
      // First build: the staging folder is the whole site; put it in place in one rename.
      if (existing) await rmdir(out);
      await rename(staging, out);
      stats.written = staged.length;
      return stats;
    }

    for (const relative of staged) {
      if (aborted()) throw new WriteAborted();
      const target = safeJoin(out, relative);
      await makeRoomFor(out, relative);
      await rename(safeJoin(staging, relative), target);
      stats.written++;
    }
    for (const relative of await listFiles(out)) {
      if (produced.has(relative)) continue;
      await rm(safeJoin(out, relative), { force: true, recursive: true });
      stats.removed++;
    }
    await removeEmptyFolders(out);
    return stats;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/** A file where a folder must now be (or the other way round) is stale: clear the way. */
async function makeRoomFor(root: string, relative: string): Promise<void> {
  const parts = relative.split('/');
  for (let i = 1; i < parts.length; i++) {
    const folder = safeJoin(root, parts.slice(0, i).join('/'));
    const info = await lstat(folder).catch(() => null);
    if (info && !info.isDirectory()) await rm(folder, { force: true });
    if (!info || !info.isDirectory()) await mkdir(folder, { recursive: true });
  }
  const target = safeJoin(root, relative);
  const info = await lstat(target).catch(() => null);
  if (info?.isDirectory()) await rm(target, { recursive: true, force: true });
}

async function removeEmptyFolders(root: string, relative = ''): Promise<boolean> {
  const folder = relative ? safeJoin(root, relative) : root;
  const entries = await readdir(folder, { withFileTypes: true });
  let empty = true;
  for (const entry of entries) {
    if (entry.isDirectory() && (await removeEmptyFolders(root, relative ? `${relative}/${entry.name}` : entry.name))) continue;
    empty = false;
  }
  if (empty && relative) await rmdir(folder);
  return empty;
}
