import { describe, expect, it } from 'vitest';
import { build, type BuildResult } from '../../src/build/index.js';
import type { Manifest } from '../../src/cache.js';
import { findContent, readImageSizes, readTheme } from '../../src/content/load.js';
import { defaultConfig } from '../../src/project/config-schema.js';
import { inlinePool } from '../../src/pool.js';
import { memoryWriter } from '../../src/write.js';
import { utimesSync } from 'node:fs';
import path from 'node:path';
import { parseHtml, project, writeFiles } from '../helpers.js';

// The build as a library call, written into memory: no output folder, no spawned process.

const NOW = new Date('2026-11-25T12:00:00Z');

async function buildInto(dir: string, writer: ReturnType<typeof memoryWriter>, manifest: Manifest | null = null, templates?: string): Promise<BuildResult> {
  const [tree, theme] = await Promise.all([findContent('content', dir), readTheme(templates, dir)]);
  const config = { ...defaultConfig(), title: 'The Chronicle', baseUrl: 'https://news.example/', relativeLinks: false };
  return build(
    { config, options: { drafts: false, future: false, search: false, now: NOW }, tree, theme, imageSizes: await readImageSizes(tree.assets), version: 'test' },
    { writer, manifest: manifest && { ...manifest, writtenAt: Date.now() }, cacheDir: path.join(dir, 'cache'), pool: () => inlinePool(), aborted: () => false },
  );
}

const page = (writer: ReturnType<typeof memoryWriter>, path: string) => parseHtml(Buffer.from(writer.files.get(path)!).toString('utf8'));

describe('a build written into memory', () => {
  it('should hold every page, feed and sitemap, readable as a client reads them', async () => {
    const dir = project({
      'city/2026-11-20-metro.md': '---\ntitle: Metro line opens\ndate: 2026-11-20T08:30:00+05:30\nsection: City\ntags: [Transport]\n---\nKOCHI, Nov 20 — The line opened.',
      'world/2026-11-21-storm.txt': 'Storm reaches coast\nBy Asha Rao\nThe storm reached the coast on Friday.\nSource: First Post',
    });
    const writer = memoryWriter();
    const result = await buildInto(dir, writer);
    expect(result.files.flatMap((file) => file.messages.filter((message) => message.fatal))).toEqual([]);
    expect(result.stats).toMatchObject({ articles: 2, parsed: 2, removed: 0 });
    const article = page(writer, '2026/11/20/metro-line-opens/index.html');
    expect(article.querySelector('h1.p-name')?.textContent).toBe('Metro line opens');
    expect(page(writer, 'index.html').querySelectorAll('.h-entry').length).toBe(2);
    expect(writer.files.has('feed.xml') && writer.files.has('sitemap.xml') && writer.files.has('.broadsheet')).toBe(true);
    expect(result.stats!.feeds).toBe([...writer.files.keys()].filter((file) => /(^|\/)(feed\.xml|atom\.xml|feed\.json)$/.test(file)).length);
  });

  it('should write nothing the second time, and only what an edit changes the third', async () => {
    const dir = project({
      'a.md': '---\ntitle: First story\ndate: 2026-11-20\n---\nOne.',
      'b.md': '---\ntitle: Second story\ndate: 2026-11-21\n---\nTwo.',
    });
    // Saved a while ago: a file saved in the instant of a build is parsed again, to be safe.
    const past = new Date(Date.now() - 60_000);
    for (const name of ['a.md', 'b.md']) utimesSync(path.join(dir, 'content', name), past, past);
    const writer = memoryWriter();
    const first = await buildInto(dir, writer);
    const second = await buildInto(dir, writer, first.manifest);
    expect(second.stats).toMatchObject({ parsed: 0, written: 0, removed: 0 });
    writeFiles(`${dir}/content`, { 'b.md': '---\ntitle: Second story\ndate: 2026-11-21\n---\nTwo, corrected.' });
    const third = await buildInto(dir, writer, second.manifest);
    expect(third.stats!.parsed).toBe(1);
    expect(page(writer, '2026/11/21/second-story/index.html').querySelector('.e-content')?.textContent).toContain('Two, corrected.');
    expect(third.stats!.written).toBeLessThan(first.stats!.written);
  });

  it('should leave the site in memory as it was when a template fails', async () => {
    const dir = project({ 'a.md': '---\ntitle: First story\ndate: 2026-11-20\n---\nOne.' });
    const writer = memoryWriter();
    await buildInto(dir, writer);
    const before = new Map(writer.files);
    writeFiles(dir, { 'templates/article.liquid': '{% if page %}never closed' });
    const result = await buildInto(dir, writer, null, 'templates');
    expect(result.stats).toBeNull();
    expect(result.files.some((file) => file.messages.some((message) => message.ruleId === 'template-syntax'))).toBe(true);
    expect(writer.files).toEqual(before);
  });
});
