import { parsingSettings } from '../../content/settings.js';
import { assetState } from '../../dependencies.js';
import type { SourceRef } from '../../project/scan.js';
import { MAX_ARTICLE_BYTES } from '../../content/read.js';
import { sourceOf } from '../../project/sources.js';
import { CacheDamaged, hashOf, type ArticleEntry, type StoryEntry } from '../cache.js';
import { key, type BuildState } from '../state.js';

/** The parse cache's key covers what parsing reads: the file, Broadsheet's version and the settings parsing uses. */
export function parseKey(state: BuildState, contentHash: string): string {
  state.parseSettings ??= key(state.input.version, parsingSettings(state.input.config));
  return key(contentHash, state.parseSettings);
}

/**
 * Which articles are as the last build left them, and which must be parsed. An unchanged
 * article's entry moves over to the new manifest as it is, body and all.
 */
export function takeStock(state: BuildState): void {
  const { input, previous, manifest, pack } = state;
  const lookup = assetLookup(state);
  const toParse: SourceRef[] = [];
  for (const ref of input.tree.articles) {
    let entry = previous?.articles[ref.sourcePath];
    const sameFile =
      entry !== undefined &&
      entry.size === ref.size &&
      entry.mtimeMs === ref.mtimeMs &&
      entry.ino === ref.ino &&
      // A file written in the same instant as the last build's scan may have changed unseen.
      ref.mtimeMs < (previous?.writtenAt ?? 0) - 1000;
    // A fresh clone, a checkout or a restored CI cache gives every file a new date and inode but
    // not new bytes: the hash the entry was made from says whether it still stands.
    const sameBytes = !sameFile && entry !== undefined && entry.size === ref.size && ref.size <= MAX_ARTICLE_BYTES && hashOf(sourceOf(ref).bytes()) === entry.contentHash;
    const unchanged =
      entry !== undefined &&
      (sameFile || sameBytes) &&
      entry.parseKey === parseKey(state, entry.contentHash) &&
      Object.entries(entry.assets).every(([asset, was]) => assetState(lookup, asset) === was);
    if (unchanged && entry) {
      if (!wholeEntry(entry, pack.size)) throw new CacheDamaged(`the cache entry of ${ref.sourcePath} is malformed or points past the end of the body pack`);
      if (sameBytes) entry = { ...entry, mtimeMs: ref.mtimeMs, ino: ref.ino };
      manifest.articles[ref.sourcePath] = entry;
      for (const story of entry.stories) pack.live += story.body[1] + story.text[1];
      state.cacheChecks.reused++;
    } else toParse.push(ref);
  }
  state.cacheChecks.discarded = Object.keys(previous?.articles ?? {}).length - state.cacheChecks.reused;
  state.toParse = toParse;
}

/** An entry as a build writes one: a reused entry of another shape would fail far from here. */
function wholeEntry(entry: ArticleEntry, packSize: number): boolean {
  const fits = (ref: unknown) =>
    Array.isArray(ref) && ref.length === 3 && Number.isSafeInteger(ref[0]) && Number.isSafeInteger(ref[1]) && ref[0] >= 0 && ref[1] >= 0 && ref[0] + ref[1] <= packSize && typeof ref[2] === 'string';
  const wholeStory = (story: StoryEntry) =>
    typeof story === 'object' && story !== null && fits(story.body) && fits(story.text) && Array.isArray(story.links) && typeof story.meta === 'object' && story.meta !== null && typeof story.metaKey === 'string';
  return Array.isArray(entry.stories) && entry.stories.every(wholeStory) && Array.isArray(entry.messages) && typeof entry.assets === 'object' && entry.assets !== null;
}

/**
 * The files parsing may find a reference to: the content folder's, and the theme's, which are
 * copied beside them (a story may show `/favicon.svg`, and a link to it is no broken link).
 */
export function assetLookup(state: BuildState) {
  const { tree, theme } = state.input;
  return { assets: new Set([...theme.assets, ...tree.assets].map((asset) => asset.sourcePath)), sizes: state.input.imageSizes };
}
