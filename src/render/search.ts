// Site search is one Pagefind index in parts. Pagefind holds the index it builds in memory, about
// 25 times the HTML of the bodies it indexes: one index of 10,000 news stories took 1.3 GiB, and
// one of 100,000 would take 13. Each part is built by a Pagefind process of its own, one after
// another, and the search page merges them (Pagefind's `mergeIndex`), so search finds every story.

/** Body HTML in each part of the index: a part's Pagefind process peaks near 0.5 GiB. */
export const SEARCH_PART_BYTES = 16 * 1024 * 1024;

export interface SearchPart {
  /** Site path of the part's folder; the first is Pagefind's own `/pagefind/`. */
  folder: string;
  /** The articles it holds, as a range of the site's articles in order. */
  start: number;
  end: number;
}

/** The parts of the index of articles whose bodies have these sizes, in the site's order. */
export function searchParts(bodySizes: number[]): SearchPart[] {
  const ranges: { start: number; end: number }[] = [];
  let start = 0;
  let bytes = 0;
  bodySizes.forEach((size, index) => {
    if (index > start && bytes + size > SEARCH_PART_BYTES) {
      ranges.push({ start, end: index });
      start = index;
      bytes = 0;
    }
    bytes += size;
  });
  ranges.push({ start, end: bodySizes.length });
  return ranges.map((range, index) => ({ ...range, folder: index === 0 ? '/pagefind/' : `/pagefind/part-${index + 1}/` }));
}
