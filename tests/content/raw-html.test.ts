import { describe, expect, it } from 'vitest';
import { buildInProcess, config, md, messagesOf, parseArticle, parseHtml, project } from '../helpers.js';

// Raw HTML in a Markdown body is parsed into the same syntax tree as the Markdown, sanitised on
// it, and the writer is told what the sanitiser took out: nothing else.

type File = Parameters<typeof messagesOf>[0];
const about = (rule: string, file: File) => messagesOf(file).filter((message) => message.includes(` ${rule} `));
/** What the writer is told about the body: advice on the front matter left out. */
const told = (file: File) => messagesOf(file).filter((message) => !/ missing-(dek|date) /.test(message));

describe('what the writer is told about raw HTML', () => {
  it('should not take words in raw HTML that look like a scheme for something unsafe', () => {
    const body = '<div>\nMetadata: the JavaScript: way, and data: besides\n</div>\n\nAfter.';
    const { article, file } = parseArticle('a.md', md('title: T', body));
    expect(about('unsafe-html', file)).toEqual([]);
    expect(parseHtml(article!.bodyHtml).querySelector('div')?.textContent?.trim()).toBe('Metadata: the JavaScript: way, and data: besides');
  });

  it('should say nothing of a script in a comment, which never runs', () => {
    const { article, file } = parseArticle('a.md', md('title: T', '<!-- <script>alert(1)</script> -->\n\nText.'));
    expect(told(file)).toEqual([]);
    expect(article?.bodyHtml.trim()).toBe('<p>Text.</p>');
  });

  it('should tell of an unsafe element once, at its start, and not again at its end tag', () => {
    const { file } = parseArticle('a.md', md('title: T', 'Text <svg onload="alert(1)"><circle r="1"/></svg> more'));
    expect(told(file)).toEqual([
      '4:6 unsafe-html warning: raw HTML removed from the body: `<svg` is not allowed',
      '4:29 unsupported-html warning: raw HTML `<circle>` is not supported: it is removed and its text kept',
    ]);
  });

  it('should quote an unsafe element as it is written', () => {
    const { article, file } = parseArticle('a.md', md('title: T', '<DIV>a</DIV><SCRIPT>alert(1)</SCRIPT>'));
    expect(told(file)).toEqual(['4:1 unsafe-html warning: raw HTML removed from the body: `<SCRIPT` is not allowed']);
    expect(article?.bodyHtml).toBe('<div>a</div>');
  });

  it('should tell of an unsafe style and an unsafe image source, which the sanitiser and the URL check remove', () => {
    const body = '<div style="background: url(javascript:alert(1))">styled</div>\n\n<p><img src="data:text/html,x" alt="x"></p>';
    const { article, file } = parseArticle('a.md', md('title: T', body));
    expect(about('unsafe-html', file)).toEqual([
      '4:1 unsafe-html warning: raw HTML removed from the body: `javascript:` is not allowed',
      '6:1 unsafe-html warning: raw HTML removed from the body: `data:` is not allowed',
    ]);
    expect(article?.bodyHtml).toBe('<div>styled</div>');
  });

  it('should place what it says about an element of raw HTML where the element is written', () => {
    const { file } = parseArticle('a.md', md('title: T', 'Intro.\n\n<p>See <img src="gone.png"></p>'));
    expect(told(file)).toEqual([
      '6:8 link-not-found warning: linked file not found in the content folder: gone.png',
      '6:8 image-alt info: image in raw HTML has no alt text',
    ]);
  });

  it('should place a raw-HTML link to an article that is not published at the link', async () => {
    const cwd = project({
      'city/2026-11-20-a.md': md('title: A\ndate: 2026-11-20', 'Intro.\n\n<p>See <a href="b.md">the other</a>.</p>'),
      'city/b.md': md('title: B\ndate: 2026-11-20\ndraft: true'),
    });
    const { result } = await buildInProcess(cwd);
    const messages = result.files.flatMap(messagesOf).filter((message) => message.includes('not published'));
    expect(messages).toEqual(['7:8 link-not-found warning: link to an article that is not published: city/b.md']);
  });
});

describe('references in raw HTML to files that are not there', () => {
  const linksTo = (paths: string[]) => `Intro.\n\n<p>${paths.map((target) => `<a href="${target}">${target}</a>`).join(' ')}</p>`;
  const notFound = (file: File) => about('link-not-found', file);

  it('should warn about an image, a srcset candidate and a link that name a file the folder does not hold, at the element', () => {
    const body = 'Intro.\n\n<figure>\n  <img src="gone.jpg" alt="A net"\n    srcset="net.jpg 1x, gone-2x.jpg 2x">\n  <figcaption>See <a href="/docs/report.pdf">the report</a>.</figcaption>\n</figure>';
    const { file } = parseArticle('world/a.md', md('title: T', body), { assets: new Set(['world/net.jpg']) });
    expect(notFound(file)).toEqual([
      '7:3 link-not-found warning: linked file not found in the content folder: gone.jpg',
      '7:3 link-not-found warning: linked file not found in the content folder: gone-2x.jpg',
      '9:19 link-not-found warning: linked file not found in the content folder: /docs/report.pdf',
    ]);
  });

  it('should not warn about a link to another article\'s file, or to a file the folder holds', () => {
    const { file } = parseArticle('world/a.md', md('title: T', linksTo(['other.md', '../city/tram.txt', 'net.jpg', '/world/net.jpg', 'net.jpg#top'])), { assets: new Set(['world/net.jpg']) });
    expect(notFound(file)).toEqual([]);
  });

  it('should not warn about a link to a page of the site, written as a folder or as an HTML file', () => {
    const pages = ['/about/', '/about', '/sections/world/', '/2026/11/20/tram-line-opens/', '../archive/index.html', 'old-story.htm', '/search/?q=tram'];
    const { file } = parseArticle('world/a.md', md('title: T', linksTo(pages)));
    expect(notFound(file)).toEqual([]);
  });

  it('should not warn about a link to a file the build writes itself, or to one of the theme\'s', async () => {
    const site = { title: 'T', baseUrl: 'https://news.example/' };
    const story = md({ title: 'Tram line opens', date: '2026-11-20', section: 'City', aliases: ['/old-tram/'] }, 'The first tram left at six.');
    // Every file a build with search writes besides pages, the theme's among them, and the parts
    // a sitemap is split into past its limit.
    const { files } = await buildInProcess(project({ 'city/2026-11-20-tram.md': story }, site), { options: { search: true } });
    // Pictures the images module makes (cards, renditions) have names no writer would link to.
    const made = [...files.keys()].filter((name) => !name.endsWith('.html') && !/\.(?:jpg|png|webp|avif)$/.test(name));
    expect(made).toEqual(expect.arrayContaining(['feed.xml', 'sections/city/atom.xml', 'sitemap.xml', 'robots.txt', '_redirects', 'pagefind/pagefind.js', 'favicon.svg', 'assets/style.css']));
    const links = [...made, 'sitemap-2.xml', 'news-sitemap-1.xml'].map((name) => `/${name}`);
    const cwd = project({ 'city/2026-11-20-tram.md': story, 'city/2026-11-21-links.md': md({ title: 'Links', date: '2026-11-21' }, `${linksTo(links)}\n\n<img src="/favicon.svg" alt="The site's icon">`) }, site);
    const { result } = await buildInProcess(cwd);
    expect(result.files.flatMap((file) => notFound(file))).toEqual([]);
  });
});

describe('URLs in raw HTML', () => {
  const picture = (srcset: string) =>
    md('title: Nets\ndate: 2026-11-20', `<picture><source srcset="${srcset}" media="(min-width: 600px)"><img src="net.jpg" srcset="net.jpg, net-2x.jpg 2x" alt="A net"></picture>`);

  it('should resolve every image a srcset offers, like a src', async () => {
    // The files are not pictures: processing is off, or it would refuse them.
    const cwd = project({ 'world/2026-11-20-nets.md': picture('net.jpg 1x, net-2x.jpg 2x, https://example.org/big.jpg 3x'), 'world/net.jpg': 'x', 'world/net-2x.jpg': 'x' }, { images: false });
    const { files } = await buildInProcess(cwd);
    const page = parseHtml(String(files.get('2026/11/20/nets/index.html')));
    const src = page.querySelector('.e-content img')!.getAttribute('src')!;
    expect(src).toBe('../../../../world/net.jpg');
    expect(page.querySelector('.e-content source')?.getAttribute('srcset')).toBe(`${src} 1x, ../../../../world/net-2x.jpg 2x, https://example.org/big.jpg 3x`);
    expect(page.querySelector('.e-content img')?.getAttribute('srcset')).toBe(`${src}, ../../../../world/net-2x.jpg 2x`);
  });

  it('should resolve a srcset under the base path of a hosted site', async () => {
    const cwd = project(
      { 'world/2026-11-20-nets.md': picture('net.jpg 1x, net-2x.jpg 2x'), 'world/net.jpg': 'x', 'world/net-2x.jpg': 'x' },
      { title: 'T', baseUrl: 'https://news.example/edition/', images: false },
    );
    const { files } = await buildInProcess(cwd);
    const page = parseHtml(String(files.get('2026/11/20/nets/index.html')));
    expect(page.querySelector('.e-content source')?.getAttribute('srcset')).toBe('/edition/world/net.jpg 1x, /edition/world/net-2x.jpg 2x');
  });

  it('should take an unsafe image out of a srcset and check that the others exist', () => {
    const { article, file } = parseArticle('world/a.md', picture('javascript:alert(1) 1x, gone.jpg 2x'), { assets: new Set(['world/net.jpg', 'world/net-2x.jpg']) });
    expect(parseHtml(article!.bodyHtml).querySelector('source')?.getAttribute('srcset')).toBe('#broadsheet-site:/world/gone.jpg 2x');
    expect(told(file)).toEqual([
      '5:10 link-not-found warning: linked file not found in the content folder: gone.jpg',
      '5:10 unsafe-html warning: raw HTML removed from the body: `javascript:` is not allowed',
    ]);
  });
});

describe('Markdown and raw HTML in one tree', () => {
  it('should write a table\'s alignment as a class, with raw HTML in the body or without', () => {
    const table = '| a | b |\n| :- | -: |\n| 1 | 2 |';
    for (const body of [table, `${table}\n\n<div>raw</div>`]) {
      const document = parseHtml(`<div>${parseArticle('a.md', md('title: T', body)).article!.bodyHtml}</div>`);
      expect([...document.querySelectorAll('td')].map((cell) => cell.getAttribute('class'))).toEqual(['align-left', 'align-right']);
      expect(document.querySelector('[align]')).toBeNull();
    }
  });

  it('should write what a browser builds once the sanitiser has unwrapped an element', () => {
    const { article } = parseArticle('a.md', md('title: T', 'Before <math><mtext><table><tr><td>cell</td></tr></table></mtext></math> after'), { config: config() });
    const html = article!.bodyHtml;
    // A table cannot stay inside a paragraph: the HTML parser closes the paragraph first.
    expect(html).toContain('<p>Before </p><table>');
    expect(html).not.toMatch(/<p>[^<]*<table/);
  });
});
