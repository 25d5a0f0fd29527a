import { spawn, spawnSync, type ChildProcessByStdio } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import type { Readable } from 'node:stream';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseHTML } from 'linkedom';
import { afterAll } from 'vitest';
import { VFile } from 'vfile';
import { build, type BuildResult } from '../src/build/index.js';
import type { Manifest } from '../src/build/cache.js';
import { loadConfig } from '../src/project/config.js';
import { defaultConfig } from '../src/project/config-schema.js';
import { toArticles, type ArticleContext } from '../src/content/parse.js';
import { findContent, readImageSizes, readTheme } from '../src/project/scan.js';
import { decode } from '../src/content/read.js';
import { claimFile, prepareFormats } from '../src/content/formats/index.js';
import { inlinePool } from '../src/build/workers/pool.js';
import { folderWriter, memoryWriter } from '../src/write.js';
import type { Article, BuildOptions, ParsedArticle, SiteConfig } from '../src/types.js';

type MemoryWriter = ReturnType<typeof memoryWriter>;

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const CLI = path.join(ROOT, 'bin', 'broadsheet.js');
export const SEED = path.join(ROOT, 'content', '000_f9f8abcdc28e9b89.txt');

// parseArticle reads as the build does, with every format's parser loaded.
await prepareFormats();

const made: string[] = [];
afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fresh folder, removed after the test file. */
export function tempDir(prefix = 'broadsheet-test-'): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** Writes `files` (path → text or bytes) under `dir`, making folders as needed. */
export function writeFiles(dir: string, files: Record<string, string | Uint8Array>): void {
  for (const [name, contents] of Object.entries(files)) {
    const file = path.join(dir, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, contents);
  }
}

/**
 * A project folder with `content/` holding `files`, and `broadsheet.config.json` when `config`
 * is given (an object is written as JSON, a string as it is).
 */
export function project(files: Record<string, string | Uint8Array>, config?: object | string): string {
  const dir = tempDir();
  writeFiles(path.join(dir, 'content'), files);
  if (config !== undefined) writeFiles(dir, { 'broadsheet.config.json': typeof config === 'string' ? config : JSON.stringify(config) });
  return dir;
}

// ---------------------------------------------------------------------------------------------
// The clock. Every build in the tests runs at one fixed moment unless a test is about time.

/** The moment every test build runs at: the evening of the newest fixture stories. */
export const NOW_ISO = '2026-11-25T12:00:00.000Z';
export const NOW = new Date(NOW_ISO);

/** The environment that sets the build's clock to `iso` (`SOURCE_DATE_EPOCH`, in seconds). */
export function clockAt(iso: string): { SOURCE_DATE_EPOCH: string } {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms) || ms % 1000 !== 0) throw new Error(`not a whole-second ISO date: ${iso}`);
  return { SOURCE_DATE_EPOCH: String(ms / 1000) };
}

/** `SOURCE_DATE_EPOCH` for {@link NOW_ISO}. */
export const CLOCK = clockAt(NOW_ISO);

// ---------------------------------------------------------------------------------------------
// Fixture articles.

type FrontValue = string | number | boolean | Date | null | FrontValue[] | { [key: string]: FrontValue };

/** A YAML scalar as a writer would type it: plain when YAML reads it back as the same text, else double-quoted. */
function yamlScalar(value: string | number | boolean | Date | null): string {
  if (value === null) return 'null';
  if (value instanceof Date) return value.toISOString();
  if (typeof value !== 'string') return String(value);
  const plain =
    value !== '' &&
    value === value.trim() &&
    !/^[-?:,[\]{}#&*!|>'"%@`]/.test(value) &&
    !/: |:$| #|[\n\t,[\]{}]/.test(value) &&
    !/^(?:true|false|yes|no|on|off|null|~|[-+]?(?:\.?\d[\d_.]*(?:e[-+]?\d+)?|\.inf|\.nan))$/i.test(value);
  return plain ? value : JSON.stringify(value);
}

function yamlValue(value: FrontValue): string {
  if (Array.isArray(value)) return `[${value.map(yamlValue).join(', ')}]`;
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    return `{${Object.entries(value).map(([key, inner]) => `${key}: ${yamlValue(inner)}`).join(', ')}}`;
  }
  return yamlScalar(value);
}

/**
 * A Markdown article: front matter, then `body`. Front matter given as an object is written one
 * key a line, in order (lists and maps in flow style, strings plain where YAML allows, so a date
 * string stays a YAML date); given as a string it is written exactly, for tests of broken YAML
 * and of line and column numbers.
 */
export function md(frontMatter: Record<string, FrontValue> | string, body = 'Body.'): string {
  const yaml = typeof frontMatter === 'string' ? frontMatter : Object.entries(frontMatter).map(([key, value]) => `${key}: ${yamlValue(value)}`).join('\n');
  return `---\n${yaml}\n---\n${body}\n`;
}

/**
 * Wire copy: the headline on the first line, then `By …` when there is a byline, the paragraphs
 * one a line (or separated by blank lines with `blankLines`), and `Source: …` when given.
 */
export function wire(headline: string, paragraphs: string[] = ['Body.'], options: { byline?: string; source?: string; blankLines?: boolean } = {}): string {
  const separator = options.blankLines ? '\n\n' : '\n';
  const head = options.byline === undefined ? [headline] : [headline, `By ${options.byline}`];
  const tail = options.source === undefined ? [] : [`Source: ${options.source}`];
  return `${head.join('\n')}${separator}${[...paragraphs, ...tail].join(separator)}\n`;
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the compiled CLI (`bin/broadsheet.js`) to the end, with `NO_COLOR` and no clock unless `env` sets one. */
export function runCli(args: string[], options: { cwd: string; env?: Record<string, string>; timeout?: number }): CliResult {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd: options.cwd,
    env: { ...process.env, NO_COLOR: '1', ...options.env },
    encoding: 'utf8',
    // Node's 1 MiB default would kill the CLI mid-output: `check --format json` on thousands of messages is more.
    maxBuffer: 64 * 1024 * 1024,
    // A hang is a failure to report, not a test run that never ends.
    ...(options.timeout ? { timeout: options.timeout, killSignal: 'SIGKILL' as const } : {}),
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** The pids of the processes that work pictures (the darkroom) for a build in `cwd`, read from /proc; none elsewhere than Linux. */
export function darkroomsIn(cwd: string): number[] {
  if (process.platform !== 'linux') return [];
  const real = realpathSync(cwd);
  const found: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (readFileSync(`/proc/${name}/cmdline`, 'utf8').includes('darkroom-child') && readlinkSync(`/proc/${name}/cwd`) === real) found.push(Number(name));
    } catch {
      // Gone while read.
    }
  }
  return found;
}

/** Starts the compiled CLI without waiting for it (the dev server, a build to interrupt); no stdin, stdout and stderr piped. */
export function startCli(args: string[], options: { cwd: string; env?: Record<string, string> }): ChildProcessByStdio<null, Readable, Readable> {
  return spawn(process.execPath, [CLI, ...args], { cwd: options.cwd, env: { ...process.env, NO_COLOR: '1', ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
}

export interface CliBuild {
  cwd: string;
  /** The output folder (absolute). */
  out: string;
  result: CliResult;
}

/**
 * Builds the project in `cwd` through the CLI: `broadsheet build --out out …args`, at the fixed
 * {@link CLOCK} unless `env` sets another `SOURCE_DATE_EPOCH` (or `clock: false` leaves the real one).
 */
export function buildSite(cwd: string, options: { args?: string[]; env?: Record<string, string>; clock?: boolean } = {}): CliBuild {
  const env = { ...(options.clock === false ? {} : CLOCK), ...options.env };
  const result = runCli(['build', '--out', 'out', ...(options.args ?? [])], { cwd, env });
  return { cwd, out: path.join(cwd, 'out'), result };
}

export interface LibraryBuild {
  cwd: string;
  /** Where the site was written, or null when it was kept in memory. */
  out: string | null;
  /** The site in memory (path → bytes) when it was not written to disk. */
  files: Map<string, Uint8Array>;
  result: BuildResult;
}

/**
 * Builds the project in `cwd` in this process through the library API, the way the CLI does:
 * config, content and theme are read from the folder, the build runs on the main thread at
 * {@link NOW}. With `write: true` the site is written to `cwd/out`; otherwise it is kept in memory
 * (`files`, or the `memory` writer given, to build into again). A `manifest` from an earlier build
 * makes this one incremental, with the cache in `cwd/cache` unless `cacheDir` says where (a build
 * of the repo's own sample keeps its cache out of the repo). The one place tests call `build()`.
 */
export async function buildInProcess(
  cwd: string,
  options: { options?: Partial<BuildOptions>; write?: boolean; templates?: string; memory?: MemoryWriter; manifest?: Manifest | null; cacheDir?: string } = {},
): Promise<LibraryBuild> {
  const { version } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
  const { config } = await loadConfig(undefined, cwd);
  const [tree, theme] = await Promise.all([findContent('content', cwd), readTheme(options.templates ?? (existsSync(path.join(cwd, 'templates')) ? 'templates' : undefined), cwd)]);
  const out = options.write ? path.join(cwd, 'out') : null;
  const memory = options.memory ?? memoryWriter();
  // The project layer stamps a manifest as it saves it; a file saved after that is parsed again.
  const manifest = options.manifest ? { ...options.manifest, writtenAt: Date.now() } : null;
  const result = await build(
    {
      config,
      options: { drafts: false, future: false, search: false, now: NOW, ...options.options },
      tree,
      theme,
      imageSizes: await readImageSizes(tree.assets),
      version,
    },
    { writer: out ? folderWriter(out, cwd) : memory, manifest, cacheDir: options.cacheDir ?? path.join(cwd, 'cache'), pool: () => inlinePool(), aborted: () => false },
  );
  return { cwd, out, files: memory.files, result };
}

export function parseHtml(html: string): Document {
  return parseHTML(html).document as unknown as Document;
}

export function readPage(outDir: string, relative: string): Document {
  return parseHtml(readFileSync(path.join(outDir, relative), 'utf8'));
}

export function config(overrides: Partial<SiteConfig> = {}): SiteConfig {
  return { ...defaultConfig(), ...overrides };
}

/** Parses one article from text, as the build would; returns the article (or null) and the file with its messages. */
export function parseArticle(
  sourcePath: string,
  text: string | Uint8Array,
  context: Partial<ArticleContext> = {},
): { article: ParsedArticle | null; articles: ParsedArticle[]; file: VFile } {
  const file = new VFile({ path: `content/${sourcePath}`, data: { sourcePath } });
  // Bytes a format claims by sniffing stay bytes, as read.ts leaves them.
  file.value = typeof text === 'string' || claimFile(sourcePath, text)?.by === 'sniff' ? text : decode(text, file);
  const articles = file.messages.some((message) => message.fatal) ? [] : toArticles(file, { config: config(), assets: new Set(), ...context });
  return { article: articles[0] ?? null, articles, file };
}

/** `file:line:column rule` for each message, to assert on. */
export function messagesOf(file: VFile): string[] {
  return file.messages.map((message) => `${message.line ?? '-'}:${message.column ?? '-'} ${message.ruleId} ${message.fatal === true ? 'error' : message.fatal === false ? 'warning' : 'info'}: ${message.reason}`);
}

/** Every file under `dir`, relative, with `/` separators, sorted. */
export function listFiles(dir: string): string[] {
  const files: string[] = [];
  const walk = (relative: string) => {
    for (const entry of readdirSync(path.join(dir, relative), { withFileTypes: true })) {
      const child = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(child);
      else files.push(child);
    }
  };
  walk('');
  return files.sort();
}

/** Every file under `dir` with the SHA-256 of its bytes, to compare whole sites. */
export function hashes(dir: string): Record<string, string> {
  return Object.fromEntries(listFiles(dir).map((file) => [file, createHash('sha256').update(readFileSync(path.join(dir, file))).digest('hex')]));
}

/**
 * Internal links and assets (href, src) of every HTML page in a local build that do not
 * resolve to a file: `page -> target` for each. External and fragment-only links are skipped.
 */
export function brokenLinks(outDir: string): string[] {
  const files = new Set(listFiles(outDir));
  const broken: string[] = [];
  for (const page of [...files].filter((file) => file.endsWith('.html'))) {
    const document = readPage(outDir, page);
    for (const element of document.querySelectorAll('[href], [src]')) {
      const url = element.getAttribute('href') ?? element.getAttribute('src') ?? '';
      if (url === '' || /^(?:[a-z][a-z0-9+.-]*:|\/\/|#)/i.test(url)) continue;
      if (element.tagName === 'LINK' && element.getAttribute('rel') === 'canonical') continue;
      const target = url.startsWith('/')
        ? decodeURIComponent(url.split(/[?#]/)[0]!).replace(/^\//, '')
        : path.posix.normalize(path.posix.join(path.posix.dirname(page), decodeURIComponent(url.split(/[?#]/)[0]!)));
      const resolved = target === '' || target.endsWith('/') ? `${target}index.html` : target;
      if (!files.has(resolved)) broken.push(`${page} -> ${url}`);
    }
  }
  return broken;
}
