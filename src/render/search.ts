// Site search is one Pagefind index a few thousand articles: Pagefind holds the index it builds
// in memory (about 130 KiB an article), so one index of 10,000 articles took 1.3 GiB and one of
// 100,000 would take 13. Each part is built by its own Pagefind process, one after another, and
// the search page merges them (Pagefind's `mergeIndex`), so search finds every story.

/** Articles in each part of the index. */
export const SEARCH_PART_ARTICLES = 4000;

/** The folder of each part of the index, the first being Pagefind's own `pagefind/`. */
export function searchParts(articles: number): string[] {
  const parts = Math.max(1, Math.ceil(articles / SEARCH_PART_ARTICLES));
  return Array.from({ length: parts }, (_, index) => (index === 0 ? '/pagefind/' : `/pagefind/part-${index + 1}/`));
}
