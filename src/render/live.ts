import type { Article, ArticleMeta, LiveCoverage, LiveUpdate } from '../types.js';
import { displayTime, isoInZone } from '../dates.js';
import { absoluteUrl } from '../urls.js';

// A live story's pages, as pure arithmetic over its updates. The story's page shows the latest
// updates and, below them, a line for every earlier one; earlier updates are also on pages of
// their own, counted from the first update, so a page's URL and its updates never change as
// coverage goes on (only the newest of them fills up). An update's permalink is the story's URL
// with its anchor: that page always holds the update, or its line linking to where it is.

/** One update on a page: `href` is where it is shown in full, `permalink` its lasting address. */
export interface UpdateView extends LiveUpdate {
  href: string;
  permalink: string;
}

export interface LivePage {
  /** 0: the story's own page; 1 and on: the pages of earlier updates, the first update's first. */
  number: number;
  url: string;
  /** This page's updates in full, newest first. */
  updates: UpdateView[];
}

export interface LiveView extends Omit<LiveCoverage, 'updates'> {
  /** The time of the latest update; null before the first. */
  latest: Date | null;
  count: number;
  /** Key events: every pinned update, newest first. */
  keyEvents: UpdateView[];
  page: LivePage;
  /** On the story's page, the updates not shown in full, newest first; elsewhere empty. */
  earlier: UpdateView[];
  /** The pages of earlier updates, first to last. */
  pages: { number: number; url: string }[];
  /** Site paths of the page with later updates, and of the one with earlier ones. */
  later: string | null;
  before: string | null;
  /** Whether the coverage runs over more than one day, so that each update shows its date. */
  days: boolean;
  /** Site path of the story's JSON Feed, which the live page asks for news; null without feeds. */
  feed: string | null;
}

/** Site path of the page of earlier updates numbered `number`. */
export function livePageUrl(story: ArticleMeta, number: number): string {
  return number === 0 ? story.url : `${story.url}updates/${number}/`;
}

/** The update's lasting address on the site: the story's URL with its anchor. */
export function updatePermalink(story: ArticleMeta, update: LiveUpdate): string {
  return `${story.url}#${update.anchor}`;
}

/** The number of pages of earlier updates a story has. */
export function earlierPageCount(live: LiveCoverage, perPage: number): number {
  return Math.ceil(Math.max(0, live.updates.length - perPage) / perPage);
}

/** Which page holds each update in full, by anchor. */
function pagesOf(live: LiveCoverage, perPage: number): Map<string, number> {
  const pages = new Map<string, number>();
  const { updates } = live;
  updates.forEach((update, index) => {
    // Counted from the first update: the oldest `perPage` are page 1, whatever comes later.
    pages.set(update.anchor, index < perPage ? 0 : Math.floor((updates.length - 1 - index) / perPage) + 1);
  });
  return pages;
}

/** What the page numbered `number` of a live story shows. */
export function liveView(story: ArticleMeta, perPage: number, number: number, feeds: boolean, timeZone: string): LiveView {
  const live = story.live!;
  const pages = pagesOf(live, perPage);
  const count = earlierPageCount(live, perPage);
  const view = (update: LiveUpdate): UpdateView => {
    const page = pages.get(update.anchor)!;
    return { ...update, href: `${page === number ? '' : livePageUrl(story, page)}#${update.anchor}`, permalink: updatePermalink(story, update) };
  };
  const all = live.updates.map(view);
  const onPage = all.filter((update) => pages.get(update.anchor) === number);
  return {
    start: live.start,
    end: live.end,
    state: live.state,
    latest: live.updates[0]?.time ?? null,
    count: live.updates.length,
    keyEvents: all.filter((update) => update.pinned),
    page: { number, url: livePageUrl(story, number), updates: onPage },
    earlier: number === 0 ? all.filter((update) => pages.get(update.anchor) !== 0) : [],
    pages: Array.from({ length: count }, (_, i) => ({ number: i + 1, url: livePageUrl(story, i + 1) })),
    later: number === 0 ? null : livePageUrl(story, number === count ? 0 : number + 1),
    before: number === 0 ? (count > 0 ? livePageUrl(story, count) : null) : number > 1 ? livePageUrl(story, number - 1) : null,
    days: new Set(live.updates.map((update) => isoInZone(update.time, timeZone).slice(0, 10))).size > 1,
    feed: feeds ? `${story.url}feed.json` : null,
  };
}

/**
 * An update as a story of its own, for feeds and JSON-LD: its anchor in the story's id and URL,
 * the story's headline and its time when it has no headline, the story's authors when it names none.
 */
export function updateAsArticle(story: ArticleMeta, update: LiveUpdate, timeZone: string): Article {
  return {
    ...story,
    sourcePath: update.sourcePath,
    headline: update.headline ?? `${story.headline}: ${displayTime(update.time, timeZone)}`,
    dek: null,
    summary: update.text,
    authors: update.authors.length > 0 ? update.authors : story.authors,
    published: update.time,
    updated: null,
    url: updatePermalink(story, update),
    id: `${story.id}#${update.anchor}`,
    image: null,
    corrections: [],
    attribution: update.attribution,
    tags: [],
    aliases: [],
    bodyHtml: update.html,
    live: null,
  };
}

/** An absolute URL for a site path that may carry an anchor, which `absoluteUrl` would encode. */
export function absoluteWithAnchor(sitePath: string, baseUrl: string | null): string {
  const [path, anchor] = sitePath.split('#', 2) as [string, string | undefined];
  return absoluteUrl(path, baseUrl) + (anchor === undefined ? '' : `#${anchor}`);
}
