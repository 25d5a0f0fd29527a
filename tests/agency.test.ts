import { parseFeed } from '@rowanmanning/feed-parser';
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { mf2 } from 'microformats-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildSite, clockAt, listFiles, parseHtml, project, ROOT, runCli, writeFiles } from './helpers.js';

// An agency drop folder as a newsroom points it at content/: ninjs 1.x, 2.x and 3.x, NewsML-G2
// with NITF and XHTML bodies, ANPA-1312 and IPTC 7901 transmissions, side by side, built into a
// site and read back as readers' and machines' clients read it.

const FIXTURES = path.join(ROOT, 'tests', 'fixtures', 'agency');
const BASE_URL = 'https://wire.example/';

/** The drop folder: every fixture a desk would receive, none of the broken ones. */
const DROP = {
  ninjs: ['1.x/ap-api.json', '1.x/body-text.json', '1.x/embargoed.json', '1.x/list.json', '1.x/story.json', '1.x/withheld.json', '2.x/canceled.json', '2.x/pictures.json', '2.x/story.json', '2.x/versions/ferry-v1.json', '2.x/versions/ferry-v2.json', '3.x/embargoed.json', '3.x/package.json', '3.x/story.json'],
  newsml: ['canceled.xml', 'embargoed.xml', 'hostile.xml', 'message-three.xml', 'picture.xml', 'plain-nitf.xml', 'quake-v1.xml', 'quake-v2.xml', 'story-with-photo.xml', 'withheld.xml', 'xhtml.xml'],
  anpa: ['advance-sunday.txt', 'cp-markets.txt', 'heat-hawks.txt', 'heat-hawks-2ndld.txt', 'heat-hawks-writethru', 'storm-withhold.txt', 'three-stories.txt', 'top-headlines.txt', 'windows-1252.txt'],
  '7901': ['afp-telex', 'dpa-super-bowl.txt', 'embargoed.txt', 'kill.txt', 'kna-three.txt', 'sperrfrist.txt', 'windows-1252.txt'],
};

function dropFolder(): Record<string, Uint8Array> {
  return Object.fromEntries(Object.entries(DROP).flatMap(([format, names]) => names.map((name) => [`${format}/${name}`, readFileSync(path.join(FIXTURES, format, name))])));
}

/** Every story the drop folder should publish at the clock of 2026-11-25 noon, by headline. */
const PUBLISHED = [
  'Stock markets advance as Bank of Japan seeks to fire up economy',
  'Cyclone makes landfall near Machilipatnam',
  'Airport clears backlog',
  'Bridge closes for repairs after inspectors find cracks',
  'Counting begins in 140 seats',
  "Heat say Wade's knee MRI shows only a bruise",
  'Dock workers strike at Kochi port over pay',
  'All 40 rescued after ferry runs aground off Kollam',
  'Firefighters are battling a blaze at an auto parts plant',
  'Floods cut off villages in Kerala',
  'Kinderkommission: Bund muss für Jugendhilfe zuständig bleiben',
  'Mayor orders review of storm drains',
  'Ministers agree draft text at climate summit',
  'Montréal café owners brace for €2 coffee',
  'More rain forecast for Kerala',
  'Museum zeigt Werke aus dem Mittelalter',
  'Papst ernennt neuen Erzbischof von Köln',
  'Port reopens after storm',
  'Rhein-Hochwasser erreicht Köln',
  'Storm fäller träd över Gotland',
  'Strompreise: Verbraucher zahlen „mehr als je zuvor“',
  'Trains run again on coastal line',
  'Turnout highest since 1987',
  'Winter League Standings',
  'बजट पर मतदान आज',
  "Chiefs-Rams 2.0? Would be a fun Super Bowl, but don't count on it",
  'State budget doubles flood relief fund',
  'Asian markets open higher',
  'Heavy rain shuts schools in Chennai',
  'India win toss and bat',
  'Pension funds bet on infrastructure as bond yields fall',
  'Pension funds bet on ports',
  'Rentenkasse legt mehr Geld in Infrastruktur an',
  'Report finds drains blocked before floods',
  'Eisbärbaby im Berliner Zoo zeigt sich',
  'Council <script>alert(1)</script> meets',
  'Earthquake of magnitude 6.8 strikes off coast',
  'AP Top Entertainment News at 11:23 p.m. EST',
].sort();

/** Withheld, cancelled, killed, embargoed past the clock, or an earlier version's words. */
const ABSENT = ['Dam toll rises to 12', 'Bridge closed after crack found', 'Police raid offices', 'Storm warning story is withheld', 'Quarterly results beat forecasts', 'Earthquake strikes off coast', 'nicht verwenden'];

/** Every output file as text, Pagefind's compressed index included. */
function everyByte(dir: string): Map<string, string> {
  const texts = new Map<string, string>();
  for (const file of listFiles(dir)) {
    let bytes: Buffer = readFileSync(path.join(dir, file));
    if (bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = gunzipSync(bytes);
    texts.set(file, bytes.toString('utf8'));
  }
  return texts;
}

const articlePages = (out: string) => listFiles(out).filter((file) => /^\d{4}\/\d{2}\/\d{2}\/[^/]+\/index\.html$/.test(file));
const headlineOf = (out: string, page: string) => parseHtml(readFileSync(path.join(out, page), 'utf8')).querySelector('h1.headline')?.textContent ?? null;
const jsonLdOf = (html: string) => [...parseHtml(html).querySelectorAll('script[type="application/ld+json"]')].map((script) => JSON.parse(script.textContent!));

describe('an agency drop folder', () => {
  let cwd: string;
  let out: string;
  let stderr: string;
  beforeAll(() => {
    cwd = project(dropFolder(), { title: 'Wire Desk', baseUrl: BASE_URL });
    const built = buildSite(cwd);
    expect(built.result.code, built.result.stderr).toBe(0);
    ({ out } = built);
    stderr = built.result.stderr;
  }, 120_000);

  it('should give every usable story a page, and no other', () => {
    const pages = articlePages(out);
    expect(pages.map((page) => headlineOf(out, page)).sort()).toEqual(PUBLISHED);
    expect(stderr).toMatch(/Built 38 articles \(5 earlier versions of agency stories replaced, 1 held back, 5 withdrawn by the agency\)/);
  });

  it('should leave withheld, cancelled and embargoed stories, and earlier versions, out of every file', () => {
    const texts = everyByte(out);
    for (const headline of ABSENT) {
      const leaks = [...texts].filter(([, text]) => text.includes(headline)).map(([file]) => file);
      expect(leaks, headline).toEqual([]);
    }
    expect(stderr).toContain('content/newsml/canceled.xml: "Police raid offices" is canceled by the agency, and is not published');
    expect(stderr).toContain('content/anpa/storm-withhold.txt: "Storm warning story is withheld" is withheld by the agency');
  });

  it('should publish no byte of an editor\'s note, in pages, feeds, sitemaps, JSON-LD or the search index', () => {
    const texts = everyByte(out);
    expect([...texts.keys()].some((file) => file.startsWith('pagefind/'))).toBe(true);
    const leaks = [...texts].filter(([, text]) => /EDNOTE-MARKER|lawyers are still reading|hold for legal/i.test(text)).map(([file]) => file);
    expect(leaks).toEqual([]);
  });

  it('should make versions one page, at the first version\'s URL with the latest words', () => {
    const quake = readFileSync(path.join(out, '2026/11/24/earthquake-strikes-off-coast/index.html'), 'utf8');
    expect(parseHtml(quake).querySelector('h1.headline')?.textContent).toBe('Earthquake of magnitude 6.8 strikes off coast');
    const article = jsonLdOf(quake).find((item) => item['@type'] === 'NewsArticle');
    expect(article.headline).toBe('Earthquake of magnitude 6.8 strikes off coast');
    expect(new Date(article.dateModified).getTime()).toBeGreaterThan(new Date(article.datePublished).getTime());
    expect(headlineOf(out, '2026/11/20/ferry-runs-aground-off-kollam/index.html')).toBe('All 40 rescued after ferry runs aground off Kollam');
  });

  it('should read as a news article to microformats and JSON-LD clients, with the agency as its source', () => {
    for (const page of articlePages(out)) {
      const html = readFileSync(path.join(out, page), 'utf8');
      const entry = mf2(html, { baseUrl: `${BASE_URL}${page}` }).items.find((item) => item.type?.includes('h-entry'));
      const headline = headlineOf(out, page);
      expect(entry?.properties['name']?.[0], page).toBe(headline);
      const article = jsonLdOf(html).find((item) => item['@type'] === 'NewsArticle');
      expect(article.headline, page).toBe(headline);
      expect(article.datePublished, page).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    }
    const story = readFileSync(path.join(out, '2026/11/20/counting-begins-in-140-seats/index.html'), 'utf8');
    const document = parseHtml(story);
    expect(document.querySelector('.attribution cite')?.textContent).toBeTruthy();
    const copyright = document.querySelector('.article-footer .copyright')?.textContent;
    expect(copyright).toBeTruthy();
    expect(jsonLdOf(story).find((item) => item['@type'] === 'NewsArticle').copyrightNotice).toBe(copyright);
  });

  it('should tag stories with Media Topic names, never bare codes', () => {
    const tags = listFiles(out).filter((file) => /^tags\/[^/]+\/index\.html$/.test(file));
    expect(tags.length).toBeGreaterThan(0);
    for (const page of tags) expect(page).not.toMatch(/^tags\/(?:medtop-)?\d{8}\//);
  });

  it('should sanitise hostile agency HTML and keep the text of a hostile headline as text', () => {
    const page = articlePages(out).find((file) => headlineOf(out, file) === 'Council <script>alert(1)</script> meets')!;
    const html = readFileSync(path.join(out, page), 'utf8');
    const body = parseHtml(html).querySelector('.article-body')!;
    expect(body.querySelectorAll('script, [onclick], a[href^="javascript:"]')).toHaveLength(0);
    expect(html).not.toContain('<script>alert(1)');
  });

  it('should carry the stories in the feeds, with no withheld item', () => {
    const feed = parseFeed(readFileSync(path.join(out, 'feed.xml'), 'utf8'));
    const titles = feed.items.map((item) => item.title);
    expect(titles).toContain('Earthquake of magnitude 6.8 strikes off coast');
    for (const headline of ABSENT) expect(titles).not.toContain(headline);
  });
});

describe('agency copy over time', () => {
  it('should publish an embargoed story once the build\'s clock passes the embargo', () => {
    const cwd = project({ 'newsml/embargoed.xml': readFileSync(path.join(FIXTURES, 'newsml', 'embargoed.xml')) }, { baseUrl: BASE_URL });
    const before = buildSite(cwd, { args: ['--no-search'], env: clockAt('2026-11-24T12:00:00Z') });
    expect(before.result.code, before.result.stderr).toBe(0);
    expect(articlePages(before.out)).toEqual([]);
    expect(before.result.stderr).toContain('1 held back');
    const after = buildSite(cwd, { args: ['--no-search'], env: clockAt('2026-12-30T12:00:00Z') });
    expect(articlePages(after.out).map((page) => headlineOf(after.out, page))).toEqual(['Quarterly results beat forecasts']);
  });

  it('should take a story down when the agency withholds it after it was published, and say so', () => {
    const quake = readFileSync(path.join(FIXTURES, 'newsml', 'quake-v1.xml'), 'utf8');
    const cwd = project({ 'newsml/quake.xml': quake }, { baseUrl: BASE_URL });
    const first = buildSite(cwd, { args: ['--no-search'] });
    expect(articlePages(first.out)).toEqual(['2026/11/24/earthquake-strikes-off-coast/index.html']);
    const withheld = quake.replace('version="1"', 'version="2"').replace('stat:usable', 'stat:withheld');
    writeFileSync(path.join(cwd, 'content', 'newsml', 'quake-withheld.xml'), withheld);
    const second = buildSite(cwd, { args: ['--no-search', '--verbose'] });
    expect(second.result.code, second.result.stderr).toBe(0);
    // The earlier version is named, not warned about.
    expect(second.result.stderr).toContain('versions: "Earthquake strikes off coast" is taken from version 2 (content/newsml/quake-withheld.xml); not shown: 1 (content/newsml/quake.xml)');
    expect(second.result.stderr).not.toMatch(/quake\.xml.*warning/);
    expect(articlePages(second.out)).toEqual([]);
    expect(second.result.stderr).toContain('"Earthquake strikes off coast" is withheld by the agency, and is taken off the site (it was at /2026/11/24/earthquake-strikes-off-coast/)');
    const texts = everyByte(second.out);
    expect([...texts.values()].some((text) => text.includes('Earthquake strikes off coast'))).toBe(false);
  });

  it('should keep a newer version under embargo, and its words, out until the embargo lifts', () => {
    const item = (version: string, headline: string, extra: object) => JSON.stringify({ uri: 'urn:x:vote', version, headline, firstcreated: '2026-11-25T06:00:00Z', body_text: `${headline}.`, ...extra });
    const cwd = project({
      'world/vote-1.json': item('1', 'Polls close in state vote', { versioncreated: '2026-11-25T06:00:00Z' }),
      'world/vote-2.json': item('2', 'Ruling party wins state vote', { versioncreated: '2026-11-25T09:00:00Z', embargoed: '2026-11-25T18:00:00Z' }),
    }, { baseUrl: BASE_URL });
    const before = buildSite(cwd, { args: ['--no-search'] });
    expect(before.result.code, before.result.stderr).toBe(0);
    expect(articlePages(before.out).map((page) => headlineOf(before.out, page))).toEqual(['Polls close in state vote']);
    expect([...everyByte(before.out).values()].some((text) => text.includes('Ruling party'))).toBe(false);
    const after = buildSite(cwd, { args: ['--no-search'], env: clockAt('2026-11-25T18:00:01Z') });
    expect(after.result.stderr).not.toContain('Up to date');
    expect(articlePages(after.out)).toEqual(articlePages(before.out));
    expect(articlePages(after.out).map((page) => headlineOf(after.out, page))).toEqual(['Ruling party wins state vote']);
  });

  it('should keep apart two stories AP sends under one keyword days apart, and a kill to the one it names', () => {
    const first = readFileSync(path.join(FIXTURES, 'anpa', 'heat-hawks.txt'), 'latin1');
    const rematch = first.replace(/11-20/g, '12-05').replace('Deng scores 30 as short-handed Heat beat Hawks 115-111', 'Hawks rout Heat 130-98 in rematch');
    const files = { 'sport/heat-hawks.txt': first, 'sport/rematch.txt': rematch, 'sport/kill.txt': readFileSync(path.join(FIXTURES, 'anpa', 'heat-hawks-kill.txt'), 'latin1') };
    const cwd = project(Object.fromEntries(Object.entries(files).map(([name, text]) => [name, Buffer.from(text, 'latin1')])));
    const { out, result } = buildSite(cwd, { args: ['--no-search'], env: clockAt('2026-12-06T12:00:00Z') });
    expect(result.code, result.stderr).toBe(0);
    expect(articlePages(out).map((page) => headlineOf(out, page))).toEqual(['Hawks rout Heat 130-98 in rematch']);
    expect(articlePages(out)[0]).toMatch(/^2026\/12\/05\//);
  });

  it('should not let an add sent on its own stand in for its story', () => {
    const story = readFileSync(path.join(FIXTURES, 'anpa', 'heat-hawks.txt'));
    const add = Buffer.from(readFileSync(path.join(FIXTURES, 'anpa', 'heat-hawks.txt'), 'latin1').replace('BC-BKN--Heat-Hawks                 ', 'BC-BKN--Heat-Hawks 1st Add         ').replace(/\^Deng scores[^\n]*\n/, '').replace(/\t {3}ATLANTA \(AP\)[^]*?\(MORE\)</, '\t   ATLANTA: Bam Adebayo added 18 rebounds for Miami.<'), 'latin1');
    const cwd = project({ 'sport/heat-hawks.txt': story, 'sport/heat-hawks-add.txt': add });
    const { out, result } = buildSite(cwd, { args: ['--no-search'] });
    expect(result.code, result.stderr).toBe(0);
    expect(articlePages(out).map((page) => headlineOf(out, page))).toEqual(['Deng scores 30 as short-handed Heat beat Hawks 115-111']);
    expect(result.stderr).toMatch(/heat-hawks-add\.txt:\d+:\d+: warning: an add to BC-BKN--Heat-Hawks arrived without its story/);
  });

  it('should keep a story\'s URL, suffix and all, through its versions, and link a file of several stories to its first', () => {
    const item = (uri: string, version: string, headline: string, time: string) => JSON.stringify({ uri, version, headline, firstcreated: time, versioncreated: time, body_text: `${headline} in ${uri}.` });
    const cwd = project({
      'port/b.json': item('urn:x:b', '1', 'Fire at port', '2026-11-25T06:00:00Z'),
      'port/a1.json': item('urn:x:a', '1', 'Fire at port', '2026-11-25T08:00:00Z'),
      'port/list.json': `[${item('urn:x:c', '1', 'Second story', '2026-11-25T09:00:00Z')},${item('urn:x:d', '1', 'Third story', '2026-11-25T05:00:00Z')}]`,
      'port/links.md': '---\ntitle: Links\ndate: 2026-11-25\n---\n\nSee [the list](list.json).\n',
    });
    const first = buildSite(cwd, { args: ['--no-search'] });
    const suffixed = articlePages(first.out).filter((page) => /fire-at-port-[0-9a-f]{6}\//.test(page));
    expect(suffixed).toHaveLength(1);
    expect(readFileSync(path.join(first.out, '2026/11/25/links/index.html'), 'utf8')).toMatch(/href="[^"]*second-story\//);
    writeFileSync(path.join(cwd, 'content', 'port', 'a2.json'), item('urn:x:a', '2', 'Fire at port', '2026-11-25T10:00:00Z'));
    const second = buildSite(cwd, { args: ['--no-search'] });
    expect(articlePages(second.out).filter((page) => /fire-at-port-[0-9a-f]{6}\//.test(page))).toEqual(suffixed);
  });

  it('should show a picture an agency gives by a protocol-relative address', () => {
    const story = readFileSync(path.join(FIXTURES, 'newsml', 'story-with-photo.xml'), 'utf8').replace('href="zoo.jpg"', 'href="//cdn.example.com/zoo.jpg"');
    const cwd = project({ 'world/zoo.xml': story });
    const { out, result } = buildSite(cwd, { args: ['--no-search'] });
    expect(result.code, result.stderr).toBe(0);
    const page = articlePages(out)[0]!;
    expect(parseHtml(readFileSync(path.join(out, page), 'utf8')).querySelector('.lead-image img')?.getAttribute('src')).toBe('https://cdn.example.com/zoo.jpg');
  });

  it('should take versions that carry no number in the order they were sent', () => {
    const item = (headline: string, versioncreated: string) => JSON.stringify({ uri: 'urn:x:fire', headline, firstcreated: '2026-11-25T06:00:00Z', versioncreated, body_text: `${headline}.` });
    const cwd = project({ 'city/fire-a.json': item('Fire crews tackle blaze at depot', '2026-11-25T09:00:00Z'), 'city/fire-b.json': item('Fire at depot put out', '2026-11-25T07:00:00Z') });
    const { out, result } = buildSite(cwd, { args: ['--no-search'] });
    expect(result.code, result.stderr).toBe(0);
    expect(articlePages(out)).toHaveLength(1);
    expect(headlineOf(out, articlePages(out)[0]!)).toBe('Fire crews tackle blaze at depot');
  });

  it('should mark a flash as breaking news for a day, and no longer', () => {
    const flash = JSON.stringify({ uri: 'urn:x:flash', version: '1', urgency: 1, headline: 'Dam bursts upstream of the city', firstcreated: '2026-11-25T09:00:00Z', body_html: '<p>A dam has burst.</p>' });
    const routine = JSON.stringify({ uri: 'urn:x:routine', urgency: 5, headline: 'Council meets', firstcreated: '2026-11-25T08:00:00Z', body_text: 'The council met.' });
    const cwd = project({ 'city/flash.json': flash, 'city/routine.json': routine });
    const fresh = buildSite(cwd, { args: ['--no-search'] });
    const label = (out: string, page: string) => parseHtml(readFileSync(path.join(out, page), 'utf8')).querySelector('.article-header .breaking')?.textContent ?? null;
    expect(label(fresh.out, '2026/11/25/dam-bursts-upstream-of-the-city/index.html')).toBe('Breaking');
    expect(label(fresh.out, '2026/11/25/council-meets/index.html')).toBeNull();
    expect(parseHtml(readFileSync(path.join(fresh.out, 'index.html'), 'utf8')).querySelectorAll('.teaser .breaking')).toHaveLength(1);
    const dayLater = buildSite(cwd, { args: ['--no-search'], env: clockAt('2026-11-26T09:00:01Z') });
    expect(dayLater.result.stderr).not.toContain('Up to date');
    expect(label(dayLater.out, '2026/11/25/dam-bursts-upstream-of-the-city/index.html')).toBeNull();
  });
});

describe('broadsheet check on an agency folder', () => {
  it('should pass a folder of good agency files, with warnings only', () => {
    const cwd = project(dropFolder());
    const result = runCli(['check'], { cwd, env: clockAt('2026-11-25T12:00:00Z') });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('[unsafe-html]');
  });

  it('should name the file, line and column of each broken agency file, and leave the site as it was', () => {
    const broken = {
      'ninjs/truncated.json': readFileSync(path.join(FIXTURES, 'ninjs', 'broken', 'truncated.json')),
      'newsml/malformed.xml': readFileSync(path.join(FIXTURES, 'newsml', 'malformed.xml')),
      'newsml/bomb.xml': readFileSync(path.join(FIXTURES, 'newsml', 'bomb.xml')),
      'newsml/xxe.xml': readFileSync(path.join(FIXTURES, 'newsml', 'xxe.xml')),
      'anpa/truncated.txt': readFileSync(path.join(FIXTURES, 'anpa', 'truncated.txt')),
      '7901/truncated.txt': readFileSync(path.join(FIXTURES, '7901', 'truncated.txt')),
    };
    const cwd = project({ 'world/2026-11-20-good.txt': 'Good story\n\nIt stands.\n' });
    const good = buildSite(cwd, { args: ['--no-search'] });
    expect(good.result.code, good.result.stderr).toBe(0);
    const before = listFiles(good.out).map((file) => [file, statSync(path.join(good.out, file)).mtimeMs]);
    writeFiles(path.join(cwd, 'content'), broken);
    const check = runCli(['check'], { cwd });
    expect(check.code).toBe(1);
    for (const name of Object.keys(broken)) expect(check.stderr).toMatch(new RegExp(`content/${name.replace('.', '\\.')}:\\d+:\\d+: error: .*\\[malformed-file\\]`));
    expect(check.stderr).not.toMatch(/\n\s+at .*\(.*\.js:\d+:\d+\)/);
    const build = buildSite(cwd, { args: ['--no-search'] });
    expect(build.result.code).toBe(1);
    expect(listFiles(good.out).map((file) => [file, statSync(path.join(good.out, file)).mtimeMs])).toEqual(before);
    rmSync(cwd, { recursive: true, force: true });
  });
});

// The fixtures are what the tests above publish: a drop folder of agency files and nothing else.
it('should list every agency fixture in the drop folder or as broken', () => {
  const listed = new Set(Object.entries(DROP).flatMap(([format, names]) => names.map((name) => `${format}/${name}`)));
  const broken = /(^|\/)(broken\/|truncated|malformed|bomb|xxe|no-headline|heat-hawks-kill|README\.md)/;
  const walk = (dir: string): string[] => readdirSync(path.join(FIXTURES, dir)).flatMap((name) => (statSync(path.join(FIXTURES, dir, name)).isDirectory() ? walk(`${dir}/${name}`) : [`${dir}/${name}`]));
  const all = Object.keys(DROP).flatMap((format) => walk(format));
  expect(all.filter((file) => !listed.has(file) && !broken.test(file))).toEqual([]);
});
