import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseHTML } from 'linkedom';
import { afterAll } from 'vitest';
import { VFile } from 'vfile';
import { defaultConfig } from '../src/config-schema.js';
import { toArticle, type ArticleContext } from '../src/content/parse.js';
import { decode } from '../src/content/read.js';
import type { Article, SiteConfig } from '../src/types.js';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const CLI = path.join(ROOT, 'bin', 'broadsheet.js');
export const SEED = path.join(ROOT, 'content', '000_f9f8abcdc28e9b89.txt');

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

/** A project folder with `content/` holding `files`. */
export function project(files: Record<string, string | Uint8Array>): string {
  const dir = tempDir();
  writeFiles(path.join(dir, 'content'), files);
  return dir;
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], options: { cwd: string; env?: Record<string, string> }): CliResult {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd: options.cwd,
    env: { ...process.env, NO_COLOR: '1', ...options.env },
    encoding: 'utf8',
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
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
): { article: Article | null; file: VFile } {
  const file = new VFile({ path: `content/${sourcePath}`, data: { sourcePath } });
  file.value = typeof text === 'string' ? text : decode(text, file);
  const article = file.messages.some((message) => message.fatal) ? null : toArticle(file, { config: config(), assets: new Set(), ...context });
  return { article, file };
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
