import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseFeed } from '@rowanmanning/feed-parser';
import { describe, expect, it } from 'vitest';
import { build, type BuildResult } from '../../src/build/index.js';
import type { Manifest } from '../../src/build/cache.js';
import { findContent, readTheme } from '../../src/project/scan.js';
import { inlinePool } from '../../src/build/workers/pool.js';
import { memoryWriter } from '../../src/write.js';
import { buildInProcess, config, md, parseHtml, project, tempDir } from '../helpers.js';

// A whole build into memory: every output the registry lists, rendered from the default theme,
// read back from the writer, and built again to see that only what changed is rewritten.

const NOW = new Date(Date.UTC(2026, 10, 25, 12));
const story = (headline: string, date: string, section: string, body: string) =>
  `---\nheadline: ${headline}\ndek: ${headline}, in short.\npubDate: ${date}\ncategory: ${section}\n---\n\n${body}\n`;

function newsroom(): { dir: string; run: () => Promise<BuildResult & { written: string[] }>; files: Map<string, Uint8Array> } {
  const dir = project({
    'world/2026-11-24-nets.md': story('Ghost nets choke the harbour', '2026-11-24', 'World', 'Divers found a net every 40 metres.'),
    'city/2026-11-20-tram.md': story('Tram line opens', '2026-11-20', 'City', 'The first tram left at six.'),
  });
  const writer = memoryWriter();
  const cacheDir = tempDir();
  let manifest: Manifest | null = null;
  const run = async () => {
    const before = new Map(writer.files);
    const [tree, theme] = [await findContent('content', dir), await readTheme(undefined, dir)];
    const result = await build(
      { config: config({ title: 'The Test Times', baseUrl: 'https://news.example/' }), options: { drafts: false, future: false, search: false, now: NOW }, tree, theme, imageSizes: new Map(), version: 'test' },
      { writer, manifest, cacheDir, pool: () => inlinePool(), aborted: () => false },
    );
    manifest = result.manifest;
    const written = [...writer.files].filter(([file, bytes]) => before.get(file) !== bytes).map(([file]) => file);
    return { ...result, written: written.sort() };
  };
  return { dir, run, files: writer.files };
}

describe('a whole build into memory', () => {
  it('should write every output, and on a second build only what an edit changed', async () => {
    const site = newsroom();
    const first = await site.run();
    expect(first.files.flatMap((file) => file.messages.filter((message) => message.fatal))).toEqual([]);
    const text = (file: string) => new TextDecoder().decode(site.files.get(file)!);
    for (const file of ['index.html', 'sections/world/index.html', 'archive/index.html', '404.html', 'feed.xml', 'sitemap.xml', 'robots.txt', 'favicon.svg']) {
      expect(site.files.has(file), file).toBe(true);
    }
    const page = parseHtml(text('2026/11/24/ghost-nets-choke-the-harbour/index.html'));
    expect(page.querySelector('h1')?.textContent).toBe('Ghost nets choke the harbour');
    expect(page.querySelector('link[rel="canonical"]')?.getAttribute('href')).toBe('https://news.example/2026/11/24/ghost-nets-choke-the-harbour/');
    expect(parseFeed(text('feed.xml')).items.map((item) => item.title)).toEqual(['Ghost nets choke the harbour', 'Tram line opens']);
    expect(first.stats).toMatchObject({ articles: 2, feeds: 9 });

    expect((await site.run()).written).toEqual([]);

    writeFileSync(path.join(site.dir, 'content/city/2026-11-20-tram.md'), story('Tram line opens', '2026-11-20', 'City', 'The first tram left at seven.'));
    const third = await site.run();
    expect(third.written).toContain('2026/11/20/tram-line-opens/index.html');
    expect(third.written).toContain('sections/city/feed.xml');
    expect(third.written).not.toContain('2026/11/24/ghost-nets-choke-the-harbour/index.html');
    expect(third.written).not.toContain('sections/world/feed.xml');
    expect(text('2026/11/20/tram-line-opens/index.html')).toContain('The first tram left at seven.');
  });
});

describe('a build with stories from the first century', () => {
  it('should file them under their own year, with the year written in four digits', async () => {
    const dir = project(
      {
        'history/vesuvius.md': md({ title: 'Vesuvius buries Pompeii', date: '0079-10-24' }),
        'city/tram.md': md({ title: 'Tram line opens', date: '2026-11-20' }),
      },
      { timeZone: 'Asia/Kolkata' },
    );
    const { files } = await buildInProcess(dir);
    const text = (file: string) => new TextDecoder().decode(files.get(file)!);
    for (const file of ['0079/10/24/vesuvius-buries-pompeii/index.html', '0079/index.html', '0079/10/index.html']) {
      expect(files.has(file), file).toBe(true);
    }
    expect([...files.keys()].filter((file) => file.startsWith('1979/'))).toEqual([]);
    const page = parseHtml(text('0079/10/24/vesuvius-buries-pompeii/index.html'));
    expect(page.querySelector('time.dt-published')?.getAttribute('datetime')).toBe('0079-10-24T00:00:00+05:53');
    const archive = parseHtml(text('archive/index.html'));
    expect([...archive.querySelectorAll('.archive-index h2 a')].map((link) => link.textContent)).toEqual(['2026', '0079']);
    expect([...archive.querySelectorAll('.archive-index li a')].map((link) => link.textContent)).toEqual(['November 2026', 'October 0079']);
  });
});

describe('a story in another language than the site', () => {
  it("should mark the theme's own words and dates in the site's language, and leave the story's words in its own", async () => {
    const dir = project({
      'world/beirut.md': md(
        { title: 'مرفأ بيروت يعود إلى العمل', lang: 'ar', date: '2026-11-22', updated: '2026-11-24', authors: ['ليلى حداد', 'Tom Okafor'], section: 'World', tags: ['Lebanon'], source: 'Reuters' },
        'بيروت — عادت السفن إلى المرفأ.',
      ),
      'world/nets.md': md({ title: 'Ghost nets choke the harbour', date: '2026-11-21', author: 'Maya Fernandes', section: 'World', tags: ['Lebanon'] }, 'Divers found a net every 40 metres.'),
      'world/draft.md': md({ title: 'مسودة', lang: 'ar', date: '2026-11-20', draft: true }, 'نص.'),
    });
    const { files } = await buildInProcess(dir, { options: { drafts: true } });
    const page = (file: string) => parseHtml(new TextDecoder().decode(files.get(file)!));
    const langOf = (node: Element | null | undefined) => [node?.closest('[lang]')?.getAttribute('lang'), node?.closest('[dir]')?.getAttribute('dir')];
    const story = page([...files.keys()].find((file) => file.startsWith('2026/11/22/'))!);
    const words = (selector: string) => [...story.querySelectorAll(selector)].map((node) => [node.textContent!.trim(), ...langOf(node)]);

    expect(langOf(story.querySelector('h1.headline'))).toEqual(['ar', 'rtl']);
    expect(words('.byline .p-author')).toEqual([['ليلى حداد', 'ar', 'rtl'], ['Tom Okafor', 'ar', 'rtl']]);
    expect(words('.byline span[lang]')).toEqual([
      ['By', 'en', 'ltr'],
      ['and', 'en', 'ltr'],
      ['November 22, 2026', 'en', 'ltr'],
      ['Updated', 'en', 'ltr'],
      ['November 24, 2026', 'en', 'ltr'],
    ]);
    for (const selector of ['.kicker a', '.tags-label', '.tags .p-category', '.attribution']) {
      expect(langOf(story.querySelector(`${selector} > span`)), selector).toEqual(['en', 'ltr']);
    }
    expect(langOf(story.querySelector('.attribution cite'))).toEqual(['ar', 'rtl']);
    const draft = page([...files.keys()].find((file) => file.startsWith('2026/11/20/'))!);
    expect([draft.querySelector('.status-badge')?.textContent, ...langOf(draft.querySelector('.status-badge > span'))]).toEqual(['DRAFT', 'en', 'ltr']);

    // In a list on the English home page: the teaser is the story's, its byline words the site's.
    const teaser = page('index.html').querySelector('article.teaser[lang="ar"]');
    expect(langOf(teaser?.querySelector('.teaser-headline'))).toEqual(['ar', 'rtl']);
    expect(langOf(teaser?.querySelector('.authors > span'))).toEqual(['en', 'ltr']);

    // A story in the site's own language has no such marks.
    const english = page([...files.keys()].find((file) => file.startsWith('2026/11/21/'))!);
    expect(english.querySelector('article span[lang]')).toBeNull();
    expect(english.querySelector('.byline .authors')?.textContent?.trim().startsWith('By')).toBe(true);
  });
});
