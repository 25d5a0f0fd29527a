import { afterEach, describe, expect, it } from 'vitest';
import { findContent } from '../../src/project/scan.js';
import { claimFile, contentFormats, formatByName, registerFormat } from '../../src/content/formats/index.js';
import { teletype } from '../fixtures/teletype-format.js';
import { buildInProcess, messagesOf, parseHtml, project } from '../helpers.js';

const bytes = (...parts: (string | number[])[]) =>
  Uint8Array.from(parts.flatMap((part) => (typeof part === 'string' ? [...new TextEncoder().encode(part)] : part)));

const transmission = (headline: string) =>
  bytes([0x16, 0x16, 0x01], '2026-11-20 WORLD\n', [0x02], `${headline}\nKOCHI - A quake shook the coast <at dawn>.\nNo one was hurt.\n`, [0x03]);
const TRANSMISSION = transmission('Quake hits coast');

let unregister: (() => void) | null = null;
afterEach(() => {
  unregister?.();
  unregister = null;
});

describe('the format registry', () => {
  it('should claim wire text and Markdown by extension, in any case', () => {
    expect(claimFile('story.txt', null)).toMatchObject({ format: { id: 'txt' }, by: 'extension' });
    expect(claimFile('desk/Story.MD', null)).toMatchObject({ format: { id: 'md' }, by: 'extension' });
    expect(formatByName('world/2026-11-20-story.md')?.id).toBe('md');
  });

  it('should claim nothing for an asset or a file with no extension', () => {
    expect(claimFile('photo.jpg', bytes('\u0089PNG'))).toBeNull();
    expect(claimFile('README', bytes('Headline'))).toBeNull();
    expect(formatByName('folder.md/photo')).toBeNull();
  });

  it('should let a registered format claim by sniff ahead of the extension', () => {
    unregister = registerFormat(teletype);
    expect(contentFormats()[0]).toBe(teletype);
    expect(claimFile('flash.txt', TRANSMISSION)).toEqual({ format: teletype, by: 'sniff' });
    expect(claimFile('FLASH', TRANSMISSION)).toEqual({ format: teletype, by: 'sniff' });
    expect(claimFile('plain.txt', bytes('Headline\nBody'))).toMatchObject({ format: { id: 'txt' }, by: 'extension' });
    expect(claimFile('hand.TTY', bytes('typed by hand'))).toEqual({ format: teletype, by: 'extension' });
  });

  it('should forget a format once it is taken out again', () => {
    const before = contentFormats().map((format) => format.id);
    registerFormat(teletype)();
    expect(contentFormats().map((format) => format.id)).toEqual(before);
    expect(before).not.toContain('teletype');
    expect(claimFile('flash.txt', TRANSMISSION)?.format.id).toBe('txt');
  });
});

describe('a site from a registered format', () => {
  it('should build pages from files the format claims, control bytes and all', async () => {
    unregister = registerFormat(teletype);
    const cwd = project({ 'world/flash.txt': TRANSMISSION, 'incoming/FLASH2': transmission('Aftershock felt inland') }, { title: 'The Teletype' });
    const tree = await findContent('content', cwd);
    expect(tree.articles.map((ref) => ref.sourcePath)).toEqual(['incoming/FLASH2', 'world/flash.txt']);

    const { result, files } = await buildInProcess(cwd, { options: { now: new Date('2026-12-01T00:00:00Z') } });
    expect(result.files.flatMap(messagesOf).filter((message) => / (error|warning):/.test(message))).toEqual([]);
    expect(result.site!.articles).toHaveLength(2);
    const article = result.site!.articles.find((candidate) => candidate.sourcePath === 'world/flash.txt')!;
    expect(article).toMatchObject({ format: 'teletype', headline: 'Quake hits coast', section: 'World', url: '/2026/11/20/quake-hits-coast/' });

    const page = parseHtml(Buffer.from(files.get('2026/11/20/quake-hits-coast/index.html')!).toString('utf8'));
    expect(page.querySelector('h1.p-name')?.textContent).toBe('Quake hits coast');
    const paragraphs = [...page.querySelectorAll('.e-content p')].map((paragraph) => paragraph.textContent);
    expect(paragraphs).toEqual(['KOCHI - A quake shook the coast <at dawn>.', 'No one was hurt.']);
    expect(page.querySelector('time.dt-published')?.getAttribute('datetime')).toMatch(/^2026-11-20T00:00:00/);
    expect(page.querySelector('footer cite')?.textContent).toBe('Teletype News Service');
  });
});
