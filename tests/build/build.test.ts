import { utimesSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryWriter } from '../../src/write.js';
import { buildInProcess, md, parseHtml, project, writeFiles } from '../helpers.js';

// The build as a library call, written into memory: no output folder, no spawned process.

const CONFIG = { title: 'The Chronicle', baseUrl: 'https://news.example/' };

const page = (writer: ReturnType<typeof memoryWriter>, file: string) => parseHtml(Buffer.from(writer.files.get(file)!).toString('utf8'));

describe('a build written into memory', () => {
  it('should hold every page, feed and sitemap, readable as a client reads them', async () => {
    const dir = project(
      {
        'city/2026-11-20-metro.md': '---\ntitle: Metro line opens\ndate: 2026-11-20T08:30:00+05:30\nsection: City\ntags: [Transport]\n---\nKOCHI, Nov 20 — The line opened.',
        'world/2026-11-21-storm.txt': 'Storm reaches coast\nBy Asha Rao\nThe storm reached the coast on Friday.\nSource: First Post',
      },
      CONFIG,
    );
    const writer = memoryWriter();
    const { result } = await buildInProcess(dir, { memory: writer });
    expect(result.files.flatMap((file) => file.messages.filter((message) => message.fatal))).toEqual([]);
    expect(result.stats).toMatchObject({ articles: 2, parsed: 2, removed: 0 });
    const article = page(writer, '2026/11/20/metro-line-opens/index.html');
    expect(article.querySelector('h1.p-name')?.textContent).toBe('Metro line opens');
    expect(page(writer, 'index.html').querySelectorAll('.h-entry').length).toBe(2);
    expect(writer.files.has('feed.xml') && writer.files.has('sitemap.xml') && writer.files.has('.broadsheet')).toBe(true);
    expect(result.stats!.feeds).toBe([...writer.files.keys()].filter((file) => /(^|\/)(feed\.xml|atom\.xml|feed\.json)$/.test(file)).length);
  });

  it('should write nothing the second time, and only what an edit changes the third', async () => {
    const dir = project({ 'a.md': md({ title: 'First story', date: '2026-11-20' }, 'One.'), 'b.md': md({ title: 'Second story', date: '2026-11-21' }, 'Two.') }, CONFIG);
    // Saved a while ago: a file saved in the instant of a build is parsed again, to be safe.
    const past = new Date(Date.now() - 60_000);
    for (const name of ['a.md', 'b.md']) utimesSync(path.join(dir, 'content', name), past, past);
    const writer = memoryWriter();
    const { result: first } = await buildInProcess(dir, { memory: writer });
    const { result: second } = await buildInProcess(dir, { memory: writer, manifest: first.manifest });
    expect(second.stats).toMatchObject({ parsed: 0, written: 0, removed: 0 });
    writeFiles(`${dir}/content`, { 'b.md': md({ title: 'Second story', date: '2026-11-21' }, 'Two, corrected.') });
    const { result: third } = await buildInProcess(dir, { memory: writer, manifest: second.manifest });
    expect(third.stats!.parsed).toBe(1);
    expect(page(writer, '2026/11/21/second-story/index.html').querySelector('.e-content')?.textContent).toContain('Two, corrected.');
    expect(third.stats!.written).toBeLessThan(first.stats!.written);
  });

  it('should leave the site in memory as it was when a template fails', async () => {
    const dir = project({ 'a.md': md({ title: 'First story', date: '2026-11-20' }, 'One.') }, CONFIG);
    const writer = memoryWriter();
    await buildInProcess(dir, { memory: writer });
    const before = new Map(writer.files);
    writeFiles(dir, { 'templates/article.liquid': '{% if page %}never closed' });
    const { result } = await buildInProcess(dir, { memory: writer, templates: 'templates' });
    expect(result.stats).toBeNull();
    expect(result.files.some((file) => file.messages.some((message) => message.ruleId === 'template-syntax'))).toBe(true);
    expect(writer.files).toEqual(before);
  });

  it('should place the warning for a link to an unpublished article where the link is written, warm or cold', async () => {
    const dir = project(
      {
        'a.md': md({ title: 'First story', date: '2026-11-20' }, 'One.\n\nSee [the draft](b.md) for more.'),
        'b.md': md({ title: 'Second story', date: '2026-11-21', draft: true }, 'Two.'),
      },
      CONFIG,
    );
    const past = new Date(Date.now() - 60_000);
    for (const name of ['a.md', 'b.md']) utimesSync(path.join(dir, 'content', name), past, past);
    const warningsOf = (result: Awaited<ReturnType<typeof buildInProcess>>['result']) =>
      result.files.flatMap((file) => file.messages.filter((message) => message.ruleId === 'link-not-found').map((message) => `${file.path}:${message.line}:${message.column}`));
    const writer = memoryWriter();
    const { result: cold } = await buildInProcess(dir, { memory: writer });
    expect(warningsOf(cold)).toEqual(['content/a.md:7:5']);
    const { result: warm } = await buildInProcess(dir, { memory: writer, manifest: cold.manifest });
    expect(warm.stats!.parsed).toBe(0);
    expect(warningsOf(warm)).toEqual(['content/a.md:7:5']);
  });

  it('should never keep a page made for the dev server in a site built for publishing', async () => {
    const dir = project({ 'a.md': md({ title: 'First story', date: '2026-11-20' }, 'One.') }, CONFIG);
    const past = new Date(Date.now() - 60_000);
    utimesSync(path.join(dir, 'content', 'a.md'), past, past);
    const policyOf = (writer: ReturnType<typeof memoryWriter>) =>
      page(writer, '2026/11/20/first-story/index.html').querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content');
    const writer = memoryWriter();
    const { result: dev } = await buildInProcess(dir, { memory: writer, options: { dev: true } });
    expect(policyOf(writer)).toContain("script-src 'self'");
    // The same output and cache, built for publishing: what a cold build gives, byte for byte.
    await buildInProcess(dir, { memory: writer, manifest: dev.manifest });
    const cold = memoryWriter();
    await buildInProcess(dir, { memory: cold });
    expect(policyOf(writer)).not.toContain('script-src');
    expect(writer.files).toEqual(cold.files);
  });
});
