import { describe, expect, it } from 'vitest';
import { resolveBodyLinks } from '../../src/dependencies.js';
import type { Article, SiteConfig } from '../../src/types.js';
import { config, md, messagesOf, parseArticle, parseHtml } from '../helpers.js';

/** The body as the article's page shows it, links made for the site's link style. */
const shownBody = (article: Article, site: SiteConfig = config()) => resolveBodyLinks(article.bodyHtml, article.url, new Map(), site);

describe('Markdown front matter: every key and alias', () => {
  it.each(['title', 'headline'])('should read the headline from %s', (key) => {
    expect(parseArticle('a.md', md(`${key}: Council approves budget`)).article?.headline).toBe('Council approves budget');
  });

  it.each(['dek', 'description', 'summary', 'subtitle'])('should read the dek from %s', (key) => {
    expect(parseArticle('a.md', md(`title: T\n${key}: The standfirst`)).article?.dek).toBe('The standfirst');
  });

  it('should summarise an article without a dek by its lede, as a reader reads it: a first sentence too short to stand alone takes the next', () => {
    const body = 'The **mayor**, said [the council](https://x.example). It was `code`; *really*! And more.\n\n## Next\n\nMore.';
    expect(parseArticle('a.md', md('title: T', body)).article?.summary).toBe('The mayor, said the council. It was code; really!');
  });

  it.each([
    ['a byline', 'By Jane Roe\n\nThe port reopened on Monday after a week of repairs.'],
    ['a dateline standing alone', 'KOCHI, Nov. 20 (PTI) —\n\nThe port reopened on Monday after a week of repairs.'],
  ])('should never make %s the summary', (_, body) => {
    expect(parseArticle('a.md', md('title: T', body)).article?.summary).toBe('The port reopened on Monday after a week of repairs.');
  });

  it.each(['author', 'authors', 'byline'])('should read authors from %s', (key) => {
    expect(parseArticle('a.md', md(`title: T\n${key}: Jane Roe`)).article?.authors).toEqual([{ name: 'Jane Roe', url: null }]);
  });

  it('should read a list of authors, names or {name, url}', () => {
    const { article } = parseArticle('a.md', md('title: T\nauthor:\n  - Jane Roe\n  - {name: Sam Poe, url: "https://example.org/sam"}'));
    expect(article?.authors).toEqual([
      { name: 'Jane Roe', url: null },
      { name: 'Sam Poe', url: 'https://example.org/sam' },
    ]);
  });

  it.each(['date', 'published', 'pubDate', 'pubdate'])('should read the publication date from %s', (key) => {
    expect(parseArticle('a.md', md(`title: T\n${key}: 2026-11-20T08:30:00+05:30`)).article?.published?.toISOString()).toBe(
      '2026-11-20T03:00:00.000Z',
    );
  });

  it.each(['updated', 'modified', 'lastmod'])('should read the update date from %s', (key) => {
    expect(parseArticle('a.md', md(`title: T\ndate: 2026-11-20\n${key}: 2026-11-21T10:00:00Z`)).article?.updated?.toISOString()).toBe(
      '2026-11-21T10:00:00.000Z',
    );
  });

  it.each(['section', 'category'])('should read the section from %s', (key) => {
    expect(parseArticle('a.md', md(`title: T\n${key}: World`)).article?.section).toBe('World');
  });

  it.each(['tags', 'keywords'])('should read tags from %s, as a list or a comma-separated string', (key) => {
    expect(parseArticle('a.md', md(`title: T\n${key}: [Budget, Council]`)).article?.tags).toEqual(['Budget', 'Council']);
    expect(parseArticle('a.md', md(`title: T\n${key}: Budget, council , Budget`)).article?.tags).toEqual(['Budget', 'council']);
  });

  it.each(['source', 'attribution'])('should read the attribution from %s, a name or {name, url}', (key) => {
    expect(parseArticle('a.md', md(`title: T\n${key}: Reuters`)).article?.attribution).toEqual({ name: 'Reuters', url: null });
    expect(parseArticle('a.md', md(`title: T\n${key}: {name: AP, url: "https://apnews.com/"}`)).article?.attribution).toEqual({
      name: 'AP',
      url: 'https://apnews.com/',
    });
  });

  it('should read dateline, slug, id, lang, draft, aliases and corrections', () => {
    const { article } = parseArticle(
      'a.md',
      md(
        'title: T\ndate: 2026-11-20\ndateline: KOCHI\nslug: my-story\nid: urn:uuid:1234\nlang: hi\ndraft: true\n' +
          'aliases: [/old/story/, /2019/05/x.html]\ncorrections:\n  - {date: 2026-11-21, text: Fixed a name.}',
      ),
    );
    expect(article).toMatchObject({
      dateline: 'KOCHI',
      slug: 'my-story',
      id: 'urn:uuid:1234',
      lang: 'hi',
      dir: 'ltr',
      draft: true,
      aliases: ['/old/story/', '/2019/05/x.html'],
      corrections: [{ text: 'Fixed a name.' }],
    });
    expect(article?.corrections[0]?.date?.toISOString()).toBe('2026-11-21T00:00:00.000Z');
    // A correction moves the modification date.
    expect(article?.updated?.toISOString()).toBe('2026-11-21T00:00:00.000Z');
  });

  it('should keep unknown keys for templates, and mention them only as strict advice', () => {
    const { article, file } = parseArticle('a.md', md('title: T\nphotographer: Ana Lima'));
    expect(article?.extra).toEqual({ photographer: 'Ana Lima' });
    expect(messagesOf(file)).toContain('3:1 unknown-key info: unknown front-matter key `photographer` is kept for templates');
  });

  it('should warn when two aliases of one key are both given', () => {
    const { article, file } = parseArticle('a.md', md('title: First\nheadline: Second'));
    expect(article?.headline).toBe('First');
    expect(messagesOf(file)).toContain('3:1 duplicate-key warning: `headline` repeats `title`; using `title`');
  });
});

describe('Markdown front matter: mistakes', () => {
  it('should report bad YAML at its line and column in the file', () => {
    const { article, file } = parseArticle('a.md', '---\ntitle: T\ntags: [a, b\ndate: 2026-01-01\n---\nBody\n');
    expect(article).toBeNull();
    expect(messagesOf(file)).toEqual([
      '4:1 yaml-syntax error: front matter is not valid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]',
    ]);
  });

  it('should report a YAML error on the first key line at the right column', () => {
    const { file } = parseArticle('a.md', '---\ntitle: "unclosed\n---\nBody\n');
    expect(messagesOf(file)).toEqual(['2:17 yaml-syntax error: front matter is not valid YAML: Missing closing "quote']);
  });

  it('should name the key and its line for a value of the wrong type', () => {
    const { article, file } = parseArticle('a.md', md('title: T\nsection: World\ntags: 5'));
    expect(article).toBeNull();
    expect(messagesOf(file)).toEqual(['4:1 invalid-type error: `tags` must be a list, or a comma-separated string']);
  });

  it('should refuse a draft flag that is not true or false', () => {
    expect(messagesOf(parseArticle('a.md', md('title: T\ndraft: yes')).file)).toEqual([
      '3:1 invalid-type error: `draft` must be true or false',
    ]);
  });

  it('should refuse an impossible date, naming the key and line', () => {
    const { article, file } = parseArticle('a.md', md('title: T\ndate: 2019-13-45'));
    expect(article).toBeNull();
    expect(messagesOf(file)).toEqual(['3:1 invalid-date error: `date` is not a real date: "2019-13-45"']);
  });

  it('should leave out an update earlier than the publication, with a warning', () => {
    const { article, file } = parseArticle('a.md', md('title: T\ndate: 2026-11-20\nupdated: 2026-11-10'));
    expect(article?.updated).toBeNull();
    expect(messagesOf(file)).toContain('4:1 date-order warning: `updated` is earlier than the publication date, so it is left out');
  });

  it('should name an impossible correction date by its place in the list', () => {
    const { file } = parseArticle('a.md', md('title: T\ndate: 2026-11-20\ncorrections:\n  - {date: 2026-11-21, text: A}\n  - date: 2026-02-30\n    text: B'));
    expect(messagesOf(file)).toEqual(['6:5 invalid-date error: `corrections[1].date` is not a real date: "2026-02-30"']);
  });

  it.each(['2019-02-29', '2026-04-31', '2026-11-20T25:00', 'next tuesday', '20/11/2026'])('should refuse the date %j', (value) => {
    expect(parseArticle('a.md', md(`title: T\ndate: "${value}"`)).file.messages[0]?.ruleId).toBe('invalid-date');
  });

  it.each([
    ['a lede that reads as a key', '---\ntitle: Council approves budget\ndate: 2026-11-20\n\nNEW DELHI: The council voted 7-2 on Tuesday.\n'],
    ['a lede that does not', '---\ntitle: Council approves budget\nThe council voted 7-2 on Tuesday.\n'],
    ['a closing line of four dashes, which is a rule', '---\ntitle: Council approves budget\n----\nThe council voted.\n'],
    ['nothing after the opening line', '---\n'],
  ])('should refuse front matter that is never closed, with %s, at line 1', (_, text) => {
    const { article, file } = parseArticle('a.md', text);
    expect(article).toBeNull();
    expect(messagesOf(file)).toEqual(['1:1 unclosed-front-matter error: the front matter opened on line 1 is never closed with `---`']);
  });

  it('should close front matter at the first line of `---` or `...`, and keep later rules in the body', () => {
    const closedByDots = parseArticle('a.md', '---\ntitle: Council approves budget\n...\nThe council voted.\n');
    expect(messagesOf(closedByDots.file).filter((message) => message.includes('error'))).toEqual([]);
    expect(closedByDots.article?.headline).toBe('Council approves budget');
    expect(closedByDots.article?.bodyHtml).toBe('<p>The council voted.</p>');
    const withRules = parseArticle('a.md', md('title: Council approves budget', 'The council voted.\n\n---\n\nThe mayor spoke.\n\n...'));
    expect(withRules.article?.headline).toBe('Council approves budget');
    expect(withRules.article?.bodyHtml).toBe('<p>The council voted.</p>\n<hr>\n<p>The mayor spoke.</p>\n<p>...</p>');
  });

  it('should read a story that opens with a rule of four dashes as having no front matter', () => {
    // With no front matter and no `# Heading` there is no headline: that, not an unclosed fence, is the mistake.
    expect(messagesOf(parseArticle('a.md', '----\n\nThe council voted.\n').file)).toEqual(['1:1 no-headline error: article has no headline']);
  });

  it('should refuse front matter that is not a mapping', () => {
    expect(messagesOf(parseArticle('a.md', md('- a\n- b')).file)).toEqual([
      '2:1 front-matter-shape error: front matter must be a list of `key: value` lines',
    ]);
  });

  it('should never run JavaScript front matter', () => {
    const { article, file } = parseArticle('a.md', '---js\n{ title: (globalThis.pwned = 1, "T") }\n---\nBody');
    expect(article).toBeNull();
    expect((globalThis as { pwned?: number }).pwned).toBeUndefined();
    expect(file.messages[0]?.ruleId).toBe('front-matter-language');
  });

  it('should refuse duplicate keys', () => {
    expect(parseArticle('a.md', md('title: A\ntitle: B')).file.messages[0]?.ruleId).toBe('yaml-syntax');
  });

  it('should refuse a billion-laughs alias bomb as a content error, not a crash', () => {
    const levels = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'];
    for (const [previous, name] of [...'abcdefgh'].map((letter, index) => [letter, 'bcdefghi'[index]!])) {
      levels.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(', ')}]`);
    }
    const { article, file } = parseArticle('a.md', md(`title: Bomb\n${levels.join('\n')}`));
    expect(article).toBeNull();
    expect(messagesOf(file)).toEqual(['2:1 yaml-aliases error: front matter repeats YAML aliases (`*name`) too often to be read']);
  });
});

describe('articles without a headline', () => {
  it.each([
    ['a.txt', '', 'file is empty: an article needs a headline'],
    ['a.txt', '\n  \n\t\n', 'file is empty: an article needs a headline'],
    ['a.md', '', 'file is empty: an article needs a headline'],
    ['a.md', md('dek: No title here'), 'article has no headline'],
  ])('should refuse %s %j', (name, text, reason) => {
    const { article, file } = parseArticle(name, text);
    expect(article).toBeNull();
    expect(messagesOf(file)).toEqual([`1:1 no-headline error: ${reason}`]);
  });

  it('should take a leading # heading as the headline when the front matter has no title', () => {
    const { article } = parseArticle('a.md', '# Council *approves* budget\n\nThe council met.');
    expect(article?.headline).toBe('Council approves budget');
    expect(article?.bodyHtml).toBe('<p>The council met.</p>');
  });

  it('should keep the headline the only <h1>, moving body headings down a level in order', () => {
    const { article } = parseArticle('a.md', md('title: T', 'Intro.\n\n# Part one\n\n## Detail\n\n###### Deepest'));
    expect(article?.bodyHtml).toBe('<p>Intro.</p>\n<h2>Part one</h2>\n<h3>Detail</h3>\n<h6>Deepest</h6>');
    expect(parseArticle('a.md', md('title: T', '## Kept\n\nText.')).article?.bodyHtml).toContain('<h2>Kept</h2>');
    expect(parseArticle('a.md', md('title: T', '<h1>Raw</h1>\n\nText.')).article?.bodyHtml).toContain('<h2>Raw</h2>');
  });
});

describe('dates and time zones', () => {
  it('should read a date without a time as midnight in the site time zone', () => {
    const { article } = parseArticle('a.md', md('title: T\ndate: 2026-11-20'), { config: config({ timeZone: 'Asia/Kolkata' }) });
    expect(article?.published?.toISOString()).toBe('2026-11-19T18:30:00.000Z');
    expect(article?.url).toBe('/2026/11/20/t/');
  });

  it('should read a time without an offset as wall time in the site zone, across DST', () => {
    const { article } = parseArticle('a.md', md('title: T\ndate: 2026-07-01 09:00'), { config: config({ timeZone: 'Europe/London' }) });
    expect(article?.published?.toISOString()).toBe('2026-07-01T08:00:00.000Z');
  });

  it('should keep a year from 0 to 99 as written, not move it to the 1900s', () => {
    const { article } = parseArticle('a.md', md('title: T\ndate: 0026-11-20'));
    expect(article?.published?.toISOString()).toBe('0026-11-20T00:00:00.000Z');
    expect(article?.url).toBe('/0026/11/20/t/');
    expect(parseArticle('0099-12-31-x.txt', 'Headline\nBody').article?.url).toBe('/0099/12/31/headline/');
  });

  it('should read an early date at midnight in the site zone, by the zone\'s local mean time', () => {
    // Kolkata kept local mean time, +05:53:28, until 1854.
    const { article } = parseArticle('a.md', md('title: T\ndate: 0026-11-20'), { config: config({ timeZone: 'Asia/Kolkata' }) });
    expect(article?.published?.toISOString()).toBe('0026-11-19T18:06:32.000Z');
    expect(article?.url).toBe('/0026/11/20/t/');
  });

  it('should count leap years in the first centuries as the calendar does', () => {
    expect(parseArticle('a.md', md('title: T\ndate: 0004-02-29')).article?.url).toBe('/0004/02/29/t/');
    expect(messagesOf(parseArticle('a.md', md('title: T\ndate: 0100-02-29')).file)).toContain('3:1 invalid-date error: `date` is not a real date: "0100-02-29"');
  });

  it('should move a time that the clocks skip forward by the length of the gap, as Temporal does', () => {
    // 02:30 never happens in New York on 8 March 2026: the clocks go from 02:00 EST to 03:00 EDT.
    const { article } = parseArticle('a.md', md('title: T\ndate: 2026-03-08 02:30'), { config: config({ timeZone: 'America/New_York' }) });
    expect(article?.published?.toISOString()).toBe('2026-03-08T07:30:00.000Z');
  });

  it('should keep a story on its day when the clocks skip its midnight', () => {
    // São Paulo went from 00:00 to 01:00 on 4 November 2018.
    const { article } = parseArticle('a.md', md('title: T\ndate: 2018-11-04'), { config: config({ timeZone: 'America/Sao_Paulo' }) });
    expect(article?.published?.toISOString()).toBe('2018-11-04T03:00:00.000Z');
    expect(article?.url).toBe('/2018/11/04/t/');
  });

  it.each([
    // 01:30 happens twice on these nights: first in summer time, then in winter time.
    ['America/New_York', '2026-11-01 01:30', '2026-11-01T05:30:00.000Z'],
    ['Europe/London', '2026-10-25 01:30', '2026-10-25T00:30:00.000Z'],
    ['Australia/Sydney', '2026-04-05 02:30', '2026-04-04T15:30:00.000Z'],
  ])('should read a time in the hour %s repeats as the first of the two, as Temporal does', (timeZone, date, instant) => {
    const { article } = parseArticle('a.md', md(`title: T\ndate: ${date}`), { config: config({ timeZone }) });
    expect(article?.published?.toISOString()).toBe(instant);
  });

  it('should read the second of the repeated hour when the offset says so', () => {
    const { article } = parseArticle('a.md', md('title: T\ndate: 2026-11-01T01:30:00-05:00'), { config: config({ timeZone: 'America/New_York' }) });
    expect(article?.published?.toISOString()).toBe('2026-11-01T06:30:00.000Z');
  });

  it('should date a wire story from its file name, and leave it undated otherwise', () => {
    expect(parseArticle('2019-05-06-sofi.txt', 'Headline\nBody').article?.published?.toISOString()).toBe('2019-05-06T00:00:00.000Z');
    expect(parseArticle('sofi.txt', 'Headline\nBody').article?.published).toBeNull();
  });

  it('should refuse an impossible date in a file name', () => {
    expect(messagesOf(parseArticle('2019-13-45-x.txt', 'Headline\nBody').file)).toEqual([
      '-:- invalid-date error: the file name starts with an impossible date: 2019-13-45',
    ]);
  });
});

describe('slugs and permalinks', () => {
  it('should make the slug from the headline, and put dated articles under their date', () => {
    const { article } = parseArticle('2019-05-06-x.txt', 'Islamic State J&K commander killed in Shopian encounter\nBody');
    expect(article?.slug).toBe('islamic-state-jk-commander-killed-in-shopian-encounter');
    expect(article?.url).toBe('/2019/05/06/islamic-state-jk-commander-killed-in-shopian-encounter/');
  });

  it('should put undated articles at /:slug/', () => {
    expect(parseArticle('x.txt', 'Letters to the editor\nBody').article?.url).toBe('/letters-to-the-editor/');
  });

  it('should transliterate non-Latin headlines, and fall back to a stable hash', () => {
    expect(parseArticle('a.md', md('title: Москва готовится к зиме')).article?.slug).toBe('moskva-gotovitsya-k-zime');
    const stars = parseArticle('a.md', md('title: "★ ★ ★"')).article?.slug;
    expect(stars).toMatch(/^a-[0-9a-f]{10}$/);
    expect(parseArticle('b.md', md('title: "★ ★ ★"')).article?.slug).toBe(stars);
  });

  it.each([
    ['../../etc', 'etc'],
    ['a/b', 'a-b'],
    ['a\\b', 'a-b'],
    ['../../../../tmp/pwned', 'tmp-pwned'],
  ])('should never use the slug %j as a path: it becomes %j, with a warning', (slug, safe) => {
    const { article, file } = parseArticle('a.md', md(`title: T\nslug: "${slug.replace(/\\/g, '\\\\')}"`));
    expect(article?.slug).toBe(safe);
    expect(article?.url).toBe(`/${safe}/`);
    expect(file.messages.map((message) => `${message.line}:${message.column} ${message.ruleId} ${message.fatal}`)).toContain('3:1 invalid-slug false');
  });

  it('should flatten a slug with dots', () => {
    expect(parseArticle('a.md', md('title: T\nslug: x.html')).article?.slug).toBe('x-html');
    expect(parseArticle('a.md', md('title: T\nslug: ".."')).article?.slug).toMatch(/^a-[0-9a-f]{10}$/);
  });

  it('should normalise a slug written with capitals or spaces, with a warning', () => {
    const { article, file } = parseArticle('a.md', md('title: T\nslug: My Story'));
    expect(article?.slug).toBe('my-story');
    expect(file.messages[0]?.ruleId).toBe('slug-normalised');
  });

  it('should follow a permalink pattern from the config', () => {
    const { article } = parseArticle('news/2026-11-20-vote.md', md('title: Vote\ndate: 2026-11-20\nsection: City Hall'), {
      config: config({ permalink: '/:section/:year/:filename/' }),
    });
    expect(article?.url).toBe('/city-hall/2026/vote/');
  });

  it.each(['/../../etc/', '/a/../b/', 'javascript:alert(1)', '/a?b'])('should refuse the alias %j', (alias) => {
    expect(parseArticle('a.md', md(`title: T\naliases: ["${alias}"]`)).file.messages[0]?.ruleId).toBe('invalid-alias');
  });
});

describe('language and direction', () => {
  it.each([
    ['ar', 'rtl'],
    ['he', 'rtl'],
    ['fa', 'rtl'],
    ['ur', 'rtl'],
    ['ar-Latn', 'ltr'],
    ['en', 'ltr'],
    ['hi', 'ltr'],
  ])('should give lang %s the direction %s', (lang, dir) => {
    expect(parseArticle('a.md', md(`title: T\nlang: ${lang}`)).article).toMatchObject({ lang, dir });
  });

  it('should use the site language by default', () => {
    expect(parseArticle('a.txt', 'T\nB', { config: config({ language: 'ar' }) }).article).toMatchObject({ lang: 'ar', dir: 'rtl' });
  });
});

describe('Markdown body', () => {
  it('should render CommonMark and GFM tables and strikethrough', () => {
    const html = parseArticle('a.md', md('title: T', '**bold** ~~gone~~\n\n| a | b |\n| - | - |\n| 1 | 2 |')).article!.bodyHtml;
    const document = parseHtml(html);
    expect(document.querySelector('strong')?.textContent).toBe('bold');
    expect(document.querySelector('del')?.textContent).toBe('gone');
    expect(document.querySelectorAll('td')).toHaveLength(2);
  });

  it('should keep safe raw HTML and remove scripts, handlers and javascript: URLs', () => {
    const body = [
      '<figure class="pull"><b onclick="alert(1)">Bold</b><script>alert(2)</script></figure>',
      '',
      '[x](javascript:alert(3)) <a href="vbscript:msgbox(4)">v</a> <img src="data:image/png;base64,AAAA" alt="dot"> <img src="data:text/html,x" alt="bad">',
      '',
      '<iframe src="https://evil.example/"></iframe><style>body{}</style><a href="https://example.org/" target="_blank">ext</a>',
      '',
      '<form action="https://evil.example/"><input name="password"><button>Go</button></form>',
    ].join('\n');
    const { article, file } = parseArticle('a.md', md('title: T', body));
    const document = parseHtml(`<div>${article!.bodyHtml}</div>`);
    expect(document.querySelector('b')?.textContent).toBe('Bold');
    expect(document.querySelector('figure')).not.toBeNull();
    for (const selector of ['script', 'iframe', 'style', '[onclick]', 'form', 'input', 'button']) expect(document.querySelector(selector)).toBeNull();
    const urls = [...document.querySelectorAll('[href], [src]')].map((element) => element.getAttribute('href') ?? element.getAttribute('src'));
    expect(urls).toEqual(['https://example.org/', 'data:image/png;base64,AAAA'].sort().length === 2 ? expect.arrayContaining(['https://example.org/', 'data:image/png;base64,AAAA']) : []);
    expect(urls.some((url) => /^(javascript|vbscript|data:text)/i.test(url ?? ''))).toBe(false);
    expect(document.querySelector('a[target]')?.getAttribute('rel')).toContain('noopener');
    expect(file.messages.some((message) => message.ruleId === 'unsafe-html')).toBe(true);
    expect(file.messages.some((message) => message.ruleId === 'unsafe-url')).toBe(true);
  });

  it('should not take escaped angle brackets in raw HTML for a tag', () => {
    const { article, file } = parseArticle('a.md', md('title: T', '<p>&#60;script&#62; is text</p>'));
    expect(article?.bodyHtml).toContain('&#x3C;script> is text');
    expect(messagesOf(file).filter((message) => message.includes('unsafe-html'))).toEqual([]);
  });

  it.each(['<a href="&#106;avascript:alert(1)">x</a>', '<a href="java&Tab;script:alert(1)">x</a>', '<a href="javascript&#x3A;alert(1)">x</a>'])(
    'should tell the writer it removed %s',
    (html) => {
      const { article, file } = parseArticle('a.md', md('title: T', html));
      expect(article?.bodyHtml).not.toMatch(/href="[^"]*script/i);
      expect(messagesOf(file)).toContain('4:1 unsafe-html warning: raw HTML removed from the body: `javascript:` is not allowed');
    },
  );

  it('should keep raw HTML valid: no retired elements or attributes, old anchors as ids that links follow', () => {
    const body = [
      '<center>Old</center> <strike>gone</strike>',
      '',
      '<a name="top"></a> [back up](#top) <p align="center" border="1">Para</p>',
      '',
      '<video controls src="clip.mp4">Your browser cannot play this</video>',
      '',
      '<blockquote><p>Quote.</p><footer>— <cite>Someone</cite></footer></blockquote>',
    ].join('\n');
    const { article, file } = parseArticle('a.md', md('title: T', body));
    const html = article!.bodyHtml;
    expect(html).not.toMatch(/<center|<strike|<video|align=|border=|name=|<p><\/p>|browser cannot/);
    expect(html).toContain('<a id="user-content-top"></a> <a href="#user-content-top">back up</a>');
    expect(html).toContain('<footer>— <cite>Someone</cite></footer>');
    expect(messagesOf(file)).toEqual(
      expect.arrayContaining([
        '4:1 unsupported-html warning: raw HTML `<center>` is not supported: it is removed and its text kept',
        '4:1 unsupported-html warning: raw HTML `<strike>` is not supported: it is removed and its text kept',
        '8:1 unsupported-html warning: raw HTML `<video>` is not supported: it is removed with what it holds',
      ]),
    );
  });

  it('should mark a dateline at the start of the first paragraph', () => {
    const { article } = parseArticle('a.md', md('title: T', 'SRINAGAR (Reuters) — Police said.'));
    expect(article?.dateline).toBe('SRINAGAR (Reuters)');
    expect(article?.bodyHtml).toBe('<p><span class="dateline">SRINAGAR (Reuters)</span> — Police said.</p>');
  });

  it('should lead the first paragraph with a front-matter dateline', () => {
    const { article } = parseArticle('a.md', md('title: T\ndateline: MUMBAI', 'The rupee fell.'));
    expect(article?.bodyHtml).toBe('<p><span class="dateline">MUMBAI</span> — The rupee fell.</p>');
  });

  it('should resolve images relative to the article and check that they exist', () => {
    const { article, file } = parseArticle('world/a.md', md('title: T\ndate: 2026-11-20', '![A net](net.jpg) ![Missing](gone.jpg)'), {
      assets: new Set(['world/net.jpg']),
    });
    const images = [...parseHtml(shownBody(article!)).querySelectorAll('img')].map((img) => img.getAttribute('src'));
    expect(images).toEqual(['../../../../world/net.jpg', '../../../../world/gone.jpg']);
    expect(messagesOf(file)).toContain('5:19 link-not-found warning: linked file not found in the content folder: gone.jpg');
  });

  it('should parse a body that is the same whatever the site\'s link style', () => {
    const text = md('title: T\ndate: 2026-11-20', '![A net](net.jpg) [home](/)');
    const local = parseArticle('world/a.md', text, { assets: new Set(['world/net.jpg']) }).article!;
    const hosted = parseArticle('world/a.md', text, { config: config({ baseUrl: 'https://news.example/edition/' }), assets: new Set(['world/net.jpg']) }).article!;
    expect(hosted.bodyHtml).toBe(local.bodyHtml);
    expect(local.bodyHtml).not.toContain('../');
  });

  it('should use pretty URLs under the base path when the site has a base URL', () => {
    const site = config({ baseUrl: 'https://news.example/edition/' });
    const { article } = parseArticle('world/a.md', md('title: T', '![A net](net.jpg) [home](/)'), { config: site, assets: new Set(['world/net.jpg']) });
    const document = parseHtml(shownBody(article!, site));
    expect(document.querySelector('img')?.getAttribute('src')).toBe('/edition/world/net.jpg');
    expect(document.querySelector('a')?.getAttribute('href')).toBe('/edition/');
  });
});

describe('lead image', () => {
  it('should resolve a front-matter image and require the file to exist', () => {
    const ok = parseArticle('world/a.md', md('title: T\nimage: {src: net.jpg, alt: A net, caption: Caught, credit: AP}'), {
      assets: new Set(['world/net.jpg']),
      imageSize: () => ({ width: 1200, height: 800 }),
    });
    expect(ok.article?.image).toEqual({ src: '/world/net.jpg', alt: 'A net', caption: 'Caught', credit: 'AP', width: 1200, height: 800, focus: null });
    const missing = parseArticle('world/a.md', md('title: T\nimage: nope.jpg'));
    expect(missing.article).toBeNull();
    expect(messagesOf(missing.file)).toContain('3:1 image-not-found error: image not found: nope.jpg');
  });

  it('should note an image without alt text as strict advice', () => {
    const { file } = parseArticle('a.md', md('title: T\nimage: https://example.org/x.jpg'));
    expect(messagesOf(file)).toContain('3:1 image-alt info: image has no alt text');
  });
});
