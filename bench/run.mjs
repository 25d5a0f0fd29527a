// @ts-check
// The benchmark: builds generated news corpora with Broadsheet (cold, no change, one article
// edited, one template edited) and, when `hugo` is on the PATH, the same Markdown corpus with
// Hugo, taking turns, and prints times, throughput, peak memory, files written and the ratios;
// then a site of camera photos (cold, no change, one photo replaced); then the news corpus with a
// live story of 300 updates (cold, no change, one update filed, one article edited, in turns).
//
//   npm run bench                    # N = 1,000 and 10,000: the news corpus (Markdown and wire text) and the long one; 200 photos
//   npm run bench -- --sizes 1000    # quicker, without the photos or the live story (add --images, --live for them)
//   npm run bench -- --pairs 5       # more Hugo/Broadsheet turns
//   npm run bench -- --only images   # the photos alone; --photos 20 for fewer
//   npm run bench -- --only live     # the live story alone; --live-articles 1000 --updates 100 for a smaller one
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LIVE_TIME_ZONE, liveStory, photoArticle, photoJpeg, writeCorpus } from './corpus.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI = path.join(ROOT, 'bin', 'broadsheet.js');

function option(name, fallback) {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? fallback : process.argv[index + 1];
}

const SIZES = option('sizes', '1000,10000').split(',').map(Number);
// md: the news corpus; txt: the same as wire text; long: the second corpus, of another shape.
const FORMATS = option('formats', 'md,txt,long').split(',');
/** The corpora Hugo builds too: the Markdown ones. */
const MARKDOWN = ['md', 'long'];
const PAIRS = Number(option('pairs', '3'));
// The images and live rows: a full run has them; a run narrowed to some sizes or formats is about
// articles and would wait minutes for rows it does not need, so it has them only when asked.
const ONLY = option('only', null)?.split(',') ?? null;
if (ONLY !== null && (ONLY.length === 0 || ONLY.some((row) => row !== 'images' && row !== 'live'))) {
  console.error(`--only takes "images", "live" or both ("images,live"; for articles alone: --no-images --no-live), not ${JSON.stringify(option('only', null))}`);
  process.exit(2);
}
const NARROWED = process.argv.includes('--sizes') || process.argv.includes('--formats');
const wanted = (row) => (ONLY === null ? process.argv.includes(`--${row}`) || (!NARROWED && !process.argv.includes(`--no-${row}`)) : ONLY.includes(row));
const IMAGES = wanted('images');
const LIVE = wanted('live');
const ARTICLES = ONLY === null;
const PHOTOS = Number(option('photos', '200'));
// The live row: the news corpus of this many articles, and a live story of this many updates.
const LIVE_ARTICLES = Number(option('live-articles', '10000'));
const LIVE_UPDATES = Number(option('updates', '300'));
// The photos are kept in BASE between runs, in a folder named by this version: change it when
// photoJpeg draws other pixels, so that no run measures the old photos by mistake.
const PHOTOS_VERSION = 'photos-1';
// tmpfs: on this machine's ext4, creating files right after deleting many is slow for minutes,
// which would measure the file system rather than the generator.
const BASE = option('dir', existsSync('/dev/shm') ? '/dev/shm/broadsheet-bench' : path.join(os.tmpdir(), 'broadsheet-bench'));
const HAS_TIME = spawnSync('/usr/bin/time', ['-f', '%M', 'true'], { encoding: 'utf8' }).status === 0;
const HAS_HUGO = spawnSync('hugo', ['version'], { encoding: 'utf8' }).status === 0;

/** Runs a command; returns wall seconds, peak RSS in MiB (when /usr/bin/time is there) and output. */
function measure(command, args, cwd, env = process.env) {
  const started = process.hrtime.bigint();
  const result = HAS_TIME
    ? spawnSync('/usr/bin/time', ['-f', 'PEAK_RSS_KB=%M', command, ...args], { cwd, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
    : spawnSync(command, args, { cwd, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${result.stderr}`);
  const peak = /PEAK_RSS_KB=(\d+)/.exec(result.stderr)?.[1];
  return { seconds, rssMiB: peak ? Number(peak) / 1024 : null, stderr: result.stderr, stdout: result.stdout };
}

/**
 * Runs a Broadsheet build and samples, every 200 ms, the resident memory of its Pagefind
 * processes, which /usr/bin/time does not count: the search index's peak is its own row.
 */
async function measureWithSearch(args, cwd) {
  let pagefindKiB = 0;
  const sample = () => {
    const ps = spawnSync('ps', ['-eo', 'rss=,comm='], { encoding: 'utf8' });
    for (const line of ps.stdout.split('\n')) {
      const [rss, command] = line.trim().split(/\s+/);
      if (command?.startsWith('pagefind')) pagefindKiB = Math.max(pagefindKiB, Number(rss));
    }
  };
  const started = process.hrtime.bigint();
  const child = HAS_TIME ? spawn('/usr/bin/time', ['-f', 'PEAK_RSS_KB=%M', process.execPath, CLI, ...args], { cwd }) : spawn(process.execPath, [CLI, ...args], { cwd });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const timer = setInterval(sample, 200);
  const code = await new Promise((resolve) => child.on('close', resolve));
  clearInterval(timer);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (code !== 0) throw new Error(`broadsheet ${args.join(' ')} failed:\n${stderr}`);
  const peak = /PEAK_RSS_KB=(\d+)/.exec(stderr)?.[1];
  return { seconds, rssMiB: peak ? Number(peak) / 1024 : null, pagefindMiB: pagefindKiB / 1024 };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function countFiles(dir) {
  let count = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    count += entry.isDirectory() ? countFiles(path.join(dir, entry.name)) : 1;
  }
  return count;
}

const rows = [];
function report(row) {
  rows.push(row);
  const cells = [
    row.tool.padEnd(10),
    row.format.padEnd(4),
    String(row.n).padStart(6),
    row.scenario.padEnd(18),
    `${row.seconds.toFixed(2)} s`.padStart(9),
    `${Math.round(row.n / row.seconds)}/s`.padStart(9),
    row.rssMiB === null ? '      n/a' : `${row.rssMiB.toFixed(0)} MiB`.padStart(9),
    String(row.written).padStart(7),
  ];
  console.log(cells.join('  '));
}

// The articles' rows build as Hugo's layout does, without pictures: the corpora have none, and
// the only image work would be each story's social card, which Hugo does not make. The cards get
// their own row, from a config with the default settings.
const CONFIG = { title: 'Bench Times', baseUrl: 'https://bench.example/', images: false };
const WITH_CARDS = 'with-cards.config.json';

/** A Broadsheet project: content/, a config with a base URL (a build for hosting, like Hugo's). */
function broadsheetProject(format, n) {
  const dir = path.join(BASE, `broadsheet-${format}-${n}`);
  rmSync(dir, { recursive: true, force: true });
  writeCorpus(path.join(dir, 'content'), n, format);
  writeFileSync(path.join(dir, 'broadsheet.config.json'), JSON.stringify(CONFIG));
  writeFileSync(path.join(dir, WITH_CARDS), JSON.stringify({ ...CONFIG, images: undefined }));
  return dir;
}

// Hugo's equivalent layout has no search, so the comparison builds without Broadsheet's search
// index too; the index gets its own row.
const COMPARABLE = ['--no-search'];

/** Files written, as Broadsheet's summary line reports them (0 when it says up to date). */
function written(dir, out, args, env = process.env) {
  const result = measure(process.execPath, [CLI, 'build', '--out', out, ...COMPARABLE, ...args], dir, env);
  const match = /\((\d+) written/.exec(result.stderr) ?? /: (\d+) written/.exec(result.stderr);
  return { ...result, written: match ? Number(match[1]) : 0 };
}

/**
 * The one-article edit: the first article of the first section folder, its last paragraph one
 * sentence longer (again at each call). Its page and feeds change, its lists do not.
 */
function editOneArticle(content) {
  const first = readdirSync(content).sort()[0];
  const article = path.join(content, first, readdirSync(path.join(content, first)).sort()[0]);
  const lines = readFileSync(article, 'utf8').trimEnd().split('\n');
  lines[lines.length - 2] = `${lines[lines.length - 2]} An edited sentence.`;
  writeFileSync(article, `${lines.join('\n')}\n`);
  return path.relative(content, article);
}

async function benchBroadsheet(format, n) {
  const dir = broadsheetProject(format, n);
  const cache = path.join(dir, 'node_modules', '.cache', 'broadsheet');
  const out = 'out';
  rmSync(cache, { recursive: true, force: true });
  const cold = written(dir, out, []);
  report({ tool: 'broadsheet', format, n, scenario: 'cold', seconds: cold.seconds, rssMiB: cold.rssMiB, written: cold.written });
  // The same cold build with the default settings: a social card drawn for every story.
  const carded = written(dir, 'with-cards', ['--no-cache', '--config', WITH_CARDS]);
  report({ tool: 'broadsheet', format, n, scenario: 'cold + cards', seconds: carded.seconds, rssMiB: carded.rssMiB, written: carded.written });
  rmSync(path.join(dir, 'with-cards'), { recursive: true, force: true });
  const same = written(dir, out, []);
  report({ tool: 'broadsheet', format, n, scenario: 'no change', seconds: same.seconds, rssMiB: same.rssMiB, written: same.written });

  editOneArticle(path.join(dir, 'content'));
  const edited = written(dir, out, []);
  report({ tool: 'broadsheet', format, n, scenario: 'one article', seconds: edited.seconds, rssMiB: edited.rssMiB, written: edited.written });

  mkdirSync(path.join(dir, 'templates'), { recursive: true });
  const template = readFileSync(path.join(ROOT, 'templates', 'article.liquid'), 'utf8');
  writeFileSync(path.join(dir, 'templates', 'article.liquid'), template.replace('<footer class="article-footer">', '<footer class="article-footer bench">'));
  const retemplated = written(dir, out, []);
  report({ tool: 'broadsheet', format, n, scenario: 'one template', seconds: retemplated.seconds, rssMiB: retemplated.rssMiB, written: retemplated.written });
  rmSync(path.join(dir, 'templates'), { recursive: true, force: true });

  // The same cold build with the search index (Pagefind), which Hugo's layout does not have.
  const searched = await measureWithSearch(['build', '--out', 'searched', '--no-cache', '--quiet'], dir);
  report({ tool: 'broadsheet', format, n, scenario: 'cold + search', seconds: searched.seconds, rssMiB: searched.rssMiB, written: countFiles(path.join(dir, 'searched')) });
  report({ tool: 'pagefind', format, n, scenario: 'its peak', seconds: searched.seconds, rssMiB: searched.pagefindMiB, written: 0 });
  rmSync(path.join(dir, 'searched'), { recursive: true, force: true });
  return { dir, cold, carded, same, edited, retemplated, searched };
}

// ---------------------------------------------------------------------------------------------
// Hugo, with a minimal layout equivalent to the default theme's: article page, home, sections,
// tags, RSS; paginated by 20 like Broadsheet.

const HUGO_LAYOUTS = {
  '_default/baseof.html': `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }} – {{ .Site.Title }}</title>
<link rel="canonical" href="{{ .Permalink }}">{{ range .AlternativeOutputFormats }}<link rel="{{ .Rel }}" type="{{ .MediaType.Type }}" href="{{ .Permalink }}">{{ end }}</head>
<body><header><a href="{{ "/" | relURL }}">{{ .Site.Title }}</a><nav>{{ range .Site.Sections }}<a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ end }}</nav></header>
<main>{{ block "main" . }}{{ end }}</main></body></html>`,
  '_default/single.html': `{{ define "main" }}<article><h1>{{ .Title }}</h1>{{ with .Params.dek }}<p>{{ . }}</p>{{ end }}
<p>{{ delimit .Params.author ", " }} <time datetime="{{ .Date.Format "2006-01-02T15:04:05Z07:00" }}">{{ .Date.Format "January 2, 2006" }}</time></p>
<div>{{ .Content }}</div><p>{{ range .Params.tags }}<a href="{{ "/tags/" | relURL }}{{ . | urlize }}/">{{ . }}</a> {{ end }}</p></article>{{ end }}`,
  '_default/list.html': `{{ define "main" }}<h1>{{ .Title }}</h1>{{ $pages := .Paginate .Pages }}{{ range $pages.Pages }}
<article><h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>{{ with .Params.dek }}<p>{{ . }}</p>{{ end }}<time>{{ .Date.Format "January 2, 2006" }}</time></article>{{ end }}
{{ with $pages.Prev }}<a rel="prev" href="{{ .URL }}">Newer</a>{{ end }}{{ with $pages.Next }}<a rel="next" href="{{ .URL }}">Older</a>{{ end }}{{ end }}`,
  'index.html': `{{ define "main" }}{{ $pages := .Paginate .Site.RegularPages }}{{ range $pages.Pages }}
<article><h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>{{ with .Params.dek }}<p>{{ . }}</p>{{ end }}<time>{{ .Date.Format "January 2, 2006" }}</time></article>{{ end }}
{{ with $pages.Next }}<a rel="next" href="{{ .URL }}">Older</a>{{ end }}{{ end }}`,
};

function hugoProject(format, n) {
  const dir = path.join(BASE, `hugo-${format}-${n}`);
  rmSync(dir, { recursive: true, force: true });
  writeCorpus(path.join(dir, 'content'), n, format);
  for (const [name, text] of Object.entries(HUGO_LAYOUTS)) {
    mkdirSync(path.dirname(path.join(dir, 'layouts', name)), { recursive: true });
    writeFileSync(path.join(dir, 'layouts', name), text);
  }
  writeFileSync(
    path.join(dir, 'config.toml'),
    [
      'baseURL = "https://bench.example/"',
      'title = "Bench Times"',
      'paginate = 20',
      '[taxonomies]',
      '  tag = "tags"',
      // Raw HTML in bodies, as Broadsheet publishes it (Hugo leaves it out by default).
      '[markup.goldmark.renderer]',
      '  unsafe = true',
    ].join('\n'),
  );
  return dir;
}

/** Hugo and Broadsheet cold builds, taking turns, each into a fresh folder. */
function alternate(format, n, broadsheetDir, hugoDir) {
  const times = { broadsheet: [], hugo: [] };
  const rss = { broadsheet: [], hugo: [] };
  for (let pair = 0; pair < PAIRS; pair++) {
    const hugoOut = `public-${pair}`;
    const h = measure('hugo', ['--quiet', '--destination', hugoOut], hugoDir);
    times.hugo.push(h.seconds);
    if (h.rssMiB !== null) rss.hugo.push(h.rssMiB);
    const b = measure(process.execPath, [CLI, 'build', '--out', `cold-${pair}`, '--no-cache', '--quiet', ...COMPARABLE], broadsheetDir);
    times.broadsheet.push(b.seconds);
    if (b.rssMiB !== null) rss.broadsheet.push(b.rssMiB);
  }
  const hugoFiles = countFiles(path.join(hugoDir, 'public-0'));
  const broadsheetFiles = countFiles(path.join(broadsheetDir, 'cold-0'));
  for (let pair = 0; pair < PAIRS; pair++) {
    rmSync(path.join(hugoDir, `public-${pair}`), { recursive: true, force: true });
    rmSync(path.join(broadsheetDir, `cold-${pair}`), { recursive: true, force: true });
  }
  report({ tool: 'hugo', format, n, scenario: `cold (median/${PAIRS})`, seconds: median(times.hugo), rssMiB: rss.hugo.length ? median(rss.hugo) : null, written: hugoFiles });
  report({ tool: 'broadsheet', format, n, scenario: `cold (median/${PAIRS})`, seconds: median(times.broadsheet), rssMiB: rss.broadsheet.length ? median(rss.broadsheet) : null, written: broadsheetFiles });
  return { hugo: median(times.hugo), broadsheet: median(times.broadsheet), ratios: times.broadsheet.map((time, i) => time / times.hugo[i]) };
}

/** The floor: reading every article and writing it out unparsed, in one Node loop. */
function floor(format, n, dir) {
  const script = `
    const fs = require('fs'), path = require('path');
    const walk = (d) => fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]);
    for (const file of walk('content')) { const out = path.join('floor', path.relative('content', file), 'index.html'); fs.mkdirSync(path.dirname(out), { recursive: true }); fs.writeFileSync(out, fs.readFileSync(file)); }`;
  const run = measure(process.execPath, ['-e', script], dir);
  rmSync(path.join(dir, 'floor'), { recursive: true, force: true });
  report({ tool: 'floor', format, n, scenario: 'read+write', seconds: run.seconds, rssMiB: run.rssMiB, written: n });
}

// ---------------------------------------------------------------------------------------------
// Images: a site of camera photos, each the lead image of an article and some shown in another
// article's body too. It measures whatever the build does with them, copying or processing.

let photosMade = 0;

/** Photo i's file in BASE, made once (about 0.2 s a photo) and reused by every later run. */
async function cachedPhoto(i, variant = 0) {
  const dir = path.join(BASE, PHOTOS_VERSION);
  const file = path.join(dir, variant === 0 ? `photo-${i}.jpg` : `photo-${i}-variant-${variant}.jpg`);
  if (existsSync(file)) return file;
  if (photosMade++ === 0) console.error(`(making photos in ${dir}, once: later runs reuse them)`);
  mkdirSync(dir, { recursive: true });
  // Written aside and renamed, so that a run stopped halfway leaves no truncated photo to reuse.
  writeFileSync(`${file}.partial`, await photoJpeg(i, { variant }));
  renameSync(`${file}.partial`, file);
  return file;
}

function sizeOf(dir) {
  let bytes = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    bytes += entry.isDirectory() ? sizeOf(file) : statSync(file).size;
  }
  return bytes;
}

async function benchImages(count) {
  const started = Date.now();
  const photos = [];
  for (let i = 0; i < count; i++) photos.push(await cachedPhoto(i));
  const dir = path.join(BASE, `broadsheet-images-${count}`);
  rmSync(dir, { recursive: true, force: true });
  const content = path.join(dir, 'content');
  const articles = Array.from({ length: count }, (_, i) => photoArticle(i, count));
  // The photo replaced is one shown twice, as a lead image and in another article's body.
  const replaced = articles.find((article) => article.shows !== null)?.shows ?? articles[0].photo;
  const replacedIndex = Number(/photo-(\d+)\.jpg$/.exec(replaced)?.[1]);
  const replacement = await cachedPhoto(replacedIndex, 1);
  const made = (Date.now() - started) / 1000;
  for (const [i, article] of articles.entries()) {
    mkdirSync(path.dirname(path.join(content, article.name)), { recursive: true });
    writeFileSync(path.join(content, article.name), article.text);
    // Copies, not links: replacing a photo below must not change the one kept in BASE.
    copyFileSync(photos[i], path.join(content, article.photo));
  }
  writeFileSync(path.join(dir, 'broadsheet.config.json'), JSON.stringify({ title: 'Bench Times', baseUrl: 'https://bench.example/' }));
  const cache = path.join(dir, 'node_modules', '.cache', 'broadsheet');
  const out = 'out';
  rmSync(cache, { recursive: true, force: true });

  const cold = written(dir, out, []);
  report({ tool: 'broadsheet', format: 'jpg', n: count, scenario: 'images cold', seconds: cold.seconds, rssMiB: cold.rssMiB, written: cold.written });
  const outFiles = countFiles(path.join(dir, out));
  const outBytes = sizeOf(path.join(dir, out));
  const warm = written(dir, out, []);
  report({ tool: 'broadsheet', format: 'jpg', n: count, scenario: 'images warm', seconds: warm.seconds, rssMiB: warm.rssMiB, written: warm.written });
  // Other pixels at the same size, with a new date as any edited file has.
  copyFileSync(replacement, path.join(content, replaced));
  const swapped = written(dir, out, []);
  report({ tool: 'broadsheet', format: 'jpg', n: count, scenario: 'one photo replaced', seconds: swapped.seconds, rssMiB: swapped.rssMiB, written: swapped.written });

  const photoBytes = photos.reduce((sum, file) => sum + statSync(file).size, 0);
  const body = articles.filter((article) => article.shows !== null).length;
  summary.push(
    `images: ${count} photos of 3.8–6 megapixels, ${(photoBytes / 2 ** 20).toFixed(0)} MiB of JPEG (${photosMade === 0 ? 'reused from' : `${photosMade} made in ${made.toFixed(0)} s into`} ${path.join(BASE, PHOTOS_VERSION)}); ${count} articles, ${body} also showing a photo in the body`,
    `images: the cold build wrote ${cold.written} files; ${out}/ then held ${outFiles} files, ${(outBytes / 2 ** 20).toFixed(0)} MiB`,
  );
  rmSync(dir, { recursive: true, force: true });
}

// ---------------------------------------------------------------------------------------------
// Live: the news corpus with a live story of many updates, at a clock within its coverage, so the
// story is live and leads the home page and its section. Filing one update re-parses that story
// alone and rewrites what shows it; the one-article edit of the same corpus runs in turns with it.

/** Every file in `dir` by its path, with what a rewrite changes: inode (a file swapped into place), mtime, size. */
function snapshot(dir, into = new Map(), root = dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) snapshot(file, into, root);
    else {
      const stat = statSync(file, { bigint: true });
      into.set(path.relative(root, file), `${stat.ino}:${stat.mtimeNs}:${stat.size}`);
    }
  }
  return into;
}

/** Files added, removed or rewritten between two snapshots, sorted. */
function touched(before, after) {
  const changed = [...after].filter(([file, identity]) => before.get(file) !== identity).map(([file]) => (before.has(file) ? file : `${file} (new)`));
  const removed = [...before.keys()].filter((file) => !after.has(file)).map((file) => `${file} (removed)`);
  return [...changed, ...removed].sort();
}

/**
 * The files one build touched, in groups: the story's own (page, earlier-updates pages, feeds),
 * lists, feeds and sitemaps, other pages that link to the story (the 404 page's latest stories),
 * and anything else — which should be nothing beyond the edited page.
 */
function grouped(files, storyUrl, editedUrl, outDir) {
  const groups = { story: [], 'earlier updates': [], 'story feeds': [], 'edited article': [], lists: [], feeds: [], sitemaps: [], 'other pages showing it': [], other: [] };
  const showsStory = (file) => storyUrl !== null && file.endsWith('.html') && existsSync(path.join(outDir, file)) && readFileSync(path.join(outDir, file), 'utf8').includes(`href="/${storyUrl}"`);
  for (const entry of files) {
    const file = entry.replace(/ \((new|removed)\)$/, '');
    if (storyUrl && file === `${storyUrl}index.html`) groups.story.push(entry);
    else if (storyUrl && file.startsWith(`${storyUrl}updates/`)) groups['earlier updates'].push(entry);
    else if (storyUrl && file.startsWith(storyUrl)) groups['story feeds'].push(entry);
    else if (editedUrl && file.startsWith(editedUrl)) groups['edited article'].push(entry);
    else if (/(^|\/)(feed\.xml|atom\.xml|feed\.json)$/.test(file)) groups.feeds.push(entry);
    else if (/sitemap[^/]*\.xml$/.test(file)) groups.sitemaps.push(entry);
    else if (/^(index\.html|page\/|sections\/|authors\/|tags\/|\d{4}\/(\d{2}\/)?(index\.html|page\/))/.test(file)) groups.lists.push(entry);
    else if (showsStory(file)) groups['other pages showing it'].push(entry);
    else groups.other.push(entry);
  }
  return groups;
}

/** `a/updates/1/index.html … a/updates/15/index.html` as one range, for a line a reader can take in. */
function compact(files) {
  const runs = new Map();
  const rest = [];
  for (const file of files) {
    const match = /^(.*\/)(\d+)(\/index\.html)$/.exec(file);
    if (!match) rest.push(file);
    else {
      const key = `${match[1]}N${match[3]}`;
      runs.set(key, [...(runs.get(key) ?? []), Number(match[2])]);
    }
  }
  const ranged = [...runs].map(([key, numbers]) => {
    numbers.sort((a, b) => a - b);
    const contiguous = numbers.every((number, i) => i === 0 || number === numbers[i - 1] + 1);
    const span = numbers.length === 1 ? String(numbers[0]) : contiguous ? `{${numbers[0]}…${numbers.at(-1)}}` : `{${numbers.join(',')}}`;
    return key.replace('/N/', `/${span}/`);
  });
  return [...rest, ...ranged].sort();
}

/** The live story's site path: the folder of its first page of earlier updates, in a snapshot of out/. */
function storyUrlIn(files) {
  const earlier = [...files.keys()].filter((file) => file.endsWith('/updates/1/index.html'));
  if (earlier.length !== 1) throw new Error(`expected one live story with earlier updates in out/, found ${earlier.length}`);
  return earlier[0].replace(/updates\/1\/index\.html$/, '');
}

async function benchLive(n, updates) {
  const dir = path.join(BASE, `broadsheet-live-${n}`);
  rmSync(dir, { recursive: true, force: true });
  const content = path.join(dir, 'content');
  writeCorpus(content, n, 'md');
  const story = liveStory(updates);
  for (const file of story.files) {
    mkdirSync(path.dirname(path.join(content, file.name)), { recursive: true });
    writeFileSync(path.join(content, file.name), file.text);
  }
  writeFileSync(path.join(dir, 'broadsheet.config.json'), JSON.stringify({ ...CONFIG, timeZone: LIVE_TIME_ZONE }));
  const env = { ...process.env, SOURCE_DATE_EPOCH: String(story.clock.getTime() / 1000) };
  const out = 'out';
  const outDir = path.join(dir, out);
  const build = (scenario) => {
    const result = written(dir, out, [], env);
    report({ tool: 'broadsheet', format: 'live', n, scenario, seconds: result.seconds, rssMiB: result.rssMiB, written: result.written });
    return result;
  };

  const cold = build('cold');
  // The story leads the home page, marked live: the clock is within its coverage.
  const home = readFileSync(path.join(outDir, 'index.html'), 'utf8');
  const main = home.slice(home.indexOf('<main'));
  const lead = main.indexOf('h-entry');
  const leads = lead !== -1 && main.indexOf(story.headline) > lead && main.indexOf(story.headline) < main.indexOf('h-entry', lead + 1) && main.slice(lead, main.indexOf('h-entry', lead + 1)).includes('live-label');
  if (!leads) throw new Error(`the live story does not lead the home page at the clock ${story.clock.toISOString()}`);
  const storyUrl = storyUrlIn(snapshot(outDir));
  const outFiles = countFiles(outDir);
  const same = build('no change');

  const times = { update: [], article: [] };
  const lists = { update: [], article: [] };
  let editedUrl = null;
  let articleEdited = null;
  for (let pair = 0; pair < PAIRS; pair++) {
    let before = snapshot(outDir);
    const update = story.extra(pair + 1);
    writeFileSync(path.join(content, update.name), update.text);
    const filed = build('one live update');
    let after = snapshot(outDir);
    lists.update.push(touched(before, after));
    times.update.push(filed);

    before = after;
    const edited = editOneArticle(content);
    const rebuilt = build('one article');
    after = snapshot(outDir);
    lists.article.push(touched(before, after));
    times.article.push(rebuilt);
    // The edited article's site path: the one page it rewrote that is not a feed or sitemap.
    editedUrl ??= lists.article[0].find((file) => file.endsWith('/index.html'))?.replace(/index\.html$/, '') ?? null;
    articleEdited = edited;
  }

  const seconds = (results) => results.map((result) => result.seconds);
  const updateMedian = median(seconds(times.update));
  const articleMedian = median(seconds(times.article));
  const peak = (results) => Math.max(...results.map((result) => result.rssMiB ?? 0));
  summary.push(
    `live: ${n} news articles and a live story of ${updates} updates (${story.start.toISOString()} to ${story.last.toISOString()}), clock ${story.clock.toISOString()} (SOURCE_DATE_EPOCH); story at /${storyUrl}`,
    `live: the cold build wrote ${cold.written} files (${outFiles} in ${out}/); no change ${same.seconds.toFixed(2)} s`,
    `live: one live update ${updateMedian.toFixed(2)} s (median of ${PAIRS}: ${seconds(times.update).map((s) => s.toFixed(2)).join(', ')}; peak ${peak(times.update).toFixed(0)} MiB; written ${times.update.map((r) => r.written).join(', ')})`,
    `live: one article    ${articleMedian.toFixed(2)} s (median of ${PAIRS}: ${seconds(times.article).map((s) => s.toFixed(2)).join(', ')}; peak ${peak(times.article).toFixed(0)} MiB; written ${times.article.map((r) => r.written).join(', ')})`,
    `live: the article edited is content/${articleEdited} (at /${editedUrl}), a sentence added to its last paragraph each time`,
    `live: one live update / one article = ${(updateMedian / articleMedian).toFixed(2)} (pairs: ${times.update.map((r, i) => (r.seconds / times.article[i].seconds).toFixed(2)).join(', ')})`,
  );
  // What each build touched against what it said it wrote, and anything outside what should change.
  let checked = 0;
  for (const [kind, runs] of Object.entries(lists)) {
    for (const [pair, files] of runs.entries()) {
      const said = (kind === 'update' ? times.update : times.article)[pair].written;
      const groups = grouped(files, storyUrl, kind === 'article' ? editedUrl : null, outDir);
      const unexpected = kind === 'update' ? [...groups.other, ...groups['edited article']] : [...groups.other, ...groups.story, ...groups['earlier updates'], ...groups['story feeds'], ...groups.lists, ...groups['other pages showing it']];
      if (files.length !== said || unexpected.length > 0) {
        summary.push(`live: ${kind} ${pair + 1}: CHECK: summary said ${said} written, ${files.length} touched; unexpected: ${unexpected.join(', ') || 'none'}`);
      } else checked++;
    }
  }
  if (checked === PAIRS * 2) summary.push(`live: checked: in all ${checked} builds the files touched in ${out}/ (new inode, mtime or size) were the ones the summary counted, and none outside what shows the change`);
  for (const kind of ['update', 'article']) {
    const groups = grouped(lists[kind][0], storyUrl, kind === 'article' ? editedUrl : null, outDir);
    summary.push(`live: the first one-${kind === 'update' ? 'live-update' : 'article'} build touched ${lists[kind][0].length} files:`);
    for (const [group, files] of Object.entries(groups)) if (files.length > 0) summary.push(`  ${group} (${files.length}): ${compact(files).join(' ')}`);
  }
  rmSync(dir, { recursive: true, force: true });
}

console.log(`Broadsheet benchmark on ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, in ${BASE}`);
console.log(HAS_HUGO ? spawnSync('hugo', ['version'], { encoding: 'utf8' }).stdout.trim() : 'hugo: not on the PATH (apt-get install -y hugo), so no ratios');
console.log('');
console.log(['tool'.padEnd(10), 'fmt ', '     N', 'scenario'.padEnd(18), '     wall', '   rate', '  peak RSS', 'written'].join('  '));
mkdirSync(BASE, { recursive: true });

const summary = [];
for (const n of ARTICLES ? SIZES : []) {
  const results = {};
  for (const format of FORMATS) {
    results[format] = await benchBroadsheet(format, n);
    floor(format, n, results[format].dir);
  }
  for (const format of MARKDOWN.filter((each) => HAS_HUGO && results[each])) {
    const hugoDir = hugoProject(format, n);
    const turns = alternate(format, n, results[format].dir, hugoDir);
    const ratio = median(turns.ratios);
    const { cold, carded, edited, same, retemplated, searched } = results[format];
    summary.push(`N=${n} ${format}: cold build broadsheet/hugo = ${ratio.toFixed(2)} (median of ${PAIRS} pairs: ${turns.ratios.map((r) => r.toFixed(2)).join(', ')}); with search ${(searched.seconds / turns.hugo).toFixed(2)}`);
    summary.push(`N=${n} ${format}: one article edited = ${((edited.seconds / turns.hugo) * 100).toFixed(1)}% of Hugo's full build; no change = ${((same.seconds / turns.hugo) * 100).toFixed(1)}%; one template = ${((retemplated.seconds / turns.hugo) * 100).toFixed(0)}%`);
    const cards = carded.seconds - cold.seconds;
    summary.push(`N=${n} ${format}: social cards add ${cards.toFixed(1)} s to a cold build (${((cards / n) * 1000).toFixed(1)} ms a story): ${(carded.seconds / turns.hugo).toFixed(2)}× Hugo with them`);
    summary.push(`N=${n} ${format}: peak memory with search: Broadsheet ${searched.rssMiB?.toFixed(0) ?? 'n/a'} MiB, Pagefind ${searched.pagefindMiB.toFixed(0)} MiB`);
    rmSync(hugoDir, { recursive: true, force: true });
  }
  if (results.md && results.txt) {
    summary.push(`N=${n}: wire text is ${(results.md.cold.seconds / results.txt.cold.seconds).toFixed(2)}× faster than Markdown, cold`);
  }
  for (const format of FORMATS) rmSync(results[format].dir, { recursive: true, force: true });
}
if (IMAGES) await benchImages(PHOTOS);
if (LIVE) await benchLive(LIVE_ARTICLES, LIVE_UPDATES);
console.log('');
for (const line of summary) console.log(line);
