import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildInProcess, buildSite, CLOCK, clockAt, listFiles, md, NOW, NOW_ISO, parseArticle, project, wire } from './helpers.js';

// The helpers every test leans on: if one of them quietly did less than it says, the tests that
// use it would pass for the wrong reason.

describe('test helpers: the clock', () => {
  it('should give SOURCE_DATE_EPOCH in whole seconds for the fixed moment', () => {
    expect(NOW.toISOString()).toBe(NOW_ISO);
    expect(CLOCK).toEqual({ SOURCE_DATE_EPOCH: String(Date.UTC(2026, 10, 25, 12) / 1000) });
    expect(clockAt('2030-01-02T00:00:00Z')).toEqual({ SOURCE_DATE_EPOCH: String(Date.UTC(2030, 0, 2) / 1000) });
  });

  it('should refuse a date that is not one, or not a whole second', () => {
    expect(() => clockAt('tomorrow')).toThrow('not a whole-second ISO date');
    expect(() => clockAt('2026-11-25T12:00:00.500Z')).toThrow('not a whole-second ISO date');
  });
});

describe('test helpers: fixture articles', () => {
  it('should write front matter given as text exactly', () => {
    expect(md('title: A\ntags: [a, b', 'Text.')).toBe('---\ntitle: A\ntags: [a, b\n---\nText.\n');
    expect(md('title: A')).toBe('---\ntitle: A\n---\nBody.\n');
  });

  it('should write front matter given as an object one key a line, plain where YAML allows', () => {
    expect(md({ title: 'Harbour clean-up', date: '2026-11-23', tags: ['Environment', 'Oceans'], image: { src: 'net.svg', alt: 'A net' }, draft: true })).toBe(
      '---\ntitle: Harbour clean-up\ndate: 2026-11-23\ntags: [Environment, Oceans]\nimage: {src: net.svg, alt: A net}\ndraft: true\n---\nBody.\n',
    );
    expect(md({ title: 'Council approves: a budget', dek: '#1 story', slug: 'yes', n: '12', empty: '' })).toBe(
      '---\ntitle: "Council approves: a budget"\ndek: "#1 story"\nslug: "yes"\nn: "12"\nempty: ""\n---\nBody.\n',
    );
  });

  it('should write front matter the article parser reads back as given', () => {
    const { article, file } = parseArticle(
      'a.md',
      md({ title: 'Council approves: a “bold” budget', dek: 'Yes', author: ['Jane Roe', 'Sam Poe'], date: '2026-11-20T10:00:00Z', tags: ['A, B', 'C'] }),
    );
    expect(file.messages.filter((message) => message.fatal)).toEqual([]);
    expect(article).toMatchObject({ headline: 'Council approves: a “bold” budget', dek: 'Yes', tags: ['A, B', 'C'] });
    expect(article?.authors.map((person) => person.name)).toEqual(['Jane Roe', 'Sam Poe']);
    expect(article?.published?.toISOString()).toBe('2026-11-20T10:00:00.000Z');
  });

  it('should write wire copy: headline, byline, paragraphs, source', () => {
    expect(wire('Storm warning')).toBe('Storm warning\nBody.\n');
    expect(wire('Metro line', ['KOCHI (PTI) - The line.', 'More.'], { byline: 'Anjali Menon', source: 'PTI' })).toBe(
      'Metro line\nBy Anjali Menon\nKOCHI (PTI) - The line.\nMore.\nSource: PTI\n',
    );
    expect(wire('Metro line', ['One.', 'Two.'], { byline: 'Ana', blankLines: true })).toBe('Metro line\nBy Ana\n\nOne.\n\nTwo.\n');
  });
});

describe('test helpers: building a site', () => {
  const files = {
    'city/2026-11-20-metro.txt': wire('Metro line to open', ['KOCHI, Nov. 20 (PTI) - The line will open.'], { byline: 'Anjali Menon', source: 'PTI' }),
    'world/2026-11-23-harbour.md': md({ title: 'Harbour clean-up', date: '2026-11-23T09:15:00+05:30', section: 'World' }, 'Volunteers pulled nets.'),
    'world/2026-11-26-later.md': md({ title: 'Tomorrow', date: '2026-11-26T00:00:00Z' }),
  };

  it('should build through the CLI at the fixed clock, holding back what is later', () => {
    const { out, result } = buildSite(project(files, { baseUrl: 'https://news.example/' }));
    expect(result.stderr).not.toMatch(/error|warning/);
    expect(result.code).toBe(0);
    expect(listFiles(out)).toContain('2026/11/23/harbour-clean-up/index.html');
    expect(listFiles(out)).toContain('2026/11/20/metro-line-to-open/index.html');
    expect(listFiles(out)).not.toContain('2026/11/26/tomorrow/index.html');
    expect(readFileSync(path.join(out, 'sitemap.xml'), 'utf8')).toContain('https://news.example/2026/11/23/harbour-clean-up/');
  });

  it('should build through the CLI at another clock when a test sets one', () => {
    const { out, result } = buildSite(project(files), { env: clockAt('2026-11-27T00:00:00Z') });
    expect(result.code).toBe(0);
    expect(listFiles(out)).toContain('2026/11/26/tomorrow/index.html');
  });

  it('should build in this process through the library API, rendering without writing', async () => {
    const cwd = project(files, { baseUrl: 'https://news.example/' });
    const { out, result } = await buildInProcess(cwd);
    expect(out).toBeNull();
    expect(existsSync(path.join(cwd, 'out'))).toBe(false);
    expect(result.files.flatMap((file) => file.messages).filter((message) => message.fatal)).toEqual([]);
    expect(result.site?.now.toISOString()).toBe(NOW_ISO);
    expect(result.site?.config.baseUrl).toBe('https://news.example/');
    expect(result.site?.articles.map((article) => article.headline)).toEqual(['Harbour clean-up', 'Metro line to open']);
    expect(result.stats?.articles).toBe(2);
  });

  it('should build in this process and write the site when asked', async () => {
    const { out, result } = await buildInProcess(project(files), { write: true, options: { future: true } });
    expect(result.stats?.articles).toBe(3);
    expect(listFiles(out!)).toContain('2026/11/26/tomorrow/index.html');
  });
});
