import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { claimFile } from '../../src/content/formats/index.js';
import { buildInProcess, messagesOf, parseArticle, parseHtml, project } from '../helpers.js';

// IPTC ninjs 1.x, 2.x and 3.x, from fixtures written to the published schemas
// (iptc/newsinjson, specification/ninjs-schema_1.5, 2.1, 3.0 and 3.3) and to what agencies send.

const FIXTURES = 'tests/fixtures/agency/ninjs';
const fixture = (name: string) => readFileSync(path.join(FIXTURES, name), 'utf8');
/** Parses a fixture as if it were filed on the world desk. */
const parse = (name: string, context: Parameters<typeof parseArticle>[2] = {}) => parseArticle(`world/${path.basename(name)}`, fixture(name), context);
/** What a file is told, leaving out advice for `check --strict`. */
const told = (file: Parameters<typeof messagesOf>[0]) => messagesOf(file).filter((message) => !/ info: /.test(message));
const at = (iso: string) => new Date(iso);

function fixtureNames(dir = ''): string[] {
  return readdirSync(path.join(FIXTURES, dir)).flatMap((name) => {
    const relative = path.posix.join(dir, name);
    return statSync(path.join(FIXTURES, relative)).isDirectory() ? fixtureNames(relative) : [relative];
  });
}

describe('the ninjs format', () => {
  it('should claim .json files', () => {
    expect(claimFile('world/story.json', null)).toMatchObject({ format: { id: 'ninjs' }, by: 'extension' });
    expect(claimFile('world/STORY.JSON', null)?.format.id).toBe('ninjs');
  });
});

describe('ninjs 1.x', () => {
  it('should read a plain story field by field', () => {
    const { article, file } = parse('1.x/story.json');
    expect(told(file)).toEqual([]);
    expect(article).toMatchObject({
      format: 'ninjs',
      headline: 'Floods cut off villages in Kerala',
      dek: 'Rescuers reached three villages by boat after the Periyar broke its banks.',
      authors: [
        { name: 'Jane Roe', url: null },
        { name: 'Sam Poe', url: null },
      ],
      attribution: { name: 'The Associated Press', url: null },
      dateline: 'KOCHI, India',
      published: at('2026-11-20T03:00:00Z'),
      updated: at('2026-11-20T04:35:00Z'),
      section: 'World',
      tags: ['Environment', 'Weather', 'Floods'],
      lang: 'en',
      id: 'http://ninjs.example.com/newsitems/20261120-kerala-floods',
      version: 1,
      status: 'usable',
      urgency: 3,
      slugline: 'AS-India-Floods',
      copyright: 'Copyright 2026 The Associated Press. All rights reserved.',
      url: '/2026/11/20/floods-cut-off-villages-in-kerala/',
      extra: {},
    });
  });

  it('should prefer body_html to body_text', () => {
    const { article } = parse('1.x/story.json');
    expect(article!.bodyHtml).toBe(
      '<p>KOCHI, India (AP) — Rescuers reached three villages by boat on Friday after the Periyar river broke its banks.</p>\n<p>“The water came in the night,” said a farmer in <b>Aluva</b>.</p>',
    );
    expect(article!.bodyText).not.toContain('text rendition');
  });

  it('should take the largest rendition a browser shows of the picture association as the lead image', () => {
    const { article } = parse('1.x/story.json');
    // Not the 6000-pixel TIFF original; the 1024 preview without a MIME type is an image by its name, but smaller.
    expect(article!.image).toEqual({
      src: 'https://photos.example.com/kerala-floods-2048.jpg',
      alt: 'Villagers wade through a flooded street in Aluva, near Kochi, on Friday.',
      caption: 'Villagers wade through a flooded street in Aluva, near Kochi, on Friday.',
      credit: 'Rafiq Maqbool/AP',
      width: 2048,
      height: 1365,
      focus: null,
    });
  });

  it('should set body_text as wire text: blank lines part paragraphs, hard-wrapped lines join', () => {
    const { article, file } = parse('1.x/body-text.json');
    expect(told(file)).toEqual([]);
    expect(article!.bodyHtml).toBe(
      [
        '<p><span class="dateline">THIRUVANANTHAPURAM</span> — The weather office warned of heavy rain in six districts on Saturday.</p>',
        '<p>Schools in Ernakulam will stay shut.</p>',
        '<p>Fishermen were told not to put out to sea &lt;until Monday&gt;.</p>',
      ].join('\n'),
    );
    expect(article).toMatchObject({ authors: [{ name: 'Meena Menon', url: null }], dateline: 'THIRUVANANTHAPURAM', published: at('2026-11-20T06:00:00Z'), updated: null });
  });

  it('should set a body_text without blank lines a paragraph a line', () => {
    const json = JSON.stringify({ uri: 'urn:x:lines', headline: 'Lines', body_text: 'First line.\nSecond line.' });
    expect(parseArticle('world/lines.json', json).article!.bodyHtml).toBe('<p>First line.</p>\n<p>Second line.</p>');
  });

  it('should hold an embargoed story back until the embargo lifts', () => {
    const { article, file } = parse('1.x/embargoed.json');
    expect(told(file)).toEqual([]);
    expect(article).toMatchObject({ published: at('2026-11-21T00:01:00Z'), updated: null, url: '/2026/11/21/state-budget-doubles-flood-relief-fund/' });
  });

  it('should keep a withheld story withheld', () => {
    const { article } = parse('1.x/withheld.json');
    expect(article).toMatchObject({ status: 'withheld', version: 2, headline: 'Dam toll rises to 12' });
  });

  it('should read a file of three items as three stories, in file order', () => {
    const { articles, file } = parse('1.x/list.json');
    expect(told(file)).toEqual([]);
    expect(articles.map((article) => [article.story, article.headline, article.id])).toEqual([
      [0, 'Port reopens after storm', 'urn:newsml:wire.example.com:20261120:one'],
      [1, 'Trains run again on coastal line', 'urn:newsml:wire.example.com:20261120:two'],
      [2, 'Airport clears backlog', 'urn:newsml:wire.example.com:20261120:three'],
    ]);
    // A byline that names only the agency bylines no one, and says where the story came from.
    expect(articles[0]).toMatchObject({ authors: [], attribution: { name: 'Reuters', url: null } });
    expect(articles[1]!.bodyHtml).toBe('<p>Trains ran again on the coastal line.</p>');
    expect(new Set(articles.map((article) => article.fingerprint)).size).toBe(3);
  });

  it("should read AP's API answer: the item in `data`, its `bylines`, and a picture sent without renditions", () => {
    const { article, file } = parse('1.x/ap-api.json');
    expect(told(file)).toEqual([]);
    expect(article).toMatchObject({
      headline: 'Mayor orders review of storm drains',
      dek: "The mayor ordered a review of the city's storm drains.",
      authors: [
        { name: 'ASHA KUMAR', url: null },
        { name: 'PAT LEE', url: null },
      ],
      attribution: { name: 'AP', url: null },
      dateline: 'CHENNAI, India',
      published: at('2026-11-20T12:40:00Z'),
      updated: at('2026-11-20T14:02:11Z'),
      version: 3,
      urgency: 4,
      tags: ['Floods'],
      image: null,
    });
  });
});

describe('ninjs 2.x', () => {
  it('should read the arrays of 2.x, known by their shape', () => {
    const { article, file } = parse('2.x/story.json');
    expect(told(file)).toEqual([]);
    expect(article).toMatchObject({
      headline: 'Rhein-Hochwasser erreicht Köln',
      // An HTML description is a dek of words, not markup.
      dek: 'Der Pegel in Köln liegt bei 8,10 Metern.',
      // `Von …, dpa`: the German "by" and the agency are not names.
      authors: [{ name: 'Christian Hollmann', url: null }],
      attribution: { name: 'dpa', url: null },
      dateline: 'Köln',
      published: at('2026-11-20T06:15:00Z'),
      updated: at('2026-11-20T08:45:00Z'),
      tags: ['Environment', 'Wetter', 'Hochwasser'],
      lang: 'de',
      version: 1,
      urgency: 2,
      slugline: 'Hochwasser Rhein',
      copyright: 'Copyright 2026, dpa (www.dpa.de). Alle Rechte vorbehalten',
    });
  });

  it('should publish the HTML body, never the NITF one, before the plain text', () => {
    const { article } = parse('2.x/story.json');
    expect(article!.bodyHtml).toBe('<section class="main"><p>Köln (dpa) - Das Hochwasser des Rheins hat am Freitag Köln erreicht.</p><p>Die Altstadt ist gesperrt.</p></section>');
  });

  it('should pick the photo over a logo and its largest web rendition, with its alt text, caption and credit', () => {
    const { article, file } = parse('2.x/pictures.json');
    expect(told(file)).toEqual([]);
    // Not the larger TIFF, nor the video's 4K rendition.
    expect(article!.image).toEqual({
      src: 'https://tt.example.se/a001_Web.webp',
      alt: 'Ett stort träd ligger över en landsväg.',
      caption: 'Ett fallet träd blockerar vägen vid Visby.',
      credit: 'Karl Melander/TT',
      width: 1600,
      height: 1067,
      focus: null,
    });
  });

  it("should publish a whole HTML document's body, without the heading that repeats the headline", () => {
    const { article, file } = parse('2.x/pictures.json');
    expect(told(file)).toEqual([]);
    expect(article!.bodyHtml).toBe('<section><div class="bodytext"><p>Stormen fällde hundratals träd under natten.</p></div></section>');
  });

  it('should keep a cancelled story off the site, its status written `stat:canceled`', () => {
    const { article } = parse('2.x/canceled.json');
    expect(article).toMatchObject({ status: 'canceled', version: 3 });
  });

  it('should give two versions of one story one id and growing versions', () => {
    const first = parse('2.x/versions/ferry-v1.json').article!;
    const second = parse('2.x/versions/ferry-v2.json').article!;
    expect(first).toMatchObject({ id: 'urn:newsml:wire.example.com:20261120:ferry', version: 1, published: at('2026-11-20T06:00:00Z'), updated: null });
    expect(second).toMatchObject({ id: first.id, version: 2, published: first.published, updated: at('2026-11-20T08:30:00Z') });
    expect(second.headline).toBe('All 40 rescued after ferry runs aground off Kollam');
  });
});

describe('ninjs 3.x', () => {
  it('should read the camelCase names of 3.x', () => {
    const { article, file } = parse('3.x/story.json');
    expect(told(file)).toEqual([]);
    expect(article).toMatchObject({
      headline: 'Cyclone makes landfall near Machilipatnam',
      dek: 'Thousands were moved to shelters before the storm hit.',
      authors: [
        { name: 'Ravi Teja', url: null },
        { name: 'Lakshmi Rao', url: null },
      ],
      attribution: { name: 'Press Trust of India', url: null },
      dateline: 'AMARAVATI',
      published: at('2026-11-19T23:40:00Z'),
      updated: at('2026-11-20T01:55:00Z'),
      tags: ['Weather', 'Cyclones'],
      lang: 'en-IN',
      id: 'urn:newsml:pti.example.com:20261120:cyclone-andhra',
      version: 4,
      status: 'usable',
      urgency: 1,
      slugline: 'CYCLONE-AP',
      copyright: '© 2026 Press Trust of India',
    });
    expect(article!.bodyHtml).toBe('<p>AMARAVATI (PTI) — A cyclone made landfall near Machilipatnam on Friday morning.</p><p>Power lines were down across two districts.</p>');
  });

  it('should hold a story back until `embargoedUntil`', () => {
    const { article, file } = parse('3.x/embargoed.json');
    expect(told(file)).toEqual([]);
    expect(article).toMatchObject({ published: at('2026-11-22T18:30:00Z'), bodyHtml: '<p>A report found the drains were blocked.</p>' });
  });

  it("should read a package's text associations as its stories, each with its own picture", () => {
    const { articles, file } = parse('3.x/package.json', { assets: new Set(['world/photos/count-1200.jpg']) });
    expect(told(file)).toEqual([]);
    // The package has no body: it is a wrapper. The `related` item, sent without a body, is a link.
    expect(articles.map((article) => article.headline)).toEqual(['Counting begins in 140 seats', 'Turnout highest since 1987']);
    const [count, turnout] = articles;
    expect(count).toMatchObject({
      story: 0,
      id: 'urn:newsml:wire.example.com:20261120:election-count',
      version: 2,
      authors: [{ name: 'Anita Joseph', url: null }],
      image: { src: '/world/photos/count-1200.jpg', alt: 'Counting centre', caption: 'Counting centre', credit: 'Vivek Nair' },
    });
    // The package's photo is its own, not a story's.
    expect(turnout).toMatchObject({ story: 1, image: null, bodyHtml: '<p>Turnout was the highest since 1987.</p>' });
    // A story takes the package's language, rights and embargo when it says none of its own;
    // a version made before the embargo lifts is no update.
    for (const story of articles) {
      expect(story).toMatchObject({ lang: 'en', attribution: { name: 'Wire Example', url: null }, copyright: '© 2026 Wire Example', published: at('2026-11-20T13:30:00Z'), updated: null });
    }
  });

  it('should leave out a picture that is neither on the web nor beside the file, and say where', () => {
    const { articles, file } = parse('3.x/package.json');
    expect(articles.length).toBeGreaterThan(0);
    expect(articles.every((article) => article.image === null || /^https:/.test(article.image.src))).toBe(true);
    expect(told(file)).toEqual(['33:13 image-unavailable warning: the picture is neither on the web nor in the content folder, so it is left out: photos/count-1200.jpg']);
  });

  it('should take the largest rendition that arrived beside the file', () => {
    const { articles, file } = parse('3.x/package.json', { assets: new Set(['world/photos/count-300.jpg']) });
    expect(told(file)).toEqual([]);
    expect(articles.map((article) => article.image?.src)).toContain('/world/photos/count-300.jpg');
  });
});

describe('publication status', () => {
  const statusOf = (key: string, value: string) => parseArticle('world/s.json', JSON.stringify({ uri: 'urn:x:s', headline: 'S', body_html: '<p>S.</p>', [key]: value })).article!.status;

  it('should read withheld and canceled however a version spells them', () => {
    expect(statusOf('pubstatus', 'withheld')).toBe('withheld');
    expect(statusOf('pubStatus', 'stat:withheld')).toBe('withheld');
    expect(statusOf('pubstatus', 'canceled')).toBe('canceled');
    expect(statusOf('pubStatus', 'stat:canceled')).toBe('canceled');
    expect(statusOf('pubstatus', 'Cancelled')).toBe('canceled');
    expect(statusOf('pubStatus', 'http://cv.iptc.org/newscodes/pubstatus/canceled')).toBe('canceled');
    expect(statusOf('pubstatus', 'usable')).toBe('usable');
  });
});

describe("the editor's note", () => {
  const withNotes = fixtureNames().filter((name) => /EDNOTE-MARKER/.test(fixture(name)) && !name.startsWith('broken/truncated'));

  it('should be in the fixtures, to be sure the test below tests something', () => {
    expect(withNotes.length).toBeGreaterThanOrEqual(10);
  });

  it.each(withNotes)('should never reach any field of a story read from %s', (name) => {
    const markers = [...fixture(name).matchAll(/EDNOTE-MARKER-[\w-]+/g)].map((match) => match[0]);
    const { articles } = parse(name, { assets: new Set(['world/photos/count-1200.jpg']) });
    expect(articles.length).toBeGreaterThan(0);
    const everything = JSON.stringify(articles);
    for (const marker of markers) expect(everything).not.toContain(marker);
    expect(everything).not.toMatch(/EDNOTE|Eds:|edNote/i);
  });
});

describe('hostile ninjs', () => {
  it('should clean the HTML body and warn at the body, never build markup from the rest', () => {
    const { article, file } = parse('broken/hostile.json');
    expect(told(file)).toEqual(['7:3 unsafe-html warning: raw HTML removed from the body: `onclick=` is not allowed']);
    expect(article!.bodyHtml).toBe('<p>The council met on Friday.</p><p>Read <a>the minutes</a>.</p>');
    expect(article!.bodyHtml).not.toMatch(/script|onclick|javascript:/i);
    // The headline is text: the page escapes it; the HTML description is made words.
    expect(article!.headline).toBe('Council <script>alert(1)</script> meets');
    expect(article!.dek).toBe('A short summary');
    expect(parseHtml(article!.bodyHtml).querySelectorAll('script, [onclick], [href^="javascript"]')).toHaveLength(0);
  });
});

describe('broken ninjs', () => {
  it('should name the place where a transmission is cut off', () => {
    const { articles, file } = parse('broken/truncated.json');
    expect(articles).toEqual([]);
    expect(messagesOf(file)).toEqual(['5:16 malformed-file error: file is not valid JSON: the file ends inside a string that opens here: it is cut short']);
  });

  it('should name the line and column of a syntax error', () => {
    const { articles, file } = parse('broken/missing-comma.json');
    expect(articles).toEqual([]);
    expect(messagesOf(file)).toEqual(["4:3 malformed-file error: file is not valid JSON: ',' or '}' should follow the value"]);
  });

  it('should place errors V8 gives no position for, and files cut short between values', () => {
    const place = (text: string) => messagesOf(parseArticle('world/x.json', text).file);
    expect(place('[\n  {"headline": "A"},\n]')).toEqual(['3:1 malformed-file error: file is not valid JSON: "]" where a value should be']);
    expect(place('{"headline": "A",\n "body_html": ')).toEqual(['2:15 malformed-file error: file is not valid JSON: the file ends where a value should be: it is cut short']);
    expect(place('{"headline": "A"} x')).toEqual(['1:19 malformed-file error: file is not valid JSON: there is more after the end of the JSON value']);
    expect(place('{"headline": "A\nB"}')).toEqual(['1:16 malformed-file error: file is not valid JSON: a string holds a line break or control character: a quote is missing, or the string is cut']);
  });

  it('should refuse a file nested too deep to read without failing itself', () => {
    const { articles, file } = parseArticle('world/deep.json', '['.repeat(200_000));
    expect(articles).toEqual([]);
    expect(messagesOf(file)).toEqual(['1:200001 malformed-file error: file is not valid JSON: the file ends where a value should be: it is cut short']);
  });

  it('should name the item with neither headline nor body, and publish nothing from its file', () => {
    const { articles, file } = parse('broken/no-headline.json');
    expect(articles).toEqual([]);
    expect(messagesOf(file)).toEqual(['7:3 no-headline error: item `/1` has neither a headline nor a body']);
  });

  it('should name an item with a body but no headline', () => {
    const { file } = parseArticle('world/x.json', '{\n  "uri": "urn:x",\n  "body_html": "<p>Text.</p>"\n}');
    expect(messagesOf(file)).toEqual(['1:1 no-headline error: item `/` has no headline']);
  });

  it('should give a bad date as an invalid-date error at its key, by its JSON pointer', () => {
    const { articles, file } = parse('broken/bad-date.json');
    expect(articles).toEqual([]);
    expect(messagesOf(file)).toEqual(['5:3 invalid-date error: `/versioncreated` is not a real date: "2026-13-45T25:00:00Z"']);
  });

  it('should point into a list and into associations for a bad date', () => {
    const text = JSON.stringify([{ headline: 'A', body_html: '<p>A</p>' }, { headline: 'B', body_html: '<p>B</p>', associations: { photo: { type: 'picture', versioncreated: 42 } }, firstcreated: 'yesterday' }], null, 2);
    const { file } = parseArticle('world/x.json', text);
    expect(messagesOf(file)).toEqual(['15:5 invalid-date error: `/1/firstcreated` is not a real date: "yesterday"']);
  });

  it('should refuse an empty file, and JSON that holds no item', () => {
    expect(messagesOf(parseArticle('world/x.json', ' \n').file)).toEqual(['1:1 no-headline error: file is empty: an article needs a headline']);
    expect(messagesOf(parseArticle('world/x.json', '42').file)).toEqual(['1:1 malformed-file error: file is not a ninjs item but a number']);
    expect(messagesOf(parseArticle('world/x.json', '[]').file)).toEqual(['1:1 no-headline error: file holds an empty list: an article needs a headline']);
    expect(messagesOf(parseArticle('world/x.json', '[{"headline": "A", "body_text": "A."}, "B"]').file)).toEqual(['1:40 malformed-file error: item `/1` is not a ninjs item but a string']);
  });

  it('should tell that a data file in the content folder is read as a story', () => {
    const { file } = parseArticle('world/chart.json', '{"series": [1, 2, 3]}');
    expect(file.messages[0]).toMatchObject({ ruleId: 'no-headline', fatal: true, note: expect.stringMatching(/keep data files out of it, or start their names with `_`/) });
  });
});

describe('hostile nesting', () => {
  it('should not walk associations nested deeper than any agency nests them', () => {
    const level = '{"type": "text", "headline": "Level", "body_html": "<p>Deep.</p>", "associations": [';
    const text = `{"headline": "Top", "body_html": "<p>Top.</p>", "associations": [${level.repeat(20_000)}{}${']}'.repeat(20_000)}]}`;
    const { articles } = parseArticle('world/deep.json', text);
    expect(articles.length).toBeGreaterThan(0);
    expect(articles.length).toBeLessThanOrEqual(10);
  });
});

describe('hostile HTML nesting', () => {
  const deep = '<b>'.repeat(100_000) + 'deep';

  it('should refuse a body nested deeper than any story, at its key, without hanging', () => {
    const { articles, file } = parseArticle('world/x.json', `{\n  "headline": "H",\n  "body_html": ${JSON.stringify(deep)}\n}`);
    expect(articles).toEqual([]);
    expect(messagesOf(file)).toEqual(['3:3 malformed-file error: `/body_html` nests HTML elements more than 256 deep, which no story does']);
  });

  it('should keep the words of a description nested too deep, as text', () => {
    const { article } = parseArticle('world/x.json', JSON.stringify({ headline: 'H', body_text: 'T.', description_html: deep }));
    expect(article!.dek).toBe('deep');
  });

  it('should not take paragraphs and line breaks left open for nesting', () => {
    const open = '<p>Para<br>'.repeat(2_000);
    const { article, file } = parseArticle('world/x.json', JSON.stringify({ headline: 'H', body_html: open }));
    expect(told(file)).toEqual([]);
    expect(article!.bodyText.split('Para')).toHaveLength(2_001);
  });
});

describe('a site built from ninjs', () => {
  it("should publish a story with its picture, and print no editor's note anywhere", async () => {
    const cwd = project({ 'world/story.json': fixture('1.x/story.json'), 'world/cyclone.json': fixture('3.x/story.json') });
    const { result, files } = await buildInProcess(cwd, { options: { now: new Date('2026-12-01T00:00:00Z') } });
    expect(result.files.flatMap(messagesOf).filter((message) => / (error|warning):/.test(message))).toEqual([]);
    expect(result.site!.articles.map((article) => article.headline).sort()).toEqual(['Cyclone makes landfall near Machilipatnam', 'Floods cut off villages in Kerala']);
    const page = parseHtml(Buffer.from(files.get('2026/11/20/floods-cut-off-villages-in-kerala/index.html')!).toString('utf8'));
    expect(page.querySelector('h1.p-name')?.textContent).toBe('Floods cut off villages in Kerala');
    expect(page.querySelector('.e-content b')?.textContent).toBe('Aluva');
    expect(page.querySelector('img[src="https://photos.example.com/kerala-floods-2048.jpg"]')).not.toBeNull();
    for (const [name, bytes] of files) expect(Buffer.from(bytes).toString('utf8'), name).not.toMatch(/EDNOTE-MARKER|Eds:/);
  });
});

describe('subjects as tags', () => {
  const tagsOf = (subjects: object) => parseArticle('world/t.json', JSON.stringify({ uri: 'urn:x:t', headline: 'T', body_text: 'T.', ...subjects })).article!.tags;

  it('should tag a subject by its name, else by the Media Topic its code names, and never by a bare code', () => {
    expect(tagsOf({ subjects: [{ uri: 'http://tt.example.se/subref/16000000', literal: 'medtop:16000000' }] })).toEqual(['Conflict, war and peace']);
    expect(tagsOf({ subject: [{ code: '15000000' }, { code: '15000000', scheme: 'http://cv.ap.org/id/' }, { code: 'x9', name: 'cricket' }] })).toEqual(['Sport', 'Cricket']);
    expect(tagsOf({ subjects: [{ uri: 'http://example.com/subject/42' }] })).toEqual([]);
  });
});
