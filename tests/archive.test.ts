import { execFileSync } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseFeed } from '@rowanmanning/feed-parser';
import { mf2 } from 'microformats-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildSite, hashes, listFiles, parseHtml, tempDir, writeFiles, type CliBuild } from './helpers.js';

// A newsroom's archive as it is: thousands of wire stories in desk folders, kept in git, filed
// twice, under shared headlines, some undated, one in Windows-1252, one in a date folder. It must
// build, unedited, into a site a reader takes for a newspaper's archive.

const DESKS = ['business', 'entertainment', 'politics', 'sport', 'tech'];
const PER_DESK = 420;
const BASE_URL = 'https://archive.example/';
const WORDS = ['council', 'market', 'league', 'budget', 'studio', 'court', 'chip', 'harbour', 'festival', 'election', 'rates', 'final'];

/** A wire story in the archive's shape: headline, blank line, paragraphs between blank lines. */
function story(headline: string, token: string, seed: number): string {
  const word = (n: number) => WORDS[(seed + n) % WORDS.length]!;
  const paragraphs = [
    `The ${word(1)} said on Monday that the ${word(2)} would change, in a move that ${token} observers had expected for months.`,
    `Officials met for three hours. "We have listened," one said of the ${word(3)}.`,
    `Further talks on the ${word(4)} are planned for next week.`,
  ];
  return `${headline}\n\n${paragraphs.join('\n\n')}\n`;
}

interface Archive {
  files: Record<string, string | Uint8Array>;
  /** Each distinct story's token, and the file that must publish it. */
  stories: Map<string, string>;
  copies: number;
  sharedHeadlines: number;
}

function makeArchive(): Archive {
  const files: Record<string, string | Uint8Array> = {};
  const stories = new Map<string, string>();
  let copies = 0;
  let sharedHeadlines = 0;
  for (const desk of DESKS) {
    for (let i = 1; i <= PER_DESK; i++) {
      const name = `${desk}/${String(i).padStart(3, '0')}.txt`;
      const token = `tok${desk}${i}x`;
      files[name] = story(`${desk[0]!.toUpperCase()}${desk.slice(1)} report number ${i} on the ${WORDS[i % WORDS.length]}`, token, i);
      stories.set(token, name);
    }
  }
  // Filed twice: byte for byte, in another desk (30), and re-saved with other white space (10).
  for (let i = 1; i <= 30; i++) {
    files[`${DESKS[(i + 1) % DESKS.length]}/copy-${i}.txt`] = files[`${DESKS[i % DESKS.length]}/${String(i).padStart(3, '0')}.txt`]!;
    copies++;
  }
  for (let i = 1; i <= 10; i++) {
    const original = files[`sport/${String(100 + i).padStart(3, '0')}.txt`] as string;
    files[`sport/resent-${i}.txt`] = `  ${original.replaceAll('\n\n', '\n\n\n').replaceAll(' said', '  said')}\n\n`;
    copies++;
  }
  // Different stories under one headline (and two that only a hyphen tells apart).
  for (let i = 1; i <= 10; i++) {
    const token = `tokshared${i}x`;
    files[`politics/shared-${i}.txt`] = story(`Politics report number ${i} on the ${WORDS[i % WORDS.length]}`, token, 100 + i);
    stories.set(token, `politics/shared-${i}.txt`);
    sharedHeadlines++;
  }
  files['business/nasdaq-a.txt'] = story('Nasdaq planning $100m share sale', 'toknasdaqax', 1);
  files['business/nasdaq-b.txt'] = story('Nasdaq planning $100m-share sale', 'toknasdaqbx', 2);
  stories.set('toknasdaqax', 'business/nasdaq-a.txt');
  stories.set('toknasdaqbx', 'business/nasdaq-b.txt');
  sharedHeadlines++;
  // Windows-1252: a pound sign and curly quotes as single bytes.
  files['business/cp1252.txt'] = Buffer.concat([
    Buffer.from('Pound slides against the euro\n\nThe pound fell to '),
    Buffer.from([0xa3]),
    Buffer.from('1.10, tokcpx dealers said. '),
    Buffer.from([0x93]),
    Buffer.from('It is a bad week,'),
    Buffer.from([0x94]),
    Buffer.from(' one said.\n'),
  ]);
  stories.set('tokcpx', 'business/cp1252.txt');
  // Dated by their names, and in a date folder.
  files['sport/2026-11-20-cup-final.txt'] = story('Cup final goes to penalties', 'tokcupx', 3);
  files['2026/11/tech/2026-11-21-chip-plant.txt'] = story('Chip plant opens on the coast', 'tokchipx', 4);
  stories.set('tokcupx', 'sport/2026-11-20-cup-final.txt');
  stories.set('tokchipx', '2026/11/tech/2026-11-21-chip-plant.txt');
  return { files, stories, copies, sharedHeadlines };
}

function git(cwd: string, args: string[], date?: string): void {
  const env = { ...process.env, ...(date ? { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date } : {}) };
  execFileSync('git', ['-c', 'user.name=Archive Desk', '-c', 'user.email=desk@archive.example', '-c', 'commit.gpgsign=false', ...args], { cwd, env, stdio: 'ignore' });
}

/** The archive in a git repository, a desk (and then the rest) a commit, a fortnight apart. */
function archiveRepository(archive: Archive): string {
  const cwd = tempDir('broadsheet-archive-');
  writeFiles(path.join(cwd, 'content'), archive.files);
  // No photo processing: a social card for each of 2,000 stories is the images tests' business.
  writeFileSync(path.join(cwd, 'broadsheet.config.json'), JSON.stringify({ title: 'The Archive', baseUrl: BASE_URL, timeZone: 'Europe/London', images: false }));
  git(cwd, ['init', '-q', '-b', 'main']);
  const folders = [...DESKS, '2026'];
  folders.forEach((folder, index) => {
    git(cwd, ['add', path.join('content', folder)]);
    git(cwd, ['commit', '-q', '-m', `Import the ${folder} desk`], `2026-10-${String(1 + index * 4).padStart(2, '0')}T09:00:00Z`);
  });
  git(cwd, ['add', '-A']);
  git(cwd, ['commit', '-q', '-m', 'Config'], '2026-10-30T09:00:00Z');
  return cwd;
}

const build = (cwd: string, args: string[] = []): CliBuild => buildSite(cwd, { args: ['--no-search', '--no-cache', ...args] });

/** Each article page's story token, by the page's path: read as a microformats parser reads it. */
function articlePages(out: string): Map<string, string> {
  const pages = new Map<string, string>();
  for (const file of listFiles(out).filter((name) => name.endsWith('.html'))) {
    const html = readFileSync(path.join(out, file), 'utf8');
    const entries = mf2(html, { baseUrl: `${BASE_URL}${file}` }).items.filter((item) => item.type?.includes('h-entry'));
    // A page with one entry that has its content is an article; lists have teasers with none.
    if (entries.length !== 1 || !entries[0]!.properties['content']) continue;
    const content = JSON.stringify(entries[0]!.properties['content']);
    const token = /tok[a-z0-9]+x/.exec(content)?.[0];
    if (token) pages.set(file, token);
  }
  return pages;
}

describe('a real archive: 2,000+ wire stories in desk folders, in git, unedited', () => {
  const archive = makeArchive();
  let repo: string;
  let first: CliBuild;
  let pages: Map<string, string>;
  let home: ReturnType<typeof mf2>;

  beforeAll(() => {
    repo = archiveRepository(archive);
    first = build(repo);
    pages = articlePages(first.out);
    home = mf2(readFileSync(path.join(first.out, 'index.html'), 'utf8'), { baseUrl: BASE_URL });
  }, 300_000);

  it('should build, and publish one page for each distinct story', () => {
    expect(first.result.code, first.result.stderr).toBe(0);
    expect(Object.keys(archive.files).length).toBeGreaterThanOrEqual(2000);
    const tokens = [...pages.values()];
    expect(new Set(tokens).size).toBe(tokens.length);
    expect(new Set(tokens)).toEqual(new Set(archive.stories.keys()));
  });

  it('should publish a story filed twice from its first file, by date then path', () => {
    const pathOf = (token: string) => [...pages].find(([, each]) => each === token)?.[0];
    // `business/001.txt` was copied into entertainment/copy-1.txt, a later path in a later commit.
    expect(readFileSync(path.join(first.out, pathOf('tokbusiness1x')!), 'utf8')).toContain('Business report number 1 on');
    expect(first.result.stderr).toMatch(new RegExp(`${archive.copies} warnings \\[duplicate-story\\]`));
  });

  it('should give stories that share a headline a URL each, the first by path keeping the plain one', () => {
    const nasdaq = [...pages].filter(([, token]) => token.startsWith('toknasdaq')).sort(([a], [b]) => (a < b ? -1 : 1));
    expect(nasdaq.map(([file]) => file)).toEqual([expect.stringMatching(/^nasdaq-planning-100m-share-sale-[0-9a-f]{6}\/index\.html$/), 'nasdaq-planning-100m-share-sale/index.html']);
    expect(nasdaq.find(([file]) => file === 'nasdaq-planning-100m-share-sale/index.html')![1]).toBe('toknasdaqax');
    expect(first.result.stderr).toMatch(new RegExp(`${archive.sharedHeadlines} warnings \\[shared-headline\\]`));
  });

  it('should say what happened in a report that fits a screen', () => {
    const lines = first.result.stderr.trimEnd().split('\n');
    expect(lines.length).toBeLessThanOrEqual(40);
    const closing = lines.at(-1)!;
    expect(closing).toMatch(new RegExp(`^Built ${archive.stories.size} articles \\(${archive.copies} copies of stories filed twice merged, ${archive.sharedHeadlines} given a URL suffix\\)`));
  });

  it('should make each desk folder a section, named as the desk writes it, and link it from the masthead', () => {
    const masthead = parseHtml(readFileSync(path.join(first.out, 'index.html'), 'utf8'));
    const navigation = [...masthead.querySelectorAll('nav a')].map((link) => link.textContent?.trim());
    for (const desk of ['Business', 'Entertainment', 'Politics', 'Sport', 'Tech']) expect(navigation).toContain(desk);
    const sportPage = [...pages].find(([, token]) => token === 'toksport7x')![0];
    const entry = mf2(readFileSync(path.join(first.out, sportPage), 'utf8'), { baseUrl: BASE_URL }).items[0]!;
    expect(entry.properties['category']).toContain('Sport');
    // A date folder is no desk: the story in 2026/11/tech/ is Tech's.
    const chip = [...pages].find(([, token]) => token === 'tokchipx')![0];
    expect(mf2(readFileSync(path.join(first.out, chip), 'utf8'), { baseUrl: BASE_URL }).items[0]!.properties['category']).toContain('Tech');
  });

  it('should order the home page newest first, and give every teaser the story\'s lede', () => {
    const entries = home.items.flatMap(function walk(item): typeof home.items {
      return item.type?.includes('h-entry') ? [item] : (item.children ?? []).flatMap(walk);
    });
    expect(entries.length).toBeGreaterThan(10);
    const published = entries.map((entry) => Date.parse(String(entry.properties['published']?.[0])));
    expect(published.every((time) => Number.isFinite(time))).toBe(true);
    expect(published).toEqual([...published].sort((a, b) => b - a));
    for (const entry of entries) {
      const summary = String(entry.properties['summary']?.[0] ?? '');
      expect(summary.split(' ').length, summary).toBeGreaterThanOrEqual(5);
      expect(summary).not.toMatch(/^By /);
    }
    // The lede is the first sentence, not the story's first 160 characters.
    expect(entries.map((entry) => String(entry.properties['summary']![0])).filter((summary) => summary.endsWith('months.')).length).toBeGreaterThan(0);
  });

  it('should date undated stories by their first commit, and put them in feeds and date archives', () => {
    const page = [...pages].find(([, token]) => token === 'toktech5x')![0];
    const entry = mf2(readFileSync(path.join(first.out, page), 'utf8'), { baseUrl: BASE_URL }).items[0]!;
    // The tech desk was the fifth commit, on 17 October at 09:00 UTC (10:00 in London).
    expect(entry.properties['published']).toEqual(['2026-10-17T10:00:00+01:00']);
    const feed = parseFeed(readFileSync(path.join(first.out, 'feed.xml'), 'utf8'));
    expect(feed.items.length).toBe(20);
    expect(listFiles(first.out)).toContain('2026/10/index.html');
  });

  it('should read a Windows-1252 file as its writer wrote it', () => {
    const page = [...pages].find(([, token]) => token === 'tokcpx')![0];
    const text = parseHtml(readFileSync(path.join(first.out, page), 'utf8')).querySelector('.e-content')!.textContent!;
    expect(text).toContain('The pound fell to £1.10');
    expect(text).toContain('“It is a bad week,”');
  });

  it('should give every story the same URL from a shallow clone and from a copy outside git, and say where dates came from', () => {
    const shallow = tempDir('broadsheet-shallow-');
    execFileSync('git', ['clone', '-q', '--depth', '1', `file://${repo}`, shallow], { stdio: 'ignore' });
    const fromClone = build(shallow, ['--verbose']);
    expect(fromClone.result.code).toBe(0);
    expect(fromClone.result.stderr).toMatch(/note: dates: \d+ undated stories dated from their first commit in git/);
    const copy = tempDir('broadsheet-copy-');
    cpSync(path.join(repo, 'content'), path.join(copy, 'content'), { recursive: true });
    cpSync(path.join(repo, 'broadsheet.config.json'), path.join(copy, 'broadsheet.config.json'));
    const outsideGit = build(copy);
    expect(outsideGit.result.code).toBe(0);
    expect(articlePages(fromClone.out)).toEqual(pages);
    expect(articlePages(outsideGit.out)).toEqual(pages);
  });

  it('should build the same bytes again', () => {
    const again = build(repo, ['--out', 'again']);
    expect(again.result.code).toBe(0);
    expect(hashes(path.join(repo, 'again'))).toEqual(hashes(first.out));
  });
});
