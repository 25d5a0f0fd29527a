// @ts-check
// A deterministic news corpus for the benchmark: N Markdown articles with front matter of about
// 600 words (sections, tags, authors, links, quotes, lists), N wire-format .txt articles, or N
// long Markdown features (`long`: many tags, links between articles, raw HTML).
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

/** Writes N articles of a format into `dir`; returns the relative file names. */
export function writeCorpus(dir, count, format, seed = 42) {
  const names = [];
  for (let i = 0; i < count; i++) {
    const { name, text } = format === 'md' ? markdownArticle(i, seed) : format === 'long' ? longArticle(i, seed) : wireArticle(i, seed);
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
    console.error('usage: node bench/corpus.mjs DIR [COUNT] [md|txt|long]');
    process.exit(2);
  }
  writeCorpus(dir, Number(count), format);
}
