import type { ArticleMeta, BuildOptions } from './types.js';

// Stories as they stand at the build's clock, which no file says: agency copy breaking or no
// longer, a live story's updates out or still to come, its coverage live or ended; and when each
// of these next changes, for the build that must notice.

export const DAY_MS = 24 * 60 * 60 * 1000;

/** Agency copy sent as breaking news (urgency 1, flash, or 2, bulletin) is marked so while it is under a day old. */
export function withBreakingNews(articles: ArticleMeta[], now: Date): ArticleMeta[] {
  return articles.map((article) => {
    const until = breakingUntil(article);
    const breaking = until !== null && now.getTime() >= article.published!.getTime() && now.getTime() < until;
    return breaking === article.breaking ? article : { ...article, breaking };
  });
}

/** When an article stops being breaking news, for the build that must notice; null when it never is. */
export function breakingUntil(article: ArticleMeta): number | null {
  return article.urgency !== null && article.urgency <= 2 && article.published ? article.published.getTime() + DAY_MS : null;
}

/**
 * Live stories as they stand at the build's clock: their updates that are published (drafts and
 * updates timed later held back, as stories are), live or ended, updated when the latest was.
 */
export function withLiveCoverage(articles: ArticleMeta[], options: Pick<BuildOptions, 'now' | 'drafts' | 'future'>): ArticleMeta[] {
  return articles.map((article) => {
    const { live } = article;
    if (!live) return article;
    const updates = live.updates.filter((update) => (options.drafts || !update.draft) && (options.future || update.time <= options.now));
    const state = live.end !== null && live.end <= options.now ? 'ended' : 'live';
    const latest = updates.reduce<Date | null>((newest, update) => (!newest || update.time > newest ? update.time : newest), null);
    const updated = latest && article.published && latest > article.published && (!article.updated || latest > article.updated) ? latest : article.updated;
    return { ...article, updated, live: { ...live, updates, state } };
  });
}

/** When a live story changes with no edit: an update's time comes, or the coverage ends. */
export function liveChanges(article: ArticleMeta, now: Date): number[] {
  if (!article.live) return [];
  return [...article.live.updates.map((update) => update.time.getTime()), article.live.end?.getTime() ?? Infinity].filter((time) => time > now.getTime());
}
