import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { claimFile, formatByName, maySniff } from '../../src/content/formats/index.js';
import { parseXml } from '../../src/content/formats/agency/xml.js';
import { messagesOf, parseArticle } from '../helpers.js';

// NewsML-G2 items as agencies send them, from IPTC's specification and examples: the fixtures are
// in tests/fixtures/agency/newsml/, and the odd cases are written inline.

const fixture = (name: string) => readFileSync(new URL(`../fixtures/agency/newsml/${name}`, import.meta.url), 'utf8');
const parse = (name: string, context: Parameters<typeof parseArticle>[2] = {}) => parseArticle(`world/${name}`, fixture(name), context);
const errors = (file: ReturnType<typeof parseArticle>['file']) => messagesOf(file).filter((message) => / error: /.test(message));
const warnings = (file: ReturnType<typeof parseArticle>['file']) => messagesOf(file).filter((message) => / warning: /.test(message));

/** A one-item NewsML-G2 document: itemMeta and contentMeta extras, and an NITF body.content. */
function item(options: { itemMeta?: string; contentMeta?: string; body?: string; contentSet?: string } = {}): string {
  const contentSet =
    options.contentSet ??
    `<inlineXML contenttype="application/nitf+xml"><nitf xmlns="http://iptc.org/std/NITF/2006-10-18/"><body><body.content>
${options.body ?? '<p>Body.</p>'}
</body.content></body></nitf></inlineXML>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:newsml:example.com:inline" version="1" standard="NewsML-G2" standardversion="2.33" xml:lang="en">
  <itemMeta>
    <itemClass qcode="ninat:text"/>
    <versionCreated>2026-11-24T09:00:00Z</versionCreated>
${options.itemMeta ?? ''}
  </itemMeta>
  <contentMeta>
    <headline>Inline story</headline>
${options.contentMeta ?? ''}
  </contentMeta>
  <contentSet>
${contentSet}
  </contentSet>
</newsItem>
`;
}

describe('NewsML-G2 files', () => {
  it('should be claimed by their .xml extension', () => {
    expect(formatByName('world/story.xml')?.id).toBe('newsml');
    expect(formatByName('world/STORY.XML')?.id).toBe('newsml');
  });
});

describe('a NewsML-G2 news item with an NITF body', () => {
  const { article, articles, file } = parse('plain-nitf.xml');

  it('should read the item into one story, with no message', () => {
    expect(messagesOf(file)).toEqual([]);
    expect(articles).toHaveLength(1);
    expect(article?.format).toBe('newsml');
  });

  it('should take the fields from itemMeta, contentMeta and rightsInfo', () => {
    expect(article).toMatchObject({
      headline: 'Dock workers strike at Kochi port over pay',
      dek: 'Thousands of dock workers walked out at Kochi port on Friday, halting container traffic.',
      authors: [{ name: 'Anita Nair', url: null }],
      // The provider's code, made readable; the agency in the byline is not an author.
      attribution: { name: 'Reuters', url: null },
      dateline: 'KOCHI, Nov 20 (Reuters)',
      lang: 'en-GB',
      id: 'urn:newsml:example.com:20261120:port-strike',
      version: 3,
      status: 'usable',
      urgency: 3,
      slugline: 'India-Ports-Strike',
      copyright: 'Copyright 2026 Example News Agency. All rights reserved.',
      section: 'World',
      extra: {},
    });
    expect(article?.published?.toISOString()).toBe('2026-11-20T03:00:00.000Z');
    expect(article?.updated?.toISOString()).toBe('2026-11-20T10:45:00.000Z');
  });

  it('should tag the story with subject names, and with Media Topic names for bare codes, never with codes', () => {
    // medtop:20000523 by its name in the story's language; medtop:04000000 by IPTC's name; N2:SHIP is no tag;
    // Kerala by its full name, not its mnemonic.
    expect(article?.tags).toEqual(['Labour market', 'Economy, business and finance', 'Kerala']);
  });

  it('should set the NITF body as HTML: paragraphs, headings, quotes, lists, tables, links and emphasis', () => {
    const html = article!.bodyHtml;
    expect(html).toMatch(/^<p>KOCHI, Nov 20 \(Reuters\) - Thousands of dock workers walked out at\s+Kochi port on Friday, said K\. Raman of the union\.<\/p>/);
    expect(html).toContain('<h2>Talks broke down</h2>');
    expect(html).toMatch(/<blockquote>\s*<p>We will not go back for less\.<\/p>\s*<cite>K\. Raman, union secretary<\/cite>\s*<\/blockquote>/);
    expect(html).toMatch(/<ul>\s*<li>Container traffic: halted<\/li>\s*<li>Bulk cargo: <em>slowed<\/em><\/li>\s*<\/ul>/);
    expect(html).toMatch(/<table>\s*<tbody><tr><th>Terminal<\/th><th>Ships waiting<\/th><\/tr>\s*<tr><td>Vallarpadam<\/td><td>14<\/td><\/tr>/);
    expect(html).toContain('<a href="https://example.com/statement" rel="noopener">statement</a>');
    expect(html).toContain('<strong>a third</strong>');
    expect(html).toContain('<p>Reporting by Anita Nair; editing by Sam Holmes</p>');
    // NITF's own elements never reach the page.
    expect(html).not.toMatch(/<(?:block|person|location|chron|num|hl2|bq|tagline|body\.content)\b/);
    expect(article?.summary).toBe(article?.dek);
  });

  it('should lead with the largest JPEG of the NITF media, not the TIFF master, and take it out of the body', () => {
    expect(article?.image).toEqual({
      src: 'https://images.example.com/kochi-large.jpg',
      alt: 'Idle cranes over stacked containers',
      caption: 'Cranes stand idle at Kochi port on Friday.',
      credit: 'Sivaram V/Reuters',
      width: 1600,
      height: 1066,
      focus: null,
    });
    expect(article?.bodyHtml).not.toMatch(/<figure|<img|kochi-/);
  });

  it('should put nothing of an editor\'s note (edNote, ed-msg, a not-for-publication note) in any field', () => {
    expect(fixture('plain-nitf.xml').split('EDNOTE-MARKER-7731').length - 1).toBe(4);
    expect(JSON.stringify(articles)).not.toContain('EDNOTE-MARKER-7731');
    expect(JSON.stringify(articles)).not.toMatch(/lawyers|check the union|Not for publication|hold for legal/);
  });
});

describe('NITF elements in a body', () => {
  it('should set fractions, notes, footnotes and line breaks as a page shows them, and leave out what is not for readers', () => {
    const body = [
      '<p>Rates rose <num>3<frac><frac-num>1</frac-num><frac-den>2</frac-den></frac></num> points.<br/>Next line.</p>',
      '<block><byline>By Someone Else</byline><dateline>MUMBAI, Nov 24</dateline><p>In a block.</p><datasource>Wire feed 7</datasource></block>',
      '<note noteclass="cpyrt"><body.content><p>Figures from the exchange.</p></body.content></note>',
      '<fn><p>A footnote.</p></fn>',
      '<media media-type="video"><media-reference mime-type="video/mp4" source="https://example.com/v.mp4"/></media>',
      '<hr/>',
    ].join('\n');
    const { article, file } = parseArticle('world/nitf.xml', item({ body }));
    expect(errors(file)).toEqual([]);
    expect(warnings(file)).toEqual([]);
    expect(article?.bodyHtml).toBe(
      [
        '<p>Rates rose 3 1/2 points.<br>Next line.</p>',
        '<p>MUMBAI, Nov 24</p><p>In a block.</p>',
        '<aside><p>Figures from the exchange.</p></aside>',
        '<aside><p>A footnote.</p></aside>',
        '',
        '<hr>',
      ].join('\n'),
    );
    expect(article?.image).toBeNull();
  });
});

describe('a NewsML-G2 news item with an XHTML body and no namespace', () => {
  it('should read the fields, the language of the item and every creator', () => {
    const { article, file } = parse('xhtml.xml');
    expect(errors(file)).toEqual([]);
    expect(article).toMatchObject({
      headline: 'बजट पर मतदान आज',
      dek: 'संसद आज बजट पर मतदान करेगी।',
      authors: [{ name: 'Ravi Kumar', url: null }, { name: 'Meera Iyer', url: null }],
      attribution: { name: 'Press Trust of India', url: null },
      lang: 'hi',
      tags: ['Politics'],
      id: 'tag:example.org,2026:budget-vote',
      version: 1,
    });
    expect(article?.published?.toISOString()).toBe('2026-11-21T03:30:00.000Z');
    expect(article?.updated).toBeNull();
  });

  it('should set the XHTML body as HTML, its h1 made an h2 and its xml:lang a lang', () => {
    const { article } = parse('xhtml.xml');
    const html = article!.bodyHtml;
    expect(html).toMatch(/^<h2>बजट पर मतदान<\/h2>\s*<p>NEW DELHI: संसद आज <strong>बजट<\/strong> पर मतदान करेगी।<\/p>\s*<p lang="en">The vote is due at <em>noon<\/em>\.<\/p>/);
    expect(html).toMatch(/<ol start="2"><li>पहला<\/li><li>दूसरा<\/li><\/ol>$/);
    expect(html).not.toMatch(/<title|<head|<html|<body/);
  });

  it('should leave out a picture beside the file that the content folder does not have, and say so where it is', () => {
    const { article, file } = parse('xhtml.xml');
    expect(article?.image).toBeNull();
    expect(article?.bodyHtml).not.toContain('<img');
    expect(warnings(file)).toEqual(['24:11 image-unavailable warning: the picture is neither on the web nor in the content folder, so it is left out: local-chart.png']);
  });

  it('should lead with the body\'s picture when the content folder has it', () => {
    const { article, file } = parse('xhtml.xml', { assets: new Set(['world/local-chart.png']) });
    expect(warnings(file)).toEqual([]);
    expect(article?.image).toMatchObject({ src: '/world/local-chart.png', alt: 'A chart kept beside the file' });
    expect(article?.bodyHtml).not.toContain('<img');
  });
});

describe('a NewsML-G2 news message', () => {
  const { articles, file } = parse('message-three.xml');

  it('should read its three text items as three stories, in file order', () => {
    expect(errors(file)).toEqual([]);
    expect(articles.map((article) => [article.story, article.headline, article.id])).toEqual([
      [0, 'Asian markets open higher', 'urn:newsml:example.com:20261122:markets'],
      [1, 'Heavy rain shuts schools in Chennai', 'urn:newsml:example.com:20261122:rains'],
      [2, 'India win toss and bat', 'urn:newsml:example.com:20261122:cricket'],
    ]);
    expect(articles.map((article) => article.bodyHtml)).toEqual([
      '<p>Shares rose in early trade.</p>',
      '<p><span class="dateline">Chennai</span> — Schools were closed as rain lashed the city.</p>',
      '<p>India chose to bat first.</p>',
    ]);
    expect(articles.map((article) => article.tags)).toEqual([['Economy, business and finance'], ['Weather'], ['Sport']]);
    expect(articles.map((article) => article.attribution?.name)).toEqual(['Agence France-Presse', 'AFP', 'AFP']);
    expect(articles[1]?.dateline).toBe('Chennai');
    expect(articles[1]?.version).toBe(2);
  });

  it('should pass over the package with a word, and publish nothing of it', () => {
    expect(messagesOf(file)).toContain('9:5 unsupported-item warning: a package (packageItem) is not a story, and is passed over');
  });

  it('should give the picture item to the story its package groups it with: its largest JPEG, caption and credit', () => {
    expect(articles[1]?.image).toEqual({
      src: 'https://photos.example.com/rains-full.jpg',
      alt: null,
      caption: 'Commuters wade through a flooded street in Chennai on November 22.',
      credit: 'Arun Sankar/AFP',
      width: 3000,
      height: 2000,
      focus: null,
    });
    expect(articles[0]?.image).toBeNull();
    expect(articles[2]?.image).toBeNull();
  });

  it('should give a lone story the message\'s picture, from the content folder when it is there', () => {
    const { article, file } = parse('story-with-photo.xml', { assets: new Set(['world/zoo.jpg', 'world/zoo-thumb.jpg']) });
    expect([...errors(file), ...warnings(file)]).toEqual([]);
    expect(article?.image).toMatchObject({ src: '/world/zoo.jpg', caption: 'Eisbärbaby', credit: 'Jörg Carstensen' });
    expect(article).toMatchObject({
      headline: 'Eisbärbaby im Berliner Zoo zeigt sich',
      lang: 'de',
      // The copyright holder's full name, not its mnemonic, when there is no provider.
      attribution: { name: 'Deutsche Presse-Agentur GmbH', url: null },
      // A subject named by the item's assert; one with only an agency's code is no tag.
      tags: ['Knut der Zweite'],
    });
    expect(article?.bodyHtml).toBe('<p><span class="dateline">Berlin (dpa)</span> - Das Eisbärbaby hat sich am Donnerstag zum ersten Mal gezeigt.</p>\n<p>Tausende Besucher kamen in den Zoo.</p>');
  });

  it('should warn, naming the rendition it wanted, when the picture is neither on the web nor in the content folder', () => {
    const { article, file } = parse('story-with-photo.xml');
    expect(article?.image).toBeNull();
    expect(warnings(file)).toEqual(['30:5 image-unavailable warning: the picture is neither on the web nor in the content folder, so it is left out: zoo.jpg']);
  });

  it('should publish nothing from a picture item alone, and say so', () => {
    const { articles, file } = parse('picture.xml');
    expect(articles).toEqual([]);
    expect(messagesOf(file)).toEqual(['2:1 unsupported-item warning: the file holds a picture and no story: nothing is published from it']);
  });
});

describe('a NewsML-G2 item\'s status, embargo and versions', () => {
  it('should hold an embargoed story back until its embargo, with no update before it', () => {
    const { article, articles, file } = parse('embargoed.xml');
    expect(errors(file)).toEqual([]);
    expect(warnings(file)).toEqual([]);
    expect(article?.published?.toISOString()).toBe('2026-11-26T00:01:00.000Z');
    expect(article?.updated).toBeNull();
    expect(article?.status).toBe('usable');
    expect(JSON.stringify(articles)).not.toContain('EDNOTE-MARKER-4410');
  });

  it('should hold back a story embargoed until further notice (an empty embargoed)', () => {
    const { article } = parseArticle('world/notice.xml', item({ itemMeta: '<embargoed/>' }));
    expect(article?.status).toBe('withheld');
  });

  it('should mark a withheld story withheld', () => {
    expect(parse('withheld.xml').article?.status).toBe('withheld');
  });

  it('should mark a cancelled story canceled, under its id and version', () => {
    const { article } = parse('canceled.xml');
    expect(article).toMatchObject({ status: 'canceled', id: 'urn:newsml:ap.example:20261124:raid', version: 2 });
  });

  it('should give two versions of one story the same id and growing versions', () => {
    const first = parse('quake-v1.xml').article!;
    const second = parse('quake-v2.xml').article!;
    expect([first.id, first.version]).toEqual(['urn:newsml:ap.example:20261124:quake', 1]);
    expect([second.id, second.version]).toEqual(['urn:newsml:ap.example:20261124:quake', 2]);
    expect(second.published?.toISOString()).toBe('2026-11-24T03:00:00.000Z');
    expect(second.updated?.toISOString()).toBe('2026-11-24T04:30:00.000Z');
    // The first version was not updated: its version is its first.
    expect(first.updated).toBeNull();
  });

  it('should read urgency as a number from 1 to 9, and nothing else', () => {
    expect(parseArticle('world/a.xml', item({ contentMeta: '<urgency>1</urgency>' })).article?.urgency).toBe(1);
    expect(parseArticle('world/b.xml', item({ contentMeta: '<urgency>12</urgency>' })).article?.urgency).toBeNull();
  });

  it('should report an impossible date where the item writes it', () => {
    const { file } = parseArticle('world/bad-date.xml', item({ itemMeta: '<firstCreated>2026-13-45T09:00:00Z</firstCreated>' }));
    expect(errors(file)).toEqual(['6:1 invalid-date error: `date` is not a real date: "2026-13-45T09:00:00Z"']);
  });
});

describe('hostile copy in a NewsML-G2 body', () => {
  it('should take out scripts, handlers and javascript: links, and say so', () => {
    const { article, file } = parse('hostile.xml');
    expect(warnings(file)).toEqual(['15:11 unsafe-html warning: raw HTML removed from the body: `onclick=` is not allowed']);
    const html = article!.bodyHtml;
    expect(html).not.toMatch(/<script|onclick|javascript:|document\.cookie|steal\(\)/i);
    expect(html).toContain('<p>The council met on Monday.</p>');
    expect(html).toContain('Read the <a>minutes</a>');
  });

  it('should keep escaped markup and CDATA as text, never as elements', () => {
    const { article } = parse('hostile.xml');
    expect(article?.headline).toBe('Council <script>alert(1)</script> meets');
    expect(article?.bodyHtml).toContain('&#x3C;img src=x onerror=alert(2)>');
    expect(article?.bodyHtml).toContain('<p>&#x3C;b>not markup&#x3C;/b> &#x26; not an entity</p>');
    expect(article?.bodyHtml).not.toMatch(/<img|<b>/);
  });

  it('should point the sanitiser\'s other messages at the element in the file', () => {
    const body = '<p>One.</p>\n<media media-type="image"><media-reference mime-type="image/jpeg" source="https://example.com/a.jpg"/></media>\n<p>Two.</p>\n<img src="https://example.com/b.jpg"/>';
    const { article, file } = parseArticle('world/pictures.xml', item({ body }));
    // The first picture leads; the second stays in the body, and has no alt text.
    expect(article?.image?.src).toBe('https://example.com/a.jpg');
    expect(article?.bodyHtml).toMatch(/<p>One\.<\/p>\s*<p>Two\.<\/p>\s*<img src="https:\/\/example\.com\/b\.jpg" alt=""/);
    expect(messagesOf(file)).toContain('17:1 image-alt info: image in raw HTML has no alt text');
  });
});

describe('the agency XML reader', () => {
  it('should know where each element opens, tags side by side, broken over lines or after wide characters', () => {
    const parsed = parseXml('<r><a><b/></a>\n  <c\n x="1"/>😀<d>é<e/></d></r>');
    const places: string[] = [];
    const walk = (element: NonNullable<typeof parsed.root>) => {
      places.push(`${element.name}@${element.line}:${element.column}`);
      for (const child of element.children) if (child.kind === 'element') walk(child);
    };
    walk(parsed.root!);
    expect(places).toEqual(['r@1:1', 'a@1:4', 'b@1:7', 'c@2:3', 'd@3:11', 'e@3:15']);
  });

  it('should keep namespaces, xml:lang in scope, and attributes by their local names', () => {
    const { root } = parseXml('<n:item xmlns:n="urn:n" xml:lang="en" n:x="1" y="2"><p xml:lang="de"><q/></p><s/></n:item>');
    expect(root).toMatchObject({ name: 'item', uri: 'urn:n', lang: 'en', attributes: { 'n:x': '1', y: '2' } });
    const [p, s] = root!.children as NonNullable<typeof root>[];
    expect([p?.lang, (p?.children[0] as typeof p)?.lang, s?.lang]).toEqual(['de', 'de', 'en']);
  });
});

describe('a NewsML-G2 file that cannot be read', () => {
  it('should refuse a transmission cut short, with where it ends', () => {
    const { articles, file } = parse('truncated.xml');
    expect(articles).toEqual([]);
    expect(messagesOf(file)).toEqual([
      '22:17 malformed-file error: the XML is not well formed: the document ends before <itemMeta>, opened at 18:3, is closed: the file is cut short',
    ]);
  });

  it('should refuse a tag closed by the wrong one, naming both', () => {
    const { articles, file } = parse('malformed.xml');
    expect(articles).toEqual([]);
    expect(messagesOf(file)).toEqual(['4:25 malformed-file error: the XML is not well formed: </slugline> does not close <headline>, opened at 4:5']);
  });

  it('should refuse an entity XML does not know, naming it where it is written', () => {
    const { file } = parseArticle('world/nbsp.xml', item({ body: '<p>Ten&nbsp;per cent.</p>' }));
    expect(errors(file)).toEqual(['14:7 malformed-file error: the XML is not well formed: undefined entity &nbsp;: XML knows only &amp; &lt; &gt; &quot; &apos; and numeric references']);
  });

  it('should refuse an entity bomb without expanding it', () => {
    const started = performance.now();
    const { articles, file } = parse('bomb.xml');
    expect(performance.now() - started).toBeLessThan(1000);
    expect(articles).toEqual([]);
    expect(messagesOf(file)).toEqual([
      '2:1 malformed-file error: the XML is not well formed: the DOCTYPE declares entities or other markup, which is never expanded: remove the internal subset ([…])',
    ]);
  });

  it('should refuse an external entity without reading it', () => {
    const { articles, file } = parse('xxe.xml');
    expect(articles).toEqual([]);
    expect(errors(file)).toEqual([
      '2:1 malformed-file error: the XML is not well formed: the DOCTYPE declares entities or other markup, which is never expanded: remove the internal subset ([…])',
    ]);
    expect(JSON.stringify(file.messages)).not.toContain('root:');
  });

  it('should fetch no DTD a DOCTYPE names, and know none of its entities', () => {
    const text = item({ body: '<p>&copy; Example</p>' }).replace('<newsItem', '<!DOCTYPE newsItem SYSTEM "file:///etc/passwd">\n<newsItem');
    const { file } = parseArticle('world/dtd.xml', text);
    expect(errors(file)).toEqual(['15:4 malformed-file error: the XML is not well formed: undefined entity &copy;: XML knows only &amp; &lt; &gt; &quot; &apos; and numeric references']);
    // With nothing to expand, a DOCTYPE naming a DTD outside is harmless.
    expect(parseArticle('world/dtd-ok.xml', item().replace('<newsItem', '<!DOCTYPE newsItem SYSTEM "nitf.dtd">\n<newsItem')).article?.headline).toBe('Inline story');
  });

  it('should stop at elements nested deeper than 256, where the nesting goes too deep', () => {
    const deep = `${'<block>'.repeat(300)}<p>Deep.</p>${'</block>'.repeat(300)}`;
    const { articles, file } = parseArticle('world/deep.xml', item({ body: deep }));
    expect(articles).toEqual([]);
    expect(messagesOf(file)).toHaveLength(1);
    // newsItem, contentSet, inlineXML, nitf, body and body.content hold the first 250 blocks.
    expect(messagesOf(file)).toEqual([`14:${1 + 250 * '<block>'.length} malformed-file error: the XML is not well formed: elements are nested more than 256 deep`]);
    expect(parseXml('<a><b/></a>', 2).problem).toBeNull();
    expect(parseXml('<a><b><c/></b></a>', 2).problem).toEqual({ reason: 'elements are nested more than 2 deep', line: 1, column: 7 });
  });

  it('should refuse an item with neither a headline nor a body, and the file it is in', () => {
    const { articles, file } = parse('no-headline.xml');
    expect(articles).toEqual([]);
    expect(errors(file)).toEqual(['8:5 no-headline error: news item has neither a headline nor a body']);
  });

  it('should refuse XML that is not NewsML-G2, and an empty file', () => {
    const rss = parseArticle('world/feed.xml', '<?xml version="1.0"?>\n<rss version="2.0"><channel/></rss>\n');
    expect(errors(rss.file)).toEqual(['2:1 malformed-file error: not a NewsML-G2 document: it opens with <rss>']);
    const empty = parseArticle('world/empty.xml', '');
    expect(errors(empty.file)).toEqual(['1:1 malformed-file error: the XML is not well formed: document must contain a root element']);
  });

  it('should take a headline from the NITF hedline when contentMeta has none', () => {
    const contentSet = '<inlineXML contenttype="application/nitf+xml"><nitf><body><body.head><hedline><hl1>From the hedline</hl1></hedline></body.head><body.content><p>Body.</p></body.content></body></nitf></inlineXML>';
    const text = item({ contentSet }).replace('<headline>Inline story</headline>', '');
    expect(parseArticle('world/hedline.xml', text).article?.headline).toBe('From the hedline');
  });
});

describe('a NewsML-G2 file as agencies name it', () => {
  it('should be read whatever its name, so raw XML is never copied out as a file', () => {
    const bytes = new TextEncoder().encode(fixture('plain-nitf.xml'));
    expect(claimFile('tag:reuters.com,2018:newsml_MTZXEE13ZXCZES', bytes)).toMatchObject({ format: { id: 'newsml' }, by: 'sniff' });
    expect(maySniff('tag:reuters.com,2018:newsml_MTZXEE13ZXCZES')).toBe(true);
    expect(parseArticle('world/tag:reuters.com,2018:newsml_MTZXEE13ZXCZES', bytes).article?.format).toBe('newsml');
    // A drawing is XML too, but no agency sends its copy as one; a map or a feed is XML that is not NewsML-G2.
    expect(maySniff('chart.svg')).toBe(false);
    const other = new TextEncoder().encode('<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="http://www.opengis.net/kml/2.2"><Document/></kml>');
    expect(claimFile('route.kml', other)).toBeNull();
    expect(claimFile('notes.txt', new TextEncoder().encode('<?xml version="1.0"?> is how XML opens.\nIt is text.'))?.format.id).toBe('txt');
  });

  it('should read the encoding its declaration names, and say when bytes are not what it claims', () => {
    const latin1 = item({}).replace('encoding="UTF-8"', 'encoding="ISO-8859-1"').replace('<headline>Inline story</headline>', '<headline>Caf\u00e9 reopens</headline>');
    const bytes = Uint8Array.from([...latin1].map((char) => char.charCodeAt(0)));
    const declared = parseArticle('world/cafe.xml', bytes);
    expect(declared.article?.headline).toBe('Café reopens');
    expect(warnings(declared.file)).toEqual([]);
    const undeclared = parseArticle('world/cafe.xml', Uint8Array.from([...latin1.replace('encoding="ISO-8859-1"', 'encoding="UTF-8"')].map((char) => char.charCodeAt(0))));
    expect(undeclared.article?.headline).toBe('Café reopens');
    expect(warnings(undeclared.file)).toEqual(['1:1 windows-1252 warning: file is not valid UTF-8 though it says utf-8; read it as Windows-1252']);
  });
});

describe('NewsML-G2 as smaller agencies send it', () => {
  it('should take the headline from the NITF document head when the item gives none', () => {
    const contentSet = '<inlineXML contenttype="application/nitf+xml"><nitf><head><title>Retailer put up for sale</title></head><body><body.content><p>Body.</p></body.content></body></nitf></inlineXML>';
    const text = item({ contentSet }).replace('<headline>Inline story</headline>', '');
    expect(parseArticle('world/scoop.xml', text).article?.headline).toBe('Retailer put up for sale');
  });

  it('should date a story by when its content was made when the item does not say when it was first sent', () => {
    const { article } = parseArticle('world/made.xml', item({ contentMeta: '<contentCreated>2026-11-20T15:21:06-05:00</contentCreated>' }));
    expect(article?.published?.toISOString()).toBe('2026-11-20T20:21:06.000Z');
    expect(article?.updated?.toISOString()).toBe('2026-11-24T09:00:00.000Z');
  });

  it('should leave out the empty paragraphs agencies pad bodies with', () => {
    const { article } = parseArticle('world/padded.xml', item({ contentSet: '<inlineXML contenttype="application/xhtml+xml"><html xmlns="http://www.w3.org/1999/xhtml"><body><p/><p>One.</p><p>\n   </p><p>Two.</p></body></html></inlineXML>' }));
    expect(article?.bodyHtml).toBe('<p>One.</p><p>Two.</p>');
  });
});

describe('plain text in NewsML-G2', () => {
  it('should set indented paragraphs as paragraphs, and take a <p> wrapper for a break, not for words', () => {
    const contentSet = `<inlineData contenttype="text/plain"><![CDATA[
<p>
            (ANSA) - Rome, October 11 - Italian Foreign Minister Angelino
Alfano has said that the declaration is
unacceptable.
   "Unacceptable," Alfano said.
   Catalan leader Carles Puigdemont signed a declaration.
          </p>]]></inlineData>`;
    const { article } = parseArticle('world/ansa.xml', item({ contentSet }));
    expect(article?.bodyHtml).toBe(
      [
        '<p>(ANSA) - Rome, October 11 - Italian Foreign Minister Angelino Alfano has said that the declaration is unacceptable.</p>',
        '<p>&quot;Unacceptable,&quot; Alfano said.</p>',
        '<p>Catalan leader Carles Puigdemont signed a declaration.</p>',
      ].join('\n'),
    );
  });

  it('should set a paragraph of wire copy, as Reuters sends its XHTML, as the paragraphs it holds, without the note to desks', () => {
    const body = ['<p>(Adds comments, detail)', '    Jan 30 (Reuters) - Gold rose on Tuesday on increased safe', 'haven demand.', '    Traders were also awaiting the', 'Fed meeting.</p>', '<p>Not wire copy.</p>'].join('\n');
    const { article } = parseArticle('world/gold.xml', item({ contentSet: `<inlineXML contenttype="application/xhtml+xml"><html xmlns="http://www.w3.org/1999/xhtml"><body>${body}</body></html></inlineXML>` }));
    expect(article?.bodyHtml).toBe('<p>Jan 30 (Reuters) - Gold rose on Tuesday on increased safe haven demand.</p>\n<p>Traders were also awaiting the Fed meeting.</p>\n\n<p>Not wire copy.</p>');
  });

  it('should leave out the note to desks that opens plain text', () => {
    const contentSet = '<inlineData contenttype="text/plain">(Updates with final score)\n\nThe Heat won.\n\n(Adds quotes) is how a story can also go on.</inlineData>';
    expect(parseArticle('world/heat.xml', item({ contentSet })).article?.bodyHtml).toBe('<p>The Heat won.</p>\n<p>(Adds quotes) is how a story can also go on.</p>');
  });

  it('should set text a body holds outside any paragraph as paragraphs', () => {
    const contentSet = '<inlineXML contenttype="application/xhtml+xml"><html xmlns="http://www.w3.org/1999/xhtml"><body>Arsenal 2 Chelsea 1\nLiverpool 0 Everton 0\n<p>Reports follow.</p></body></html></inlineXML>';
    expect(parseArticle('world/results.xml', item({ contentSet })).article?.bodyHtml).toBe('<p>Arsenal 2 Chelsea 1</p>\n<p>Liverpool 0 Everton 0</p>\n<p>Reports follow.</p>');
  });
});
