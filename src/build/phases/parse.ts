import { reviveMeta } from '../cache.js';
import { WriteAborted } from '../../write.js';
import { linkedSources } from '../../dependencies.js';
import type { ParseOutcome, ParseSetup } from '../workers/tasks.js';
import { key, type BuildState } from '../state.js';
import { assetLookup, parseKey } from './take-stock.js';

/** Parses what changed, in workers when there is enough of it; bodies go to the pack. */
export async function parse(state: BuildState): Promise<void> {
  const { input, io, manifest, pack, refOf, toParse } = state;
  const lookup = assetLookup(state);
  const setup: ParseSetup = { config: input.config, assets: [...lookup.assets], imageSizes: [...input.imageSizes] };
  let parsed = 0;
  await state.pool.parse(toParse, setup, (outcome: ParseOutcome) => {
    if (io.aborted()) throw new WriteAborted();
    const ref = refOf.get(outcome.sourcePath)!;
    // One copy of each article in memory: kept revived, written back into the manifest at the end.
    state.parsedMeta.set(outcome.sourcePath, outcome.stories.map((story) => reviveMeta(story.meta)));
    manifest.articles[outcome.sourcePath] = {
      size: ref.size,
      mtimeMs: ref.mtimeMs,
      ino: ref.ino,
      contentHash: outcome.contentHash,
      parseKey: parseKey(state, outcome.contentHash),
      stories: outcome.stories.map((story) => ({
        meta: null,
        metaKey: key(story.meta),
        body: pack.append(story.bodyHtml),
        text: pack.append(story.bodyText),
        // A live story links wherever its updates do, too.
        links: linkedSources([story.bodyHtml, ...(story.meta.live?.updates ?? []).map((update) => update.html)].join('\n')),
      })),
      messages: outcome.messages,
      assets: outcome.assets,
      linkPlaces: outcome.linkPlaces,
    };
    io.progress?.('parse', ++parsed, toParse.length);
  });
}
