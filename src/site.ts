import type { ArticleMeta, BuildOptions, SiteConfig, UndatedDates } from './types.js';
import { DAY_MS } from './clock.js';
import { utcTime, zonedParts } from './dates.js';
import { createHash } from 'node:crypto';
import { absoluteUrl, articleUrl, slugify } from './urls.js';

// Articles → Site: what is published at the build's clock, in the order readers see it.

/** A year or month of articles: `/2026/`, `/2026/11/`. */
export interface Archive {
  name: string;
  url: string;
  articles: ArticleMeta[];
  months: Archive[];
}

/** A section, tag or author: a name, its page, and its articles newest first. */
export interface Taxonomy {
  name: string;
  slug: string;
  /** Site path of its first page: `/sections/world/`. */
  url: string;
  articles: ArticleMeta[];
}

export interface Site {
  config: SiteConfig;
  /** Published articles, newest first; undated ones after the dated, by headline. */
  articles: ArticleMeta[];
  sections: Taxonomy[];
  tags: Taxonomy[];
  authors: Taxonomy[];
  /** Date archives, newest year first; each year holds its months, newest first. */
  years: Archive[];
  now: Date;
  /** Whether drafts and embargoed articles were let in (the dev server badges them). */
  preview: boolean;
  /** Whether the site has a search index (and so a search page and box). */
  search: boolean;
  /** Whether the pages are for the dev server, which adds its live-reload script to each. */
  dev: boolean;
}

const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });

/** The order of files, and of the stories in one file. */
function byPath(a: ArticleMeta, b: ArticleMeta): number {
  return a.sourcePath < b.sourcePath ? -1 : a.sourcePath > b.sourcePath ? 1 : a.story - b.story;
}

/** Newest first, as a newspaper orders; undated after dated, in the order of their files. */
export function byNewest(a: ArticleMeta, b: ArticleMeta): number {
  const at = a.published?.getTime();
  const bt = b.published?.getTime();
  if (at !== bt) {
    if (at === undefined) return 1;
    if (bt === undefined) return -1;
    return bt - at;
  }
  return byPath(a, b);
}

/** The date the file itself gives: an inferred one may differ between two clones of the content. */
function ownDate(article: ArticleMeta): number | null {
  return article.dateInferred === null && article.published ? article.published.getTime() : null;
}

/** Which of two files came first: the earlier own date (a dated file before an undated one), then the path. */
function byFiling(a: ArticleMeta, b: ArticleMeta): number {
  const at = ownDate(a);
  const bt = ownDate(b);
  if (at !== bt) {
    if (at === null) return 1;
    if (bt === null) return -1;
    return at - bt;
  }
  return byPath(a, b);
}

/** An embargo is an editor's: a date inferred from git or a file's time never holds a story back. */
export function isEmbargoed(article: ArticleMeta, now: Date): boolean {
  return article.published !== null && article.dateInferred === null && article.published.getTime() > now.getTime();
}

/** Undated stories with the dates the project found for them (first commit, file time). */
export function withUndatedDates(articles: ArticleMeta[], undated: UndatedDates | null | undefined): ArticleMeta[] {
  if (!undated) return articles;
  return articles.map((article) => {
    const time = article.published === null ? undated.dates.get(article.sourcePath) : undefined;
    return time === undefined ? article : { ...article, published: new Date(time), dateInferred: undated.from };
  });
}

/** A story filed twice: the copy left out, and the file published in its place. */
export interface Duplicate {
  kept: ArticleMeta;
  copy: ArticleMeta;
}

/** One story a fingerprint: of files with the same text, the first filed is published. */
export function mergeDuplicates(articles: ArticleMeta[]): { stories: ArticleMeta[]; duplicates: Duplicate[] } {
  const first = new Map<string, ArticleMeta>();
  const duplicates: Duplicate[] = [];
  for (const article of [...articles].sort(byFiling)) {
    const kept = first.get(article.fingerprint);
    if (kept) duplicates.push({ kept, copy: article });
    else first.set(article.fingerprint, article);
  }
  if (duplicates.length === 0) return { stories: articles, duplicates };
  const copies = new Set(duplicates.map((duplicate) => duplicate.copy));
  return { stories: articles.filter((article) => !copies.has(article)), duplicates };
}

/** A story moved off a URL another holds: the URL it would have had, and the story that has it. */
export interface Moved {
  article: ArticleMeta;
  from: string;
  holder: ArticleMeta;
}

/**
 * Different stories whose headlines make one URL each get one: the first filed keeps it, the
 * others take a suffix made from their file's path, which no other file changes. A slug the file
 * pins is never moved; two pinned on one URL are left for `findCollisions` to refuse.
 */
export function separateUrls(articles: ArticleMeta[], config: SiteConfig): { stories: ArticleMeta[]; moved: Moved[] } {
  const byUrl = new Map<string, ArticleMeta[]>();
  for (const article of articles) {
    const group = byUrl.get(article.url);
    if (group) group.push(article);
    else byUrl.set(article.url, [article]);
  }
  const moved: Moved[] = [];
  const movedTo = new Map<ArticleMeta, ArticleMeta>();
  for (const [url, group] of byUrl) {
    if (group.length < 2) continue;
    const [holder, ...others] = group.sort((a, b) => Number(b.slugPinned) - Number(a.slugPinned) || byFiling(a, b));
    for (const article of others) {
      if (article.slugPinned) continue;
      // An id made from the URL moves with it; one the file gives, or an old URL's, stays.
      const idFromUrl = article.aliases.length === 0 && article.id === absoluteUrl(article.url, config.baseUrl);
      let length = 6;
      let next: ArticleMeta;
      do {
        const slug = `${article.slug}-${hashOf(suffixSeed(article)).slice(0, length)}`;
        const nextUrl = articleUrl(article.sourcePath, ownDate(article) === null ? null : article.published, article.section, slug, config);
        next = { ...article, slug, url: nextUrl, id: idFromUrl ? absoluteUrl(nextUrl, config.baseUrl) : article.id };
        length += 4;
      } while (byUrl.has(next.url) && length <= 40);
      movedTo.set(article, next);
      moved.push({ article: next, from: url, holder: holder! });
    }
  }
  if (moved.length === 0) return { stories: articles, moved };
  return { stories: articles.map((article) => movedTo.get(article) ?? article), moved };
}

/** What a URL suffix is made from: a file's path (and story), or an agency item's id, which its versions share. */
function suffixSeed(article: ArticleMeta): string {
  if (article.version !== null) return article.id;
  return article.story === 0 ? article.sourcePath : `${article.sourcePath}#${article.story}`;
}

function hashOf(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

/** The versions of an agency item that are not published, and the story published in their place. */
export interface Superseded {
  story: ArticleMeta;
  others: ArticleMeta[];
}

/**
 * An agency item sent in several versions (a lead, then a writethru) is one story: the words of
 * the highest version whose embargo has passed, at the first version's URL and date, updated when
 * that version was. Readers and links that found the first version find the story where it was;
 * a newer version still under embargo waits, and its words with it.
 */
export function mergeVersions(articles: ArticleMeta[], options: Pick<BuildOptions, 'now' | 'future'>): { stories: ArticleMeta[]; superseded: Superseded[] } {
  const items = new Map<string, ArticleMeta[]>();
  for (const article of articles) {
    if (article.version === null) continue;
    const versions = items.get(article.id);
    if (versions) versions.push(article);
    else items.set(article.id, [article]);
  }
  const published = new Map<ArticleMeta, ArticleMeta>();
  const superseded: Superseded[] = [];
  for (const versions of [...items.values()].flatMap(storiesOfReusedId)) {
    if (versions.length < 2) continue;
    // Versions without numbers (or with the same one) follow their times: the one sent last is the latest.
    versions.sort((a, b) => a.version! - b.version! || sentAt(a) - sentAt(b) || byFiling(a, b));
    const first = versions[0]!;
    const released = options.future ? versions : versions.filter((version) => version.embargo === null || version.embargo <= options.now);
    // With every version under embargo, the first's date (its embargo) holds the story back.
    const latest = released[released.length - 1] ?? versions[versions.length - 1]!;
    const updated = latest.updated ?? (latest === first ? null : latest.published);
    const story: ArticleMeta = { ...latest, url: first.url, slug: first.slug, published: first.published, dateInferred: first.dateInferred, updated: updated && first.published && updated > first.published ? updated : null };
    published.set(latest, story);
    superseded.push({ story, others: versions.filter((version) => version !== latest) });
  }
  if (superseded.length === 0) return { stories: articles, superseded };
  const unshown = new Set(superseded.flatMap(({ others }) => others));
  return { stories: articles.flatMap((article) => (unshown.has(article) ? [] : [published.get(article) ?? article])), superseded };
}

/** When a version was sent: its own update time, else its publication. */
function sentAt(article: ArticleMeta): number {
  return (article.updated ?? article.published)?.getTime() ?? 0;
}

/**
 * The stories under one id: all its versions, or, for an id that names a new story again and
 * again (an ANPA keyword), each run of versions sent within `itemDays` of the one before.
 */
function storiesOfReusedId(versions: ArticleMeta[]): ArticleMeta[][] {
  const days = versions[0]!.itemDays;
  if (days === null || versions.length < 2) return [versions];
  const byTime = [...versions].sort((a, b) => sentAt(a) - sentAt(b) || byFiling(a, b));
  const runs: ArticleMeta[][] = [[byTime[0]!]];
  for (const version of byTime.slice(1)) {
    const run = runs[runs.length - 1]!;
    if (sentAt(version) - sentAt(run[run.length - 1]!) > days * DAY_MS) runs.push([version]);
    else run.push(version);
  }
  return runs;
}

/** A story that is live leads lists (when the config lets it); among themselves, the latest update first. */
function leadingLive(config: SiteConfig): (a: ArticleMeta, b: ArticleMeta) => number {
  const leads = (article: ArticleMeta) => config.live.lead && article.live?.state === 'live';
  const latest = (article: ArticleMeta) => (article.updated ?? article.published)?.getTime() ?? 0;
  return (a, b) => {
    const [x, y] = [leads(a), leads(b)];
    if (x !== y) return x ? -1 : 1;
    return x ? latest(b) - latest(a) || byNewest(a, b) : byNewest(a, b);
  };
}

/** An agency withheld or cancelled the story: no build publishes it, whatever its options. */
export function isWithdrawn(article: ArticleMeta): boolean {
  return article.status !== 'usable';
}

export function isPublished(article: ArticleMeta, options: BuildOptions): boolean {
  if (isWithdrawn(article)) return false;
  if (article.draft && !options.drafts) return false;
  if (isEmbargoed(article, options.now) && !options.future) return false;
  return true;
}

export function collectSite(articles: ArticleMeta[], config: SiteConfig, options: BuildOptions): Site {
  const published = articles.filter((article) => isPublished(article, options)).sort(leadingLive(config));
  return {
    config,
    articles: published,
    sections: group(published, '/sections/', (article) => (article.section ? [article.section] : [])),
    tags: group(published, '/tags/', (article) => article.tags),
    authors: group(published, '/authors/', (article) => article.authors.map((author) => author.name)),
    years: archives(published, config.timeZone),
    now: options.now,
    preview: options.drafts || options.future,
    search: options.search,
    dev: options.dev === true,
  };
}

/**
 * Groups articles by name. Names that make the same slug (`Budget`, `budget`) are one group,
 * named as the newest article spells it. Groups are sorted by name.
 */
function group(articles: ArticleMeta[], prefix: string, namesOf: (article: ArticleMeta) => string[]): Taxonomy[] {
  const groups = new Map<string, Taxonomy>();
  for (const article of articles) {
    for (const name of namesOf(article)) {
      const slug = slugify(name);
      let taxonomy = groups.get(slug);
      if (!taxonomy) {
        taxonomy = { name, slug, url: `${prefix}${slug}/`, articles: [] };
        groups.set(slug, taxonomy);
      }
      if (!taxonomy.articles.includes(article)) taxonomy.articles.push(article);
    }
  }
  return [...groups.values()].sort((a, b) => collator.compare(a.name, b.name) || (a.slug < b.slug ? -1 : 1));
}

const monthNames = new Intl.DateTimeFormat('en-US', { month: 'long', timeZone: 'UTC' });

/** Years and months in the site's time zone; articles keep their newest-first order. */
function archives(articles: ArticleMeta[], timeZone: string): Archive[] {
  const years = new Map<number, Archive>();
  const months = new Map<string, Archive>();
  for (const article of articles) {
    if (!article.published) continue;
    const { year, month } = zonedParts(article.published, timeZone);
    // Four digits, as the article URLs have them: the year 79 is `/0079/`.
    const yearName = String(year).padStart(4, '0');
    let yearArchive = years.get(year);
    if (!yearArchive) {
      yearArchive = { name: yearName, url: `/${yearName}/`, articles: [], months: [] };
      years.set(year, yearArchive);
    }
    yearArchive.articles.push(article);
    const key = `${yearName}/${String(month).padStart(2, '0')}`;
    let monthArchive = months.get(key);
    if (!monthArchive) {
      const name = `${monthNames.format(new Date(utcTime(year, month, 1)))} ${yearName}`;
      monthArchive = { name, url: `/${key}/`, articles: [], months: [] };
      months.set(key, monthArchive);
      yearArchive.months.push(monthArchive);
    }
    monthArchive.articles.push(article);
  }
  return [...years.values()].sort((a, b) => Number(b.name) - Number(a.name));
}

/** The site path of a section, tag or author page, for links from an article. */
export function taxonomyUrl(kind: 'sections' | 'tags' | 'authors', name: string): string {
  return `/${kind}/${slugify(name)}/`;
}

export interface UrlCollision {
  url: string;
  first: ArticleMeta;
  /** The article to change: the one that claims the URL as an alias, when one does. */
  second: ArticleMeta;
  /** Whether `second` claims the URL as an alias rather than as its page. */
  byAlias: boolean;
}

/** Two published articles (or an article and another's alias) on one URL. */
export function findCollisions(articles: ArticleMeta[]): UrlCollision[] {
  const owners = new Map<string, { article: ArticleMeta; byAlias: boolean }>();
  const collisions: UrlCollision[] = [];
  const ordered = [...articles].sort(byPath);
  for (const article of ordered) {
    for (const [index, url] of [article.url, ...article.aliases].entries()) {
      const byAlias = index > 0;
      const owner = owners.get(url);
      if (!owner) owners.set(url, { article, byAlias });
      else if (owner.article === article) continue;
      else if (owner.byAlias && !byAlias) collisions.push({ url, first: article, second: owner.article, byAlias: true });
      else collisions.push({ url, first: owner.article, second: article, byAlias });
    }
  }
  return collisions;
}

const indexes = new WeakMap<Taxonomy[], Map<string, Taxonomy>>();

export function findTaxonomy(taxonomies: Taxonomy[], slug: string): Taxonomy | undefined {
  let index = indexes.get(taxonomies);
  if (!index) {
    index = new Map(taxonomies.map((taxonomy) => [taxonomy.slug, taxonomy]));
    indexes.set(taxonomies, index);
  }
  return index.get(slug);
}

const RELATED_COUNT = 4;
const RELATED_CANDIDATES = 25;

/**
 * Where `relatedArticles` looks for `article`: its tags and its section. What the related box
 * shows is a function of the article and the heads of these lists (`relatedHead`).
 */
export function relatedSources(site: Site, article: ArticleMeta): Taxonomy[] {
  const sources: Taxonomy[] = [];
  for (const tag of article.tags) {
    const taxonomy = findTaxonomy(site.tags, slugify(tag));
    if (taxonomy) sources.push(taxonomy);
  }
  const section = article.section ? findTaxonomy(site.sections, slugify(article.section)) : undefined;
  if (section) sources.push(section);
  return sources;
}

/** The newest articles of a list that the related box may show. */
export function relatedHead(taxonomy: Taxonomy): ArticleMeta[] {
  return taxonomy.articles.slice(0, RELATED_CANDIDATES + 1);
}

/**
 * Up to four articles that share the most tags (and then the section) with `article`, newest
 * first among equals. Candidates are the newest few of each shared tag and section, so the cost
 * stays flat however large a section grows.
 */
export function relatedArticles(site: Site, article: ArticleMeta): ArticleMeta[] {
  const scores = new Map<ArticleMeta, number>();
  const consider = (taxonomies: Taxonomy[], name: string, weight: number) => {
    const slug = slugify(name);
    const taxonomy = findTaxonomy(taxonomies, slug);
    for (const other of taxonomy?.articles.slice(0, RELATED_CANDIDATES + 1) ?? []) {
      if (other !== article) scores.set(other, (scores.get(other) ?? 0) + weight);
    }
  };
  for (const tag of article.tags) consider(site.tags, tag, 2);
  if (article.section) consider(site.sections, article.section, 1);
  // The best few kept as they come, rather than a hundred candidates sorted for every page.
  const best: [ArticleMeta, number][] = [];
  for (const candidate of scores) {
    const [other, score] = candidate;
    let at = best.length;
    while (at > 0 && (score - best[at - 1]![1] || byNewest(best[at - 1]![0], other)) > 0) at--;
    if (at < RELATED_COUNT) {
      best.splice(at, 0, candidate);
      if (best.length > RELATED_COUNT) best.pop();
    }
  }
  return best.map(([other]) => other);
}
