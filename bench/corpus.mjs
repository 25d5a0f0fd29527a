// @ts-check
// A deterministic news corpus for the benchmark: N Markdown articles with front matter of about
// 600 words (sections, tags, authors, links, quotes, lists), N wire-format .txt articles, or N
// long Markdown features (`long`: many tags, links between articles, raw HTML), or N news
// articles each led by a camera-sized photo (`images`: the articles here, the JPEGs from `photoJpeg`);
// and a live story of many updates (`liveStory`), added to the news corpus for the live row.
// The same seed gives the same bytes.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const SECTIONS = ['City', 'World', 'Business', 'Sport', 'Science', 'Culture', 'Opinion', 'Health'];
const PLACES = ['KOCHI', 'NEW DELHI', 'MUMBAI', 'LISBON', 'NAIROBI', 'SRINAGAR', 'LAGOS', 'JAKARTA', 'BOGOTÁ', 'OSLO'];
const AGENCIES = ['Reuters', 'PTI', 'AP', 'AFP', 'Bloomberg'];
const FIRST = ['Anjali', 'Rahul', 'Maya', 'Tom', 'Priya', 'Sam', 'Leila', 'Ali', 'Jane', 'Kofi', 'Ines', 'Wei', 'Omar', 'Sara', 'Dev', 'Noor'];
const LAST = ['Menon', 'Nair', 'Fernandes', 'Okafor', 'Raman', 'Poe', 'Haddad', 'Khan', 'Roe', 'Mensah', 'Silva', 'Zhang', 'Farouk', 'Lund', 'Iyer', 'Aziz'];
const WORDS = (
  'the council said on tuesday that its budget for next year would include more money for buses footpaths ' +
  'schools and clinics while opposition members argued that the plan relied on optimistic revenue forecasts ' +
  'officials expect the new line to carry thousands of passengers a day once it opens to the public in spring ' +
  'residents who spoke to reporters described long queues rising prices and a shortage of affordable housing ' +
  'the ministry did not respond to a request for comment but a spokesperson later issued a short statement ' +
  'analysts warned that growth could slow sharply if exports continue to fall and investors remain cautious ' +
  'police said the investigation was continuing and that more arrests were likely in the coming weeks ' +
  'scientists at the university published the findings in a peer reviewed journal after three years of work'
).split(' ');
const TOPICS = Array.from({ length: 60 }, (_, i) => `${['Budget', 'Transport', 'Climate', 'Elections', 'Markets', 'Health', 'Courts', 'Housing', 'Energy', 'Water', 'Schools', 'Trade'][i % 12]}${i >= 12 ? ` ${Math.floor(i / 12) + 1}` : ''}`);

/** mulberry32: small, fast, the same everywhere, and unrelated streams for neighbouring seeds. */
function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function generator(seed) {
  const next = random(seed);
  const pick = (list) => list[Math.floor(next() * list.length)];
  const sentence = (min, max) => {
    const length = min + Math.floor(next() * (max - min));
    const words = Array.from({ length }, () => pick(WORDS));
    words[0] = words[0][0].toUpperCase() + words[0].slice(1);
    return `${words.join(' ')}.`;
  };
  const paragraph = (sentences) => Array.from({ length: sentences }, () => sentence(12, 24)).join(' ');
  return { next, pick, sentence, paragraph };
}

function pad(value) {
  return String(value).padStart(2, '0');
}

/** Article i: its date (spread over two years before 2026-11-25), section, authors and tags. */
function facts(i, g) {
  const minutes = Math.floor(g.next() * 2 * 365 * 24 * 60);
  const date = new Date(Date.UTC(2026, 10, 25) - minutes * 60000);
  const authors = [`${g.pick(FIRST)} ${g.pick(LAST)}`];
  if (g.next() < 0.3) authors.push(`${g.pick(FIRST)} ${g.pick(LAST)}`);
  const tags = [...new Set([g.pick(TOPICS), g.pick(TOPICS), g.pick(TOPICS)])];
  return { date, section: SECTIONS[i % SECTIONS.length], authors, tags };
}

function isoDate(date) {
  return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
}

/** The front matter both Markdown corpora write. */
function frontMatterOf({ headline, dek, authors, date, section, tags }) {
  return [
    '---',
    `title: "${headline}"`,
    `dek: "${dek}"`,
    `author: [${authors.join(', ')}]`,
    `date: ${date.toISOString().replace('.000Z', 'Z')}`,
    `section: ${section}`,
    `tags: [${tags.join(', ')}]`,
    '---',
  ].join('\n');
}

export function markdownArticle(i, seed = 42) {
  const g = generator(seed * 100003 + i);
  const { date, section, authors, tags } = facts(i, g);
  const headline = g.sentence(6, 12).replace(/\.$/, '').replace(/"/g, '');
  const dek = g.sentence(14, 22);
  const other = Math.max(0, i - 1 - Math.floor(g.next() * 50));
  const body = [
    `${g.pick(PLACES)} (${g.pick(AGENCIES)}) — ${g.paragraph(3)}`,
    g.paragraph(4),
    `> "${g.sentence(14, 24)}" said one official, who asked not to be named.`,
    `${g.paragraph(3)} The [earlier report](https://example.org/news/${other}) has the background, and **${g.sentence(3, 6).replace(/\.$/, '')}** matters here.`,
    `## ${g.sentence(3, 6).replace(/\.$/, '')}`,
    g.paragraph(4),
    ['- ' + g.sentence(6, 10), '- ' + g.sentence(6, 10), '- ' + g.sentence(6, 10)].join('\n'),
    g.paragraph(4),
    `*${g.sentence(8, 14)}*`,
    g.paragraph(4),
    g.paragraph(3),
  ].join('\n\n');
  const frontMatter = frontMatterOf({ headline, dek, authors, date, section, tags });
  return { name: `${section.toLowerCase()}/${isoDate(date)}-article-${i}.md`, text: `${frontMatter}\n\n${body}\n`, section };
}

// The second corpus's shape: an archive's feature desk rather than a wire desk. Many tags (1,200),
// bodies three times as long, links between articles by their site paths, and raw HTML (a fact
// box and a table), as Markdown from another generator often has.
const MANY_TOPICS = Array.from({ length: 1200 }, (_, i) => `${TOPICS[i % TOPICS.length]} ${Math.floor(i / TOPICS.length) + 1}`);

export function longArticle(i, seed = 42) {
  const g = generator(seed * 100043 + i);
  const { date, section, authors } = facts(i, g);
  const tags = [...new Set(Array.from({ length: 6 }, () => g.pick(MANY_TOPICS)))];
  const headline = g.sentence(6, 12).replace(/\.$/, '').replace(/"/g, '');
  const dek = g.sentence(14, 22);
  const linked = (n) => `/${section.toLowerCase()}-archive/${Math.max(0, i - 1 - n)}/`;
  const paragraphs = Array.from({ length: 24 }, (_, p) =>
    p % 6 === 3 ? `${g.paragraph(3)} As [reported earlier](${linked(Math.floor(g.next() * 200))}), ${g.sentence(8, 14).toLowerCase()}` : g.paragraph(3),
  );
  paragraphs.splice(5, 0, `<aside class="factbox">\n<h3>${g.sentence(3, 6).replace(/\.$/, '')}</h3>\n<ul>\n<li>${g.sentence(6, 10)}</li>\n<li>${g.sentence(6, 10)}</li>\n</ul>\n</aside>`);
  paragraphs.splice(12, 0, `<table>\n<thead><tr><th>Year</th><th>Total</th></tr></thead>\n<tbody>\n${Array.from({ length: 5 }, (_, row) => `<tr><td>${2021 + row}</td><td>${Math.floor(g.next() * 1000)}</td></tr>`).join('\n')}\n</tbody>\n</table>`);
  const frontMatter = frontMatterOf({ headline, dek, authors, date, section, tags });
  return { name: `${section.toLowerCase()}/${isoDate(date)}-feature-${i}.md`, text: `${frontMatter}\n\n${paragraphs.join('\n\n')}\n`, section };
}

export function wireArticle(i, seed = 42) {
  const g = generator(seed * 100019 + i);
  const { date, authors } = facts(i, g);
  const headline = g.sentence(6, 12).replace(/\.$/, '');
  const lines = [
    headline,
    `By ${authors.join(' and ')}`,
    `${g.pick(PLACES)}, ${['Jan.', 'March', 'Nov.'][i % 3]} ${1 + (i % 28)} (${g.pick(AGENCIES)}) - ${g.paragraph(3)}`,
    ...Array.from({ length: 7 }, () => g.paragraph(3)),
    `Source: ${g.pick(AGENCIES)}`,
  ];
  return { name: `wire/${isoDate(date)}-wire-${i}.txt`, text: `${lines.join('\n')}\n` };
}

// ---------------------------------------------------------------------------------------------
// The images corpus: photos as a newsroom's photographers file them, 3.8 to 6 megapixels, JPEG of
// quality 88, with EXIF that names the camera and where it was (GPS), so that decoding megapixels
// and stripping metadata are both exercised.

/** Width × height, in turn: 3.8 to 6 megapixels, a third of them portrait. */
const PHOTO_SIZES = [
  [3000, 2000],
  [2400, 1600],
  [2000, 3000],
  [2700, 1800],
  [2560, 1920],
  [1800, 2700],
];

/** Degrees as EXIF writes them: degrees, minutes and hundredths of seconds, as rationals. */
function exifDegrees(value) {
  const degrees = Math.floor(value);
  const minutes = Math.floor((value - degrees) * 60);
  const hundredths = Math.round(((value - degrees) * 60 - minutes) * 6000);
  return `${degrees}/1 ${minutes}/1 ${hundredths}/100`;
}

/**
 * Photo i as JPEG bytes: a sky gradient with a sun, a skyline of buildings with lit and dark
 * windows, textured ground, and camera noise on all of it (smooth gradients alone compress to a
 * fifth of a camera photo's bytes, which would make decoding look cheaper than it is). `variant`
 * gives other pixels at the same size: the same photo, replaced.
 */
export async function photoJpeg(i, { seed = 42, variant = 0 } = {}) {
  // Loaded here rather than at the top: the article corpora need no native image library.
  const { default: sharp } = await import('sharp');
  const next = random(seed * 100057 + i + variant * 7919);
  const [width, height] = PHOTO_SIZES[i % PHOTO_SIZES.length];
  const horizon = Math.floor(height * (0.55 + 0.2 * next()));
  const skyTop = [40 + 60 * next(), 90 + 60 * next(), 170 + 60 * next()];
  const skyLow = [200 + 40 * next(), 170 + 60 * next(), 150 + 80 * next()];
  const ground = [90 + 40 * next(), 80 + 30 * next(), 60 + 30 * next()];
  const sun = { x: width * next(), y: horizon * (0.1 + 0.3 * next()), r: 40 + 60 * next() };
  // The skyline, column by column: each building's roof, tone and where its facade starts.
  const roof = new Int32Array(width);
  const tone = new Float32Array(width);
  const along = new Int32Array(width);
  for (let x = 0; x < width; ) {
    const wide = 60 + Math.floor(next() * 240);
    const top = horizon - Math.floor(next() * horizon * 0.6);
    const shade = 0.35 + 0.6 * next();
    for (let k = 0; k < wide && x < width; k++, x++) {
      roof[x] = top;
      tone[x] = shade;
      along[x] = k;
    }
  }
  const pixels = new Uint8ClampedArray(width * height * 3);
  // xorshift32 for the noise: a generator call per pixel would triple the time to make a photo.
  let state = (seed * 2654435761 + i * 40503 + variant * 9973) >>> 0 || 1;
  for (let y = 0; y < height; y++) {
    const v = Math.min(1, y / horizon);
    const skyR = skyTop[0] + (skyLow[0] - skyTop[0]) * v;
    const skyG = skyTop[1] + (skyLow[1] - skyTop[1]) * v;
    const skyB = skyTop[2] + (skyLow[2] - skyTop[2]) * v;
    const depth = y < horizon ? 0 : (y - horizon) / (height - horizon);
    const floor = Math.floor(y / 48);
    const sill = y % 48 < 26;
    for (let x = 0; x < width; x++) {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      let r;
      let g;
      let b;
      let grain = (state & 15) - 7.5;
      if (y < roof[x]) {
        const dx = x - sun.x;
        const dy = y - sun.y;
        const lit = dx * dx + dy * dy < sun.r * sun.r;
        r = lit ? 255 : skyR + 20 * (x / width);
        g = lit ? 250 : skyG;
        b = lit ? 225 : skyB;
      } else if (y < horizon) {
        const bay = along[x] % 36;
        const window = sill && bay > 8 && bay < 28;
        const lit = window && (Math.floor(along[x] / 36) * 7 + floor * 13 + roof[x]) % 5 < 2;
        const k = tone[x] * (window ? (lit ? 1.5 : 0.55) : 1);
        r = 170 * k;
        g = 155 * k;
        b = 135 * k;
      } else {
        // Gravel and grass: coarser grain, darker towards the camera.
        grain += ((state >>> 16) & 31) - 15.5;
        r = ground[0] * (1 - 0.4 * depth);
        g = ground[1] * (1 - 0.3 * depth);
        b = ground[2] * (1 - 0.4 * depth);
      }
      const at = (y * width + x) * 3;
      pixels[at] = r + grain + ((state >>> 4) & 3) - 1.5;
      pixels[at + 1] = g + grain + ((state >>> 6) & 3) - 1.5;
      pixels[at + 2] = b + grain + ((state >>> 8) & 3) - 1.5;
    }
  }
  const latitude = -60 + 120 * next();
  const longitude = -180 + 360 * next();
  const taken = `2026:${pad(1 + (i % 11))}:${pad(1 + (i % 28))} ${pad(6 + (i % 14))}:${pad(i % 60)}:${pad((i * 7) % 60)}`;
  return sharp(Buffer.from(pixels.buffer), { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 88 })
    .withExif({
      IFD0: { Make: 'Bench', Model: 'Bench Camera 1', Artist: `${FIRST[i % FIRST.length]} ${LAST[(i * 5) % LAST.length]}`, Copyright: 'Bench Times', DateTime: taken },
      IFD2: { DateTimeOriginal: taken, ExposureTime: '1/250', FNumber: '8/1' },
      IFD3: {
        GPSLatitudeRef: latitude < 0 ? 'S' : 'N',
        GPSLatitude: exifDegrees(Math.abs(latitude)),
        GPSLongitudeRef: longitude < 0 ? 'W' : 'E',
        GPSLongitude: exifDegrees(Math.abs(longitude)),
      },
    })
    .toBuffer();
}

/**
 * Article i of the images corpus: news article i led by photo i, which sits beside it in its
 * section's folder; every fifth article also shows, in its body, the photo that leads another
 * article of its section. Returns the article and the photos it needs.
 */
export function photoArticle(i, count, seed = 42) {
  const article = markdownArticle(i, seed);
  const folder = path.posix.dirname(article.name);
  const lead = [
    'image:',
    `  src: photo-${i}.jpg`,
    `  alt: "A street at the edge of the city, photo ${i}, with the sun over the rooftops"`,
    `  credit: ${FIRST[i % FIRST.length]} ${LAST[(i * 5) % LAST.length]}`,
  ].join('\n');
  // The first `\n---\n\n` closes the front matter (the opening one starts the file).
  let text = article.text.replace('\n---\n\n', `\n${lead}\n---\n\n`);
  // Another photo of the same section, so that `photo-M.jpg` is found beside the article.
  const other = i + SECTIONS.length < count ? i + SECTIONS.length : i - SECTIONS.length;
  const shows = i % 5 === 0 && other >= 0 ? other : null;
  if (shows !== null) {
    const body = text.indexOf('\n---\n\n') + 6;
    const afterFirst = text.indexOf('\n\n', body) + 2;
    text = `${text.slice(0, afterFirst)}![The same street seen from across the square, photo ${shows}](photo-${shows}.jpg)\n\n${text.slice(afterFirst)}`;
  }
  return { name: article.name, text, photo: `${folder}/photo-${i}.jpg`, shows: shows === null ? null : `${folder}/photo-${shows}.jpg` };
}

// ---------------------------------------------------------------------------------------------
// A live story: a folder `world/<date>-<slug>-live/` with an index.md (headline, dek, author,
// section, tags, `live: {start}`) and one Markdown file per update, 2 to 8 minutes apart from the
// start, named by their time in the site's zone (Asia/Kolkata, +05:30 all year): `0614-….md` on
// the day the coverage starts, `2026-11-26T0105-….md` after midnight. Three in four updates have
// front matter (a title and one of four reporters; five of 300 pinned), the rest a body alone.

/** The live story's site time zone and its offset from UTC, in minutes (no daylight saving). */
export const LIVE_TIME_ZONE = 'Asia/Kolkata';
const LIVE_OFFSET = 330;
const LIVE_START = '2026-11-25T06:00:00+05:30';
const LIVE_REPORTERS = ['Anjali Menon', 'Ravi Kumar', 'Leila Haddad', 'Kofi Mensah'];

/** `2026-11-25` and `0614` for a time, in the live story's zone. */
function liveLocal(date) {
  const local = new Date(date.getTime() + LIVE_OFFSET * 60000).toISOString();
  return { day: local.slice(0, 10), hhmm: local.slice(11, 13) + local.slice(14, 16) };
}

function liveUpdateFile(i, time, startDay, seed) {
  const g = generator(seed * 100069 + i);
  const { day, hhmm } = liveLocal(time);
  const slug = [g.pick(WORDS), g.pick(WORDS)].join('-');
  const name = `${day === startDay ? hhmm : `${day}T${hhmm}`}-${slug}.md`;
  const paragraphs = Array.from({ length: 1 + Math.floor(g.next() * 3) }, () => g.paragraph(2 + Math.floor(g.next() * 2)));
  if (g.next() < 0.2) paragraphs.push(`> "${g.sentence(10, 18)}" said ${g.pick(FIRST)} ${g.pick(LAST)}.`);
  if (g.next() < 0.1) paragraphs.push(['- ' + g.sentence(5, 9), '- ' + g.sentence(5, 9)].join('\n'));
  const body = `${paragraphs.join('\n\n')}\n`;
  if (i % 4 === 3) return { name, text: body };
  const front = [`title: "${g.sentence(4, 9).replace(/\.$/, '').replace(/"/g, '')}"`, `author: ${g.pick(LIVE_REPORTERS)}`, ...(i % 30 === 7 ? ['pinned: true'] : [])];
  return { name, text: `---\n${front.join('\n')}\n---\n\n${body}` };
}

/**
 * A live story of `updates` updates. Returns its folder (relative to content/), its files, the
 * time of its last update and a clock an hour and a half after it, still within the coverage (it
 * has no end), and `extra(k)`: the k-th update filed after the last (k ≥ 1, every 4 minutes,
 * before the clock for k ≤ 22).
 */
export function liveStory(updates = 300, seed = 42) {
  const g = generator(seed * 100063);
  const start = new Date(LIVE_START);
  const startDay = liveLocal(start).day;
  const headline = `Live: ${g.sentence(5, 9).replace(/\.$/, '').replace(/"/g, '')}`;
  const folder = `world/${startDay}-storm-live`;
  const index = [
    '---',
    `title: "${headline}"`,
    `dek: "${g.sentence(14, 22)}"`,
    `author: ${LIVE_REPORTERS[0]}`,
    'section: World',
    `tags: [${g.pick(TOPICS)}, ${g.pick(TOPICS)}]`,
    'live:',
    `  start: ${LIVE_START}`,
    '---',
    '',
    ['- ' + g.sentence(8, 14), '- ' + g.sentence(8, 14), '- ' + g.sentence(8, 14)].join('\n'),
    '',
  ].join('\n');
  const files = [{ name: `${folder}/index.md`, text: index }];
  let time = start;
  for (let i = 0; i < updates; i++) {
    time = new Date(time.getTime() + (2 + Math.floor(g.next() * 7)) * 60000);
    const update = liveUpdateFile(i, time, startDay, seed);
    files.push({ name: `${folder}/${update.name}`, text: update.text });
  }
  const last = time;
  const clock = new Date(last.getTime() + 90 * 60000);
  const extra = (k) => {
    const at = new Date(last.getTime() + k * 4 * 60000);
    if (at >= clock) throw new Error(`update ${k} after the last would be timed after the clock`);
    const update = liveUpdateFile(updates + k - 1, at, startDay, seed);
    return { name: `${folder}/${update.name}`, text: update.text, time: at };
  };
  return { folder, headline, start, files, last, clock, extra };
}

/** Writes N articles of a format into `dir` (for `images`, not the photos: see `photoJpeg`); returns the relative file names. */
export function writeCorpus(dir, count, format, seed = 42) {
  const names = [];
  for (let i = 0; i < count; i++) {
    const { name, text } =
      format === 'md' ? markdownArticle(i, seed) : format === 'long' ? longArticle(i, seed) : format === 'images' ? photoArticle(i, count, seed) : wireArticle(i, seed);
    const file = path.join(dir, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
    names.push(name);
  }
  return names;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [dir, count = '1000', format = 'md'] = process.argv.slice(2);
  if (!dir) {
    console.error('usage: node bench/corpus.mjs DIR [COUNT] [md|txt|long|images]');
    process.exit(2);
  }
  const names = writeCorpus(dir, Number(count), format);
  if (format === 'images') {
    for (let i = 0; i < names.length; i++) writeFileSync(path.join(dir, path.dirname(names[i]), `photo-${i}.jpg`), await photoJpeg(i));
  }
}
