import { createHash } from 'node:crypto';
import { closeSync, existsSync, fstatSync, ftruncateSync, mkdirSync, openSync, readSync, renameSync, rmSync, writeSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { ImageInfo, ImageProblem } from '../images/types.js';
import type { ArticleMeta, LiveCoverage, LiveUpdate } from '../types.js';

// The build cache: what the last build parsed and wrote, so the next one redoes only what
// changed. A manifest (JSON) records each article's source identity, its parsed metadata and
// messages, and each output's key and hash; article bodies live in one append-only pack file,
// because creating thousands of small files is what costs most on these machines.

const FORMAT = 7;

export interface SerializedMessage {
  /** The file the message is on, when it is not the article's own: an update of a live story. */
  path?: string;
  reason: string;
  line: number | null;
  column: number | null;
  ruleId: string | null;
  fatal: boolean | null;
  note: string | null;
}

/**
 * A body in the pack: [offset, length] in bytes, and the SHA-1 of those bytes. Every read checks
 * the hash, so a pack that was cut short, zeroed, swapped or written by another build is found
 * out before a single wrong word reaches a page.
 */
export type BodyRef = [offset: number, length: number, hash: string];

/**
 * The cache does not hold what its manifest says. Never a content mistake: the project layer
 * discards the cache and builds again from the sources.
 */
export class CacheDamaged extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'CacheDamaged';
  }
}

/** An article file as the last build parsed it. */
export interface ArticleEntry {
  size: number;
  mtimeMs: number;
  ino: number;
  /** Key of everything parsing read: the file's bytes, the settings, the assets it referenced. */
  parseKey: string;
  contentHash: string;
  /** The file's stories: one, several in an agency transmission, none when the file has errors. */
  stories: StoryEntry[];
  messages: SerializedMessage[];
  /** Asset paths the article referenced, with their state when it was parsed. */
  assets: Record<string, string>;
  /** Where each link to another article was written: line and column. */
  linkPlaces: Record<string, [number, number]>;
}

/** One story of an article file. */
export interface StoryEntry {
  /** The article as JSON (dates as ISO strings); null while the build holds it revived. */
  meta: SerializedMeta | null;
  metaKey: string;
  body: BodyRef;
  /** The body's plain text in the pack, which search indexes; it changes only with the body. */
  text: BodyRef;
  /** Source paths of the articles its body links to. */
  links: string[];
}

/** A picture as the last build read it: the same file is not read again. */
export interface ImageEntry {
  size: number;
  mtimeMs: number;
  ino: number;
  hash: string;
  result: ImageInfo | ImageProblem;
}

export interface OutputEntry {
  key: string;
  hash: string;
  size: number;
  mtimeMs: number;
}

export interface Manifest {
  format: number;
  version: string;
  /** When the manifest was written: files changed within the same clock tick are re-read. */
  writtenAt: number;
  articles: Record<string, ArticleEntry>;
  images: Record<string, ImageEntry>;
  outputs: Record<string, OutputEntry>;
  /** The output folder the outputs were written to. */
  out: string | null;
  pack: { file: string; size: number; live: number; tail: string } | null;
  /** Key of every template's text: when it changes, templates are checked before anything else. */
  templatesKey: string | null;
}

export type SerializedMeta = Omit<ArticleMeta, 'published' | 'updated' | 'embargo' | 'corrections' | 'live'> & {
  published: string | null;
  updated: string | null;
  embargo: string | null;
  corrections: { date: string | null; text: string }[];
  live: (Omit<LiveCoverage, 'start' | 'end' | 'updates'> & { start: string; end: string | null; updates: (Omit<LiveUpdate, 'time'> & { time: string })[] }) | null;
};

export function serializeMeta(meta: ArticleMeta): SerializedMeta {
  return {
    ...meta,
    published: meta.published?.toISOString() ?? null,
    updated: meta.updated?.toISOString() ?? null,
    embargo: meta.embargo?.toISOString() ?? null,
    corrections: meta.corrections.map((correction) => ({ date: correction.date?.toISOString() ?? null, text: correction.text })),
    live: meta.live && {
      ...meta.live,
      start: meta.live.start.toISOString(),
      end: meta.live.end?.toISOString() ?? null,
      updates: meta.live.updates.map((update) => ({ ...update, time: update.time.toISOString() })),
    },
  };
}

// A site has a few hundred sections, tags and authors but up to 100,000 articles, and each
// article a worker sends arrives with its own copies of those names: sharing one string per name
// keeps the main thread's heap a tenth smaller at that scale.
const names = new Map<string, string>();
function shared<T extends string | null>(text: T): T {
  if (text === null) return text;
  const known = names.get(text);
  if (known !== undefined) return known as T;
  names.set(text, text);
  return text;
}

export function reviveMeta(meta: SerializedMeta): ArticleMeta {
  return {
    ...meta,
    summary: meta.summary === meta.dek ? meta.dek : meta.summary,
    section: shared(meta.section),
    tags: meta.tags.map(shared),
    authors: meta.authors.map((author) => ({ ...author, name: shared(author.name), url: shared(author.url) })),
    lang: shared(meta.lang),
    published: meta.published ? new Date(meta.published) : null,
    updated: meta.updated ? new Date(meta.updated) : null,
    embargo: meta.embargo ? new Date(meta.embargo) : null,
    corrections: meta.corrections.map((correction) => ({ date: correction.date ? new Date(correction.date) : null, text: correction.text })),
    live: meta.live && {
      ...meta.live,
      start: new Date(meta.live.start),
      end: meta.live.end ? new Date(meta.live.end) : null,
      updates: meta.live.updates.map((update) => ({ ...update, time: new Date(update.time) })),
    },
  };
}

export function hashOf(text: string | Uint8Array): string {
  return createHash('sha1').update(text).digest('hex');
}

export function emptyManifest(version: string): Manifest {
  return { format: FORMAT, version, writtenAt: 0, articles: {}, images: {}, outputs: {}, out: null, pack: null, templatesKey: null };
}

/**
 * The manifest of the last build, or null with a one-line notice when there is none to trust
 * (missing is silent; corrupt or from another version is said).
 */
export async function loadManifest(dir: string, version: string): Promise<{ manifest: Manifest | null; notice: string | null }> {
  const file = path.join(dir, 'manifest.json');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    // A first build has nothing here. The state is saved only with a manifest: alone, it is
    // what is left of a cache someone damaged.
    const orphaned = existsSync(path.join(dir, 'state.json'));
    return { manifest: null, notice: orphaned ? `The build cache in ${dir} has lost its manifest; discarding it and building afresh.` : null };
  }
  try {
    const manifest = JSON.parse(text) as Manifest;
    if (manifest.format !== FORMAT || manifest.version !== version) {
      return { manifest: null, notice: `The build cache in ${dir} is from another version of Broadsheet; starting afresh.` };
    }
    if ([manifest.articles, manifest.images, manifest.outputs].some((map) => typeof map !== 'object' || map === null)) throw new Error('malformed');
    if (manifest.pack && (typeof manifest.pack.file !== 'string' || !Number.isSafeInteger(manifest.pack.size) || typeof manifest.pack.tail !== 'string')) {
      throw new Error('malformed');
    }
    if (manifest.pack && !samePack(path.join(dir, path.basename(manifest.pack.file)), manifest.pack)) throw new Error('not its pack');
    return { manifest, notice: null };
  } catch {
    return { manifest: null, notice: `The build cache in ${dir} is damaged; discarding it and building afresh.` };
  }
}

const TAIL_BYTES = 4096;

/**
 * The hash of the last bytes of the pack's first `size`: recorded with the manifest, it tells at
 * load, for the cost of one small read, a pack cut short, zeroed or swapped for another cache's.
 * Damage further in is found by each body's own hash when it is read.
 */
function tailHash(fd: number, size: number): string {
  const length = Math.min(TAIL_BYTES, size);
  const buffer = Buffer.alloc(length);
  let done = 0;
  while (done < length) {
    const read = readSync(fd, buffer, done, length - done, size - length + done);
    if (read === 0) break;
    done += read;
  }
  return createHash('sha1').update(buffer.subarray(0, done)).digest('hex');
}

function samePack(file: string, recorded: NonNullable<Manifest['pack']>): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return false;
  }
  try {
    // Longer is fine: a build that was stopped appended bodies its manifest never saved.
    return fstatSync(fd).size >= recorded.size && tailHash(fd, recorded.size) === recorded.tail;
  } finally {
    closeSync(fd);
  }
}

/**
 * Writes the manifest an entry at a time: at 100,000 articles the whole of it as one string
 * would be the largest thing the build ever holds in memory.
 */
export function saveManifest(dir: string, manifest: Manifest): void {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'manifest.json');
  const temporary = `${file}.${process.pid}.tmp`;
  const fd = openSync(temporary, 'w');
  let buffer = '';
  const write = (text: string) => {
    buffer += text;
    if (buffer.length > 1 << 20) {
      writeSync(fd, buffer);
      buffer = '';
    }
  };
  const writeMap = (name: string, map: Record<string, unknown>) => {
    write(`,${JSON.stringify(name)}:{`);
    let first = true;
    for (const [key, value] of Object.entries(map)) {
      write(`${first ? '' : ','}${JSON.stringify(key)}:${JSON.stringify(value)}`);
      first = false;
    }
    write('}');
  };
  try {
    const { articles, outputs, ...rest } = manifest;
    write(JSON.stringify(rest).slice(0, -1));
    writeMap('articles', articles);
    writeMap('outputs', outputs);
    write('}');
    writeSync(fd, buffer);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, file);
}

export async function clearCache(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

/**
 * Article bodies, appended to one file. Readers (workers too) open it by path and read a body
 * at its offset; only the main thread appends.
 */
export class BodyPack {
  private fd: number;
  private end: number;
  /** Bytes of bodies still referenced, to know when compacting pays. */
  live = 0;

  private constructor(
    readonly file: string,
    fd: number,
    end: number,
  ) {
    this.fd = fd;
    this.end = end;
  }

  /** Opens `file` to append after `validSize` bytes (anything later is from a build that died). */
  static open(file: string, validSize: number): BodyPack {
    mkdirSync(path.dirname(file), { recursive: true });
    const fd = openSync(file, existsSync(file) ? 'r+' : 'w+');
    const size = fstatSync(fd).size;
    const end = Math.min(validSize, size);
    if (size > end) ftruncateSync(fd, end);
    return new BodyPack(file, fd, end);
  }

  get size(): number {
    return this.end;
  }

  /** What the manifest records of the pack, to know it again next time. */
  get tail(): string {
    return tailHash(this.fd, this.end);
  }

  append(html: string): BodyRef {
    const bytes = Buffer.from(html);
    writeSync(this.fd, bytes, 0, bytes.length, this.end);
    const ref: BodyRef = [this.end, bytes.length, createHash('sha1').update(bytes).digest('hex')];
    this.end += bytes.length;
    this.live += bytes.length;
    return ref;
  }

  read(ref: BodyRef): string {
    return readBody(this.fd, ref);
  }

  /** Whether the bodies no article refers to any more take up most of the file. */
  get wasteful(): boolean {
    return this.end > 2 * this.live + 1024 * 1024;
  }

  /**
   * Rewrites the pack with only the bodies `refs` name, in their order, and returns their new
   * places. Written beside the pack and renamed over it, so a kill leaves the old pack whole.
   */
  compact(refs: BodyRef[]): BodyRef[] {
    const temporary = `${this.file}.${process.pid}.tmp`;
    const fd = openSync(temporary, 'w');
    const moved: BodyRef[] = [];
    let end = 0;
    try {
      for (const ref of refs) {
        const [, length, hash] = ref;
        writeSync(fd, readBytes(this.fd, ref), 0, length, end);
        moved.push([end, length, hash]);
        end += length;
      }
    } finally {
      closeSync(fd);
    }
    closeSync(this.fd);
    renameSync(temporary, this.file);
    this.fd = openSync(this.file, 'r+');
    this.end = end;
    this.live = end;
    return moved;
  }

  close(): void {
    closeSync(this.fd);
  }
}

/** Opens the pack for reading bodies, as a render worker does. */
export function openPack(file: string): number {
  return openSync(file, 'r');
}

/** A body from the pack, as it was appended: anything else is a damaged cache, never a page. */
export function readBody(fd: number, ref: BodyRef): string {
  return readBytes(fd, ref).toString('utf8');
}

function readBytes(fd: number, [offset, length, hash]: BodyRef): Buffer {
  const buffer = Buffer.allocUnsafe(length);
  let done = 0;
  while (done < length) {
    const read = readSync(fd, buffer, done, length - done, offset + done);
    // The file ends early: it was cut short (a full disk, a kill), so the bytes will never come.
    if (read === 0) throw new CacheDamaged(`the body pack ends at byte ${offset + done}, before a body it should hold`);
    done += read;
  }
  if (createHash('sha1').update(buffer).digest('hex') !== hash) throw new CacheDamaged(`a body in the pack does not match its hash, at bytes ${offset}–${offset + length}`);
  return buffer;
}

/** A folder for a build run without a cache (`--no-cache`): the pack still keeps bodies out of memory. */
export async function temporaryCacheDir(): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), 'broadsheet-'));
}

export function removeSync(file: string): void {
  rmSync(file, { force: true, recursive: true });
}
