import { spawnSync } from 'node:child_process';
import { parseFeed } from '@rowanmanning/feed-parser';
import fc from 'fast-check';
import { DOMParser } from 'linkedom';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildInProcess, md, parseHtml, project, wire } from '../helpers.js';

// The feeds as readers and validators take them: well-formed XML (libxml2), read by a feed
// parser, and held to the rules the W3C Feed Validation Service checks.

const hasXmllint = spawnSync('xmllint', ['--version']).status === 0;
const FEEDS = ['feed.xml', 'atom.xml', 'feed.json'];
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154089963f8cfc0d00000048101800e02c5240000000049454e44ae426082', 'hex');

/** The feeds (and every other file) of a site built in memory from `files` and `config`. */
/** The site's files as text, and as bytes (`.bytes`) for the pictures. */
async function buildFeeds(files: Record<string, string | Uint8Array>, config: object): Promise<Map<string, string> & { bytes: Map<string, Uint8Array> }> {
  const { files: built, result } = await buildInProcess(project(files, config));
  expect(result.files.flatMap((file) => file.messages.filter((message) => message.fatal).map((message) => `${file.path}: ${message.reason}`))).toEqual([]);
  return Object.assign(new Map([...built].map(([file, bytes]) => [file, Buffer.from(bytes).toString('utf8')])), { bytes: built });
}

/** What libxml2 says is wrong with the document, with namespaces checked: nothing when well-formed. */
function xmllint(xml: string): string {
  if (!hasXmllint && !process.env['CI']) return '';
  return spawnSync('xmllint', ['--noout', '-'], { input: xml, encoding: 'utf8' }).stderr;
}

/** The document as libxml2 reads it, written as canonical XML: no CDATA, every value escaped one way. */
function canonical(text: string): string {
  return hasXmllint || process.env['CI'] ? spawnSync('xmllint', ['--c14n', '-'], { input: text, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }).stdout : text;
}

/**
 * The document to query. linkedom's XML parser is lenient (it misreads `<![CDATA[` inside a CDATA
 * section, and leaves some entities in attribute values), so it is given the canonical form, and
 * attribute values holding text are read with {@link canonicalAttributes}.
 */
function xml(text: string): Document {
  return new DOMParser().parseFromString(canonical(text), 'text/xml') as unknown as Document;
}

const CANONICAL_ESCAPES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#x9;': '\t', '&#xA;': '\n', '&#xD;': '\r' };

/** The values of `attribute` on each `element` of each `parent` in canonical XML, unescaped. */
function canonicalAttributes(text: string, parent: string, element: string, attribute: string): string[][] {
  return canonical(text)
    .split(`<${parent}`)
    .slice(1)
    .map((chunk) =>
      [...chunk.matchAll(new RegExp(`<${element}(?:\\s[\\w:]+="[^"]*")*?\\s${attribute}="([^"]*)"`, 'g'))].map((match) =>
        match[1]!.replace(/&(?:amp|lt|gt|quot|#x9|#xA|#xD);/g, (entity) => CANONICAL_ESCAPES[entity]!),
      ),
    );
}

const children = (parent: Element, name: string) => [...parent.children].filter((child) => child.tagName === name);
const textOf = (parent: Element, name: string) => children(parent, name)[0]?.textContent ?? null;

// The validator's own patterns (feedvalidator: validators.py), for dates and MIME types.
const RFC_822 = /^(?:(Mon|Tue|Wed|Thu|Fri|Sat|Sun), )?\d\d? (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d\d:\d\d(?::\d\d)? (?:[+-]?\d\d[03]0|UT|GMT|EST|EDT|CST|CDT|MST|MDT|PST|PDT|Z)$/;
const RFC_3339 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d*)?(?:Z|[+-]\d\d:\d\d)$/;
const MIME = /^[^\s()<>,;:\\"/[\]?=]+\/[^\s()<>,;:\\"/[\]?=]+$/;
const LANGUAGE = /^[a-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$/;

function checkDate(problems: string[], where: string, value: string | null, pattern: RegExp): void {
  if (value === null || !pattern.test(value) || Number.isNaN(Date.parse(value))) problems.push(`${where}: not a valid date: ${value}`);
  const weekday = pattern === RFC_822 ? /^(\w{3}),/.exec(value ?? '')?.[1] : undefined;
  if (weekday && new Date(value!).toUTCString().slice(0, 3) !== weekday) problems.push(`${where}: wrong day of the week: ${value}`);
}

/** HTML for a reader far from the site: absolute links, nothing a validator counts as a risk. */
function checkHtml(problems: string[], where: string, html: string): void {
  const document = parseHtml(`<div>${html}</div>`);
  for (const element of document.querySelectorAll('[href], [src]')) {
    const url = element.getAttribute('href') ?? element.getAttribute('src')!;
    if (!/^[a-z][a-z0-9+.-]*:/i.test(url)) problems.push(`${where}: relative URL ${url}`);
  }
  for (const element of document.querySelectorAll('[srcset]')) {
    for (const candidate of element.getAttribute('srcset')!.split(',')) {
      const url = candidate.trim().split(/\s+/)[0]!;
      if (!/^[a-z][a-z0-9+.-]*:/i.test(url)) problems.push(`${where}: relative URL ${url} in srcset`);
    }
  }
  for (const attribute of ['loading', 'decoding']) {
    if (document.querySelector(`[${attribute}]`)) problems.push(`${where}: attribute ${attribute}`);
  }
}

/** The W3C Feed Validation Service's RSS 2.0 rules that a news feed can break. */
function rssProblems(text: string, selfUrl: string): string[] {
  const problems: string[] = [];
  const rss = xml(text).documentElement;
  const channel = children(rss, 'channel')[0]!;
  for (const name of ['title', 'link', 'description']) if (textOf(channel, name) === null) problems.push(`channel: no ${name}`);
  if (!LANGUAGE.test(textOf(channel, 'language') ?? '')) problems.push('channel: no valid language');
  const self = children(channel, 'atom:link').find((link) => link.getAttribute('rel') === 'self');
  if (self?.getAttribute('href') !== selfUrl || self.getAttribute('type') !== 'application/rss+xml') problems.push('channel: no atom:link rel=self');
  checkDate(problems, 'lastBuildDate', textOf(channel, 'lastBuildDate'), RFC_822);
  for (const image of children(channel, 'image')) {
    if (!/\.(?:gif|jpe?g|png)$/i.test(textOf(image, 'url') ?? '')) problems.push(`image: not GIF, JPEG or PNG: ${textOf(image, 'url')}`);
    if (textOf(image, 'title') !== textOf(channel, 'title') || textOf(image, 'link') !== textOf(channel, 'link')) problems.push('image: title or link not the channel\'s');
    // RSS 2.0's limits, which the validator holds a stated size to.
    for (const [name, most] of [['width', 144], ['height', 400]] as const) {
      const value = textOf(image, name);
      if (value !== null && !(/^\d+$/.test(value) && Number(value) <= most)) problems.push(`image: ${name} ${value} is not a whole number up to ${most}`);
    }
  }
  const guids = new Set<string>();
  for (const [index, item] of children(channel, 'item').entries()) {
    const where = `item ${index + 1}`;
    for (const name of ['title', 'link', 'guid']) if (textOf(item, name) === null) problems.push(`${where}: no ${name}`);
    checkDate(problems, `${where} pubDate`, textOf(item, 'pubDate'), RFC_822);
    const guid = children(item, 'guid')[0];
    const permalink = guid?.getAttribute('isPermaLink') ?? 'true';
    if (!['true', 'false'].includes(permalink) || (permalink === 'true' && !/^https?:\/\//.test(guid?.textContent ?? ''))) problems.push(`${where}: guid is not a permalink`);
    if (guids.has(guid?.textContent ?? '')) problems.push(`${where}: guid repeated`);
    guids.add(guid?.textContent ?? '');
    const names = [...item.children].map((child) => child.tagName);
    if (names.includes('content:encoded') && names.indexOf('description') > names.indexOf('content:encoded')) problems.push(`${where}: description after content:encoded`);
    if (names.includes('author')) problems.push(`${where}: <author> must be an e-mail address`);
    for (const enclosure of children(item, 'enclosure')) {
      if (!(Number(enclosure.getAttribute('length')) > 0)) problems.push(`${where}: enclosure length ${enclosure.getAttribute('length')}`);
      if (!MIME.test(enclosure.getAttribute('type') ?? '')) problems.push(`${where}: enclosure type ${enclosure.getAttribute('type')}`);
    }
    checkHtml(problems, `${where} content`, textOf(item, 'content:encoded') ?? '');
  }
  for (const prefix of new Set(text.match(/(?<=<)[a-z]+(?=:)/g))) if (!rss.hasAttribute(`xmlns:${prefix}`)) problems.push(`xmlns:${prefix} is not declared`);
  return problems;
}

/** The W3C Feed Validation Service's Atom 1.0 rules (RFC 4287) that a news feed can break. */
function atomProblems(text: string, selfUrl: string): string[] {
  const problems: string[] = [];
  const feed = xml(text).documentElement;
  for (const name of ['id', 'title', 'updated']) if (textOf(feed, name) === null) problems.push(`feed: no ${name}`);
  checkDate(problems, 'feed updated', textOf(feed, 'updated'), RFC_3339);
  if (!LANGUAGE.test(feed.getAttribute('xml:lang') ?? '')) problems.push('feed: no xml:lang');
  if (!children(feed, 'link').some((link) => link.getAttribute('rel') === 'self' && link.getAttribute('href') === selfUrl)) problems.push('feed: no link rel=self');
  const names = [...feed.children].map((child) => child.tagName);
  if (names.includes('entry') && names.lastIndexOf('author') > names.indexOf('entry')) problems.push('feed: author after the entries');
  const ids = new Set<string>();
  for (const [index, entry] of children(feed, 'entry').entries()) {
    const where = `entry ${index + 1}`;
    for (const name of ['id', 'title', 'updated']) if (textOf(entry, name) === null) problems.push(`${where}: no ${name}`);
    if (children(entry, 'author').length === 0 && !names.includes('author')) problems.push(`${where}: no author, and none on the feed`);
    if (children(entry, 'content').length === 0 && children(entry, 'summary').length === 0) problems.push(`${where}: neither content nor summary`);
    checkDate(problems, `${where} updated`, textOf(entry, 'updated'), RFC_3339);
    checkDate(problems, `${where} published`, textOf(entry, 'published'), RFC_3339);
    for (const link of children(entry, 'link')) if (link.hasAttribute('type') && !MIME.test(link.getAttribute('type')!)) problems.push(`${where}: link type ${link.getAttribute('type')}`);
    if (ids.has(textOf(entry, 'id')!)) problems.push(`${where}: id repeated`);
    ids.add(textOf(entry, 'id')!);
    checkHtml(problems, `${where} content`, textOf(entry, 'content') ?? '');
  }
  return problems;
}

/** JSON Feed 1.1 (jsonfeed.org/version/1.1). */
function jsonProblems(text: string, selfUrl: string): string[] {
  const problems: string[] = [];
  const feed = JSON.parse(text) as Record<string, unknown> & { items: Record<string, unknown>[] };
  if (feed['version'] !== 'https://jsonfeed.org/version/1.1') problems.push(`version ${String(feed['version'])}`);
  if (feed['feed_url'] !== selfUrl) problems.push('feed_url is not the feed');
  if (typeof feed['title'] !== 'string' || !LANGUAGE.test(String(feed['language']))) problems.push('no title or language');
  for (const [index, item] of feed.items.entries()) {
    const where = `item ${index + 1}`;
    if (typeof item['id'] !== 'string') problems.push(`${where}: no id`);
    if (typeof item['content_html'] !== 'string' && typeof item['content_text'] !== 'string') problems.push(`${where}: no content`);
    if ('author' in item) problems.push(`${where}: JSON Feed 1.0's author`);
    const authors = (item['authors'] ?? []) as Record<string, unknown>[];
    if (!authors.every((author) => typeof author['name'] === 'string')) problems.push(`${where}: an author without a name`);
    checkDate(problems, `${where} date_published`, item['date_published'] as string, RFC_3339);
    checkHtml(problems, `${where} content_html`, String(item['content_html']));
  }
  return problems;
}

/** Every feed of the site at `folder`: well-formed, read by a feed parser, and by the W3C's rules. */
function feedProblems(files: Map<string, string>, base: string, folder = ''): string[] {
  const [rss, atom, json] = FEEDS.map((file) => files.get(`${folder}${file}`)!);
  for (const [file, text] of [['feed.xml', rss!], ['atom.xml', atom!]] as const) {
    expect(xmllint(text), `${folder}${file}`).toBe('');
    expect(() => parseFeed(text), `${folder}${file}`).not.toThrow();
  }
  return [
    ...rssProblems(rss!, `${base}${folder}feed.xml`).map((problem) => `${folder}feed.xml: ${problem}`),
    ...atomProblems(atom!, `${base}${folder}atom.xml`).map((problem) => `${folder}atom.xml: ${problem}`),
    ...jsonProblems(json!, `${base}${folder}feed.json`).map((problem) => `${folder}feed.json: ${problem}`),
  ];
}

const NEWSROOM = {
  title: 'The Test Times',
  description: 'News for tests.',
  baseUrl: 'https://news.example/',
  timeZone: 'Asia/Kolkata',
  publisher: { name: 'Test Times Media', url: 'https://news.example/', logo: '/logo.png' },
  authors: { 'Jane Roe': { url: 'https://example.org/jane' } },
};

/** A newsroom's week: bylines and none, images here and elsewhere, another language, a correction, an empty body. */
const WEEK = {
  'logo.png': PNG,
  'world/pic.png': PNG,
  'world/2026-11-20-nets.md': md(
    { title: 'Ghost nets choke the harbour', dek: 'Divers count the cost.', author: 'Jane Roe', date: '2026-11-20T10:00:00+05:30', section: 'World', tags: ['Oceans'], image: { src: 'pic.png', alt: 'Nets' } },
    'Divers say ![a net](pic.png) the nets <a title="a > b" href="/about/">keep</a> killing fish.\n\n<img src="pic.png" srcset="pic.png 1x, ../world/pic.png 2x" alt="The same net">',
  ),
  'world/2026-11-21-paris.md': md({ title: 'Le port rouvre', date: '2026-11-21', section: 'World', lang: 'fr', corrections: [{ date: '2026-11-22', text: 'Une date était fausse.' }] }, 'Le port a rouvert.'),
  '2026-11-22-tram.txt': wire('Tram line opens', ['KOCHI - The line opened on time.'], { source: 'First Post' }),
  'city/2026-11-23-budget.md': md({ title: 'Budget passes', author: 'Sam Poe', date: '2026-11-23', section: 'City', image: 'https://cdn.example/budget.jpg?w=1200&h=800' }),
  'city/2026-11-24-empty.md': md({ title: 'Water tariff: a draft', author: 'Sam Poe', date: '2026-11-24', section: 'City' }, ''),
};

describe('the feeds, as validators and readers take them', () => {
  let week: Awaited<ReturnType<typeof buildFeeds>>;
  beforeAll(async () => {
    week = await buildFeeds(WEEK, NEWSROOM);
  });

  it('should pass the W3C Feed Validation Service rules, for the site and for each section', () => {
    for (const folder of ['', 'sections/world/', 'sections/city/']) {
      expect(feedProblems(week, 'https://news.example/', folder), folder || 'the site').toEqual([]);
    }
  });

  it('should give the channel the logo as a PNG, which RSS takes, even when the config names an SVG', async () => {
    const png = xml(week.get('feed.xml')!).querySelector('channel > image > url')?.textContent;
    expect(png).toMatch(/^https:\/\/news\.example\/images\/logo-[0-9a-f]{8}\.png$/);
    expect(week.bytes.get(new URL(png!).pathname.slice(1))?.subarray(0, 8)).toEqual(PNG.subarray(0, 8));
    const logo = '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="60"><rect width="200" height="60" fill="#a3161a"/></svg>';
    const svg = await buildFeeds({ 'logo.svg': logo, '2026-11-20-one.md': md({ title: 'One', date: '2026-11-20' }) }, { ...NEWSROOM, publisher: { name: 'Desk', logo: '/logo.svg' } });
    const drawn = xml(svg.get('feed.xml')!).querySelector('channel > image > url')?.textContent;
    expect(drawn).toMatch(/\/images\/logo-[0-9a-f]{8}\.png$/);
    expect(xml(svg.get('atom.xml')!).querySelector('logo')?.textContent).toBe(drawn);
    expect(feedProblems(svg, 'https://news.example/')).toEqual([]);
    // Processing off: an SVG logo is no channel image, and Atom takes it as it is.
    const plain = await buildFeeds({ 'logo.svg': logo, '2026-11-20-one.md': md({ title: 'One', date: '2026-11-20' }) }, { ...NEWSROOM, images: false, publisher: { name: 'Desk', logo: '/logo.svg' } });
    expect(plain.get('feed.xml')).not.toContain('<image>');
    expect(xml(plain.get('atom.xml')!).querySelector('logo')?.textContent).toBe('https://news.example/logo.svg');
  });

  it('should state the size of a local image in its enclosure, and leave out a remote one of unknown size', () => {
    const items = [...xml(week.get('feed.xml')!).querySelectorAll('item')];
    const enclosure = (headline: string) => items.find((item) => textOf(item, 'title') === headline)!.querySelector('enclosure');
    // The picture as a page falls back to it, with the size of that file.
    const local = enclosure('Ghost nets choke the harbour')!;
    expect(local.getAttribute('url')).toMatch(/^https:\/\/news\.example\/images\/pic-[0-9a-f]{10}-1\.png$/);
    expect(local.getAttribute('length')).toBe(String(week.bytes.get(new URL(local.getAttribute('url')!).pathname.slice(1))!.length));
    expect(enclosure('Budget passes')).toBeNull();
    // Atom and JSON Feed need no size.
    const entry = [...xml(week.get('atom.xml')!).querySelectorAll('entry')].find((each) => textOf(each, 'title') === 'Budget passes')!;
    expect(children(entry, 'link').map((link) => [link.getAttribute('rel'), link.getAttribute('type')])).toEqual([[null, null], ['enclosure', 'image/jpeg']]);
  });

  it('should say the language of the feed, and of an item in another', () => {
    const parisUrl = 'https://news.example/2026/11/21/le-port-rouvre/';
    expect(xml(week.get('atom.xml')!).documentElement.getAttribute('xml:lang')).toBe('en');
    const entry = [...xml(week.get('atom.xml')!).querySelectorAll('entry')].find((each) => textOf(each, 'id') === parisUrl)!;
    expect(entry.getAttribute('xml:lang')).toBe('fr');
    const item = [...xml(week.get('feed.xml')!).querySelectorAll('item')].find((each) => textOf(each, 'guid') === parisUrl)!;
    expect(textOf(item, 'dc:language')).toBe('fr');
    expect(JSON.parse(week.get('feed.json')!).items.find((each: { id: string }) => each.id === parisUrl).language).toBe('fr');
  });

  it('should name the publisher as the author of the entries without a byline', () => {
    const publisher = (file: string) => children(xml(week.get(file)!).documentElement, 'author').map((author) => [textOf(author, 'name'), textOf(author, 'uri')]);
    expect(publisher('atom.xml')).toEqual([['Test Times Media', 'https://news.example/']]);
    expect(publisher('sections/world/atom.xml')).toEqual([['Test Times Media', 'https://news.example/']]);
    // Where every entry has a byline, the feed names no author of its own.
    expect(publisher('sections/city/atom.xml')).toEqual([]);
    expect(JSON.parse(week.get('feed.json')!).authors).toEqual([{ name: 'Test Times Media', url: 'https://news.example/' }]);
    expect(JSON.parse(week.get('sections/city/feed.json')!).authors).toBeUndefined();
  });

  it('should declare xmlns:dc for a byline even when no item has a body', async () => {
    const files = await buildFeeds({ '2026-11-20-empty.md': md({ title: 'Nothing yet', author: 'Jane Roe', date: '2026-11-20' }, '') }, NEWSROOM);
    expect(xml(files.get('feed.xml')!).documentElement.getAttribute('xmlns:dc')).toBe('http://purl.org/dc/elements/1.1/');
    expect(parseFeed(files.get('feed.xml')!).items[0]!.authors.map((author) => author.name)).toEqual(['Jane Roe']);
    expect(feedProblems(files, 'https://news.example/')).toEqual([]);
  });

  it('should make every link in a body absolute, even after an attribute that holds ">"', () => {
    const body = parseFeed(week.get('feed.xml')!).items.find((item) => item.title === 'Ghost nets choke the harbour')!.content!;
    const links = [...parseHtml(`<div>${body}</div>`).querySelectorAll('[href], [src]')].map((element) => element.getAttribute('href') ?? element.getAttribute('src'));
    // A picture becomes the one file a reader needs; one with the writer's own srcset stays as written.
    expect(links).toEqual([expect.stringMatching(/^https:\/\/news\.example\/images\/pic-[0-9a-f]{10}-1\.png$/), 'https://news.example/about/', 'https://news.example/world/pic.png']);
    const srcset = parseHtml(`<div>${body}</div>`).querySelector('[srcset]')!.getAttribute('srcset');
    expect(srcset).toBe('https://news.example/world/pic.png 1x, https://news.example/world/pic.png 2x');
  });
});

describe('feed ids', () => {
  it('should keep the ids and guids feeds have always had, so readers see no article twice', async () => {
    const files = await buildFeeds(
      {
        '2026-11-20-plain.md': md({ title: 'Plain story', date: '2026-11-20' }),
        '2026-11-21-moved.md': md({ title: 'Moved story', date: '2026-11-21', slug: 'new-home', aliases: ['/2019/05/old-home/'] }),
        '2026-11-22-urn.md': md({ title: 'URN story', date: '2026-11-22', id: 'urn:uuid:5f0c3e0e-1d8c-4a57-9d2b-7a3b9b1f0c11' }),
        '2026-11-23-cms.md': md({ title: 'CMS story', date: '2026-11-23', id: 'cms 4711' }),
        '2026-11-24-url.md': md({ title: 'URL story', date: '2026-11-24', id: 'HTTPS://Example.ORG/a/../stories/1' }),
      },
      NEWSROOM,
    );
    // Recorded from the feeds written by the `feed` package, before they were written here.
    const guids = ['HTTPS://Example.ORG/a/../stories/1', 'urn:broadsheet:cms%204711', 'urn:uuid:5f0c3e0e-1d8c-4a57-9d2b-7a3b9b1f0c11', 'https://news.example/2019/05/old-home/', 'https://news.example/2026/11/20/plain-story/'];
    expect([...xml(files.get('feed.xml')!).querySelectorAll('item > guid')].map((guid) => guid.textContent)).toEqual(guids);
    expect(JSON.parse(files.get('feed.json')!).items.map((item: { id: string }) => item.id)).toEqual(guids);
    // Atom has always written its ids as a URL parser does.
    expect([...xml(files.get('atom.xml')!).querySelectorAll('entry > id')].map((id) => id.textContent)).toEqual(['https://example.org/stories/1', ...guids.slice(1)]);
  });
});

describe('feeds and hostile text', () => {
  const hostile = {
    "2026-11-20-tags.md": md({ title: 'Evil </script><b>bold</b> & more ]]> end', dek: '<img src=x onerror=alert(2)> & dek ]]>', date: '2026-11-20', author: 'Odd <Name> & "Co"', section: 'World <Desk>', tags: ['<Oceans>', 'A & B', 'quote" \'apos'] }, 'Text ]]> and `code ]]>` and <b>&amp;</b>.'),
    "2026-11-21-controls.md": md('title: "Control \\x01 char \\x0B and \\uFFFE here"\ndek: "Dek \\x1F with \\x7F del"\ndate: 2026-11-21\nauthor: "Ctrl \\x02 Person"\ntags: ["t\\x03ag"]', 'Body.'),
    "2026-11-22-entities.md": md({ title: 'AT&amp;T keeps its &lt;name&gt;', date: '2026-11-22', author: 'Jane Roe' }),
  };
  let files: Map<string, string>;
  beforeAll(async () => {
    files = await buildFeeds(hostile, { ...NEWSROOM, title: 'The <Test> & "Times"', description: 'News & <views>' });
  });

  it('should write feeds an XML parser reads, that pass the W3C rules, whatever the text holds', () => {
    expect(feedProblems(files, 'https://news.example/')).toEqual([]);
    expect(feedProblems(files, 'https://news.example/', 'sections/world-desk/')).toEqual([]);
  });

  it('should carry every headline, dek, name and tag as the text it is, without the characters XML cannot carry', () => {
    const expected = [
      { title: 'AT&amp;T keeps its &lt;name&gt;', description: null, authors: ['Jane Roe'], categories: [] },
      { title: 'Control  char and  here', description: 'Dek  with  del', authors: ['Ctrl  Person'], categories: ['tag'] },
      { title: 'Evil </script><b>bold</b> & more ]]> end', description: '<img src=x onerror=alert(2)> & dek ]]>', authors: ['Odd <Name> & "Co"'], categories: ['World <Desk>', '<Oceans>', 'A & B', 'quote" \'apos'] },
    ];
    const read = (item: ReturnType<typeof parseFeed>['items'][number]) => ({
      title: item.title,
      description: item.description,
      authors: item.authors.map((author) => author.name),
      categories: item.categories.map((category) => category.term),
    });
    for (const file of ['feed.xml', 'atom.xml']) {
      const feed = parseFeed(files.get(file)!);
      expect(feed.title, file).toBe('The <Test> & "Times"');
      // Readers take an RSS title as HTML or as text, so text that reads as an entity is left out here.
      expect(feed.items.map(read).slice(file === 'feed.xml' ? 1 : 0), file).toEqual(expected.slice(file === 'feed.xml' ? 1 : 0));
    }
    expect([...xml(files.get('feed.xml')!).querySelectorAll('item > title')].map((title) => title.textContent)).toEqual(expected.map((item) => item.title));
    const json = JSON.parse(files.get('feed.json')!);
    expect(json.items.map((item: { title: string; summary?: string; tags: string[] }) => [item.title, item.summary ?? null, item.tags])).toEqual(expected.map((item) => [item.title, item.description, item.categories]));
    expect(files.get('feed.json')).not.toMatch(/\\u000[0-9a-f]|\\u001|\u007f/);
  });

  it('should keep markup in a body as the body wrote it, and text in it as text', () => {
    for (const file of ['feed.xml', 'atom.xml']) {
      const item = parseFeed(files.get(file)!).items.find((each) => each.title?.startsWith('Evil'))!;
      const body = parseHtml(`<div>${item.content}</div>`);
      expect(body.querySelector('div')?.textContent?.trim(), file).toBe('Text ]]> and code ]]> and &.');
      expect(body.querySelectorAll('b, code')).toHaveLength(2);
    }
    // Atom declares its title HTML: the headline's markup is escaped, never live.
    expect(files.get('atom.xml')).not.toContain('<b>bold</b>');
  });
});

describe('feeds and any text', () => {
  /** Text with what breaks XML most: CDATA ends, markup, entities, line ends, and characters XML 1.0 forbids. */
  const anyText = fc
    .array(
      fc.oneof(
        fc.constantFrom(']]>', ']]', '<![CDATA[', '</title>', '<b>', '&', '&amp;', '&#1;', '"', "'", '\r\n', '\t', '\u0000', '\u0001', '\u000b', '\u007f', '\u0085', '\ud800', '\udfff', '\ufffe', '\u2028', '\u{1f4f0}'),
        fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)) }),
      ),
      { maxLength: 6 },
    )
    .map((parts) => parts.join(''));
  /** A YAML double-quoted string holding exactly `text`, written in printable ASCII. */
  const yaml = (text: string) => `"${text.replace(/[^\x20-\x7e]|["\\]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`)}"`;
  const entities: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };
  const unescapeHtml = (html: string) => html.replace(/&(?:amp|lt|gt|quot|#39);/g, (entity) => entities[entity]!);

  it('should write feeds that an XML parser reads, and that carry the same text in all three formats, for any text', async () => {
    const texts = fc.sample(fc.tuple(anyText, anyText, anyText, anyText), { numRuns: 20, seed: 4711 });
    const files = Object.fromEntries(
      texts.map(([headline, dek, author, tag], i) => [
        `2026-11-${String(i + 1).padStart(2, '0')}-story.md`,
        md(`title: ${yaml(`H${i} ${headline}`)}\ndek: ${yaml(`D ${dek}`)}\nauthor: [${yaml(`A ${author}`)}]\ntags: [${yaml(`T ${tag}`)}]\ndate: 2026-11-${String(i + 1).padStart(2, '0')}`, 'Body.'),
      ]),
    );
    const feeds = await buildFeeds(files, NEWSROOM);
    expect(feedProblems(feeds, 'https://news.example/')).toEqual([]);
    // JSON carries the text as it is (less what XML cannot carry); RSS and Atom must read back the same.
    const json = JSON.parse(feeds.get('feed.json')!).items.map((item: { title: string; summary: string; authors: { name: string }[]; tags: string[] }) => [item.title, item.summary, item.authors.map((each) => each.name), item.tags]);
    expect(json).toHaveLength(20);
    const rss = [...xml(feeds.get('feed.xml')!).querySelectorAll('item')].map((item) => [
      textOf(item, 'title'),
      unescapeHtml(textOf(item, 'description')!),
      children(item, 'dc:creator').map((creator) => creator.textContent),
      children(item, 'category').map((category) => category.textContent),
    ]);
    const terms = canonicalAttributes(feeds.get('atom.xml')!, 'entry', 'category', 'term');
    const atom = [...xml(feeds.get('atom.xml')!).querySelectorAll('entry')].map((entry, index) => [
      unescapeHtml(textOf(entry, 'title')!),
      unescapeHtml(textOf(entry, 'summary')!),
      children(entry, 'author').map((author) => textOf(author, 'name')),
      terms[index],
    ]);
    expect(rss).toEqual(json);
    expect(atom).toEqual(json);
    expect(feeds.get('feed.json')).not.toMatch(/\\u00[01][0-9a-f]|\\ud[89a-f]|[\u007f-\u009f\ufffe\uffff]/i);
  });
});
