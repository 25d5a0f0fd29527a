import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { registerFormat } from '../../src/content/formats/index.js';
import type { ContentFormat } from '../../src/content/format.js';
import { buildInProcess, config, md, parseArticle, parseHtml, project, wire } from '../helpers.js';

// Summaries and search text are the words a reader reads, taken from the body's syntax tree:
// never markup, and never cut inside a word or a character.

let unregister: (() => void) | null = null;
afterEach(() => {
  unregister?.();
  unregister = null;
});

/** The text Pagefind indexed for each page, read back from its fragments. */
function searchTexts(files: Map<string, string | Uint8Array>): Map<string, string> {
  const texts = new Map<string, string>();
  for (const [name, contents] of files) {
    if (!name.startsWith('pagefind/fragment/')) continue;
    // A fragment is gzipped JSON after a signature.
    const json = gunzipSync(contents as Uint8Array).toString('utf8').replace(/^pagefind_dcd/, '');
    const fragment = JSON.parse(json) as { url: string; content: string };
    texts.set(fragment.url, fragment.content);
  }
  return texts;
}

const meta = (document: Document, selector: string) => document.querySelector(selector)?.getAttribute('content');

describe('summaries and search text from the body', () => {
  it('should take no attribute of an image for words, in the summary or the search index', async () => {
    const cwd = project({ 'city/2026-11-20-prices.md': md('title: Prices rise\ndate: 2026-11-20', '![Prices > wages](c.png) Shoppers paid more for bread.') });
    const { files } = await buildInProcess(cwd, { options: { search: true } });
    const page = parseHtml(String(files.get('2026/11/20/prices-rise/index.html')));
    expect(meta(page, 'meta[name="description"]')).toBe('Shoppers paid more for bread.');
    expect(meta(page, 'meta[property="og:description"]')).toBe('Shoppers paid more for bread.');
    expect([...searchTexts(files).values()]).toEqual(['Shoppers paid more for bread.']);
  });

  it('should read the words of raw HTML as a reader sees them, and none of what was removed', () => {
    const body = '<div title="a > b">Inside <b>bold</b> &amp; more<script>alert("no")</script></div>\n\n<video>Your browser cannot play this</video>\n\nAfter.';
    const { article } = parseArticle('a.md', md('title: T', body));
    expect(article?.bodyText).toBe('Inside bold & more After.');
    // The summary is the lede: the first paragraph's opening, here all of it.
    expect(article?.summary).toBe('Inside bold & more');
  });

  it('should take a wire story\'s search text from its paragraphs, with text that looks like markup as written', async () => {
    const cwd = project({ 'wire/2026-11-20-quake.txt': wire('Quake hits coast', ['KOCHI - A quake <b>shook</b> the coast & the hills.', 'No one was hurt.']) });
    const { files } = await buildInProcess(cwd, { options: { search: true } });
    expect([...searchTexts(files).values()]).toEqual(['KOCHI - A quake <b>shook</b> the coast & the hills. No one was hurt.']);
  });

  it('should read the words of a body from its HTML tree when the format gives none', () => {
    const html: ContentFormat = {
      id: 'html-only',
      extensions: ['.story'],
      read: (file) => ({
        headline: 'Prices rise',
        headlineLine: () => 1,
        authors: [],
        attribution: null,
        dateline: null,
        corrections: [],
        tags: [],
        aliases: [],
        extra: {},
        body: () => ({ html: String(file.value), dateline: null }),
      }),
      hints: { noDate: 'date it' },
    };
    unregister = registerFormat(html);
    const { article } = parseArticle('a.story', '<p><img src="c.png" alt="Prices > wages"> Shoppers paid <em>more</em>.</p><p>For bread.</p>');
    expect(article?.bodyText).toBe('Shoppers paid more. For bread.');
    expect(article?.summary).toBe('Shoppers paid more.');
  });
});

/** Where Intl.Segmenter puts word boundaries in `text`. */
function wordBoundaries(text: string, lang: string): Set<number> {
  return new Set([...new Intl.Segmenter(lang, { granularity: 'word' }).segment(text)].map((segment) => segment.index));
}

function graphemes(text: string, lang: string): number {
  return [...new Intl.Segmenter(lang, { granularity: 'grapheme' }).segment(text)].length;
}

describe('a summary cut to length', () => {
  it.each([
    ['zh', '市政府周二宣布明年将大幅增加公共交通预算，用于修建新的地铁线路和公交专用道，并改善老旧社区的步行环境。'],
    ['ja', '日本の東京都は火曜日、来年度の予算案を発表し、公共交通機関への投資を大幅に増やす方針を明らかにした。'],
    ['th', 'รัฐบาลประกาศเพิ่มงบประมาณสำหรับการขนส่งสาธารณะในปีหน้าเพื่อสร้างรถไฟฟ้าสายใหม่และปรับปรุงทางเท้า'],
  ])('should cut %s text, written without spaces, between two words', (lang, sentence) => {
    // One long sentence, so that the paragraph is cut rather than a sentence shown whole.
    const text = sentence.replace(/。$/, '，').repeat(6);
    const { article } = parseArticle('a.md', md(`title: T\nlang: ${lang}`, text));
    const summary = article!.summary;
    expect(summary.endsWith('…')).toBe(true);
    const kept = summary.slice(0, -1);
    expect(text.startsWith(kept)).toBe(true);
    expect(wordBoundaries(text, lang).has(kept.length)).toBe(true);
    expect(graphemes(kept, lang)).toBeGreaterThan(100);
    expect(graphemes(kept, lang)).toBeLessThan(200);
  });

  it('should never split a character: no half of a surrogate pair, no flag or family cut in two', () => {
    for (const unit of ['😀', '🇮🇳', '👨‍👩‍👧', 'e\u0301']) {
      const text = unit.repeat(300);
      const summary = parseArticle('a.md', md('title: T', text)).article!.summary;
      const kept = summary.slice(0, -1);
      expect(summary.endsWith('…')).toBe(true);
      expect(kept.length % unit.length).toBe(0);
      expect(kept).toBe(unit.repeat(kept.length / unit.length));
    }
  });

  it('should count characters as a reader does, not UTF-16 units', () => {
    const text = 'Win 🎉🎉🎉🎉🎉 '.repeat(15).trim();
    expect(graphemes(text, 'en')).toBeLessThanOrEqual(160);
    expect(text.length).toBeGreaterThan(160);
    expect(parseArticle('a.md', md('title: T', text)).article?.summary).toBe(text);
  });

  it('should give a first sentence of up to 40 words whole', () => {
    const text = 'The council said on Tuesday that its budget for next year would include more money for buses, footpaths, schools and clinics while the opposition argued otherwise. It passed.';
    const summary = parseArticle('a.md', md('title: T', text), { config: config({ language: 'en' }) }).article!.summary;
    expect(summary).toBe('The council said on Tuesday that its budget for next year would include more money for buses, footpaths, schools and clinics while the opposition argued otherwise.');
  });

  it('should cut a longer first sentence at the last space before 200 characters, near 30 words', () => {
    const text = `The council said on Tuesday that its budget for next year would include more money for buses, footpaths, schools, clinics, libraries, parks, markets, ${'bridges, '.repeat(8)}and street lights, while the opposition argued otherwise.`;
    const summary = parseArticle('a.md', md('title: T', text), { config: config({ language: 'en' }) }).article!.summary;
    expect(summary.endsWith('…')).toBe(true);
    expect(text.startsWith(summary.slice(0, -1))).toBe(true);
    expect(text[summary.length - 1]).toMatch(/[\s,]/);
    expect([...summary].length).toBeLessThanOrEqual(200);
    expect(summary.split(' ').length).toBeGreaterThan(25);
    expect(summary.split(' ').length).toBeLessThan(35);
  });
});
