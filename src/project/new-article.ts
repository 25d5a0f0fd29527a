import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isoInZone } from '../dates.js';
import { UsageError } from '../messages/errors.js';
import type { SiteConfig } from '../types.js';
import { deskOf, folderOf } from '../content/desk.js';
import { slugify } from '../urls.js';
import { LIVE_INDEX } from './scan.js';

// `broadsheet new`: a correctly named file for a new article, with what the writer fills in;
// with --live, the folder of a live story and its index.md; with --update, an update in one.

export interface NewArticle {
  headline: string;
  format: 'md' | 'txt';
  section: string | undefined;
  content: string;
}

/** The writer's name for a new article: the git user, else the only author in the config. */
function defaultAuthor(config: SiteConfig, cwd: string): string | null {
  try {
    const name = execFileSync('git', ['config', 'user.name'], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    if (name) return name;
  } catch {
    // No git, or no name set.
  }
  const configured = Object.keys(config.authors);
  return configured.length > 0 ? configured[0]! : null;
}

/** The front matter a writer fills in for a new story, a key a line. */
function storyKeys(headline: string, author: string | null, iso: string, section: string | undefined): string[] {
  return [
    `title: ${JSON.stringify(headline)}`,
    'dek: ""',
    ...(author ? [`author: ${JSON.stringify(author)}`] : []),
    `date: ${iso}`,
    ...(section ? [`section: ${JSON.stringify(section)}`] : []),
    'tags: []',
  ];
}

/** A new file's text: Markdown with `keys` as its front matter, or wire text. */
function storyText(format: 'md' | 'txt', headline: string, author: string | null, keys: string[], what: 'story' | 'update'): string {
  if (format === 'txt') return `${[headline, ...(author ? [`By ${author}`] : []), `Write the ${what} here, a paragraph a line.`].join('\n')}\n`;
  return ['---', ...keys, '---', '', `Write the ${what} here. A blank line starts a new paragraph.`, ''].join('\n');
}

/** Writes the new article's file, never over an existing one; returns its path from `cwd`. */
export function writeNewArticle(article: NewArticle, config: SiteConfig, now: Date, cwd: string): string {
  const { headline, format, section } = article;
  const iso = isoInZone(now, config.timeZone);
  const desk = section ? folderOf(section, config.sections) : null;
  // Wire text has no section line: its folder says it, and must say it right.
  const readsAs = desk === null ? null : deskOf(`${desk}/story.txt`, config.sections);
  if (format === 'txt' && section && readsAs !== section) {
    throw new UsageError(
      `wire text takes its section from its folder, and the folder ${desk}/ reads as "${readsAs}", not "${section}"`,
      `name the folder in broadsheet.config.json: "sections": { ${JSON.stringify(desk)}: ${JSON.stringify(section)} }, or use --format md`,
    );
  }
  const folder = path.resolve(cwd, article.content, ...(desk ? [desk] : []));
  const file = path.join(folder, `${iso.slice(0, 10)}-${slugify(headline)}.${format}`);
  const display = path.relative(cwd, file);
  if (existsSync(file)) {
    throw new UsageError(`${display} already exists; it was not changed`, 'open it to keep writing, or give the new article another headline');
  }
  const author = defaultAuthor(config, cwd);
  const text = storyText(format, headline, author, [...storyKeys(headline, author, iso, section), 'draft: true'], 'story');
  mkdirSync(folder, { recursive: true });
  writeFileSync(file, text, { flag: 'wx' });
  return display;
}

export interface NewLiveStory {
  headline: string;
  section: string | undefined;
  content: string;
}

/** A path to type on the command line: quoted when the shell would split it. */
export function shellWord(text: string): string {
  return /^[\w./@%+=:,-]+$/.test(text) ? text : `'${text.replaceAll("'", "'\\''")}'`;
}

/**
 * Makes a live story's folder, `<content>/<desk>/<date>-<slug>-live/`, with its `index.md`; never
 * into an existing folder. Returns the folder's path from `cwd`.
 */
export function writeNewLiveStory(story: NewLiveStory, config: SiteConfig, now: Date, cwd: string): string {
  const { headline, section } = story;
  const iso = isoInZone(now, config.timeZone);
  const desk = section ? folderOf(section, config.sections) : null;
  const slug = slugify(headline);
  // `…-live` names the folder as live coverage; a headline that ends so says it once.
  const name = `${iso.slice(0, 10)}-${slug === 'live' || slug.endsWith('-live') ? slug : `${slug}-live`}`;
  const parent = path.resolve(cwd, story.content, ...(desk ? [desk] : []));
  const folder = path.join(parent, name);
  const display = path.relative(cwd, folder);
  if (existsSync(folder)) {
    throw new UsageError(
      `${display} already exists; it was not changed`,
      `add an update to it: broadsheet new --update ${shellWord(display)} "Headline", or give the live story another headline`,
    );
  }
  const author = defaultAuthor(config, cwd);
  const text = [
    '---',
    ...storyKeys(headline, author, iso, section),
    'live:',
    `  start: ${iso}`,
    `  # end: ${iso}   (when the coverage ends: set the time and remove the #)`,
    'draft: true',
    '---',
    '',
    'Key points, optional: a short summary of the story so far, which leads the page above the updates. Each update is a file of its own in this folder.',
    '',
  ].join('\n');
  mkdirSync(parent, { recursive: true });
  // Not recursive: a folder made since the check above is refused, not written into.
  mkdirSync(folder);
  writeFileSync(path.join(folder, LIVE_INDEX), text, { flag: 'wx' });
  return display;
}

export interface NewLiveUpdate {
  headline: string;
  format: 'md' | 'txt';
  /** The live story's folder, as typed (relative to `cwd`). */
  folder: string;
}

/**
 * Writes an update into a live story's folder, named for the minute it is posted in the site's
 * zone (`2026-11-20T0830-landfall.md`), never over an existing one; returns its path from `cwd`.
 */
export function writeNewLiveUpdate(update: NewLiveUpdate, config: SiteConfig, now: Date, cwd: string): string {
  const { headline, format } = update;
  const folder = path.resolve(cwd, update.folder);
  const stats = statSync(folder, { throwIfNoEntry: false });
  if (!stats) {
    throw new UsageError(`${update.folder} does not exist`, 'give the folder of a live story, or start one: broadsheet new --live "Headline"');
  }
  if (!stats.isDirectory() || !existsSync(path.join(folder, LIVE_INDEX))) {
    throw new UsageError(
      `not a live folder: ${update.folder} has no ${LIVE_INDEX}`,
      `a live story is a folder with ${LIVE_INDEX} and its updates; start one with broadsheet new --live "Headline"`,
    );
  }
  const iso = isoInZone(now, config.timeZone);
  const stamp = `${iso.slice(0, 10)}T${iso.slice(11, 13)}${iso.slice(14, 16)}`;
  const file = path.join(folder, `${stamp}-${slugify(headline)}.${format}`);
  const display = path.relative(cwd, file);
  if (existsSync(file)) {
    throw new UsageError(`${display} already exists; it was not changed`, 'open it to keep writing, or give the new update another headline');
  }
  const author = defaultAuthor(config, cwd);
  const text = storyText(format, headline, author, [`title: ${JSON.stringify(headline)}`, `time: ${iso}`, ...(author ? [`author: ${JSON.stringify(author)}`] : [])], 'update');
  writeFileSync(file, text, { flag: 'wx' });
  return display;
}
