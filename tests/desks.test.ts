import { execFileSync } from 'node:child_process';
import { utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildSite, listFiles, md, project, readPage, wire } from './helpers.js';

// Desk folders, dates for undated copy, and how a warm build keeps up with both.

function git(cwd: string, args: string[], date: string): void {
  const env = { ...process.env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date };
  execFileSync('git', ['-c', 'user.name=Desk', '-c', 'user.email=desk@news.example', '-c', 'commit.gpgsign=false', ...args], { cwd, env, stdio: 'ignore' });
}

function commitAll(cwd: string, date: string): void {
  git(cwd, ['add', '-A'], date);
  git(cwd, ['commit', '-q', '-m', 'File copy'], date);
}

const timeOf = (out: string, page: string) => readPage(out, page).querySelector('.h-entry time.dt-published')?.getAttribute('datetime') ?? null;

describe('desk folders', () => {
  it('should name a folder\'s section as the config says, and as the desk writes it otherwise', () => {
    const cwd = project(
      {
        'us/2026-11-20-vote.txt': wire('Senate passes the bill'),
        'middle-east/2026-11-20-talks.txt': wire('Talks resume in Doha'),
        'world/2026-11-20-own.md': md({ title: 'Its own section', section: 'Features', date: '2026-11-20' }),
      },
      { sections: { us: 'U.S.' } },
    );
    const { out, result } = buildSite(cwd, { args: ['--no-search'] });
    expect(result.code, result.stderr).toBe(0);
    const kicker = (page: string) => readPage(out, page).querySelector('.p-category')?.textContent?.trim();
    expect(kicker('2026/11/20/senate-passes-the-bill/index.html')).toBe('U.S.');
    expect(kicker('2026/11/20/talks-resume-in-doha/index.html')).toBe('Middle East');
    expect(kicker('2026/11/20/its-own-section/index.html')).toBe('Features');
    expect(listFiles(out)).toContain('sections/u-s/index.html');
  });
});

describe('dates for undated copy', () => {
  it('should date a story by its first commit, and a warm build should see a commit that touched no file', () => {
    const cwd = project({ 'world/quake.txt': wire('Quake hits the coast') });
    git(cwd, ['init', '-q', '-b', 'main'], '2026-11-01T08:00:00+00:00');
    commitAll(cwd, '2026-11-01T08:00:00+00:00');
    const first = buildSite(cwd, { args: ['--no-search'] });
    expect(first.result.code, first.result.stderr).toBe(0);
    expect(timeOf(first.out, 'quake-hits-the-coast/index.html')).toBe('2026-11-01T08:00:00+00:00');
    // Search engines see the date readers see.
    const jsonLd = [...readPage(first.out, 'quake-hits-the-coast/index.html').querySelectorAll('script[type="application/ld+json"]')].map((script) => JSON.parse(script.textContent!));
    expect(jsonLd.find((item) => item['@type'] === 'NewsArticle')?.datePublished).toBe('2026-11-01T08:00:00+00:00');

    // A story written before the first build, committed after it: the same file, now dated.
    writeFileSync(path.join(cwd, 'content', 'world', 'storm.txt'), wire('Storm nears the port'));
    const beforeCommit = buildSite(cwd, { args: ['--no-search'] });
    expect(timeOf(beforeCommit.out, 'storm-nears-the-port/index.html')).toBeNull();
    commitAll(cwd, '2026-11-10T08:00:00+00:00');
    const afterCommit = buildSite(cwd, { args: ['--no-search'] });
    expect(afterCommit.result.stderr).not.toContain('Up to date');
    expect(timeOf(afterCommit.out, 'storm-nears-the-port/index.html')).toBe('2026-11-10T08:00:00+00:00');
    // Newest first: the storm, committed later, now leads.
    expect(readPage(afterCommit.out, 'index.html').querySelector('.teaser .p-name')?.textContent?.trim()).toBe('Storm nears the port');
  });

  it('should never hold a story back by a date it was not given: a commit after the build clock still publishes', () => {
    const cwd = project({ 'world/quake.txt': wire('Quake hits the coast') });
    git(cwd, ['init', '-q', '-b', 'main'], '2027-01-01T08:00:00+00:00');
    commitAll(cwd, '2027-01-01T08:00:00+00:00');
    const { out, result } = buildSite(cwd, { args: ['--no-search'] });
    expect(result.code).toBe(0);
    expect(result.stderr).not.toContain('held back');
    expect(listFiles(out)).toContain('quake-hits-the-coast/index.html');
  });

  it('should take a file\'s modification time when the config says "mtime", and no date with "none"', () => {
    const files = { 'world/quake.txt': wire('Quake hits the coast') };
    const mtime = project(files, { undated: 'mtime' });
    utimesSync(path.join(mtime, 'content', 'world', 'quake.txt'), new Date('2026-11-03T06:00:00Z'), new Date('2026-11-03T06:00:00Z'));
    expect(timeOf(buildSite(mtime, { args: ['--no-search'] }).out, 'quake-hits-the-coast/index.html')).toBe('2026-11-03T06:00:00+00:00');

    const none = project(files, { undated: 'none' });
    git(none, ['init', '-q', '-b', 'main'], '2026-11-01T08:00:00+00:00');
    commitAll(none, '2026-11-01T08:00:00+00:00');
    expect(timeOf(buildSite(none, { args: ['--no-search'] }).out, 'quake-hits-the-coast/index.html')).toBeNull();
  });
});
