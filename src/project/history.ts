import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { SourceRef } from './scan.js';
import type { SiteConfig, UndatedDates } from '../types.js';

// Dates for stories that carry none. An archive of wire copy often has no dates in its files,
// but a newsroom that keeps it in git has the moment each file arrived: its first commit. The
// build uses these dates to order and date stories, never to make a URL, so a shallow clone or a
// copy outside git publishes every story at the same address.

/** The dates `config.undated` asks for; null when it asks for none or the content is not in git. */
export function inferredDates(config: SiteConfig, contentDir: string, articles: SourceRef[], cacheDir: string | null): UndatedDates | null {
  const started = performance.now();
  if (config.undated === 'none') return null;
  let dates: Map<string, number> | null;
  if (config.undated === 'mtime') dates = new Map(articles.map((ref) => [ref.sourcePath, Math.floor(ref.mtimeMs / 1000) * 1000]));
  else dates = firstCommitsKept(contentDir, cacheDir);
  if (!dates) return null;
  const key = createHash('sha1');
  for (const [file, time] of dates) key.update(`${file}\0${time}\n`);
  return { from: config.undated, dates, key: key.digest('hex'), ms: performance.now() - started };
}

const HISTORY_FILE = 'history.json';

/** Whether a folder is in a git work tree, by its `.git` or an ancestor's: outside one, no git process is started. */
function insideGit(folder: string): boolean {
  for (let current = folder; ; current = path.dirname(current)) {
    if (existsSync(path.join(current, '.git'))) return true;
    if (path.dirname(current) === current) return false;
  }
}

/**
 * The first commits, kept in the cache beside the commit they were read at: a newsroom that
 * commits each story has as many commits as stories, and reading them all again on every build
 * would cost a rebuild of one story more than the story.
 */
function firstCommitsKept(contentDir: string, cacheDir: string | null): Map<string, number> | null {
  if (!insideGit(contentDir)) return null;
  // The commit, and whether the clone is shallow: deepening it (`git fetch --unshallow`) changes
  // the history but not the commit.
  const head = spawnSync('git', ['rev-parse', 'HEAD', '--is-shallow-repository'], { cwd: contentDir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  if (head.status !== 0 || typeof head.stdout !== 'string') return null;
  const commit = head.stdout.trim().replace(/\s+/g, ' ');
  const file = cacheDir ? path.join(cacheDir, HISTORY_FILE) : null;
  if (file) {
    try {
      const kept = JSON.parse(readFileSync(file, 'utf8')) as { commit: string; contentDir: string; dates: [string, number][] };
      if (kept.commit === commit && kept.contentDir === contentDir && Array.isArray(kept.dates)) return new Map(kept.dates);
    } catch {
      // None kept yet, or not readable: read the history.
    }
  }
  const dates = firstCommits(contentDir);
  if (dates && file) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(`${file}.tmp`, JSON.stringify({ commit, contentDir, dates: [...dates] }));
    renameSync(`${file}.tmp`, file);
  }
  return dates;
}

/**
 * When each file under `contentDir` was first committed, read in one pass over the history
 * (`git log`, newest first, so a file's last "added" entry is its first). Null outside a git
 * work tree, or without git.
 */
function firstCommits(contentDir: string): Map<string, number> | null {
  const log = spawnSync(
    'git',
    ['-c', 'core.quotepath=off', 'log', '--no-renames', '--diff-filter=A', '--format=%x00%ct', '--name-only', '--relative', '--', '.'],
    { cwd: contentDir, encoding: 'utf8', maxBuffer: 1024 * 1024 * 1024, stdio: ['ignore', 'pipe', 'ignore'] },
  );
  if (log.status !== 0 || typeof log.stdout !== 'string') return null;
  const dates = new Map<string, number>();
  for (const commit of log.stdout.split('\0')) {
    const [time, ...files] = commit.split('\n');
    const seconds = Number(time);
    if (!Number.isSafeInteger(seconds)) continue;
    for (const file of files) if (file !== '') dates.set(file, seconds * 1000);
  }
  return dates;
}
