import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isoInZone } from '../dates.js';
import { UsageError } from '../messages/errors.js';
import type { SiteConfig } from '../types.js';
import { deskOf, folderOf } from '../content/desk.js';
import { slugify } from '../urls.js';

// `broadsheet new`: a correctly named file for a new article, with what the writer fills in.

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
  const text =
    format === 'md'
      ? [
          '---',
          `title: ${JSON.stringify(headline)}`,
          'dek: ""',
          ...(author ? [`author: ${JSON.stringify(author)}`] : []),
          `date: ${iso}`,
          ...(section ? [`section: ${JSON.stringify(section)}`] : []),
          'tags: []',
          'draft: true',
          '---',
          '',
          'Write the story here. A blank line starts a new paragraph.',
          '',
        ].join('\n')
      : `${[headline, ...(author ? [`By ${author}`] : []), 'Write the story here, a paragraph a line.'].join('\n')}\n`;
  mkdirSync(folder, { recursive: true });
  writeFileSync(file, text, { flag: 'wx' });
  return display;
}
